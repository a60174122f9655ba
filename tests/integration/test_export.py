"""`csbot export actions|kpis FILE`: a plan or the KPI values as CSV, TSV or XLSX in the layout
the importers read. Imported into another workspace it gives the same plan and figures;
imported again where it came from it changes nothing. Refusals write no file."""

from __future__ import annotations

import csv
import errno
import io
import os
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.cli import main
from commands.demo import build_demo
from storage.models import Action, AuditEvent, Indicator, IndicatorValue, Plan, Section, Update
from storage.unit_of_work import Store
from tests.conftest import FIXTURES, Database
from tests.helpers import make_chat

PLANS = ["corporate-parenting-action-plan", "leeds-improvement-plan"]


@pytest.fixture
def demo(store: Store, database: Database, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The demo council in ``local`` (built for today, as the CLI's clock reads it) and an
    empty workspace ``T2``; the CLI points at the same database."""
    build_demo(store, "local", today=date.today())
    store.ensure_workspace("T2", name="Second council")
    monkeypatch.setenv("DATABASE_URL", database.url)
    return store


@pytest.fixture
def empty(store: Store, database: Database, monkeypatch: pytest.MonkeyPatch) -> Store:
    """A workspace ``local`` with nothing in it; the CLI points at the same database."""
    store.ensure_workspace("local", name="Local")
    monkeypatch.setenv("DATABASE_URL", database.url)
    return store


def cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run csbot (in workspace ``local`` unless ``argv`` names one)."""
    code = main(argv if "--workspace" in argv else ["--workspace", "local", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def plan_state(store: Store, workspace: str, slug: str) -> dict[str, Any]:
    """A plan as users see it: sections, and each action's fields and newest update's text."""
    with store.unit_of_work(workspace) as uow:
        plan = uow.session.scalar(
            select(Plan).where(Plan.workspace_id == uow.workspace_id, Plan.slug == slug)
        )
        assert plan is not None
        sections = uow.session.scalars(
            select(Section).where(Section.plan_id == plan.id).order_by(Section.position)
        ).all()
        actions = uow.repos.actions.in_plan(plan.id)
        latest = uow.repos.actions.latest_updates([a.id for a in actions])
        return {
            "sections": [(s.ref, s.title, s.lead_text) for s in sections],
            "actions": [
                (
                    a.ref,
                    a.title,
                    a.lead_text,
                    a.due_text,
                    a.due_date,
                    a.status,
                    a.extra,
                    latest[a.id].text if a.id in latest else "",
                )
                for a in actions
            ],
        }


def counts(store: Store) -> tuple[int, ...]:
    with store.session_factory() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(t)) or 0
            for t in (Action, Update, AuditEvent, Indicator, IndicatorValue)
        )


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".tsv"])
def test_an_exported_plan_imports_as_the_same_plan_elsewhere(
    demo: Store, tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for slug in PLANS:
        path = tmp_path / f"{slug}{suffix}"
        code, out, err = cli(["export", "actions", str(path), "--plan", slug], capsys)
        assert code == 0, err
        assert out.startswith("Exported ") and f"to {path}." in out
        with demo.unit_of_work("local") as uow:
            plan = uow.repos.plans.by_slug(slug)
            assert plan is not None
            name = plan.name
        code, out, err = cli(
            ["import", "actions", str(path), "--plan", name, "--workspace", "T2"], capsys
        )
        assert code == 0, err
        assert plan_state(demo, "T2", slug) == plan_state(demo, "local", slug)


def test_a_plan_imported_again_where_it_came_from_changes_nothing(
    demo: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    slug = PLANS[0]
    chat = make_chat(demo, datetime.now(UTC))  # after the demo's own updates
    reply = chat.say(f"actions update {slug}:1.1 Aspire met the Lead Member #on-track")
    assert reply.startswith("✔ Logged on 1.1")
    before, state = counts(demo), plan_state(demo, "local", slug)
    path = tmp_path / "plan.csv"
    assert cli(["export", "actions", str(path), "--plan", slug], capsys)[0] == 0
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["Plan: Corporate Parenting Action Plan"]
    assert rows[1] == ["Ref", "Provision", "Responsibility", "Timescale", "Status", "Progress"]
    assert rows[2][:2] == ["1.0", "STRONG AND EFFECTIVE CORPORATE PARENTING"]
    assert rows[3][0] == "Lead officer: Neelam Bhardwaja"
    [row] = [r for r in rows if r[0] == "1.1"]
    assert (row[4], row[5]) == ("On track", "Aspire met the Lead Member")
    with demo.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug(slug)
        assert plan is not None
        name = plan.name
    code, out, _ = cli(["import", "actions", str(path), "--plan", name], capsys)
    assert code == 0
    assert "0 new, 0 changed" in out and "Nothing changed." in out
    assert counts(demo) == before
    assert plan_state(demo, "local", slug) == state


def test_exported_kpis_import_as_the_same_figures_elsewhere_and_change_nothing_at_home(
    demo: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def figures(workspace: str) -> dict[str, Any]:
        with demo.unit_of_work(workspace) as uow:
            indicators = uow.repos.indicators.all()
            values = uow.repos.indicators.values_of([i.id for i in indicators])
            return {
                i.slug: (
                    i.name,
                    i.unit,
                    i.polarity,
                    i.owner_text,
                    sorted(i.aliases),
                    i.frequency,
                    i.amber_tolerance,
                    i.target,
                    [
                        (
                            v.period_key,
                            v.period_label,
                            v.period_kind,
                            v.value,
                            v.target,
                            v.numerator,
                            v.denominator,
                            v.england,
                            v.region,
                            v.statistical_neighbours,
                            v.note,
                            v.source,
                        )
                        for v in values[i.id]
                    ],
                )
                for i in indicators
            }

    path = tmp_path / "kpis.xlsx"
    code, out, err = cli(["export", "kpis", str(path)], capsys)
    assert code == 0, err
    assert out.startswith("Exported ") and " values of 13 indicators to " in out
    sheet = load_workbook(path).active
    assert sheet is not None
    assert isinstance(sheet["D2"].value, float | int)  # values are numbers in the workbook
    assert cli(["import", "kpis", str(path), "--workspace", "T2"], capsys)[0] == 0
    assert figures("T2") == figures("local")
    before = counts(demo)
    code, out, _ = cli(["import", "kpis", str(path)], capsys)
    assert code == 0 and "Nothing changed." in out
    assert counts(demo) == before


def test_text_that_looks_like_a_formula_is_never_run_and_comes_back_as_written(
    demo: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    slug = PLANS[1]
    chat = make_chat(demo, datetime.now(UTC))  # after the demo's own updates
    formula = '=HYPERLINK("http://example.invalid","click")'
    assert chat.say(f"actions update {slug}:1.1 {formula}").startswith("✔ Logged")
    path = tmp_path / "plan.csv"
    assert cli(["export", "actions", str(path), "--plan", slug], capsys)[0] == 0
    assert f"'{formula}".replace('"', '""') in path.read_text(encoding="utf-8-sig")
    book = tmp_path / "plan.xlsx"
    assert cli(["export", "actions", str(book), "--plan", slug], capsys)[0] == 0
    sheet = load_workbook(book).active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows() for c in row if c.value == formula]
    assert cells and all(c.data_type == "s" for c in cells)
    with demo.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug(slug)
        assert plan is not None
        name = plan.name
    assert (
        cli(["import", "actions", str(path), "--plan", name, "--workspace", "T2"], capsys)[0] == 0
    )
    assert plan_state(demo, "T2", slug) == plan_state(demo, "local", slug)


def test_export_to_standard_output(demo: Store, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(["export", "actions", "-", "--plan", "leeds"], capsys)
    assert code == 0
    assert out.splitlines()[0] == "Plan: Leeds Improvement Plan"
    assert out.splitlines()[1].startswith("Ref.,Priority,Lead,Timescale")
    assert err == "Exported Leeds Improvement Plan (12 actions in 4 sections) to standard output.\n"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["export", "actions", "{tmp}/plan.csv"], "Say which plan to export with --plan NAME"),
        (
            ["export", "actions", "{tmp}/plan.csv", "--plan", "corporate parenting"],
            "“corporate parenting” could be several plans",
        ),
        (
            ["export", "actions", "{tmp}/plan.csv", "--plan", "nonesuch"],
            "There is no plan called “nonesuch”",
        ),
        (["export", "kpis", "{tmp}/kpis.pdf"], "kpis.pdf: csbot writes .csv, .tsv and .xlsx"),
        (
            ["export", "kpis", "{tmp}/kpis"],
            "kpis has no suffix: csbot writes .csv, .tsv and .xlsx files (or - for CSV on "
            "standard output).",
        ),
        (["export", "kpis", "{tmp}/missing/kpis.csv"], "There is no folder {tmp}/missing"),
        (
            ["export", "kpis", "{tmp}"],
            "{tmp} is a folder: give the file to write, like {tmp}/kpis.xlsx",
        ),
        (
            ["export", "audit", "{tmp}"],
            "{tmp} is a folder: give the file to write, like {tmp}/audit.csv",
        ),
        (["export", "kpis", "{tmp}/old.csv"], "{tmp}/old.csv already exists: use --overwrite"),
        (
            ["export", "--workspace", "T2", "kpis", "{tmp}/kpis.csv"],
            "There are no indicators in this workspace yet",
        ),
    ],
)
def test_an_export_that_cannot_be_made_writes_no_file(
    demo: Store,
    tmp_path: Path,
    argv: list[str],
    expected: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "old.csv").write_text("keep me")
    before = sorted(p.name for p in tmp_path.iterdir())
    code, out, err = cli([a.replace("{tmp}", str(tmp_path)) for a in argv], capsys)
    assert (code, out) == (1, "")
    first, second = err.splitlines()
    assert first.startswith("Export refused: ")
    assert expected.replace("{tmp}", str(tmp_path)) in first
    assert second == "No file was written."
    assert "Nothing was changed" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert (tmp_path / "old.csv").read_text() == "keep me"


def test_overwrite_replaces_a_file(
    demo: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "kpis.csv"
    path.write_text("old")
    assert cli(["export", "kpis", str(path), "--overwrite"], capsys)[0] == 0
    assert path.read_text(encoding="utf-8-sig").startswith("Indicator,Slug,Period,Value")
    assert [p.name for p in folder.iterdir()] == ["kpis.csv"]  # no temporary file left


def _plan_name(store: Store, slug: str) -> str:
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug(slug)
        assert plan is not None
        return plan.name


def test_the_actions_arising_plan_round_trips_with_its_dates(
    demo: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its sections are named by meeting, not numbered, and its actions are due "Before CPAC
    …", the day before the meeting: written as that date, and kept as those words at home."""
    slug = "cpac-actions-arising"
    path = tmp_path / "arising.csv"
    assert cli(["export", "actions", str(path), "--plan", slug], capsys)[0] == 0
    text = path.read_text(encoding="utf-8-sig")
    assert "Section: Actions arising from CPAC " in text
    before, state = counts(demo), plan_state(demo, "local", slug)
    # Its name does not make its slug (it was made from minutes): it is named by the slug.
    code, out, _ = cli(["import", "actions", str(path), "--plan", slug], capsys)
    assert code == 0 and "Nothing changed." in out, out
    assert counts(demo) == before and plan_state(demo, "local", slug) == state
    assert any(a[3].startswith("Before CPAC ") for a in state["actions"])
    assert (
        cli(["import", "actions", str(path), "--plan", slug, "--workspace", "T2"], capsys)[0] == 0
    )
    elsewhere = plan_state(demo, "T2", slug)
    assert [s[1:] for s in elsewhere["sections"]] == [s[1:] for s in state["sections"]]

    def dated(p: dict[str, Any]) -> list[tuple[Any, ...]]:
        return [(a[0], a[1], a[4], a[5], a[7]) for a in p["actions"]]  # no due words

    assert dated(elsewhere) == dated(state)


def test_relative_timescales_are_written_as_their_dates(
    demo: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    slug = PLANS[1]
    chat = make_chat(demo, datetime.now(UTC))
    # Typed in chat, words read from today are kept as the date they name...
    assert chat.say(f"actions due {slug}:1.1 next Friday").startswith("✔ ")
    with demo.unit_of_work("local") as uow:
        [action] = [a for a in uow.repos.actions.by_ref("1.1") if a.plan.slug == slug]
        assert action.due_date is not None
        due = action.due_date
        assert action.due_text == f"{due.day} {due:%b %Y}"
        # ...but a file can still give them (imported today, they name that date): the
        # words still name the date, but read next month, or elsewhere, would not.
        action.due_text = "next Friday"
        uow.commit()
    path = tmp_path / "plan.csv"
    assert cli(["export", "actions", str(path), "--plan", slug], capsys)[0] == 0
    with path.open(encoding="utf-8-sig", newline="") as fh:
        [row] = [r for r in csv.reader(fh) if r[0] == "1.1"]
    assert row[3] == f"{due.day} {due:%b %Y}"
    name = _plan_name(demo, slug)
    assert (
        cli(["import", "actions", str(path), "--plan", name, "--workspace", "T2"], capsys)[0] == 0
    )
    assert plan_state(demo, "T2", slug)["actions"][0][4] == due


def test_progress_survives_a_status_change_and_quoted_text_is_not_logged_twice(
    demo: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    slug = PLANS[0]
    chat = make_chat(demo, datetime.now(UTC))
    assert chat.say(f"actions update {slug}:1.1 '=already quoted").startswith("✔ Logged")
    assert chat.say(f"actions update {slug}:1.2 Leaflets printed").startswith("✔ Logged")
    later = make_chat(demo, datetime.now(UTC) + timedelta(minutes=1))
    assert later.say(f"actions done {slug}:1.2").startswith("✔ ")
    name = _plan_name(demo, slug)
    for suffix in (".csv", ".xlsx"):
        path = tmp_path / f"plan{suffix}"
        assert cli(["export", "actions", str(path), "--plan", slug], capsys)[0] == 0
        if suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as fh:
                rows = {r[0]: r for r in csv.reader(fh)}
            assert rows["1.1"][5] == "''=already quoted"
            assert (rows["1.2"][4], rows["1.2"][5]) == ("Achieved", "Leaflets printed")
        before, state = counts(demo), plan_state(demo, "local", slug)
        code, out, _ = cli(["import", "actions", str(path), "--plan", name], capsys)
        assert code == 0 and "Nothing changed." in out, out
        assert counts(demo) == before  # nothing written, the audit trail included
        assert plan_state(demo, "local", slug) == state


def test_kpi_exports_keep_standing_targets_and_tiny_figures(
    empty: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty.ensure_workspace("T2", name="Second council")
    wide = tmp_path / "wide.csv"
    wide.write_text(
        "Indicator,Slug,Unit,Polarity,Target,Q1 2025/26,Q2 2025/26\n"
        "Care proceedings duration,care-proceedings,weeks,lower,26,31,29\n"
        "Tiny ratio,tiny,score,lower,0.00005,0.00001,0.00002\n"
    )
    assert cli(["import", "kpis", str(wide)], capsys)[0] == 0
    path = tmp_path / "kpis.csv"
    assert cli(["export", "kpis", str(path)], capsys)[0] == 0
    text = path.read_text(encoding="utf-8-sig")
    assert "0.00001" in text and "e-0" not in text
    assert cli(["import", "kpis", str(path), "--workspace", "T2"], capsys)[0] == 0
    for slug, target in (("care-proceedings", 26.0), ("tiny", 0.00005)):
        for workspace in ("local", "T2"):
            with empty.unit_of_work(workspace) as uow:
                indicator = uow.repos.indicators.by_slug(slug)
                assert indicator is not None and indicator.target == target
    assert "Target: 26 weeks" in make_chat(empty, datetime.now(UTC), "T2").say(
        "kpi care-proceedings"
    )


def test_a_plan_keeps_its_column_order_and_a_name_excel_refuses_as_a_sheet_title(
    empty: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text("Action,No,Lead,-Notes\nRecruit two social workers,1,Fiona Smith,urgent\n")
    name = "Improvement Plan 2026/27 [draft]"
    assert cli(["import", "actions", str(plan), "--plan", name], capsys)[0] == 0
    out = tmp_path / "out.csv"
    assert cli(["export", "actions", str(out)], capsys)[0] == 0
    title, header = out.read_text(encoding="utf-8-sig").splitlines()[:2]
    assert title == f"Plan: {name}"
    assert header.startswith("Action,No,Lead,'-Notes,")
    book = tmp_path / "out.xlsx"
    code, _, err = cli(["export", "actions", str(book)], capsys)
    assert code == 0, err
    sheet = load_workbook(book).active
    assert sheet is not None and sheet.title == "Improvement Plan 2026-27 -draft"


def test_a_header_that_looks_like_a_formula_is_text_in_a_workbook(
    empty: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A plan keeps its file's headers, extra columns too: in a workbook a header starting
    with ``=`` is text, as in CSV, never a formula Excel would run when the file is opened."""
    header = '=HYPERLINK("http://example.invalid","Notes")'
    plan = tmp_path / "plan.csv"
    quoted = header.replace('"', '""')
    plan.write_text(f'No,Action,Lead,"{quoted}"\n1,Recruit two social workers,Fiona Smith,x\n')
    assert cli(["import", "actions", str(plan), "--plan", "Formula plan"], capsys)[0] == 0
    book = tmp_path / "out.xlsx"
    code, _, err = cli(["export", "actions", str(book)], capsys)
    assert code == 0, err
    sheet = load_workbook(book).active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows(max_row=2) for c in row if c.value == header]
    assert cells and all(c.data_type == "s" for c in cells), [c.data_type for c in cells]
    out = tmp_path / "out.csv"
    assert cli(["export", "actions", str(out)], capsys)[0] == 0
    assert f"'{quoted}" in out.read_text(encoding="utf-8-sig").splitlines()[1]


def test_files_get_the_usual_permissions_and_unwritable_places_are_one_line(
    demo: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = os.umask(0o022)
    try:
        new = tmp_path / "new.csv"
        assert cli(["export", "kpis", str(new)], capsys)[0] == 0
        assert new.stat().st_mode & 0o777 == 0o644
        shared = tmp_path / "shared.csv"
        shared.write_text("old")
        shared.chmod(0o664)
        assert cli(["export", "kpis", str(shared), "--overwrite"], capsys)[0] == 0
        assert shared.stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(old)
    code, out, err = cli(["export", "kpis", "/proc/csbot-export.csv"], capsys)
    assert (code, out) == (1, "")
    assert err.startswith("Export refused: Could not write in /proc: ")
    assert "Traceback" not in err and err.endswith("No file was written.\n")


def test_a_full_device_on_standard_output_is_one_line(
    demo: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sys, "stdout", Full())
    code = main(["--workspace", "local", "export", "kpis", "-"])
    err = capsys.readouterr().err
    assert code == 1
    assert err == (
        "Export refused: Could not write to standard output: No space left on device.\n"
        "No file was written.\n"
    )


@pytest.mark.parametrize("slug", [*PLANS, "cpac-actions-arising"])
def test_without_plan_an_export_imports_as_the_plan_it_came_from(
    demo: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str], slug: str
) -> None:
    """The file starts with the plan's name (and its slug, when the name does not make it):
    imported elsewhere without --plan it is the same plan, and at home it changes nothing."""
    path = tmp_path / "export.xlsx"
    assert cli(["export", "actions", str(path), "--plan", slug], capsys)[0] == 0
    name = _plan_name(demo, slug)
    state = plan_state(demo, "local", slug)
    code, out, _ = cli(["import", "actions", str(path)], capsys)
    assert code == 0 and f"into {name}:" in out and "Nothing changed." in out, out
    assert plan_state(demo, "local", slug) == state
    assert cli(["import", "actions", str(path), "--workspace", "T2"], capsys)[0] == 0
    with demo.unit_of_work("T2") as uow:
        [plan] = uow.repos.plans.all()
        assert (plan.name, plan.slug) == (name, slug)


def test_importing_an_export_does_not_let_the_councils_file_undo_chat_changes_later(
    empty: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The council's file, a change in chat, the plan exported and imported back, then the
    council's file again: the change made in chat stays."""
    council = FIXTURES / "plans" / "leeds_improvement.tsv"
    assert cli(["import", "actions", str(council)], capsys)[0] == 0
    chat = make_chat(empty, datetime.now(UTC))
    assert chat.say("actions due 2.3 31/3/2027").startswith("✔ ")
    assert chat.say("actions update 2.5 Workloads reviewed #at-risk").startswith("✔ Logged")
    state = plan_state(empty, "local", "leeds-improvement")
    export = tmp_path / "export.csv"
    assert cli(["export", "actions", str(export)], capsys)[0] == 0
    before = counts(empty)
    code, out, _ = cli(["import", "actions", str(export)], capsys)
    assert code == 0 and "Nothing changed." in out
    assert counts(empty) == before  # not even the audit trail: nothing was written
    code, out, _ = cli(["import", "actions", str(council)], capsys)
    assert code == 0 and "Nothing changed." in out, out
    assert plan_state(empty, "local", "leeds-improvement") == state
