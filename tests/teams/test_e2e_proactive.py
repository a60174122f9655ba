"""Installs save conversation references; the scheduler posts summaries and reminders through
them, once each, retrying when Teams throttles."""

from __future__ import annotations

from bot.config import Settings
from bot.jobs_cli import build_notifiers
from commands.jobs.runner import RunReport, run_due
from storage.teams_references import ReferenceStore
from tests.teams import activities as act
from tests.teams.conftest import Harness
from tests.teams.world import add_cpac, add_pep, at

SUMMARY_AT = at("2015-12-29 09:00")  # 7 days before CPAC on 5 Jan (28 Dec is a bank holiday)


def _install_everywhere(teams: Harness) -> None:
    """CPAC's channel gets the app (team install), and Jackie adds it for herself."""
    cpac = act.channel(channel_id=act.CPAC_CHANNEL_ID, name="cpac")
    welcome = teams.deliver(act.installed(teams.fake.url, where=cpac))
    assert welcome.conversation_id == act.CPAC_CHANNEL_ID
    assert "Mention me with a command" in welcome.text
    home = teams.deliver(act.installed(teams.fake.url))
    assert home.conversation_id == f"a:personal-{act.JACKIE.aad}"
    assert "Hello, Jackie Wilson" in home.text


def _run(teams: Harness, settings: Settings) -> RunReport:
    return run_due(teams.store, build_notifiers(settings, teams.store), now=SUMMARY_AT)


def test_install_saves_references(teams: Harness) -> None:
    _install_everywhere(teams)
    refs = ReferenceStore(teams.store)
    channel = refs.channel(act.TENANT, act.CPAC_CHANNEL_ID)
    assert channel is not None and channel.service_url == teams.fake.url
    assert channel.conversation_type == "channel" and channel.name == "cpac"
    personal = refs.personal(act.TENANT, act.JACKIE.aad)
    assert personal is not None
    assert personal.conversation_id == f"a:personal-{act.JACKIE.aad}"
    assert personal.user_id == act.JACKIE.id
    # Removing the app stops posts there.
    cpac = act.channel(channel_id=act.CPAC_CHANNEL_ID, name="cpac")
    assert teams.post(act.uninstalled(teams.fake.url, where=cpac)).status_code == 200
    assert refs.channel(act.TENANT, act.CPAC_CHANNEL_ID) is None


def test_first_message_saves_a_reference_too(teams: Harness) -> None:
    teams.say("whoami", user=act.FIONA)
    assert ReferenceStore(teams.store).personal(act.TENANT, act.FIONA.aad) is not None


def test_summaries_and_reminders_land_once_each(teams: Harness, settings: Settings) -> None:
    add_cpac(teams.store, pep_id=add_pep(teams.store))
    _install_everywhere(teams)
    teams.fake.clear()

    report = _run(teams, settings)
    posts = teams.fake.wait_for(report.sent)
    assert report.retry == 0 and report.sent == len(posts), report.summary()
    summaries = [p for p in posts if "Pre-meeting summary: CPAC 2016-01-05" in p.text]
    assert [p.conversation_id for p in summaries] == [act.CPAC_CHANNEL_ID]
    assert "Looked after children with an up-to-date PEP" in summaries[0].text
    personal = [p for p in posts if p.conversation_id == f"a:personal-{act.JACKIE.aad}"]
    assert personal, "Jackie's reminders go to her personal chat"
    assert {p.conversation_id for p in posts} <= {
        act.CPAC_CHANNEL_ID,
        f"a:personal-{act.JACKIE.aad}",
    }

    again = _run(teams, settings)
    assert again.sent == 0 and len(teams.fake.posted) == len(posts)


def test_throttled_post_is_retried_after_retry_after(teams: Harness, settings: Settings) -> None:
    add_cpac(teams.store)
    _install_everywhere(teams)
    teams.fake.clear()
    teams.fake.fail_next(429, times=2, Retry_After="0")

    report = _run(teams, settings)
    assert report.retry == 0, report.summary()
    assert [status for status, _ in teams.fake.refused] == [429, 429]
    summaries = [p for p in teams.fake.posted if "Pre-meeting summary" in p.text]
    assert len(summaries) == 1


def test_without_a_reference_the_post_waits(teams: Harness, settings: Settings) -> None:
    add_cpac(teams.store)  # nobody has installed the app anywhere yet
    report = _run(teams, settings)
    assert report.sent == 0 and report.retry >= 1
    assert any("install the app" in line for line in report.lines), report.summary()
    assert teams.fake.posted == []


def test_a_post_teams_refuses_for_good_is_not_retried(teams: Harness, settings: Settings) -> None:
    add_cpac(teams.store)
    _install_everywhere(teams)
    teams.fake.clear()
    teams.fake.fail_next(403, times=1)  # e.g. the bot was removed from the team, or blocked
    report = _run(teams, settings)
    failed = [line for line in report.lines if line.startswith("failed ")]
    assert len(failed) == 1, report.summary()
    assert failed[0].endswith("(not retried: the platform answered HTTP 403)")
    assert report.failed == 1 and report.retry == 0
    assert [status for status, _ in teams.fake.refused] == [403]
