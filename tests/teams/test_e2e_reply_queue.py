"""A progress update's answer that Teams did not take at the time (the Bot Connector down or
failing) is queued and posted in the message's thread by the scheduler once Teams answers."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.config import Settings
from bot.jobs_cli import build_notifiers
from commands.jobs.replies import UPDATE_REPLY
from commands.jobs.runner import RunReport, run_due
from storage.models import ScheduledPost, Update
from tests.teams import activities as act
from tests.teams.conftest import Harness

NIGHT = datetime(2015, 12, 2, 22, 45, tzinfo=UTC)


def _replies(teams: Harness) -> list[ScheduledPost]:
    with teams.store.session_factory() as session:
        return list(
            session.scalars(select(ScheduledPost).where(ScheduledPost.kind == UPDATE_REPLY))
        )


def _texts(teams: Harness) -> list[str]:
    with teams.store.session_factory() as session:
        return list(session.scalars(select(Update.text).order_by(Update.id)))


def _run(teams: Harness, settings: Settings) -> RunReport:
    return run_due(teams.store, build_notifiers(settings, teams.store), now=NIGHT)


def test_a_reply_teams_did_not_take_is_posted_in_its_thread_later(
    teams: Harness, settings: Settings
) -> None:
    teams.fake.fail_next(502)
    update = act.channel_message(teams.fake.url, "2.3: caseloads down to 18 #on-track")
    assert teams.post(update).status_code == 200
    assert teams.fake.posted == [] and [s for s, _ in teams.fake.refused] == [502]
    assert _texts(teams) == ["caseloads down to 18"]
    (queued,) = _replies(teams)
    assert (queued.platform, queued.channel_id) == ("teams", act.CHANNEL_ID)
    assert queued.message_ts == queued.thread_ts == update["id"]

    report = _run(teams, settings)
    (posted,) = teams.fake.wait_for(1)
    assert posted.conversation_id == f"{act.CHANNEL_ID};messageid={update['id']}"
    assert posted.activity.get("replyToId") == update["id"]
    assert "Logged on 2.3" in posted.text
    assert report.sent == 1 and _replies(teams)[0].state == "sent"
    assert _run(teams, settings).sent == 0 and len(teams.fake.posted) == 1


def test_an_answer_teams_refuses_for_good_is_not_queued(teams: Harness) -> None:
    teams.fake.fail_next(403)
    update = act.channel_message(teams.fake.url, "2.3: caseloads down to 18")
    assert teams.post(update).status_code == 200
    assert _replies(teams) == []
