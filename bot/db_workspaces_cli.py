"""``csbot db workspaces`` and ``csbot db delete-workspace ID [--confirm ID]``: the
workspaces a (shared) database holds, and erasing one whole when its council leaves."""

from __future__ import annotations

import argparse
import sys

from bot.cli import EXIT_ERROR, EXIT_OK, CliError, database_errors, open_store, shown_url
from bot.config import Settings
from bot.db_copy_cli import missing_file_hint, missing_sqlite_file
from storage.unit_of_work import Store
from storage.workspace_erase import (
    EraseRefused,
    WorkspaceHoldings,
    erase_workspace,
    list_workspaces,
    workspace_holdings,
)

NOTHING = "Nothing was deleted."


def _line(held: WorkspaceHoldings) -> str:
    last = held.last_change.strftime("%Y-%m-%d %H:%M UTC") if held.last_change else "never"
    return (
        f"{held.key}  {held.platform}  “{held.name}”: {held.counted()}; "
        f"created {held.created_at:%Y-%m-%d}, last change {last}"
    )


def cmd_db_workspaces(args: argparse.Namespace, settings: Settings) -> int:
    """List the workspaces, or delete one (``delete-workspace``)."""
    if args.workspace:
        raise CliError(
            "--workspace does not apply here: `csbot db workspaces` lists them all, and "
            "`csbot db delete-workspace ID` names the one to delete."
        )
    url = settings.effective_database_url()
    if missing_sqlite_file(url):
        # Opening it would make an empty database there, and a mistyped DATABASE_URL look
        # like a database with no workspace.
        named = "DATABASE_URL names" if settings.database_url else "set DATABASE_URL to"
        shown = shown_url(settings.database_url.strip() or url)
        raise CliError(
            f"There is no database at {shown} ({named} the one csbot uses)."
            + missing_file_hint(url)
        )
    store = open_store(settings)
    try:
        with database_errors(url):
            if args.db_command == "workspaces":
                return _list(store)
            return _delete(store, args.key.strip(), (args.confirm or "").strip())
    finally:
        store.engine.dispose()


def _list(store: Store) -> int:
    found = list_workspaces(store)
    if not found:
        print("The database holds no workspace yet.")
    for held in found:
        print(_line(held))
    return EXIT_OK


def _delete(store: Store, key: str, confirm: str) -> int:
    if not key:
        raise CliError("Name the workspace to delete: csbot db delete-workspace ID.")
    held = workspace_holdings(store, key)
    if held is None:
        known = ", ".join(h.key for h in list_workspaces(store)) or "none"
        raise CliError(f"There is no workspace “{key}” (workspaces: {known}). {NOTHING}")
    if confirm != key:
        said = f"--confirm {confirm} is not the same id. " if confirm else ""
        print(f"Would delete {_line(held)}.")
        print(
            f"{said}This deletes its plans, actions, updates, KPIs, meetings, people and audit "
            "trail for good (and any Slack installation stored for it). Uninstall the app from "
            "that workspace first, or its next request starts an empty workspace (a running "
            "`csbot serve` sees it gone within a minute). To delete it: "
            f"csbot db delete-workspace {key} --confirm {key}. {NOTHING}"
        )
        return EXIT_ERROR
    try:
        erase_workspace(store, key)
    except EraseRefused as exc:
        raise CliError(f"{exc}. {NOTHING}") from exc
    except KeyboardInterrupt:
        # Stopped inside the transaction, it was rolled back; stopped as it ended, the delete
        # may have been committed: the database says which.
        if workspace_holdings(store, key) is None:
            print(f"csbot: Interrupted, but workspace {key} was deleted.", file=sys.stderr)
        else:
            print(f"csbot: Interrupted. {NOTHING}", file=sys.stderr)
        return EXIT_ERROR
    print(f"Deleted workspace {held.key} (“{held.name}”): {held.counted()}.")
    return EXIT_OK
