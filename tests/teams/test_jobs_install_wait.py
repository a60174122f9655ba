"""A Teams post whose conversation is not installed yet waits, however many runs pass,
without using up attempts, and goes out once the app is installed there."""

from __future__ import annotations

from datetime import timedelta

from bot.config import Settings
from bot.jobs_cli import build_notifiers
from commands.jobs.config import JobConfig
from commands.jobs.runner import run_due
from tests.teams import activities as act
from tests.teams.conftest import Harness
from tests.teams.world import add_cpac, at

SUMMARY_AT = at("2015-12-29 09:00")  # 7 days before CPAC on 5 Jan


def test_a_summary_waits_for_the_app_to_be_installed(teams: Harness, settings: Settings) -> None:
    add_cpac(teams.store)  # nobody has installed the app anywhere yet
    config = JobConfig(max_attempts=3)
    for minute in range(0, 60, 6):  # ten runs, more than the attempts allowed
        report = run_due(
            teams.store,
            build_notifiers(settings, teams.store),
            now=SUMMARY_AT + timedelta(minutes=minute),
            config=config,
        )
        assert report.failed == 0 and report.sent == 0, report.summary()
    assert any(line.startswith("waiting summary:") for line in report.lines), report.summary()
    cpac = act.channel(channel_id=act.CPAC_CHANNEL_ID, name="cpac")
    teams.deliver(act.installed(teams.fake.url, where=cpac))
    teams.fake.clear()
    later = run_due(
        teams.store,
        build_notifiers(settings, teams.store),
        now=SUMMARY_AT + timedelta(minutes=65),
        config=config,
    )
    assert later.sent >= 1, later.summary()
    summaries = [p for p in teams.fake.posted if "Pre-meeting summary: CPAC" in p.text]
    assert [p.conversation_id for p in summaries] == [act.CPAC_CHANNEL_ID]
