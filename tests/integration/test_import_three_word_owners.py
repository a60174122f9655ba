"""``csbot import``: a lead cell of three words that lost its separator ("Jon Richard Hutton")
is the one stored person a name written alone means and a stored person of two words, as
four words or more already were; a three-word name that is somebody's, or that splits
otherwise than one way, stays one person's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli import main
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import owner_name

Cli = Callable[..., tuple[int, str, str]]
KNOWN = (
    "Ref,Action,Lead,Timescale\n"
    "1.1,Audit files,Jon Abbey,2027-03-31\n"
    "1.2,Review panel,Richard Hutton,2027-03-31\n"
)


@pytest.fixture
def cli(
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Cli:
    """Run ``csbot import actions <file> --plan Owners`` with a file of ``text``: (exit code,
    stdout, stderr)."""
    monkeypatch.setenv("DATABASE_URL", database.url)

    def run(text: str, file: str = "plan.csv") -> tuple[int, str, str]:
        path = tmp_path / file
        path.write_text(text, encoding="utf-8")
        code = main(["import", "actions", str(path), "--plan", "Owners"])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def owners(store: Store) -> dict[str, list[str]]:
    """Each action's ref -> its owners' names."""
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("owners")
        assert plan is not None
        return {
            a.ref: [owner_name(o) for o in a.owners] for a in uow.repos.actions.in_plan(plan.id)
        }


def people(store: Store) -> set[str]:
    with store.unit_of_work("local") as uow:
        return {p.name for p in uow.repos.people.all_people()}


@pytest.mark.parametrize(
    ("cell", "read_as"),
    [
        ("Jon Richard Hutton", ["Jon Abbey", "Richard Hutton"]),
        ("Richard Hutton Jon", ["Richard Hutton", "Jon Abbey"]),
        ("Richard Hutton Abbey", ["Richard Hutton", "Jon Abbey"]),
    ],
)
def test_three_words_are_the_two_stored_people_they_run_together(
    store: Store, cli: Cli, cell: str, read_as: list[str]
) -> None:
    store.ensure_workspace("local")
    assert cli(KNOWN)[0] == 0
    text = KNOWN + f"1.3,Visit homes,{cell},2027-03-31\n"
    code, out, err = cli(text)
    assert code == 0, err
    assert owners(store)["1.3"] == read_as
    assert f"“{cell}” as {' and '.join(read_as)}." in out, out
    assert cell not in people(store)
    # Imported again, the same file changes nothing.
    code, out, _ = cli(text)
    assert "0 new, 0 changed, 3 unchanged" in out, out
    assert owners(store)["1.3"] == read_as


def test_three_words_that_are_somebodys_name_stay_theirs(store: Store, cli: Cli) -> None:
    # "Jon Richard Hutton" imported as one person's name (as csbot read it before): that
    # person keeps it, in this file and after.
    store.ensure_workspace("local")
    assert cli("Ref,Action,Lead,Timescale\n1.5,Plan visits,Jon Richard Hutton,2027-03-31\n")[0] == 0
    text = KNOWN + "1.3,Visit homes,Jon Richard Hutton,2027-03-31\n"
    code, out, err = cli(text)
    assert code == 0, err
    assert owners(store)["1.3"] == ["Jon Richard Hutton"]
    assert "read with the people already known" not in out


@pytest.mark.parametrize(
    ("also", "cell"),
    [
        # Two people answer to "Jon": the name alone is nobody's in particular.
        ("Jon Testperson", "Jon Richard Hutton"),
        # "Ann | Lee Smith" and "Ann Lee | Smith" (Ann Lee the one Ann, Lee Smith the one
        # Smith): two ways, so neither is taken.
        ("Ann Lee/ Lee Smith", "Ann Lee Smith"),
    ],
)
def test_three_words_that_split_no_one_way_stay_one_new_person(
    store: Store, cli: Cli, also: str, cell: str
) -> None:
    store.ensure_workspace("local")
    assert cli(KNOWN + f"1.4,Check files,{also},2027-03-31\n")[0] == 0
    code, out, err = cli(KNOWN + f"1.4,Check files,{also},2027-03-31\n1.3,Visit,{cell},2027\n")
    assert code == 0, err
    assert owners(store)["1.3"] == [cell]
    assert f"“{cell}” as" not in out
