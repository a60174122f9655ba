"""The store remembers workspace ids: found keys cost no query, unknown keys are not cached."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import event

from commands.context import Caller, MessageContext
from commands.core import Core
from commands.views import Notice
from storage import unit_of_work
from storage.unit_of_work import Store, WorkspaceNotFound
from storage.workspace_erase import erase_workspace


@contextmanager
def statements(store: Store) -> Iterator[list[str]]:
    """The SQL statements sent while the block runs."""
    sent: list[str] = []

    def record(_conn: Any, _cur: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(store.engine, "before_cursor_execute", record)


def _workspace_lookups(sent: list[str]) -> list[str]:
    return [s for s in sent if "WHERE workspace.key =" in " ".join(s.replace('"', "").split())]


def test_workspace_id_is_looked_up_once(store: Store) -> None:
    with store.unit_of_work("local") as uow:
        first = uow.workspace_id
    with statements(store) as sent, store.unit_of_work("local") as uow:
        assert uow.workspace_id == first
        assert uow.workspace.key == "local"
    assert _workspace_lookups(sent) == []


def test_unknown_workspace_is_not_cached(store: Store) -> None:
    with pytest.raises(WorkspaceNotFound), store.unit_of_work("later"):
        pass
    store.ensure_workspace("later", name="Created later")
    with store.unit_of_work("later") as uow:
        assert uow.workspace.name == "Created later"
        assert uow.repos.actions.workspace_id == uow.workspace_id


def test_cached_ids_keep_workspaces_apart(store: Store) -> None:
    store.ensure_workspace("other", name="Other")
    with store.unit_of_work("local") as uow:
        local = uow.workspace_id
    with store.unit_of_work("other") as uow:
        other = uow.workspace_id
    assert local != other
    with store.unit_of_work("local") as uow:
        assert uow.workspace_id == local and uow.workspace.key == "local"
    with store.unit_of_work("other") as uow:
        assert uow.workspace_id == other and uow.workspace.key == "other"


def test_core_reports_unknown_workspace_then_serves_it_once_created(
    store: Store, frozen_now: datetime
) -> None:
    core = Core(store, clock=lambda: frozen_now)
    msg = MessageContext(workspace="T-NEW", caller=Caller(platform="slack", user_id="U1"))
    before = core.handle(msg, "/actions mine")
    assert before is not None and isinstance(before.reply, Notice)
    assert "There is no workspace" in before.reply.text
    store.ensure_workspace("T-NEW", platform="slack", name="New")
    after = core.handle(msg, "/actions mine")
    assert after is not None
    assert "There is no workspace" not in getattr(after.reply, "text", "")


def test_chat_command_loads_workspace_with_the_caller(store: Store, frozen_now: datetime) -> None:
    core = Core(store, clock=lambda: frozen_now)
    msg = MessageContext(workspace="local", caller=Caller(platform="slack", user_id="U1"))
    core.handle(msg, "/actions mine")  # creates the chat user, caches the workspace id
    with statements(store) as sent:
        core.handle(msg, "/actions mine")
    # The workspace row comes with the chat user: no query of its own, by key or by id.
    assert not [
        s for s in sent if s.lstrip().startswith("SELECT workspace.id") and "chat_user" not in s
    ]


def test_ensuring_a_known_workspace_costs_no_query(store: Store) -> None:
    assert not store.workspace_known("T0NEW")
    store.ensure_workspace("T0NEW", platform="slack", name="New")
    store.ensure_workspace("T0NEW", platform="slack", name="New")  # finds it, caches its id
    assert store.workspace_known("T0NEW") and "T0NEW" in store.workspace_keys()
    with statements(store) as sent:
        store.ensure_workspace("T0NEW", platform="slack", name="New")
    assert sent == []


def test_a_workspace_deleted_by_another_process_is_seen_gone_in_time(
    store: Store, frozen_now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`csbot db delete-workspace` runs in a process of its own: a running server, which had
    the workspace's id cached, reads it again within WORKSPACE_ID_TTL_S, and the council's
    next request (a reinstall) starts a new workspace instead of failing on the old id."""
    clock = [1000.0]
    monkeypatch.setattr(unit_of_work.time, "monotonic", lambda: clock[0])
    core = Core(store, clock=lambda: frozen_now)
    msg = MessageContext(workspace="T0GONE", caller=Caller(platform="slack", user_id="U1"))
    store.ensure_workspace("T0GONE", platform="slack", name="Leaving")
    assert core.handle(msg, "/actions mine") is not None
    with store.session_factory() as session:
        assert store.workspace_id(session, "T0GONE") is not None

    erase_workspace(Store(store.engine), "T0GONE")  # the CLI's store: its own cache

    clock[0] += unit_of_work.WORKSPACE_ID_TTL_S - 1
    assert store.workspace_known("T0GONE")  # still trusted, without a query
    clock[0] += 2
    assert not store.workspace_known("T0GONE")
    with store.session_factory() as session:
        assert store.workspace_id(session, "T0GONE") is None
    store.ensure_workspace("T0GONE", platform="slack", name="Back again")
    with store.session_factory() as session:
        new = store.workspace_id(session, "T0GONE")
    assert new is not None  # SQLite may give the old id again, PostgreSQL a new one
    answer = core.handle(msg, "/actions mine")
    assert answer is not None and "There is no workspace" not in getattr(answer.reply, "text", "")
    with store.unit_of_work("T0GONE") as uow:
        assert uow.workspace_id == new and uow.workspace.name == "Back again"
