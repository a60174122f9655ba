"""A meeting dated decades ahead (2062 typed for 2016) is refused from a Slack slash command,
naming the date as typed; one 23 months ahead is added (the clock is frozen on 2 Dec 2015)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from storage.models import Meeting
from tests.factories import make_person, seeded
from tests.slack.conftest import Harness, blocks_text
from tests.slack.fake_slack import TEAM


def test_a_slash_command_refuses_a_meeting_decades_ahead(slack: Harness) -> None:
    with seeded(slack.store, TEAM) as uow:
        make_person(
            uow, "Jackie Wilson", roles=["HOS", "CLERK"], email="jackie.wilson@leeds.example"
        )
    refused = blocks_text(slack.reply("/meeting", "add CPAC 05/01/2062 18:30"))
    assert "“05/01/2062”" in refused and "check the year" in refused, refused
    assert "Nothing was changed." in refused
    with slack.store.session_factory() as session:
        assert session.scalars(select(Meeting)).all() == []
    added = blocks_text(slack.reply("/meeting", "add CPAC 02/11/2017 18:30"))
    assert "Added CPAC 2017-11-02" in added, added
    with slack.store.session_factory() as session:
        assert list(session.scalars(select(Meeting.meeting_date))) == [date(2017, 11, 2)]
