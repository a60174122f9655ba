"""``/meeting cancel`` and the channel a Slack workspace's committee posts to, as Slack sends
them: signed slash commands in, ephemeral answers out."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from commands.meeting_store import (
    add_agenda_item,
    get_or_create_committee,
    get_or_create_meeting,
    starts_at,
)
from storage.models import Committee, Meeting
from tests.factories import make_person, seeded
from tests.slack.conftest import FIONA, Harness, blocks_text
from tests.slack.fake_slack import TEAM


def _cpac(slack: Harness) -> int:
    with seeded(slack.store, TEAM) as uow:
        make_person(
            uow, "Jackie Wilson", roles=["HOS", "CLERK"], email="jackie.wilson@leeds.example"
        )
        committee, _ = get_or_create_committee(uow.repos, "Corporate Parenting Advisory Committee")
        on = date(2016, 1, 5)
        meeting, _ = get_or_create_meeting(
            uow.repos, committee, on, starts_at(on, None, "Europe/London")
        )
        add_agenda_item(uow.repos, meeting, "Performance", "Jackie Wilson", date(2015, 12, 17))
        return meeting.id


def test_a_clerk_cancels_a_meeting_with_a_slash_command(slack: Harness) -> None:
    meeting_id = _cpac(slack)
    refused = blocks_text(slack.reply("/meeting", "cancel CPAC 2016-01-05", user=FIONA))
    assert "Only an administrator or the Committee Clerk" in refused
    text = blocks_text(slack.reply("/meeting", "cancel CPAC 05/01/2016"))
    assert "Cancelled CPAC 2016-01-05" in text
    assert "Removed its 1 agenda item: 1. Performance." in text
    with slack.store.session_factory() as session:
        assert session.get(Meeting, meeting_id) is None
    help_text = blocks_text(slack.reply("/meeting", "help"))
    assert "/meeting cancel" in help_text and "/meeting move" in help_text


def test_a_channel_named_in_slack_is_a_slack_channel(slack: Harness) -> None:
    _cpac(slack)
    slack.reply("/meeting", "channel CPAC <#C0CPAC|cpac>")
    with slack.store.session_factory() as session:
        (committee,) = session.scalars(select(Committee)).all()
        # Stored by the channel's id (a rename in Slack does not lose it).
        assert (committee.channel_id, committee.channel_platform) == ("C0CPAC", "slack")
