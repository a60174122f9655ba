"""A progress update sent to the bot ("Action 4.2: audit booked", "4.2: done #done"): in a
direct message it is the ``/actions update`` it stands for; in a plan's channel it is logged
there; it is never read as the ``/actions`` command its first word ("Action") names. Both
backends."""

from __future__ import annotations

from datetime import datetime

import pytest

from commands.action_pick import Pick, pick_for
from commands.forms import fetch
from commands.handler_context import HandlerContext
from commands.views import Notice, UpdateLogged, View
from storage.models import Update
from storage.unit_of_work import Store
from tests.factories import chat_message, leeds_world, link_chat_user, seeded
from tests.helpers import Chat, make_chat

LEEDS = "leeds-improvement-plan"
HARINGEY = "haringey-corporate-parenting"


@pytest.fixture
def chat(store: Store, frozen_now: datetime) -> Chat:
    leeds_world(store)
    with seeded(store) as uow:
        for user, name in (("UFIONA", "fiona smith"), ("USALLY", "sally threlfall")):
            link_chat_user(uow, "slack", user, uow.repos.people.person_by_key(name))
    return make_chat(store, frozen_now)


def dm(chat: Chat, user: str, text: str) -> View:
    """The reply to ``text`` sent by ``user`` in their direct message with the bot."""
    msg = chat_message(user, channel=f"D{user}", message_id="1449050400.000100", direct=True)
    outcome = chat.core.handle(msg, text)
    assert outcome is not None, text
    return outcome.reply


def updates(store: Store, ref: str, plan: str = LEEDS) -> list[tuple[str, str | None, str]]:
    """(text, status after, source) of each update of ``plan``'s ``ref``, oldest first."""
    with store.unit_of_work("local") as uow:
        found = uow.repos.plans.by_slug(plan)
        assert found is not None
        (action,) = uow.repos.actions.by_ref(ref, found.id)
        rows: list[Update] = list(uow.repos.actions.history(action.id))
        return [(u.text, u.status_after, u.source) for u in reversed(rows)]


def error(view: View) -> str:
    assert isinstance(view, Notice) and view.level == "error", view
    return view.text


@pytest.mark.parametrize(
    "text",
    [
        "Action 4.2: audit booked #on-track",
        "action 4.2 - audit booked #on-track",
        "4.2: audit booked #on-track",
    ],
)
def test_a_direct_message_update_is_logged(store: Store, chat: Chat, text: str) -> None:
    view = dm(chat, "UFIONA", text)
    assert isinstance(view, UpdateLogged), view
    assert view.action.ref == "4.2" and view.action.plan_slug == LEEDS
    assert updates(store, "4.2") == [("audit booked", "on_track", "command")]


def test_its_text_is_kept_as_typed(store: Store, chat: Chat) -> None:
    assert isinstance(dm(chat, "UFIONA", "[4.2] audit booked\n\nPanel  in May"), UpdateLogged)
    assert updates(store, "4.2") == [("audit booked\n\nPanel  in May", None, "command")]


def test_a_ref_in_several_plans_is_asked_about_and_nothing_is_logged(
    store: Store, chat: Chat
) -> None:
    view = dm(chat, "UFIONA", "Action 2.3: KASS team recruited #on-track")
    assert "2.3 is in several plans" in error(view)
    assert "/actions 2.3" not in view.text
    assert isinstance(view, Notice)
    assert view.suggestions == [
        f"/actions update {LEEDS}:2.3 KASS team recruited #on-track",
        f"/actions update {HARINGEY}:2.3 KASS team recruited #on-track",
    ]
    assert updates(store, "2.3") == [] and updates(store, "2.3", HARINGEY) == []


def test_the_pick_offers_each_plans_action_with_the_note(chat: Chat) -> None:
    msg = chat_message("UFIONA", channel="DUFIONA", direct=True)
    text = "Action 2.3: KASS team recruited #on-track"

    def find(h: HandlerContext) -> Pick | None:
        return pick_for(h, text)

    pick = fetch(chat.core, msg, find)
    assert isinstance(pick, Pick)
    assert pick.verb == "update" and pick.note == "KASS team recruited #on-track"
    assert [c.command for c in pick.candidates] == [
        f"/actions update {LEEDS}:2.3",
        f"/actions update {HARINGEY}:2.3",
    ]
    in_a_channel = chat_message("UFIONA", channel="C42")
    assert fetch(chat.core, in_a_channel, find) is None


def test_the_usual_checks_apply(store: Store, chat: Chat) -> None:
    assert "Only the owners of 4.2" in error(dm(chat, "USALLY", "Action 4.2: audit booked"))
    assert "There is no action 9.9" in error(dm(chat, "UFIONA", "Action 9.9: audit booked"))
    assert "Which status" in error(dm(chat, "UFIONA", "4.2: booked #on-track #at-risk"))
    assert updates(store, "4.2") == []


def test_in_a_plan_channel_the_action_form_is_logged_there(store: Store, chat: Chat) -> None:
    outcome = chat.outcome(
        "Action 2.3: KASS team recruited #on-track", as_="Jackie Wilson", channel="leeds"
    )
    assert outcome is not None and isinstance(outcome.reply, UpdateLogged), outcome
    assert updates(store, "2.3") == [("KASS team recruited", "on_track", "chat")]


def test_elsewhere_it_is_not_read_as_an_actions_command(chat: Chat) -> None:
    # Not a plan's channel and not a direct message: left for the adapter to explain.
    assert chat.outcome("Action 2.3: KASS team recruited", as_="Jackie Wilson") is None
    assert chat.outcome("Action 2.3: recruited", as_="Jackie Wilson", channel="random") is None
    # A slash command is still one, with its hint.
    outcome = chat.outcome("/actions 2.3: recruited", as_="Jackie Wilson")
    assert outcome is not None and isinstance(outcome.reply, Notice)
    assert outcome.reply.suggestions[0] == "/actions update 2.3 recruited"


def test_an_update_that_is_only_a_status_word_sets_that_status(store: Store, chat: Chat) -> None:
    # "Action 4.2: done" was logged as the note "done", the action left not started.
    view = dm(chat, "UFIONA", "Action 4.2: done")
    assert isinstance(view, UpdateLogged) and view.action.status == "achieved"
    outcome = chat.outcome("/actions update 4.2 On track.", as_="Fiona Smith")
    assert outcome is not None and isinstance(outcome.reply, UpdateLogged)
    assert updates(store, "4.2") == [("", "achieved", "command"), ("", "on_track", "command")]


def test_in_a_plan_channel_a_ref_written_with_a_hash_is_logged(store: Store, chat: Chat) -> None:
    # "#2.3: …" was answered "I didn't understand that" and nothing was logged.
    outcome = chat.outcome("#2.3: second panel held", as_="Jackie Wilson", channel="leeds")
    assert outcome is not None and isinstance(outcome.reply, UpdateLogged), outcome
    assert updates(store, "2.3") == [("second panel held", None, "chat")]


def test_a_ref_of_another_plan_says_where_it_is(store: Store, chat: Chat) -> None:
    # Only "There is no action 10 in Leeds Improvement Plan. Nearest refs: …" was said.
    outcome = chat.outcome("10: mystery shopper booked", as_="Jackie Wilson", channel="leeds")
    assert outcome is not None
    said = error(outcome.reply)
    assert "There is no action 10 in Leeds Improvement Plan" in said
    assert f"10 is in Haringey Corporate Parenting ({HARINGEY})" in said
    assert f"`/actions update {HARINGEY}:10 <text>`" in said
    unknown = chat.outcome("99: nothing", as_="Jackie Wilson", channel="leeds")
    assert unknown is not None and " is in " not in error(unknown.reply)
    assert updates(store, "10", HARINGEY) == []
