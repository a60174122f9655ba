"""`csbot db workspaces` and `csbot db delete-workspace ID --confirm ID`: a council leaving a
shared csbot has everything of its own deleted, in one transaction, and nothing of anybody
else's; without the confirmation, or when a row would be left, nothing is deleted."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.cli import main
from bot.slack.installation_store import DbInstallationStore
from commands.demo import build_demo
from storage import workspace_erase
from storage.models import SlackBot, SlackEvent, SlackInstallation
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.factories import leeds_world
from tests.helpers import make_chat
from tests.slack.installs import installation

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
LEAVING = "T0LEAVING"


def _world(store: Store) -> None:
    build_demo(store, "local", today=TODAY)
    store.ensure_workspace(LEAVING, platform="slack", name="Leaving council")
    leeds_world(store, LEAVING)
    DbInstallationStore(store, "1.2").save(installation(LEAVING, bot_token="xoxb-leaving"))
    with store.session_factory() as session, session.begin():
        for team in (LEAVING, "T0STAYING"):
            session.add(SlackEvent(event_id=f"Ev{team}", team_id=team, kind="message"))


def _id(store: Store, key: str) -> int:
    with store.session_factory() as session:
        found = store.workspace_id(session, key)
    assert found is not None
    return found


def _rows_by_table(store: Store, key: str, workspace_id: int | None = None) -> dict[str, int]:
    workspace_id = workspace_id or _id(store, key)
    with store.session_factory() as session:
        return {
            table.name: int(
                session.scalar(
                    select(func.count())
                    .select_from(table)
                    .where(table.c.workspace_id == workspace_id)
                )
                or 0
            )
            for table in workspace_erase._scoped_tables()
        }


def _slack_rows(store: Store) -> tuple[int, int, list[str]]:
    with store.session_factory() as session:
        bots = session.scalar(select(func.count()).select_from(SlackBot)) or 0
        installs = session.scalar(select(func.count()).select_from(SlackInstallation)) or 0
        events = list(session.scalars(select(SlackEvent.team_id).order_by(SlackEvent.team_id)))
        return bots, installs, events


def _run(
    database: Database,
    argv: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> tuple[int, str, str]:
    monkeypatch.setenv("DATABASE_URL", database.url)
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_leaving_workspace_is_deleted_whole_and_nobody_elses_row(
    store: Store,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _world(store)
    local_before = _rows_by_table(store, "local")
    leaving_before = _rows_by_table(store, LEAVING)
    leaving_id = _id(store, LEAVING)
    assert leaving_before["action"] and leaving_before["person"] and leaving_before["audit_event"]

    code, out, _ = _run(database, ["db", "workspaces"], monkeypatch, capsys)
    assert code == 0
    local_line, leaving_line = out.strip().splitlines()
    assert local_line.startswith("local  local  “Local”: ")
    assert leaving_line.startswith(f"{LEAVING}  slack  “Leaving council”: ")
    assert f"{leaving_before['action']} actions" in leaving_line

    # Without the confirmation, or with another id, nothing is deleted.
    for extra in ([], ["--confirm", "local"]):
        code, out, _ = _run(
            database, ["db", "delete-workspace", LEAVING, *extra], monkeypatch, capsys
        )
        assert code == 1 and out.endswith("Nothing was deleted.\n")
        assert f"csbot db delete-workspace {LEAVING} --confirm {LEAVING}" in out
    assert _rows_by_table(store, LEAVING) == leaving_before

    code, out, _ = _run(
        database, ["db", "delete-workspace", LEAVING, "--confirm", LEAVING], monkeypatch, capsys
    )
    assert code == 0
    assert out.startswith(f"Deleted workspace {LEAVING} (“Leaving council”): ")
    store.forget_workspace_id(LEAVING)  # this process's cache (the CLI had its own store)
    assert LEAVING not in store.workspace_keys()
    left = _rows_by_table(store, LEAVING, leaving_id)
    assert left.keys() == leaving_before.keys() and not any(left.values())
    assert _rows_by_table(store, "local") == local_before
    assert _slack_rows(store) == (0, 0, ["T0STAYING"])
    # The staying council works as before.
    reply = make_chat(store, NOW).say("actions mine", as_="Fiona Smith")
    assert "Outstanding actions for Fiona Smith" in reply


def test_nothing_is_deleted_when_a_row_would_be_left(
    store: Store,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _world(store)
    before = _rows_by_table(store, LEAVING)
    monkeypatch.setattr(workspace_erase, "rows_left", lambda session, wid: ["action"])
    code, _, err = _run(
        database, ["db", "delete-workspace", LEAVING, "--confirm", LEAVING], monkeypatch, capsys
    )
    assert code == 1
    assert "Rows of action would be left behind" in err and "Nothing was deleted." in err
    assert LEAVING in store.workspace_keys()
    assert _rows_by_table(store, LEAVING) == before
    assert _slack_rows(store) == (1, 1, [LEAVING, "T0STAYING"])


def test_an_unknown_workspace_is_named_and_nothing_deleted(
    store: Store,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _world(store)
    code, _, err = _run(
        database,
        ["db", "delete-workspace", "T0NOBODY", "--confirm", "T0NOBODY"],
        monkeypatch,
        capsys,
    )
    assert code == 1
    assert f"There is no workspace “T0NOBODY” (workspaces: local, {LEAVING})" in err
    assert LEAVING in store.workspace_keys()


def _interrupt(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


def test_an_interrupted_delete_says_what_became_of_the_workspace(
    store: Store,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Ctrl-C during a delete ended it with exit 1 and not a word: deleted or not?"""
    _world(store)
    before = _rows_by_table(store, LEAVING)
    argv = ["db", "delete-workspace", LEAVING, "--confirm", LEAVING]
    with monkeypatch.context() as inside:  # stopped inside the transaction
        inside.setattr(workspace_erase, "rows_left", _interrupt)
        code, out, err = _run(database, argv, monkeypatch, capsys)
    assert (code, out) == (1, "")
    assert err == "csbot: Interrupted. Nothing was deleted.\n"
    assert _rows_by_table(store, LEAVING) == before
    assert _slack_rows(store) == (1, 1, [LEAVING, "T0STAYING"])
    with monkeypatch.context() as after:  # stopped once the transaction was committed
        after.setattr(Store, "forget_workspace_id", _interrupt)
        code, out, err = _run(database, argv, monkeypatch, capsys)
    assert (code, out) == (1, "")
    assert err == f"csbot: Interrupted, but workspace {LEAVING} was deleted.\n"
    store.forget_workspace_id(LEAVING)
    assert LEAVING not in store.workspace_keys()


TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"  # a Teams tenant id (made up), 36 characters


def test_a_teams_tenants_request_ledger_goes_with_it(
    store: Store,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The ledger keeps a Teams tenant's id cut to 32 characters: matched on the whole id,
    the tenant's rows were left behind."""
    _world(store)
    store.ensure_workspace(TENANT, platform="teams", name="Leaving Teams council")
    with store.unit_of_work(TENANT) as uow:
        assert uow.claim_request("teams-activity-1")
        uow.commit()
    with store.unit_of_work(LEAVING) as uow:
        assert uow.claim_request("slack-request-1")
        uow.commit()
    argv = ["db", "delete-workspace", TENANT, "--confirm", TENANT]
    code, out, _ = _run(database, argv, monkeypatch, capsys)
    assert code == 0 and out.startswith(f"Deleted workspace {TENANT} ")
    assert _slack_rows(store) == (1, 1, [LEAVING, LEAVING, "T0STAYING"])


def test_an_orgs_workspace_takes_its_org_wide_install_not_its_teams_own(
    store: Store,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    org, team = "E0ORG0001", "T0INORG01"
    store.ensure_workspace(org, platform="slack", name="Org")
    store.ensure_workspace(team, platform="slack", name="A team of the org")
    installations = DbInstallationStore(store, "1.2")
    for team_id in (None, team):  # the org-wide install, and the team's own
        installations.save(installation(team_id, org=org))
    code, _, _ = _run(
        database, ["db", "delete-workspace", org, "--confirm", org], monkeypatch, capsys
    )
    assert code == 0
    with store.session_factory() as session:
        left = session.execute(
            select(SlackBot.enterprise_id, SlackBot.team_id).order_by(SlackBot.id)
        ).all()
    assert [tuple(r) for r in left] == [(org, team)]  # the team's own install stays
    assert installations.bot_token(team) == f"xoxb-{team}"


def test_a_database_file_that_is_not_there_is_named_not_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo" / "csbot.db"
    for argv in (["db", "workspaces"], ["db", "delete-workspace", "T1", "--confirm", "T1"]):
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{missing}")
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert f"There is no database at sqlite:///{missing} (DATABASE_URL names" in err
    assert not missing.exists()
