"""Agenda planning imports: committees, meetings and agenda items, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from commands.importers import ImportFailed, run_import
from storage.models import AgendaItem, AgendaItemOwner, AuditEvent, Committee, Meeting, Person
from storage.unit_of_work import Store
from tests.conftest import FIXTURES

MEETINGS = FIXTURES / "meetings"
CSV = MEETINGS / "cpac_planning.csv"
TSV = MEETINGS / "cpac_agenda_planning.tsv"
TABLES = (Committee, Meeting, AgendaItem, AgendaItemOwner, Person, AuditEvent)


def counts(store: Store) -> dict[str, int]:
    with store.session_factory() as s:
        return {t.__tablename__: s.scalar(select(func.count()).select_from(t)) or 0 for t in TABLES}


@dataclass(frozen=True)
class Item:
    """An agenda item as stored."""

    position: int
    title: str
    title_key: str
    owners: tuple[str, ...]
    report_due: date | None
    publication_date: date | None


def agenda(store: Store) -> dict[str, tuple[datetime, str | None, list[Item]]]:
    """Meetings by "<initials> <date>": start (UTC), channel and agenda items in order."""
    with store.unit_of_work("local") as uow:
        out = {}
        for m in uow.session.scalars(select(Meeting).order_by(Meeting.starts_at)):
            items = [
                Item(
                    i.position,
                    i.title,
                    i.title_key,
                    tuple(
                        o.person.name if o.person else f"role:{o.role.key}"  # type: ignore[union-attr]
                        for o in i.owners
                    ),
                    i.report_due,
                    i.publication_date,
                )
                for i in uow.repos.meetings.agenda(m.id)
            ]
            label = f"{m.committee.initials or m.committee.name} {m.meeting_date}"
            out[label] = (m.starts_at, m.channel_id, items)
        return out


def test_canonical_columns(store: Store) -> None:
    report = run_import(store, "local", "meetings", CSV)
    assert (report.created, report.updated, report.unchanged) == (10, 0, 0)
    assert report.target == "4 meetings"
    with store.unit_of_work("local") as uow:
        (committee,) = uow.repos.meetings.committees()
        assert committee.name == "Corporate Parenting Advisory Committee"
        assert committee.name_key == "corporate parenting advisory committee"
        assert committee.initials == "CPAC" and committee.channel_id == "cpac"
    got = agenda(store)
    assert list(got) == ["CPAC 2015-07-06", "CPAC 2015-10-05", "CPAC 2016-01-05", "CPAC 2016-04-04"]
    # 18:30 in London: British Summer Time in July, GMT in January; stored in UTC.
    assert got["CPAC 2015-07-06"][0] == datetime(2015, 7, 6, 17, 30, tzinfo=UTC)
    assert got["CPAC 2016-01-05"][0] == datetime(2016, 1, 5, 18, 30, tzinfo=UTC)
    # No time in the file: 18:30 (BST in April).
    assert got["CPAC 2016-04-04"][0] == datetime(2016, 4, 4, 17, 30, tzinfo=UTC)
    _, channel, items = got["CPAC 2016-01-05"]
    assert channel == "cpac"
    assert [(i.position, i.title) for i in items] == [
        (1, "Performance"),
        (2, "Pan-London adoption bid"),
        (3, "Mystery shopping"),
        (4, "Disabled children in care: transport"),
    ]
    assert items[0].owners == ("Annie Walker", "Dominic Porter-Moore")
    assert items[3].title_key == "disabled children in care transport"
    assert (items[0].report_due, items[0].publication_date) == (
        date(2015, 12, 17),
        date(2015, 12, 23),
    )


def test_agenda_planning_layout_of_seed_004(store: Store) -> None:
    """Synonym headers, merged cells left blank, deadlines written as one sentence."""
    run_import(store, "local", "meetings", TSV)
    got = agenda(store)
    assert list(got) == ["CPAC 2015-07-06", "CPAC 2015-10-05", "CPAC 2016-01-05", "CPAC 2016-04-04"]
    _, _, july = got["CPAC 2015-07-06"]
    assert [i.title for i in july] == [
        "Performance",
        "CPAC and Aspire notes with update on actions",
        "Clarify funding for Aspire meetings",
    ]
    assert {(i.report_due, i.publication_date) for i in july} == {
        (date(2015, 6, 19), date(2015, 6, 26))
    }
    assert july[2].owners == ("Neelam Bhardwaja",)
    _, _, january = got["CPAC 2016-01-05"]
    assert january[0].report_due == date(2015, 12, 17)  # "17th December": before the meeting
    assert january[1].publication_date == date(2015, 12, 23)


def test_the_same_committee_by_name_and_by_initials(store: Store) -> None:
    run_import(store, "local", "meetings", CSV)
    run_import(store, "local", "meetings", TSV)  # says "CPAC"
    with store.unit_of_work("local") as uow:
        assert len(uow.repos.meetings.committees()) == 1
    assert len(agenda(store)) == 4


@pytest.mark.parametrize("path", [CSV, TSV])
def test_reimporting_changes_nothing(store: Store, path: Path) -> None:
    run_import(store, "local", "meetings", path)
    before, snapshot = counts(store), agenda(store)
    again = run_import(store, "local", "meetings", path)
    assert not again.changed_anything and "Nothing changed" in again.summary()
    assert counts(store) == before and agenda(store) == snapshot


def test_a_changed_file_updates_items_and_order(store: Store, tmp_path: Path) -> None:
    run_import(store, "local", "meetings", CSV)
    lines = CSV.read_text(encoding="utf-8").splitlines()
    # Swap two January items and give one of them a new lead officer.
    lines[6], lines[7] = lines[7].replace("Dominic Porter-Moore", "Fiona Smith"), lines[6]
    changed = tmp_path / "planning.csv"
    changed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = run_import(store, "local", "meetings", changed)
    assert (report.created, report.updated) == (0, 1)
    _, _, items = agenda(store)["CPAC 2016-01-05"]
    assert [i.title for i in items] == [
        "Performance",
        "Mystery shopping",
        "Pan-London adoption bid",
        "Disabled children in care: transport",
    ]
    assert items[1].owners == ("Fiona Smith",)


def test_xlsx_with_real_dates(store: Store, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Committee", "Meeting date", "Time", "Agenda item", "Lead officer", "Report due"])
    ws.append(["Corporate Parenting Advisory Committee", datetime(2016, 4, 4), "6pm",
               "Performance", "Margaret Gallagher", datetime(2016, 3, 18)])  # fmt: skip
    path = tmp_path / "planning.xlsx"
    wb.save(path)
    run_import(store, "local", "meetings", path)
    start, _, items = agenda(store)["CPAC 2016-04-04"]
    assert start == datetime(2016, 4, 4, 17, 0, tzinfo=UTC)
    assert items[0].report_due == date(2016, 3, 18)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "committee,date,item,lead\nCPAC,2016-01-05,Performance,Jon Abbey\n"
            "CPAC,the fifth,Adoption,Jon Abbey\n",
            "row 3, column “date”: “the fifth” is not a date",
        ),
        (
            "Committee,Meeting date,Time,Agenda item\nCPAC,2016-01-05,late,Performance\n",
            "row 2, column “Time”: “late” is not a time",
        ),
        (
            "committee,date,item,report_due\nCPAC,2016-01-05,Performance,whenever\n",
            "row 2, column “report_due”",
        ),
        (
            "committee,date,item,lead\n,2016-01-05,Performance,Jon Abbey\n",
            "row 2, column “committee”: the committee is missing",
        ),
        (
            "committee,date,item,lead\nCPAC,2016-01-05,,Jon Abbey\n",
            "row 2, column “item”: the agenda item is missing",
        ),
        (
            "committee,date,item,channel\nCPAC,2016-01-05,Performance,not a channel!\n",
            "row 2, column “channel”",
        ),
        (
            "committee,date,item\nCPAC,2016-01-05,Performance\nCPAC,2016-01-05,performance\n",
            "row 3, column “item”: “performance” is on the agenda",
        ),
        (
            "date,time,lead\n2016-01-05,18:30,Jon Abbey\n",
            "row 1: the header has no committee or item column",
        ),
        ("Agenda,Notes\nthings,more things\n", "no header row found"),
    ],
)
def test_bad_files_name_row_and_column_and_write_nothing(
    store: Store, tmp_path: Path, content: str, expected: str
) -> None:
    run_import(store, "local", "meetings", CSV)
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    before = counts(store)
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", "meetings", path)
    assert expected in str(err.value) and "bad.csv" in str(err.value)
    assert counts(store) == before


def test_minutes_are_read_as_utf8_or_windows_1252_text(store: Store, tmp_path: Path) -> None:
    run_import(store, "local", "meetings", CSV)
    minutes = (FIXTURES / "minutes" / "cpac_2015-10-05.txt").read_text(encoding="utf-8")
    legacy = tmp_path / "minutes.txt"
    extra = "\nCPAC999. BUDGET – £2,000 bursaries\n\nReview the bursary.\n\nAction: Jon Abbey\n"
    legacy.write_bytes((minutes + extra).encode("cp1252", errors="replace"))
    report = run_import(store, "local", "minutes", legacy, meeting="CPAC 2015-10-05")
    assert report.kind == "minutes" and report.created > 0
    with store.unit_of_work("local") as uow:
        titles = [a.title for p in uow.repos.plans.all() for a in uow.repos.actions.in_plan(p.id)]
    assert any("bursary" in t for t in titles)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("m.txt", b"MINUTES\x00\x01\x02", "binary"),
        ("m.pdf", b"%PDF-1.4 minutes", "save the minutes as a .txt file"),
        ("m.txt", b"PK\x03\x04 a word document", "save the minutes as a .txt file"),
    ],
)
def test_minutes_that_are_not_text_are_refused(
    store: Store, tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    run_import(store, "local", "meetings", CSV)
    path = tmp_path / name
    path.write_bytes(content)
    before = counts(store)
    with pytest.raises(ImportFailed, match=expected):
        run_import(store, "local", "minutes", path, meeting="CPAC 2015-10-05")
    with pytest.raises(ImportFailed, match="minutes need --meeting"):
        run_import(store, "local", "minutes", path)
    assert counts(store) == before
