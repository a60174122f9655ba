"""A meeting dated decades ahead (2062 typed for 2016) is refused from Teams, naming the date
as typed; one 23 months ahead is added (the clock is frozen on 2 Dec 2015)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from storage.models import Meeting
from tests.teams.conftest import Harness
from tests.teams.test_e2e_channel_names import _make_admin
from tests.teams.world import add_cpac


def _dates(teams: Harness) -> list[date]:
    with teams.store.session_factory() as session:
        return sorted(session.scalars(select(Meeting.meeting_date)))


def test_teams_refuses_a_meeting_decades_ahead(teams: Harness) -> None:
    add_cpac(teams.store)
    _make_admin(teams.store)
    before = _dates(teams)
    refused = teams.say("meeting add CPAC 2062-02-02 10:00").text
    assert "“2062-02-02”" in refused and "check the year" in refused, refused
    assert _dates(teams) == before
    added = teams.say("meeting add CPAC 2017-11-02 10:00").text
    assert "Added CPAC 2017-11-02" in added, added
    assert _dates(teams) == sorted([*before, date(2017, 11, 2)])
