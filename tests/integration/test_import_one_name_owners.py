"""`csbot import minutes` (and every importer's lead cells) with an owner written by one name
alone ("Action: Jon", "Action: Cllr Gallagher"): the one stored person with that name owns
the action, and the report says so, rather than a new person called "Jon" who owns half of
Jon Abbey's work. A name that two people share, or nobody has, stays as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import cpac_minutes, owner_name

MINUTES = "\n".join(
    [
        "MINUTES OF THE CORPORATE PARENTING ADVISORY COMMITTEE HELD ON MONDAY 5 OCTOBER 2015",
        "",
        "1. PERFORMANCE",
        "The Committee asked for a breakdown of placement moves by age.",
        "Action: Jon",
        "",
        "2. PERMANENCY",
        "The Committee asked for the adoption scorecard.",
        "Action: Cllr Gallagher",
        "",
        "3. ASPIRE",
        "The Committee asked for the notes of the meeting with Aspire.",
        "Action: Aspire",
        "",
    ]
)


def _owners(store: Store) -> list[list[str]]:
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("cpac-actions-arising")
        assert plan is not None
        return [[owner_name(o) for o in a.owners] for a in uow.repos.actions.in_plan(plan.id)]


def _people(store: Store) -> set[str]:
    with store.unit_of_work("local") as uow:
        return {p.name for p in uow.repos.people.all_people()}


def test_a_name_written_alone_is_the_one_person_of_that_name(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    command = cpac_minutes(database.url, MINUTES, monkeypatch, tmp_path)
    capsys.readouterr()
    assert main(command) == 0
    report = capsys.readouterr().out
    assert _owners(store) == [["Jon Abbey"], ["Margaret Gallagher"], ["Aspire"]]
    assert "“Cllr Gallagher” as Margaret Gallagher; “Jon” as Jon Abbey" in report
    # Minutes have `Action:` lines, not lead cells.
    assert "`Action:` lines read with the people already known: “Cllr" in report, report
    people = _people(store)
    assert "Jon" not in people and "Cllr Gallagher" not in people
    # Importing the same minutes again reads them the same way: nothing changes.
    assert main(command) == 0
    again = capsys.readouterr().out
    assert "0 new, 0 changed, 3 unchanged" in again
    assert _owners(store) == [["Jon Abbey"], ["Margaret Gallagher"], ["Aspire"]]


def test_a_name_two_people_share_stays_as_written(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Dominic Porter-Moore and (added here) Dominic Test both answer to "Dominic".
    shared = MINUTES.replace("Action: Jon", "Action: Dominic")
    command = cpac_minutes(database.url, shared, monkeypatch, tmp_path)
    with store.unit_of_work("local") as uow:
        uow.repos.people.get_or_create_person("Dominic Test", "dominic test")
        uow.commit()
    capsys.readouterr()
    assert main(command) == 0
    assert "as Dominic" not in capsys.readouterr().out
    assert _owners(store)[0] == ["Dominic"]


RUN_TOGETHER = "\n".join(
    [
        "MINUTES OF THE CORPORATE PARENTING ADVISORY COMMITTEE HELD ON MONDAY 5 OCTOBER 2015",
        "",
        "1. PERFORMANCE",
        "The Committee asked for a breakdown of placement moves by age.",
        "Action: Richard Hutton Margaret Gallagher",
        "",
        "2. ADOPTION",
        "The Committee asked for the adoption scorecard.",
        "Action: Jon Abbey Neelam Bhardwaja Vicki Monk-Meyer",
        "",
        "3. HEALTH",
        "The Committee asked for the health assessments report.",
        "Action: Mary Ann Grace Holt",
        "",
    ]
)


def test_names_run_together_are_the_people_stored_under_them(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A lead cell that lost its separator ("Richard Hutton Margaret Gallagher", pasted from a
    # table) names the people stored under its parts; a long name whose parts are nobody's
    # is one new person, and the report says how to write it if it names several.
    command = cpac_minutes(database.url, RUN_TOGETHER, monkeypatch, tmp_path)
    capsys.readouterr()
    assert main(command) == 0
    report = capsys.readouterr().out
    assert _owners(store) == [
        ["Richard Hutton", "Margaret Gallagher"],
        ["Jon Abbey", "Neelam Bhardwaja", "Vicki Monk-Meyer"],
        ["Mary Ann Grace Holt"],
    ]
    assert "“Richard Hutton Margaret Gallagher” as Richard Hutton and Margaret Gallagher" in report
    assert "Read as one person's name: “Mary Ann Grace Holt”" in report
    people = _people(store)
    assert "Richard Hutton Margaret Gallagher" not in people
    assert main(command) == 0
    again = capsys.readouterr().out
    assert "0 new, 0 changed, 3 unchanged" in again and "Read as one person" not in again
    assert _owners(store)[0] == ["Richard Hutton", "Margaret Gallagher"]
