"""Status hashtags: conflicting ones are refused, near-misses are reported, and taking a tag
out leaves no residue ("tagtest !", "tagtest ()")."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from commands.progress import read_status
from commands.views import Notice, UpdateLogged
from storage.models import Action, AuditEvent, Update
from storage.unit_of_work import Store
from tests.factories import leeds_world
from tests.helpers import Chat, make_chat

IN_LEEDS = {"channel": "leeds"}


@pytest.fixture
def chat(store: Store, frozen_now: datetime) -> Chat:
    leeds_world(store)
    return make_chat(store, frozen_now)


def _counts(store: Store) -> tuple[int, int]:
    with store.unit_of_work("local") as uow:
        s = uow.session
        return (
            s.scalar(select(func.count()).select_from(Update)) or 0,
            s.scalar(select(func.count()).select_from(AuditEvent)) or 0,
        )


def _status(store: Store, ref: str) -> str:
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        action: Action = uow.repos.actions.by_ref(ref, plan.id)[0]
        return action.status


@pytest.mark.parametrize(
    "text",
    [
        "2.3: text #on-track #off-track",
        "2.3: #on-track #off-track",
        "/actions update 2.3 text #on-track #off-track",
        "/actions update 2.3 text RAG red #green",
    ],
)
def test_conflicting_statuses_are_refused(store: Store, chat: Chat, text: str) -> None:
    before = _counts(store)
    outcome = chat.outcome(text, as_="Jackie Wilson", **IN_LEEDS)
    assert outcome is not None
    reply = outcome.reply
    assert isinstance(reply, Notice) and reply.level == "error", reply
    assert "Which status did you mean for 2.3" in reply.text
    assert "#on-track" in reply.text and "#off-track" in reply.text
    assert "Nothing was logged" in reply.text and "Nothing was changed" not in reply.text
    assert _counts(store) == before
    assert _status(store, "2.3") == "on_track"


@pytest.mark.parametrize("tag", ["#at-rsik", "#compelte", "#ontrak"])
@pytest.mark.parametrize("form", ["2.3: tagtest {tag}", "/actions update 2.3 tagtest {tag}"])
def test_a_mistyped_status_is_logged_as_text_and_reported(
    store: Store, chat: Chat, tag: str, form: str
) -> None:
    outcome = chat.outcome(form.format(tag=tag), as_="Jackie Wilson", **IN_LEEDS)
    assert outcome is not None and isinstance(outcome.reply, UpdateLogged), outcome.reply
    message = outcome.reply.message
    assert f"“{tag}” is not a status I know" in message
    assert "status was not changed" in message and "#at-risk" in message
    assert outcome.reply.update.text == f"tagtest {tag}"
    assert _status(store, "2.3") == "on_track"


def test_ordinary_hashtags_are_not_reported(chat: Chat) -> None:
    outcome = chat.outcome("2.3: see #kass channel", as_="Jackie Wilson", **IN_LEEDS)
    assert outcome is not None and isinstance(outcome.reply, UpdateLogged)
    assert outcome.reply.message == ""


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("tagtest #done!", "tagtest!"),
        ("tagtest (#done)", "tagtest"),
        ("tagtest [#done] more", "tagtest more"),
        ("tagtest #done#", "tagtest"),
        ("tagtest #done.", "tagtest."),
        ("audit #done, signed off", "audit, signed off"),
        ("#done. audit complete", "audit complete"),
        ("#ontrack tagtest", "tagtest"),
    ],
)
def test_taking_a_tag_out_leaves_no_residue(text: str, clean: str) -> None:
    read = read_status(text)
    assert read.text == clean and read.status is not None


def test_a_channel_update_is_stored_without_residue(store: Store, chat: Chat) -> None:
    outcome = chat.outcome("2.3: tagtest (#at-risk)!", as_="Jackie Wilson", **IN_LEEDS)
    assert outcome is not None and isinstance(outcome.reply, UpdateLogged)
    assert outcome.reply.update.text == "tagtest!"
    assert _status(store, "2.3") == "at_risk"


@pytest.mark.parametrize(
    ("text", "clean", "status"),
    [
        ("2 weeks left #amber/green", "2 weeks left", "at_risk"),
        ("#red/amber slipping", "slipping", "off_track"),
        # Spaced, or joined as one word: still one rating, nothing of it left in the text.
        ("2 weeks left #amber / green", "2 weeks left", "at_risk"),
        ("2 weeks left #amber-green", "2 weeks left", "at_risk"),
        ("2 weeks left #Green_Amber", "2 weeks left", "on_track"),
        ("#at-risk/amber slipping", "slipping", "at_risk"),
        ("#achieved/ongoing", "", "monitoring"),
        # A tag that only looks like two colours is not a status.
        ("cut the #red-tape", "cut the #red-tape", None),
        # Not two statuses: the status is the first part, the rest stays.
        ("all #done/dusted now", "all /dusted now", "achieved"),
    ],
)
def test_a_rag_of_two_colours_is_one_status(text: str, clean: str, status: str | None) -> None:
    read = read_status(text)
    assert (read.text, read.status) == (clean, status)


def test_a_channel_update_with_a_two_colour_rag_leaves_no_half_of_it(
    store: Store, chat: Chat
) -> None:
    """Plans write RAGs such as Amber/Green; typed as a tag, "/green" was left in the text."""
    outcome = chat.outcome("2.3: 2 weeks left #amber/green", as_="Jackie Wilson", **IN_LEEDS)
    assert outcome is not None and isinstance(outcome.reply, UpdateLogged)
    assert outcome.reply.update.text == "2 weeks left"
    assert _status(store, "2.3") == "at_risk"


def test_a_rag_of_three_colours_asks_which_was_meant(store: Store, chat: Chat) -> None:
    """ "#amber/green/red" is no rating: before, it was read as amber and "/red" was left in
    the update's text."""
    before = _counts(store)
    outcome = chat.outcome("2.3: 2 weeks left #amber/green/red", as_="Jackie Wilson", **IN_LEEDS)
    assert outcome is not None
    reply = outcome.reply
    assert isinstance(reply, Notice) and reply.level == "error", reply
    assert "Which status did you mean for 2.3: #at-risk, #on-track or #off-track?" in reply.text
    assert "Nothing was logged" in reply.text
    assert _counts(store) == before
    assert _status(store, "2.3") == "on_track"
