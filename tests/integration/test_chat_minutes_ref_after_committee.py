"""An update to an action arising from minutes, its ref written after the committee's name
with a space ("CPAC 343/1: done, report circulated"), in a plan's channel (both backends,
through the core): logged on that action when the workspace has a committee answering to the
name (initials or full name, any case), also when the action's ref is the minute number alone
("343/1"); chat that merely mentions a committee, or a committee nobody has, stays chat."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from commands.core import Core
from commands.meeting_lookup import committee_key
from commands.views import UpdateLogged
from storage.models import Action, Committee, Update
from storage.unit_of_work import Store
from tests.factories import chat_message, link_channel, make_person, make_plan, seeded
from tests.helpers import Chat, make_chat

CPAC = "Corporate Parenting Advisory Committee"
ARISING = "CARISING"  # the channel of the plan holding CPAC343/1
NUMBERED = "CNUMBERED"  # the channel of a plan whose minutes actions are numbered alone
AUTHOR = "Fiona Testperson"


@pytest.fixture
def chat(store: Store, frozen_now: datetime) -> Chat:
    with seeded(store) as uow:
        make_person(uow, AUTHOR)
        uow.session.add(
            Committee(
                workspace_id=uow.workspace.id, name=CPAC, name_key=committee_key(CPAC), initials=""
            )
        )
        arising = make_plan(
            uow,
            "CPAC actions arising",
            [
                {"ref": "CPAC343/1", "title": "Circulate the annual report", "lead": AUTHOR},
                {"ref": "2.2", "title": "Reviews on time", "lead": AUTHOR},
            ],
        )
        link_channel(uow, arising, ARISING, platform="console")
        numbered = make_plan(
            uow, "Panel actions", [{"ref": "343/1", "title": "Book the venue", "lead": AUTHOR}]
        )
        link_channel(uow, numbered, NUMBERED, platform="console")
    return make_chat(store, frozen_now)


def _updates(store: Store) -> list[tuple[str, str, str]]:
    with store.session_factory() as s:
        rows = s.execute(
            select(Action.ref, Update.text, Action.status).join(
                Action, Action.id == Update.action_id
            )
        ).all()
    return sorted((ref, text, status) for ref, text, status in rows)


def _say(core: Core, text: str, channel: str = ARISING, message: str = "1.1") -> object:
    msg = chat_message(AUTHOR, platform="console", channel=channel, message_id=message)
    return core.handle_channel_message(msg, text)


@pytest.mark.parametrize(
    "typed",
    [
        "CPAC 343/1: done, report circulated",
        "cpac 343/1: done, report circulated",
        "Cpac 343-1: done, report circulated",
        "Corporate Parenting Advisory Committee 343/1: done, report circulated",
        "corporate parenting advisory committee 343/1: done, report circulated",
        "CPAC343/1: done, report circulated",
    ],
)
def test_a_minutes_ref_after_its_committee_is_logged_on_its_action(
    chat: Chat, store: Store, typed: str
) -> None:
    outcome = _say(chat.core, typed)
    assert outcome is not None and isinstance(outcome.reply, UpdateLogged), outcome
    assert outcome.reply.action.ref == "CPAC343/1"
    assert _updates(store) == [("CPAC343/1", "done, report circulated", "not_started")]


def test_the_status_is_read_as_in_any_update(chat: Chat, store: Store) -> None:
    outcome = _say(chat.core, "CPAC 343/1: report circulated #done")
    assert outcome is not None and isinstance(outcome.reply, UpdateLogged)
    assert _updates(store) == [("CPAC343/1", "report circulated", "achieved")]


@pytest.mark.parametrize("typed", ["CPAC 343/1: venue booked", "CPAC343/1: venue booked"])
def test_an_action_numbered_alone_is_found_after_its_committee(
    chat: Chat, store: Store, typed: str
) -> None:
    outcome = _say(chat.core, typed, channel=NUMBERED)
    assert outcome is not None and isinstance(outcome.reply, UpdateLogged), outcome
    assert _updates(store) == [("343/1", "venue booked", "not_started")]


@pytest.mark.parametrize(
    "typed",
    [
        "CPAC tomorrow: 10am",
        "CPAC 12/3: papers due",  # a date, and no action CPAC12/3
        "XYZ 343/1: done, report circulated",  # no committee answers to XYZ
        "Corporate Parenting 343/1: done",  # no committee of that name
        "Please see CPAC 343/1: done",
    ],
)
def test_chat_mentioning_a_committee_is_not_an_update(chat: Chat, store: Store, typed: str) -> None:
    assert _say(chat.core, typed) is None
    assert _updates(store) == []


def test_an_edit_of_a_spaced_minutes_ref_update_supersedes_it(chat: Chat, store: Store) -> None:
    _say(chat.core, "CPAC 343/1: report drafted", message="7.1")
    msg = chat_message(AUTHOR, platform="console", channel=ARISING, message_id="7.1")
    edited = chat.core.handle_edit(msg, "CPAC 343/1: report drafted and circulated")
    assert edited is not None and isinstance(edited.reply, UpdateLogged), edited
    with store.session_factory() as s:
        live = s.scalars(select(Update.text).where(Update.superseded_by_id.is_(None))).all()
    assert live == ["report drafted and circulated"]


def test_a_mention_of_the_bot_with_a_spaced_minutes_ref_is_logged(chat: Chat, store: Store) -> None:
    msg = chat_message(AUTHOR, platform="console", channel=ARISING, message_id="8.1")
    outcome = chat.core.handle(msg, "CPAC 343/1: report circulated")
    assert outcome is not None and isinstance(outcome.reply, UpdateLogged), outcome
    assert _updates(store) == [("CPAC343/1", "report circulated", "not_started")]
