"""`csbot import actions` reads a post with its service as one role: no person "Fostering",
"Adoption", "Early Help" or "C" is made up from a lead cell, and real people keep their
names (on both backends)."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from commands.owner_store import owner_rows, set_action_owners
from storage.models import (
    AgendaItem,
    AgendaItemOwner,
    AuditEvent,
    IndicatorOwner,
    Person,
    Role,
)
from storage.unit_of_work import Store, UnitOfWork
from tests.conftest import FIXTURES, Database
from tests.factories import make_person
from tests.helpers import csbot, make_chat, owner_name

LEADS = {
    "1.1": ("Team Manager, Fostering", ["TM FOSTERING"]),
    "1.2": ("Service Manager – Fostering & Adoption", ["SM FOSTERING ADOPTION"]),
    "1.3": ("C&YP DMT", ["C YP DMT"]),
    "1.4": ("CPC Chair and Vice Chair", ["CPC CHAIR", "VICE CHAIR"]),
    "1.5": ("Early Help", ["EARLY HELP"]),
    "1.6": ("Grace Early, Fostering", ["Grace Early"]),
    "1.7": ("Fiona Smith / Quality Assurance", ["Fiona Smith", "QUALITY ASSURANCE"]),
    "1.8": ("Fiona Smith\nJon Abbey", ["Fiona Smith", "Jon Abbey"]),
}


def test_posts_with_services_import_as_roles_and_people_as_people(
    store: Store, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "fostering_plan.csv"
    with plan.open("w", newline="", encoding="utf-8") as out:
        rows = csv.writer(out)
        rows.writerow(["Ref", "Action", "Lead", "Due"])
        for ref, (lead, _) in LEADS.items():
            rows.writerow([ref, f"Action {ref}", lead, "31/03/2027"])
    csbot(
        database.url, ["import", "actions", str(plan), "--plan", "Fostering"], monkeypatch, tmp_path
    )

    with store.unit_of_work("local") as uow:
        found = uow.repos.plans.by_slug("fostering")
        assert found is not None
        stored = {
            a.ref: (a.lead_text, [owner_name(o) for o in a.owners])
            for a in uow.repos.actions.in_plan(found.id)
        }
        people = sorted(uow.session.scalars(select(Person.name)))
    # The lead is kept on one line; its owners were read line by line.
    assert stored == {ref: (" ".join(lead.split()), names) for ref, (lead, names) in LEADS.items()}
    assert people == ["Fiona Smith", "Grace Early", "Jon Abbey"]


def misread(uow: UnitOfWork) -> list[Person | Role]:
    """The owners an older reading made of "Team Manager, Fostering": the role TM and a
    person "Fostering"."""
    people = uow.repos.people
    return [
        people.get_or_create_role("TM", "Team Manager"),
        people.get_or_create_person("Fostering", "fostering"),
    ]


def _owners(store: Store) -> dict[str, list[str]]:
    with store.unit_of_work("local") as uow:
        found = uow.repos.plans.by_slug("fostering")
        assert found is not None
        return {
            a.ref: [owner_name(o) for o in a.owners] for a in uow.repos.actions.in_plan(found.id)
        }


def test_reimporting_reads_again_owners_an_earlier_import_got_wrong(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    frozen_now: datetime,
) -> None:
    plan = tmp_path / "fostering_plan.csv"
    with plan.open("w", newline="", encoding="utf-8") as out:
        rows = csv.writer(out)
        rows.writerow(["Ref", "Action", "Lead", "Due"])
        rows.writerow(["1.1", "Recruit carers", "Team Manager, Fostering", "31/03/2027"])
        rows.writerow(["1.2", "Review panels", "Team Manager, Fostering", "31/03/2027"])
        rows.writerow(["1.3", "Audit files", "HOS", "31/03/2027"])
        rows.writerow(["1.4", "Train panels", "Fiona Smith\nJon Abbey", "31/03/2027"])
    command = ["import", "actions", str(plan), "--plan", "Fostering"]
    csbot(database.url, command, monkeypatch, tmp_path)
    # What the earlier reading of the cell made: the role TM and a person "Fostering".
    with store.unit_of_work("local") as uow:
        wrong = misread(uow)
        found = uow.repos.plans.by_slug("fostering")
        assert found is not None
        for action in uow.repos.actions.in_plan(found.id):
            if action.ref in ("1.1", "1.2"):
                set_action_owners(action, wrong)
            if action.ref == "1.4":  # the lines were read as one name
                one = uow.repos.people.get_or_create_person(
                    "Fiona Smith Jon Abbey", "fiona smith jon abbey"
                )
                set_action_owners(action, [one])
        make_person(uow, "Ada Admin", admin=True)
        uow.commit()
    # 1.2's owners were then set in chat: that choice stands.
    chat = make_chat(store, frozen_now)
    reply = chat.say("/actions assign 1.2 TM", as_="Ada Admin")
    assert "now owned by" in reply, reply
    capsys.readouterr()

    csbot(database.url, command, monkeypatch, tmp_path)
    report = capsys.readouterr().out
    assert (
        "Owners read again from the lead cell, which csbot now reads otherwise than when it "
        "was last imported, in 2 actions: 1.1 (Team Manager, Fostering); 1.4 (Fiona Smith "
        "Jon Abbey). The people that reading made up, now owning nothing, were removed: "
        "Fostering, Fiona Smith Jon Abbey." in report
    ), report
    assert "2 changed" in report, report
    assert _owners(store) == {
        "1.1": ["TM FOSTERING"],
        "1.2": ["TM"],
        "1.3": ["HOS"],
        "1.4": ["Fiona Smith", "Jon Abbey"],
    }
    with store.unit_of_work("local") as uow:
        people = sorted(uow.session.scalars(select(Person.name)))
        removed = [
            (event.change, (event.before or {}).get("name"))
            for event in uow.session.scalars(
                select(AuditEvent).where(
                    AuditEvent.entity == "person", AuditEvent.change == "delete"
                )
            )
        ]
    assert people == ["Ada Admin", "Fiona Smith", "Jon Abbey"]
    assert sorted(removed) == [("delete", "Fiona Smith Jon Abbey"), ("delete", "Fostering")]

    csbot(database.url, command, monkeypatch, tmp_path)
    again = capsys.readouterr().out
    assert "Nothing changed." in again and "read again" not in again, again


def test_reimporting_meetings_and_kpis_reads_their_leads_again(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    meetings = tmp_path / "cpac.csv"
    meetings.write_text(
        "committee,date,time,item,lead\n"
        "Corporate Parenting Advisory Committee,2027-03-01,18:30,Fostering,"
        '"Team Manager, Fostering"\n',
        encoding="utf-8",
    )
    kpis = tmp_path / "kpis.csv"
    kpis.write_text(
        "indicator,slug,name,period,value,target,unit,polarity,owner\n"
        'Carers,carers,Foster carers approved,Jan 2026,10,12,number,higher,"Team Manager, '
        'Fostering"\n'
        'Carers,carers,Foster carers approved,Feb 2026,11,12,number,higher,"Team Manager, '
        'Fostering"\n',
        encoding="utf-8",
    )
    csbot(database.url, ["import", "meetings", str(meetings)], monkeypatch, tmp_path)
    csbot(database.url, ["import", "kpis", str(kpis)], monkeypatch, tmp_path)
    with store.unit_of_work("local") as uow:
        wrong = misread(uow)
        (item,) = uow.session.scalars(select(AgendaItem))
        item.owners = owner_rows(wrong, AgendaItemOwner)
        indicator = uow.repos.indicators.by_slug("carers")
        assert indicator is not None
        indicator.owners = owner_rows(wrong, IndicatorOwner)
        uow.commit()
    capsys.readouterr()

    csbot(database.url, ["import", "meetings", str(meetings)], monkeypatch, tmp_path)
    csbot(database.url, ["import", "kpis", str(kpis)], monkeypatch, tmp_path)
    out = capsys.readouterr().out
    # The agenda item put right first: "Fostering" still owned the indicator then, so stayed.
    assert "in 1 agenda item: Fostering (Team Manager, Fostering).\n" in out, out
    assert (
        "in 1 indicator: carers (Team Manager, Fostering). The person that reading made up, "
        "now owning nothing, was removed: Fostering." in out
    ), out
    with store.unit_of_work("local") as uow:
        (item,) = uow.session.scalars(select(AgendaItem))
        indicator = uow.repos.indicators.by_slug("carers")
        assert indicator is not None
        assert [owner_name(o) for o in item.owners] == ["TM FOSTERING"]
        assert [owner_name(o) for o in indicator.owners] == ["TM FOSTERING"]

    csbot(database.url, ["import", "meetings", str(meetings)], monkeypatch, tmp_path)
    csbot(database.url, ["import", "kpis", str(kpis)], monkeypatch, tmp_path)
    again = capsys.readouterr().out
    assert "read again" not in again, again


MINUTES = "\n".join(
    [
        "MINUTES OF CORPORATE PARENTING ADVISORY COMMITTEE",
        "MONDAY 5 OCTOBER 2015",
        "",
        "CPAC400. FOSTERING",
        "",
        "The Committee asked for a report on the recruitment of foster carers.",
        "Action: Team Manager, Fostering",
        "",
    ]
)


def test_reimporting_minutes_reads_their_owners_again(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    minutes = tmp_path / "cpac_2015-10-05.txt"
    minutes.write_text(MINUTES, encoding="utf-8")
    meetings = FIXTURES / "meetings" / "cpac_planning.csv"
    csbot(database.url, ["import", "meetings", str(meetings)], monkeypatch, tmp_path)
    command = ["import", "minutes", str(minutes), "--meeting", "CPAC 2015-10-05"]
    csbot(database.url, command, monkeypatch, tmp_path)
    with store.unit_of_work("local") as uow:
        wrong = misread(uow)
        plan = uow.repos.plans.by_slug("cpac-actions-arising")
        assert plan is not None
        (action,) = uow.repos.actions.in_plan(plan.id)
        set_action_owners(action, wrong)
        uow.commit()
    capsys.readouterr()

    csbot(database.url, command, monkeypatch, tmp_path)
    out = capsys.readouterr().out
    assert (
        "in 1 action: CPAC400/1 (Team Manager, Fostering). The person that reading made up, "
        "now owning nothing, was removed: Fostering." in out
    ), out
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("cpac-actions-arising")
        assert plan is not None
        (action,) = uow.repos.actions.in_plan(plan.id)
        assert [owner_name(o) for o in action.owners] == ["TM FOSTERING"]


def test_agenda_leads_and_kpi_owners_on_several_lines_are_several_owners(
    store: Store, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meetings = tmp_path / "cpac.csv"
    meetings.write_text(
        "committee,date,time,item,lead\n"
        'Corporate Parenting Advisory Committee,2027-03-01,18:30,Fostering,"Fiona Smith\n'
        'Jon Abbey"\n'
        "Corporate Parenting Advisory Committee,2027-03-01,18:30,Children's services,"
        '"Head of Children\'s\nServices"\n',
        encoding="utf-8",
    )
    kpis = tmp_path / "kpis.csv"
    kpis.write_text(
        "indicator,slug,name,period,value,target,unit,polarity,owner\n"
        'Carers,carers,Foster carers approved,Jan 2026,10,12,number,higher,"Fiona Smith\n'
        'Jon Abbey"\n',
        encoding="utf-8",
    )
    csbot(database.url, ["import", "meetings", str(meetings)], monkeypatch, tmp_path)
    csbot(database.url, ["import", "kpis", str(kpis)], monkeypatch, tmp_path)
    with store.unit_of_work("local") as uow:
        leads = {
            item.title: (item.lead_text, [owner_name(o) for o in item.owners])
            for item in uow.session.scalars(select(AgendaItem))
        }
        indicator = uow.repos.indicators.by_slug("carers")
        assert indicator is not None
        owned = (indicator.owner_text, [owner_name(o) for o in indicator.owners])
    assert leads == {
        "Fostering": ("Fiona Smith Jon Abbey", ["Fiona Smith", "Jon Abbey"]),
        "Children's services": ("Head of Children's Services", ["HEAD OF CHILDREN SERVICES"]),
    }
    assert owned == ("Fiona Smith Jon Abbey", ["Fiona Smith", "Jon Abbey"])
