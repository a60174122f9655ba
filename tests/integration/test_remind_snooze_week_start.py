"""/actions remind snooze until next week resumes reminders on Monday of next week (a due
date's "next week" is its Friday); "until <date>" still means that day."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from commands.core import Core
from storage.models import ChatUser
from storage.unit_of_work import Store
from tests.integration.test_meeting_world import at, build_world, slack_msg


@pytest.mark.parametrize(
    ("typed", "shown", "paused"),
    [
        ("until next week", "Mon 28 Dec 2015", datetime(2015, 12, 28, 0, 0, tzinfo=UTC)),
        ("next week", "Mon 28 Dec 2015", datetime(2015, 12, 28, 0, 0, tzinfo=UTC)),
        ("until w/c 11 Jan", "Mon 11 Jan 2016", datetime(2016, 1, 11, 0, 0, tzinfo=UTC)),
        ("until 6 January", "Wed 6 Jan 2016", datetime(2016, 1, 6, 0, 0, tzinfo=UTC)),
    ],
)
def test_snooze_until_next_week_is_its_monday(
    store: Store, typed: str, shown: str, paused: datetime
) -> None:
    build_world(store)
    now = at("2015-12-24 10:00")  # a Thursday
    outcome = Core(store, clock=lambda: now).handle(
        slack_msg("U-FIONA", now), f"/actions remind snooze {typed}"
    )
    assert outcome is not None
    assert outcome.reply.text == (  # type: ignore[union-attr]
        f"Reminders snoozed until {shown}. `/actions remind on` resumes them."
    )
    with store.session_factory() as s:
        user = s.scalars(select(ChatUser).where(ChatUser.external_id == "U-FIONA")).one()
        until = user.reminders_paused_until
        assert until is not None
        assert until.replace(tzinfo=until.tzinfo or UTC) == paused
