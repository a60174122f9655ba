"""A committee's channel named from the console (``csbot say --workspace T…``) on a Slack
workspace is a Slack channel: its summaries go to Slack, never to the console's stdout."""

from __future__ import annotations

from alembic import command
from sqlalchemy import select

from commands.jobs.notifier import NotifierRegistry, RecordingNotifier
from commands.jobs.runner import run_due
from storage import migrate
from storage.database import make_engine
from storage.models import Committee, Workspace
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import make_chat
from tests.integration.test_meeting_world import at

SLACK = "T0CSBOT01"
NOW = at("2016-01-04 10:00")


def _platforms(store: Store) -> dict[str, str | None]:
    with store.session_factory() as session:
        return {c.name: c.channel_platform for c in session.scalars(select(Committee))}


def _sent(store: Store, now: str) -> dict[str, list[str | None]]:
    slack, console = RecordingNotifier(), RecordingNotifier()
    run_due(store, NotifierRegistry({"slack": slack, "console": console}), now=at(now))
    return {
        "slack": [s.target.channel_id for s in slack.sent],
        "console": [s.target.channel_id for s in console.sent],
    }


def test_channel_set_from_the_console_on_a_slack_workspace_is_a_slack_channel(
    store: Store,
) -> None:
    store.ensure_workspace(SLACK, platform="slack", name="QA Council")
    chat = make_chat(store, NOW, SLACK)
    chat.say("/meeting add QA Committee 2016-01-20 18:30")
    reply = chat.say("/meeting channel QA Committee #qa-committee")
    assert "now go to #qa-committee" in reply
    chat.say("/meeting add Other Board 2016-01-20 18:30 #other-board")
    assert _platforms(store) == {"QA Committee": "slack", "Other Board": "slack"}
    assert _sent(store, "2016-01-13 09:00") == {
        "slack": ["qa-committee", "other-board"],
        "console": [],
    }


def test_channel_set_on_the_local_workspace_stays_on_the_console(store: Store) -> None:
    chat = make_chat(store, NOW)
    chat.say("/meeting add QA Committee 2016-01-20 18:30 #qa-committee")
    assert _platforms(store) == {"QA Committee": "console"}


def test_migration_0003_corrects_console_channels_of_slack_workspaces(database: Database) -> None:
    store = Store.from_url(database.url, upgrade=False)
    store.ensure_workspace("local", name="Local")
    store.ensure_workspace(SLACK, platform="slack")
    make_chat(store, NOW, SLACK).say("/meeting add QA Committee 2016-01-20 18:30 #qa")
    make_chat(store, NOW).say("/meeting add Local Committee 2016-01-20 18:30 #local")
    with store.session_factory() as session, session.begin():
        for committee in session.scalars(select(Committee)):
            committee.channel_platform = "console"  # as stored before the fix
    engine = make_engine(database.url)
    command.downgrade(migrate.alembic_config(engine), "0002")
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.HEAD_REVISION
    engine.dispose()
    assert _platforms(store) == {"QA Committee": None, "Local Committee": "console"}
    with store.session_factory() as session:
        kinds = {w.key: w.platform for w in session.scalars(select(Workspace))}
    assert kinds[SLACK] == "slack"
    store.engine.dispose()
