"""``csbot import``: a name written alone ("Jon") is read the same whichever row of the file
comes first. Before, on a first import, "Jon" above "Jon Abbey" made a new person "Jon" and
below it was Jon Abbey; with "Jon Testperson" further down, "Jon" was Jon Abbey or nobody's by
the order of the rows. Every lead cell of the file is looked at first: the one Jon of the
people stored and named in full in the file, or nobody's when two are."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli import main
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import cpac_minutes, owner_name

Cli = Callable[..., tuple[int, str]]


@pytest.fixture
def cli(
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Cli:
    """Run ``csbot import <kind> <file>`` with a file of ``text``: (exit code, stdout)."""
    monkeypatch.setenv("DATABASE_URL", database.url)
    monkeypatch.setenv("HOME", str(tmp_path))

    def run(kind: str, text: str, *args: str) -> tuple[int, str]:
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        code = main(["import", kind, str(path), *args])
        out = capsys.readouterr()
        assert code == 0, out.err
        return code, out.out

    return run


def action_owners(store: Store) -> dict[str, list[str]]:
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("owners")
        assert plan is not None
        return {
            a.title: [owner_name(o) for o in a.owners] for a in uow.repos.actions.in_plan(plan.id)
        }


def people(store: Store) -> set[str]:
    with store.unit_of_work("local") as uow:
        return {p.name for p in uow.repos.people.all_people()}


ROWS = {
    "alone": "Report on moves,Jon",
    "abbey": "Set up the panel,Jon Abbey",
    "hutton": "Visit homes,Jon Richard Hutton",
    "richard": "Write the pledge,Richard Hutton / Fiona Smith",
}


@pytest.mark.parametrize("order", list(itertools.permutations(ROWS)))
def test_a_name_alone_is_the_one_person_named_in_full_in_any_row(
    store: Store, cli: Cli, order: tuple[str, ...]
) -> None:
    store.ensure_workspace("local")
    rows = [f"{n}.1,{ROWS[key]},2027-03-31" for n, key in enumerate(order, 1)]
    text = "Ref,Action,Lead,Timescale\n" + "\n".join(rows) + "\n"
    _, out = cli("actions", text, "--plan", "Owners")
    assert action_owners(store) == {
        "Report on moves": ["Jon Abbey"],
        "Set up the panel": ["Jon Abbey"],
        "Visit homes": ["Jon Abbey", "Richard Hutton"],
        "Write the pledge": ["Richard Hutton", "Fiona Smith"],
    }
    assert "“Jon” as Jon Abbey" in out, out
    assert people(store) == {"Jon Abbey", "Richard Hutton", "Fiona Smith"}
    _, again = cli("actions", text, "--plan", "Owners")
    assert "0 new, 0 changed, 4 unchanged" in again, again


@pytest.mark.parametrize("first", [True, False])
def test_a_name_two_people_in_the_file_share_is_nobodys_in_any_row(
    store: Store, cli: Cli, first: bool
) -> None:
    store.ensure_workspace("local")
    rows = ["1.1,Set up the panel,Jon Abbey,2027", "1.2,Check files,Jon Testperson,2027"]
    alone = "1.3,Report on moves,Jon,2027"
    rows = [alone, *rows] if first else [*rows, alone]
    text = "Ref,Action,Lead,Timescale\n" + "\n".join(rows) + "\n"
    _, out = cli("actions", text, "--plan", "Owners")
    assert action_owners(store)["Report on moves"] == ["Jon"]
    assert "“Jon” as" not in out
    _, again = cli("actions", text, "--plan", "Owners")
    assert "0 new, 0 changed, 3 unchanged" in again, again


def test_a_second_jon_stored_later_does_not_change_a_reimport(store: Store, cli: Cli) -> None:
    # Read as Jon Abbey when he was the only Jon: a re-import keeps him, once another Jon is
    # stored too (by another file), rather than making a new person "Jon".
    store.ensure_workspace("local")
    text = "Ref,Action,Lead,Timescale\n1.1,Report on moves,Jon,2027\n1.2,Set up,Jon Abbey,2027\n"
    cli("actions", text, "--plan", "Owners")
    cli("actions", "Ref,Action,Lead,Timescale\n1.1,Check,Jon Testperson,2027\n", "--plan", "Other")
    _, again = cli("actions", text, "--plan", "Owners")
    assert "0 new, 0 changed, 2 unchanged" in again, again
    assert action_owners(store)["Report on moves"] == ["Jon Abbey"]
    assert "Jon" not in people(store)


@pytest.mark.parametrize("first", [True, False])
def test_kpi_and_agenda_owners_are_read_alike_in_any_row(
    store: Store, cli: Cli, first: bool
) -> None:
    store.ensure_workspace("local")
    kpis = ["pep,Oct 2015,60,%,Jon Abbey", "leavers,Oct 2015,5,count,Jon"]
    kpis = kpis[::-1] if first else kpis
    _, out = cli("kpis", "Indicator,Period,Value,Unit,Owner\n" + "\n".join(kpis) + "\n")
    assert "“Jon” as Jon Abbey" in out, out
    items = [
        "CPAC,2027-01-05,18:30,Fostering report,Cath Hogan",
        "CPAC,2027-01-05,18:30,Adoption report,Cath",
    ]
    items = items[::-1] if first else items
    _, out = cli("meetings", "committee,date,time,item,lead\n" + "\n".join(items) + "\n")
    assert "“Cath” as Cath Hogan" in out, out
    assert people(store) == {"Jon Abbey", "Cath Hogan"}


def test_minutes_read_a_name_alone_with_the_later_lines_too(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Jon Abbey is stored (the agenda's lead); "Jon Testperson" on a later line is a second
    # Jon, so "Jon" on the first is nobody's in particular, as it would be below him.
    minutes = "\n".join(
        [
            "MINUTES OF THE CORPORATE PARENTING ADVISORY COMMITTEE HELD ON MONDAY 5 OCTOBER 2015",
            "",
            "1. PERFORMANCE",
            "The Committee asked for a breakdown of placement moves by age.",
            "Action: Jon",
            "",
            "2. PERMANENCY",
            "The Committee asked for the adoption scorecard.",
            "Action: Jon Testperson",
            "",
        ]
    )
    command = cpac_minutes(database.url, minutes, monkeypatch, tmp_path)
    capsys.readouterr()
    assert main(command) == 0
    assert "“Jon” as" not in capsys.readouterr().out
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("cpac-actions-arising")
        assert plan is not None
        owners = [[owner_name(o) for o in a.owners] for a in uow.repos.actions.in_plan(plan.id)]
    assert owners == [["Jon"], ["Jon Testperson"]]


@pytest.mark.parametrize("reverse", [False, True])
def test_names_run_together_above_the_names_they_hold_are_read_alike(
    store: Store, cli: Cli, reverse: bool
) -> None:
    # "Richard Hutton Cath Hogan" above the rows naming each made one new person of four
    # words, and then "Cath" was two people's name (theirs and Cath Hogan's): nobody's.
    store.ensure_workspace("local")
    rows = [
        "1.1,Report on moves,Cath,2027",
        "1.2,Audit files,Richard Hutton Cath Hogan,2027",
        "1.3,Set up the panel,Cath Hogan,2027",
        "1.4,Write the pledge,Richard Hutton,2027",
    ]
    rows = rows[::-1] if reverse else rows
    text = "Ref,Action,Lead,Timescale\n" + "\n".join(rows) + "\n"
    _, out = cli("actions", text, "--plan", "Owners")
    assert "“Cath” as Cath Hogan" in out, out
    assert action_owners(store) == {
        "Report on moves": ["Cath Hogan"],
        "Audit files": ["Richard Hutton", "Cath Hogan"],
        "Set up the panel": ["Cath Hogan"],
        "Write the pledge": ["Richard Hutton"],
    }
    assert people(store) == {"Richard Hutton", "Cath Hogan"}
    _, again = cli("actions", text, "--plan", "Owners")
    assert "0 new, 0 changed, 4 unchanged" in again, again
