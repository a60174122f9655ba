"""Progress updates in a channel linked to a plan: logged, acknowledged in the thread, and
superseded or retracted when the message is edited or deleted."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from bot.config import Settings
from bot.server import build_app
from commands.core import Core
from storage.models import Action, Update
from storage.unit_of_work import Store
from tests.teams import activities as act
from tests.teams.conftest import Harness
from tests.teams.fake_connector import FakeConnector


def _updates(store: Store, ref: str = "2.3") -> list[Update]:
    with store.session_factory() as s:
        action = s.scalar(
            select(Action).where(Action.ref == ref, Action.plan.has(slug="leeds-improvement-plan"))
        )
        assert action is not None
        return list(
            s.scalars(select(Update).where(Update.action_id == action.id).order_by(Update.id))
        )


def _status(store: Store, ref: str = "2.3") -> str:
    with store.session_factory() as s:
        return (
            s.scalar(
                select(Action.status).where(
                    Action.ref == ref, Action.plan.has(slug="leeds-improvement-plan")
                )
            )
            or ""
        )


def test_mentioned_update_is_logged_and_acknowledged_in_the_thread(teams: Harness) -> None:
    activity = act.channel_message(
        teams.fake.url, "2.3: Two new team managers started this week #at-risk"
    )
    post = teams.deliver(activity)
    assert post.conversation_id == f"{act.CHANNEL_ID};messageid={activity['id']}"
    assert "Logged on 2.3" in post.text and "On track → At risk" in post.text
    [update] = _updates(teams.store)
    assert update.text == "Two new team managers started this week"
    assert update.source == "chat" and update.author_name == "Jackie Wilson"
    assert update.channel_id == act.CHANNEL_ID and update.message_ts == activity["id"]
    assert update.permalink is not None
    assert update.permalink.startswith("https://teams.microsoft.com/l/message/")
    assert _status(teams.store) == "at_risk"
    # Teams delivering the same message again logs nothing twice.
    assert teams.post(activity).status_code == 200
    assert len(_updates(teams.store)) == 1


def test_reply_in_a_thread_is_logged_too(teams: Harness) -> None:
    root = act.next_id()
    activity = act.channel_message(teams.fake.url, "[2.4] roles workshop booked", thread=root)
    post = teams.deliver(activity)
    assert post.conversation_id == f"{act.CHANNEL_ID};messageid={root}"
    assert "Logged on 2.4" in post.text
    assert _updates(teams.store, "2.4")[0].text == "roles workshop booked"


def test_edit_supersedes_and_delete_retracts(teams: Harness) -> None:
    original = act.channel_message(teams.fake.url, "2.3: supervision audit done #on-track")
    teams.deliver(original)
    post = teams.deliver(
        act.edited(teams.fake.url, original, "2.3: supervision audit half done #at-risk")
    )
    assert "Updated from your edited message: 2.3" in post.text
    first, second = _updates(teams.store)
    assert first.superseded_by_id == second.id
    assert second.text == "supervision audit half done" and _status(teams.store) == "at_risk"

    post = teams.deliver(act.deleted(teams.fake.url, original))
    assert "Retracted the update on 2.3" in post.text
    assert all(u.retracted_at is not None or u.superseded_by_id for u in _updates(teams.store))
    assert _status(teams.store) == "on_track"


def test_updates_in_an_unlinked_channel_are_not_logged(teams: Harness) -> None:
    activity = act.channel_message(
        teams.fake.url, "2.3: nothing to see", channel_id="19:chan-random@thread.tacv2"
    )
    post = teams.deliver(activity)
    assert "not linked to a plan" in post.text and "actions link-channel" in post.text
    assert _updates(teams.store) == []


def test_link_channel_from_teams_then_log(teams: Harness) -> None:
    other = "19:chan-haringey@thread.tacv2"
    post = teams.deliver(
        act.channel_message(
            teams.fake.url, "actions link-channel haringey", channel_id=other, name="haringey"
        )
    )
    assert "This channel is now linked to Haringey Corporate Parenting" in post.text
    post = teams.deliver(
        act.channel_message(
            teams.fake.url, "2.3: three carers approved", channel_id=other, user=act.FIONA
        )
    )
    assert "Logged on 2.3 (Haringey Corporate Parenting)" in post.text


@pytest.fixture
def reading_all(
    settings: Settings, world: Store, core: Core, fake: FakeConnector
) -> Iterator[Harness]:
    """The opt-in: with resource-specific consent, every channel message reaches the bot."""
    opted = settings.model_copy(update={"teams_read_all_channel_messages": True})
    app = build_app(opted, world, core=core)
    with TestClient(app) as client:
        yield Harness(client, app, fake, world)


def test_opt_in_logs_unmentioned_updates_but_ignores_chatter(reading_all: Harness) -> None:
    chatter = act.channel_message(reading_all.fake.url, "see you all at 10:30", mention=False)
    assert reading_all.post(chatter).status_code == 200
    command = act.channel_message(reading_all.fake.url, "actions mine", mention=False)
    assert reading_all.post(command).status_code == 200
    assert reading_all.fake.posted == []  # only progress updates are read without a mention
    update = act.channel_message(reading_all.fake.url, "2.3: caseloads down to 18", mention=False)
    post = reading_all.deliver(update)
    assert "Logged on 2.3" in post.text
    assert _updates(reading_all.store)[0].text == "caseloads down to 18"


def test_an_update_in_a_personal_chat_is_superseded_by_an_edit_and_retracted_by_a_delete(
    teams: Harness,
) -> None:
    # 3.1 (led by the HOS, Jackie) is in one plan: a personal chat's `3.1: …` is logged there.
    original = act.message(teams.fake.url, "3.1: procedures drafted #on-track")
    assert "Logged on 3.1" in teams.deliver(original).text
    post = teams.deliver(act.edited(teams.fake.url, original, "3.1: procedures half drafted"))
    assert "Updated from your edited message: 3.1" in post.text
    first, second = _updates(teams.store, "3.1")
    assert first.superseded_by_id == second.id and second.text == "procedures half drafted"

    post = teams.deliver(act.deleted(teams.fake.url, original))
    assert "Retracted the update on 3.1" in post.text
    assert all(u.retracted_at or u.superseded_by_id for u in _updates(teams.store, "3.1"))
    assert _status(teams.store, "3.1") == "at_risk"
