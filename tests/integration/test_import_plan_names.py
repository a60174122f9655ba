"""``csbot import actions``: which plan a file goes into, and the slugs of new plans.

``--plan NAME`` finds plans by the rule chat and ``csbot export`` use: one plan matched is
imported into (the report says which), several are refused naming them, none makes a new plan
(the report says so). A name taken from the file name imports only into a plan called exactly
that; one it merely could mean is refused. A name with no letter or digit is refused; digits
make slugs; two plans never share a slug.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli import main
from commands.errors import NotFound
from commands.importers.plan_target import new_plan_slug
from commands.lookup import plan_named
from commands.refs import plan_slug
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.factories import make_plan, seeded

Cli = Callable[..., tuple[int, str, str]]
FIRST = "Ref,Action,Lead,Timescale,Status\n1.1,Recruit foster carers,Fiona Smith,2026-03-31,Green\n"
SECOND = "Ref,Action,Lead,Timescale,Status\n1.2,Review carers' fees,Fiona Smith,2026-06-30,Amber\n"


@pytest.fixture
def cli(
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Cli:
    """Run ``csbot import actions <file> [args]`` with a file of ``text``: (exit code,
    stdout, stderr)."""
    monkeypatch.setenv("DATABASE_URL", database.url)

    def run(file: str, text: str, *args: str) -> tuple[int, str, str]:
        path = tmp_path / file
        path.write_text(text, encoding="utf-8")
        code = main(["import", "actions", str(path), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def plans(store: Store) -> dict[str, list[str]]:
    """Each plan's slug -> its actions' refs."""
    with store.unit_of_work("local") as uow:
        return {
            p.slug: sorted(a.ref for a in uow.repos.actions.in_plan(p.id))
            for p in uow.repos.plans.all()
        }


def test_a_loose_plan_name_imports_into_the_plan_it_names(store: Store, cli: Cli) -> None:
    store.ensure_workspace("local")
    code, out, _ = cli("Fostering Sufficiency Plan.csv", FIRST)
    assert code == 0
    assert "New plan Fostering Sufficiency Plan (fostering-sufficiency-plan) created" in out
    code, out, err = cli("update.csv", SECOND, "--plan", "fostering")
    assert code == 0, err
    assert out.startswith("Imported actions into Fostering Sufficiency Plan: 1 new")
    assert "--plan “fostering” is the plan Fostering Sufficiency Plan" in out
    assert "New plan" not in out
    assert plans(store) == {"fostering-sufficiency-plan": ["1.1", "1.2"]}
    # A close spelling, as chat reads it.
    code, out, _ = cli("update.csv", SECOND, "--plan", "fosterng sufficiency")
    assert code == 0 and "0 new, 0 changed, 1 unchanged" in out
    assert list(plans(store)) == ["fostering-sufficiency-plan"]


def test_a_name_that_matches_no_plan_makes_a_new_one(store: Store, cli: Cli) -> None:
    store.ensure_workspace("local")
    cli("fostering.csv", FIRST, "--plan", "Fostering Sufficiency Plan")
    code, out, _ = cli("update.csv", SECOND, "--plan", "Care Leavers Plan")
    assert code == 0
    assert out.startswith("Imported actions into Care Leavers Plan: 1 new")
    assert "New plan Care Leavers Plan (care-leavers-plan) created: no plan here matched" in out
    assert plans(store) == {
        "care-leavers-plan": ["1.2"],
        "fostering-sufficiency-plan": ["1.1"],
    }


def test_a_name_that_matches_several_plans_is_refused_naming_them(store: Store, cli: Cli) -> None:
    store.ensure_workspace("local")
    cli("a.csv", FIRST, "--plan", "Fostering Sufficiency Plan")
    cli("b.csv", FIRST, "--plan", "Fostering Recruitment Plan")
    code, out, err = cli("update.csv", SECOND, "--plan", "fostering")
    assert code == 1 and out == ""
    assert "could be several plans" in err
    assert "Fostering Recruitment Plan (fostering-recruitment-plan)" in err
    assert "Fostering Sufficiency Plan (fostering-sufficiency-plan)" in err
    assert "Nothing was imported." in err and "Traceback" not in err
    assert plans(store) == {
        "fostering-recruitment-plan": ["1.1"],
        "fostering-sufficiency-plan": ["1.1"],
    }


def test_the_file_name_imports_only_into_the_plan_called_so(store: Store, cli: Cli) -> None:
    store.ensure_workspace("local")
    cli("fostering_sufficiency_plan.csv", FIRST)
    # Imported again under its own name: the same plan.
    code, out, _ = cli("Fostering-Sufficiency-Plan.csv", SECOND)
    assert code == 0 and out.startswith("Imported actions into Fostering Sufficiency Plan: 1 new")
    # A file name that could only mean it is not guessed at.
    code, out, err = cli("fostering.csv", SECOND)
    assert code == 1 and out == ""
    assert "without --plan the plan's name is the file's, “Fostering”" in err
    assert "could mean Fostering Sufficiency Plan (fostering-sufficiency-plan)" in err
    assert '--plan "Fostering Sufficiency Plan"' in err
    assert list(plans(store)) == ["fostering-sufficiency-plan"]


@pytest.mark.parametrize(
    ("args", "file", "refusal"),
    [
        (("--plan", "###"), "update.csv", "“###” has none"),
        (("--plan", " - "), "update.csv", "“-” has none"),
        (("--new-plan", "###"), "update.csv", "“###” has none"),
        ((), "###.csv", "the file's name, “###”, has no letter or digit"),
        (("--plan", "Ωμέγα"), "update.csv", "“Ωμέγα” has none"),
        (("--new-plan", "Σχέδιο 😀"), "update.csv", "“Σχέδιο 😀” has none"),
        ((), "Σχέδιο.csv", "the file's name, “Σχέδιο”, has no letter or digit"),
    ],
)
def test_a_name_with_no_letter_or_digit_is_refused(
    store: Store,
    cli: Cli,
    args: tuple[str, ...],
    file: str,
    refusal: str,
) -> None:
    with seeded(store) as uow:
        make_plan(uow, "Plan")  # whose slug a name of no words once had
    code, out, err = cli(file, SECOND, *args)
    assert code == 1 and out == "", out
    assert refusal in err and "Nothing was imported." in err
    assert plans(store) == {"plan": []}


def test_digits_make_the_slug_and_slugs_never_collide(store: Store, cli: Cli) -> None:
    store.ensure_workspace("local")
    code, out, _ = cli("2026-27.csv", FIRST)
    assert code == 0 and "New plan 2026-27 (2026-27) created" in out
    code, out, _ = cli("update.csv", SECOND, "--plan", "2026/27")
    assert code == 0 and out.startswith("Imported actions into 2026-27: 1 new")
    assert plans(store) == {"2026-27": ["1.1", "1.2"]}
    code, out, _ = cli("update.csv", SECOND, "--plan", "2026-27 (Q2)")
    assert code == 0 and "New plan 2026-27 (Q2) (2026-27-q2) created" in out


def test_a_new_plan_whose_slug_is_taken_gets_the_next_one(store: Store) -> None:
    with seeded(store) as uow:
        make_plan(uow, "Leeds")
        make_plan(uow, "Leeds 2")
    with store.unit_of_work("local") as uow:
        assert new_plan_slug(uow.repos, "Leeds!") == "leeds-3"
        assert new_plan_slug(uow.repos, "Derby") == "derby"


def test_chat_finds_no_plan_by_a_name_of_no_words(store: Store) -> None:
    assert plan_slug("###") == "" and plan_slug("2026-27") == "2026-27"
    with seeded(store) as uow:
        make_plan(uow, "Plan")
    with store.unit_of_work("local") as uow:
        with pytest.raises(NotFound):
            plan_named(uow.repos, "###")
        assert plan_named(uow.repos, "plan").slug == "plan"


def test_an_indicator_named_with_no_letter_or_digit_is_refused(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Indicators' short names are made as plans' are: "###" once made the indicator "plan"."""
    store.ensure_workspace("local")
    monkeypatch.setenv("DATABASE_URL", database.url)
    path = tmp_path / "kpis.csv"
    path.write_text("Indicator,Period,Value,Unit\n###,2026-27,12,count\n", encoding="utf-8")
    assert main(["import", "kpis", str(path)]) == 1
    err = capsys.readouterr().err
    assert "row 2, column “Indicator”: the indicator “###” has no letter or digit" in err
    with store.unit_of_work("local") as uow:
        assert list(uow.repos.indicators.all(with_owners=False)) == []


def test_a_name_of_another_plans_slug_is_reported_as_that_plan(store: Store, cli: Cli) -> None:
    # "C plan" and "C++ plan" make the same slug, so they are one plan: the report says which,
    # since the name typed (or the file's) is not the plan's.
    store.ensure_workspace("local")
    cli("a.csv", FIRST, "--plan", "C++ plan")
    code, out, err = cli("update.csv", SECOND, "--plan", "C plan")
    assert code == 0, err
    assert out.startswith("Imported actions into C++ plan: 1 new")
    assert "--plan “C plan” is the plan C++ plan (c-plan): imported into it." in out
    code, out, err = cli("c_plan.csv", SECOND)
    assert code == 0, err
    assert "The file's name, “C Plan”, is the plan C++ plan (c-plan): imported into it." in out
    code, out, _ = cli("update.csv", SECOND, "--plan", "c++ PLAN")
    assert code == 0 and "is the plan" not in out
    assert plans(store) == {"c-plan": ["1.1", "1.2"]}


def test_new_plan_makes_a_plan_a_loose_name_would_import_into(store: Store, cli: Cli) -> None:
    # --plan "Fostering Sufficiency Plan 2027" imported into Fostering Sufficiency Plan: no
    # option made a new plan whose name loosely matches one there is.
    store.ensure_workspace("local")
    cli("fostering.csv", FIRST, "--plan", "Fostering Sufficiency Plan")
    code, out, err = cli("update.csv", SECOND, "--new-plan", "Fostering Sufficiency Plan 2027")
    assert code == 0, err
    assert out.startswith("Imported actions into Fostering Sufficiency Plan 2027: 1 new")
    assert (
        "New plan Fostering Sufficiency Plan 2027 (fostering-sufficiency-plan-2027) created."
    ) in out
    assert plans(store) == {
        "fostering-sufficiency-plan": ["1.1"],
        "fostering-sufficiency-plan-2027": ["1.2"],
    }
    # Named in full afterwards, each is its own plan.
    code, out, _ = cli("update.csv", SECOND, "--plan", "Fostering Sufficiency Plan")
    assert code == 0 and out.startswith("Imported actions into Fostering Sufficiency Plan: 1 new")


@pytest.mark.parametrize(
    ("name", "refusal"),
    [
        (
            "fostering sufficiency plan",
            "--new-plan: there is a plan called “fostering sufficiency plan” already, "
            "Fostering Sufficiency Plan (fostering-sufficiency-plan). Import into it with "
            '--plan "Fostering Sufficiency Plan", or give the new plan another name.',
        ),
        (
            "Fostering-Sufficiency Plan!",
            "--new-plan: there is a plan whose short name is fostering-sufficiency-plan already",
        ),
    ],
)
def test_new_plan_is_refused_naming_the_plan_called_so(
    store: Store, cli: Cli, name: str, refusal: str
) -> None:
    store.ensure_workspace("local")
    cli("fostering.csv", FIRST, "--plan", "Fostering Sufficiency Plan")
    code, out, err = cli("update.csv", SECOND, "--new-plan", name)
    assert code == 1 and out == ""
    assert refusal in err and "Nothing was imported." in err and "Traceback" not in err
    assert plans(store) == {"fostering-sufficiency-plan": ["1.1"]}


def test_plan_and_new_plan_are_not_given_together(store: Store, cli: Cli) -> None:
    store.ensure_workspace("local")
    with pytest.raises(SystemExit):
        cli("update.csv", SECOND, "--plan", "A plan", "--new-plan", "B plan")
    assert plans(store) == {}


def test_help_names_new_plan(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["import", "actions", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--new-plan NAME make a new plan called exactly NAME" in out


@pytest.mark.parametrize(
    ("file", "args", "named"),
    [
        ("update.csv", ("--plan", "plan"), "--plan “plan”"),
        ("update.csv", ("--plan", "Action Plan"), "--plan “Action Plan”"),
        ("update.csv", ("--new-plan", "the actions"), "--new-plan “the actions”"),
    ],
)
def test_a_new_plan_of_generic_words_only_is_refused(
    store: Store, cli: Cli, file: str, args: tuple[str, ...], named: str
) -> None:
    store.ensure_workspace("local")
    cli("fostering.csv", FIRST, "--plan", "Fostering Sufficiency Plan")
    code, out, err = cli(file, SECOND, *args)
    assert code == 1 and out == "", out
    assert f"{named} names no plan in particular" in err, err
    assert "give the plan's own name" in err and "Nothing was imported." in err
    assert plans(store) == {"fostering-sufficiency-plan": ["1.1"]}


def test_a_plan_called_a_generic_word_is_still_imported_into(store: Store, cli: Cli) -> None:
    # One made before generic names were refused keeps its imports.
    with seeded(store) as uow:
        make_plan(uow, "Action Plan")
    code, out, err = cli("update.csv", SECOND, "--plan", "action plan")
    assert code == 0, err
    assert out.startswith("Imported actions into Action Plan: 1 new")


@pytest.mark.parametrize(
    ("args", "file", "name", "slug"),
    [
        (("--plan", "Plan Café"), "update.csv", "Plan Café", "plan-cafe"),
        (
            ("--new-plan", "Cynllun Gwasanaethau Plant – ŵ"),
            "update.csv",
            "Cynllun Gwasanaethau Plant – ŵ",
            "cynllun-gwasanaethau-plant-w",
        ),
        (("--plan", "Søren's Ærø Plan"), "update.csv", "Søren's Ærø Plan", "soren-s-aero-plan"),
        ((), "Plan_Gofal_Maeth_Ŵyr.csv", "Plan Gofal Maeth Ŵyr", "plan-gofal-maeth-wyr"),
    ],
)
def test_accented_plan_names_make_slugs_of_their_plain_letters(
    store: Store, cli: Cli, args: tuple[str, ...], file: str, name: str, slug: str
) -> None:
    store.ensure_workspace("local")
    code, out, err = cli(file, SECOND, *args)
    assert code == 0, err
    assert out.startswith(f"Imported actions into {name}: 1 new")
    assert f"New plan {name} ({slug}) created" in out
    assert plans(store) == {slug: ["1.2"]}
    # Named again with or without its accents, it is the same plan, in an import and in chat.
    plain = slug.replace("-", " ")
    code, out, err = cli("update.csv", FIRST, "--plan", plain)
    assert code == 0, err
    assert out.startswith(f"Imported actions into {name}: 1 new")
    with store.unit_of_work("local") as uow:
        assert plan_named(uow.repos, name).slug == slug
        assert plan_named(uow.repos, plain.upper()).slug == slug
