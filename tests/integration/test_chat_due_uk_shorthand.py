"""Due dates typed in chat on Sat 5 Dec 2026: UK shorthand, month-first long dates, and a
confirmation that names a weekend, a bank holiday or the Friday of a week commencing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from commands.views import Notice
from storage.models import Action
from storage.unit_of_work import Store
from tests.factories import leeds_world
from tests.helpers import Chat, make_chat

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)  # a Saturday
IN_LEEDS = {"channel": "leeds"}


@pytest.fixture
def chat(store: Store) -> Chat:
    leeds_world(store)
    return make_chat(store, NOW)


def _due(store: Store, ref: str) -> date | None:
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        action: Action = uow.repos.actions.by_ref(ref, plan.id)[0]
        return action.due_date


@pytest.mark.parametrize(
    ("when", "expected", "shown"),
    [
        ("January 15, 2027", date(2027, 1, 15), "is now due 15 Jan 2027 "),
        ("Jan 15 2027", date(2027, 1, 15), "is now due 15 Jan 2027 "),
        ("31/12", date(2026, 12, 31), "is now due 31 Dec 2026 "),
        ("5/1", date(2027, 1, 5), "is now due 5 Jan 2027 "),
        ("end of month", date(2026, 12, 31), "is now due Thu 31 Dec 2026 "),
        ("EOM", date(2026, 12, 31), "is now due Thu 31 Dec 2026 "),
        ("by end of year", date(2026, 12, 31), "is now due Thu 31 Dec 2026 "),
        ("next week", date(2026, 12, 11), "is now due Fri 11 Dec 2026 "),
        ("this week", date(2026, 12, 11), "is now due Fri 11 Dec 2026 "),
        (
            "w/c 11 Jan",
            date(2027, 1, 15),
            "is now due Fri 15 Jan 2027 — the Friday of the week commencing Mon 11 Jan ",
        ),
        ("in 2 weeks", date(2026, 12, 19), "is now due Sat 19 Dec 2026 — a Saturday "),
        ("28/12", date(2026, 12, 28), "is now due Mon 28 Dec 2026 — a bank holiday "),
    ],
)
def test_shorthand_due_dates(
    store: Store, chat: Chat, when: str, expected: date, shown: str
) -> None:
    reply = chat.say(f"/actions due 2.3 {when}", **IN_LEEDS)
    assert shown in reply, reply
    assert _due(store, "2.3") == expected


@pytest.mark.parametrize(
    ("when", "expected"),
    [("2nd", date(2027, 1, 2)), ("the 7th", date(2026, 12, 7)), ("by 31st", date(2026, 12, 31))],
)
def test_a_day_of_the_month_alone_is_the_next_one(
    store: Store, chat: Chat, when: str, expected: date
) -> None:
    assert chat.say(f"/actions due 2.3 {when}", **IN_LEEDS).startswith("✔ ")
    assert _due(store, "2.3") == expected


def test_a_due_date_already_past_says_the_action_is_overdue(store: Store, chat: Chat) -> None:
    reply = chat.say("/actions due 2.3 yesterday", **IN_LEEDS)
    assert "is now due Fri 4 Dec 2026 — already past, so the action is overdue" in reply, reply
    assert _due(store, "2.3") == date(2026, 12, 4)
    added = chat.say("/actions add Visit panel owner Fiona Smith due 1 Dec 2026", **IN_LEEDS)
    assert "already past, so the action is overdue" in added, added
    assert "already past" not in chat.say("/actions due 2.3 5 Dec 2026", **IN_LEEDS)


def test_an_added_action_due_on_a_weekend_says_so(chat: Chat) -> None:
    reply = chat.say("/actions add Visit panel owner Fiona Smith due tomorrow", **IN_LEEDS)
    assert "due Sun 6 Dec 2026 — a Sunday." in reply, reply


@pytest.mark.parametrize(
    ("when", "hint"),
    [
        ("12/31", "Dates are day first (DD/MM): did you mean 31/12?"),
        ("Jan 15", "“Jan 15” could be 15 January or January 2015: write `15 Jan`"),
        ("March 31", "could be 31 March or March 2031: write `31 Mar` for the day"),
        ("31 Sep 2027", "There is no such day as “31 Sep 2027”: September has 30 days."),
        ("45 March 2027", "March has 31 days"),
        ("29 Feb 2027", "February 2027 has 28 days"),
        ("September 31, 2027", "September has 30 days"),
        ("31-Sep-27", "September has 30 days"),
        ("31/09", "September has 30 days"),
        ("31/09/2027", "September has 30 days"),
        ("2027-09-31", "September has 30 days"),
        ("31 June", "June has 30 days"),
        ("30/02", "February has 28 days (29 in a leap year)"),
        ("Sep 31", "“Sep 31” can only be September 2031: September has 30 days."),
    ],
)
def test_refusals_explain_day_first_and_month_year(
    store: Store, chat: Chat, when: str, hint: str
) -> None:
    before = _due(store, "2.3")
    outcome = chat.outcome(f"/actions due 2.3 {when}", **IN_LEEDS)
    assert outcome is not None
    reply = outcome.reply
    assert isinstance(reply, Notice) and reply.level == "error", reply
    assert hint in reply.text and reply.text.endswith("Nothing was changed.")
    assert _due(store, "2.3") == before


def test_on_a_saturday_an_action_set_due_this_week_is_listed_due_this_week(
    store: Store, chat: Chat
) -> None:
    assert chat.say("/actions due 2.3 this week", **IN_LEEDS).startswith("✔ ")
    assert _due(store, "2.3") == date(2026, 12, 11)
    mine = chat.say("/actions mine due this week", as_="Jackie Wilson")
    assert "2.3" in mine, mine


@pytest.mark.parametrize(
    ("when", "said"),
    [
        ("12/31", "Dates are day first (DD/MM): did you mean 31/12?"),
        ("March 31", "could be 31 March or March 2031"),
    ],
)
def test_a_listing_filter_explains_dates_as_setting_one_does(
    chat: Chat, when: str, said: str
) -> None:
    outcome = chat.outcome(f"/actions mine due {when}", as_="Jackie Wilson")
    assert outcome is not None and isinstance(outcome.reply, Notice)
    assert outcome.reply.level == "error" and said in outcome.reply.text, outcome.reply
