"""Importing into a Slack team's workspace before anybody there has talked to csbot (the
officer setting csbot up imports the plan first, with ``--workspace T…``) is refused, saying
what makes the workspace and to run the import again then; nothing is written."""

from __future__ import annotations

from pathlib import Path

from storage.unit_of_work import Store
from tests.conftest import FIXTURES, Database
from tests.helpers import run_cli


def test_a_slack_workspace_not_made_yet_is_explained(
    store: Store, database: Database, tmp_path: Path
) -> None:
    plan = FIXTURES / "plans" / "care_matters.csv"
    refused = run_cli(
        database.url, tmp_path, "import", "actions", str(plan), "--workspace", "T0123ABCD"
    )
    assert refused.returncode == 1
    assert "There is no workspace “T0123ABCD”. Workspaces: " in refused.stderr
    assert "made the first time somebody there talks to csbot" in refused.stderr
    assert "then run this again." in refused.stderr and "Traceback" not in refused.stderr
    assert "T0123ABCD" not in store.workspace_keys()


def test_a_pasted_workspace_id_with_spaces_around_it_is_read(
    store: Store, database: Database, tmp_path: Path
) -> None:
    store.ensure_workspace("T0PASTED1", platform="slack", name="Pasted")
    store.ensure_workspace("T0OTHER01", platform="slack", name="Other")
    plan = FIXTURES / "plans" / "care_matters.csv"
    done = run_cli(
        database.url, tmp_path, "import", "actions", str(plan), "--workspace", " T0PASTED1 "
    )
    assert done.returncode == 0, done.stderr
    with store.unit_of_work("T0PASTED1") as uow:
        assert uow.repos.plans.all()


def test_the_demo_waits_for_a_slack_workspace_to_be_made(
    store: Store, database: Database, tmp_path: Path
) -> None:
    """Built first, the demo's workspace would stay a local one: its summaries would go to
    the console, never to Slack."""
    refused = run_cli(database.url, tmp_path, "demo", "--tour", "--workspace", "T0DEMO123")
    assert refused.returncode == 1
    assert "There is no workspace “T0DEMO123”." in refused.stderr, refused.stderr
    assert "made the first time somebody there talks to csbot" in refused.stderr
    assert "T0DEMO123" not in store.workspace_keys()
    store.ensure_workspace("T0DEMO123", platform="slack", name="T0DEMO123")
    built = run_cli(database.url, tmp_path, "demo", "--tour", "--workspace", "T0DEMO123")
    assert built.returncode == 0, built.stderr
    with store.unit_of_work("T0DEMO123") as uow:
        assert uow.workspace.platform == "slack"
        assert uow.repos.plans.all()
