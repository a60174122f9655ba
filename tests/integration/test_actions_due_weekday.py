"""A due date typed as words that name a day from today (``next Friday``, ``tomorrow``, ``in
2 weeks``) is answered with its weekday, so that whoever typed it sees which day it was read
as: ``next Friday`` on a Monday is that week's Friday, which some mean and some do not."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storage.unit_of_work import Store
from tests.factories import leeds_world
from tests.helpers import make_chat

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)  # a Monday
IN_LEEDS = {"channel": "leeds"}


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("next Friday", "2.3 is now due Fri 11 Dec 2026"),
        ("tomorrow", "2.3 is now due Tue 8 Dec 2026"),
        ("in 2 weeks", "2.3 is now due Mon 21 Dec 2026"),
        # A date written out is answered as written: no weekday to check.
        ("15 January 2027", "2.3 is now due 15 Jan 2027 "),
    ],
)
def test_a_day_named_from_today_is_answered_with_its_weekday(
    store: Store, typed: str, shown: str
) -> None:
    leeds_world(store)
    chat = make_chat(store, NOW)
    assert shown in chat.say(f"/actions due 2.3 {typed}", **IN_LEEDS)


def test_an_added_action_due_next_friday_names_the_weekday(store: Store) -> None:
    leeds_world(store)
    chat = make_chat(store, NOW)
    reply = chat.say(
        "/actions add Audit the PEPs owner Fiona Smith due next Friday",
        as_="Jackie Wilson",
        **IN_LEEDS,
    )
    assert "due Fri 11 Dec 2026." in reply, reply
