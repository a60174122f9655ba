"""`csbot import actions` reads headers as councils write them ("Owner(s)", "Progress (Dec
2015)"), refs with a letter ("2.3a"), and leaves a plan's own "Year 1" undated rather than
due this month; `csbot import meetings` reads "Lead Officer(s)" (on both backends)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from storage.models import Action, Role, Update
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.factories import seeded
from tests.helpers import csbot, owner_name

PLAN = (
    "Ref,Action(s),Owner(s),Timescale,Status,Progress (Dec 2015)\n"
    "1.1,Appoint a DCS,Jon Abbey,March 2016,Green,Panel booked\n"
    "2.3a,Refresh the pledge,Children's Trust Board,Year 1,Amber,Draft out\n"
)


def test_council_headers_letter_refs_and_plan_years(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with seeded(store) as uow:
        # As an older csbot stored it, without the possessive's apostrophe.
        uow.repos.people.get_or_create_role("CHILDREN TRUST BOARD", "Children Trust Board")
    plan = tmp_path / "plan.csv"
    plan.write_text(PLAN, encoding="utf-8")
    csbot(database.url, ["import", "actions", str(plan), "--plan", "P"], monkeypatch, tmp_path)
    said = " ".join(capsys.readouterr().out.split())
    assert "columns kept as extra fields: none" in said
    assert "timescale names no date I can read" in said and "“Year 1”" in said

    with store.unit_of_work("local") as uow:
        actions = {a.ref: a for a in uow.session.scalars(select(Action))}
        assert sorted(actions) == ["1.1", "2.3A"]
        assert [owner_name(o) for o in actions["1.1"].owners] == ["Jon Abbey"]
        assert [owner_name(o) for o in actions["2.3A"].owners] == ["CHILDREN TRUST BOARD"]
        assert actions["2.3A"].due_date is None and actions["2.3A"].due_text == "Year 1"
        assert actions["1.1"].status == "on_track"
        notes = sorted(uow.session.scalars(select(Update.text)))
        titles = list(uow.session.scalars(select(Role.title)))
    assert notes == ["Draft out", "Panel booked"]
    assert titles == ["Children's Trust Board"]


def test_a_lead_officers_column_of_an_agenda_is_read(
    store: Store, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meetings = tmp_path / "agenda.csv"
    meetings.write_text(
        "Committee,Date,Time,Agenda Item,Lead Officer(s),Report Due\n"
        "CPAC,2027-03-01,18:30,Performance,Margaret Gallagher,2027-02-12\n",
        encoding="utf-8",
    )
    csbot(database.url, ["import", "meetings", str(meetings)], monkeypatch, tmp_path)
    with store.unit_of_work("local") as uow:
        (meeting,) = uow.repos.meetings.upcoming(datetime(2000, 1, 1, tzinfo=UTC))
        (item,) = uow.repos.meetings.agenda(meeting.id)
        assert [owner_name(o) for o in item.owners] == ["Margaret Gallagher"]
