"""``csbot import``: --workspace before or after the kind; a closed pipe ends quietly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import build_parser, main
from storage.unit_of_work import Store
from tests.conftest import Database

PLAN = "Ref,Action,Lead,Timescale,Status\n1.1,Recruit IROs,Fiona Smith,2026-03-31,Green\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["import", "--workspace", "T2", "actions", "plan.csv"],
        ["import", "actions", "--workspace", "T2", "plan.csv"],
        ["--workspace", "T2", "import", "actions", "plan.csv"],
        ["jobs", "--workspace", "T2", "run-due"],
        ["say", "--workspace", "T2", "hello"],
    ],
)
def test_workspace_is_kept_wherever_it_is_given(argv: list[str]) -> None:
    assert build_parser().parse_args(argv).workspace == "T2"


def test_import_into_the_workspace_named_before_the_kind(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store.ensure_workspace("T1", name="One")
    store.ensure_workspace("T2", name="Two")
    monkeypatch.setenv("DATABASE_URL", database.url)
    (tmp_path / "plan.csv").write_text(PLAN, encoding="utf-8")
    assert main(["import", "--workspace", "T2", "actions", str(tmp_path / "plan.csv")]) == 0
    assert "1 new" in capsys.readouterr().out
    with store.unit_of_work("T2") as uow:
        assert len(uow.repos.actions.by_ref("1.1")) == 1


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    code = (
        "import sys; from bot import cli\n"
        "cli.cmd_say = lambda a, s: (print('line\\n' * 200000), 0)[1]\n"
        "sys.exit(cli.main(['say', 'help']))\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipeError" not in err
