"""Read-only commands on PostgreSQL run without a transaction (no BEGIN, no COMMIT), and so
does logging a channel update, whose one write is a statement whole on its own; any other
write the work turns out to need runs it again in an ordinary transaction, audited, whole."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import pytest
from sqlalchemy import event, insert, select

from commands.core import Core
from commands.views import ActionList, UpdateLogged
from storage.models import AuditEvent, ChatUser, Person, Update
from storage.unit_of_work import READ_ONLY_OPTION, NeedsTransaction, Store
from storage.write_guard import ATOMIC_WRITE_OPTION, WriteAfterAtomicWrite
from tests.factories import chat_message, leeds_world, link_channel, link_chat_user, seeded


@pytest.fixture
def core(store: Store, frozen_now: datetime) -> Core:
    leeds_world(store)
    return Core(store, clock=lambda: frozen_now)


@contextmanager
def statements(store: Store) -> Iterator[list[tuple[str, bool]]]:
    """Each statement sent while inside, with whether it ran as a read-only unit's."""
    seen: list[tuple[str, bool]] = []

    def record(conn, _cursor, statement, _params, _ctx, _many) -> None:  # type: ignore[no-untyped-def]
        read_only = bool(conn.get_execution_options().get(READ_ONLY_OPTION))
        seen.append((statement.split(None, 1)[0].upper(), read_only))

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", record)


def test_a_read_command_of_a_known_caller_runs_without_a_transaction_on_postgresql(
    store: Store, core: Core
) -> None:
    with seeded(store) as uow:
        jackie = uow.repos.people.person_by_key("jackie wilson")
        link_chat_user(uow, "slack", "U1", jackie)
    with statements(store) as seen:
        outcome = core.handle(chat_message("U1"), "/actions mine")
    assert outcome is not None and isinstance(outcome.reply, ActionList)
    assert [i.ref for i in outcome.reply.items] == ["3.1", "2.3", "2.4"]
    assert seen and {verb for verb, _ in seen} == {"SELECT"}
    expected = store.engine.dialect.name == "postgresql"
    assert all(read_only is expected for _, read_only in seen), seen


def test_a_first_time_caller_of_a_read_command_is_linked_in_a_transaction(
    store: Store, core: Core
) -> None:
    with statements(store) as seen:
        outcome = core.handle(chat_message("U9", real_name="Jackie Wilson"), "/actions mine")
    assert outcome is not None and isinstance(outcome.reply, ActionList)
    assert [i.ref for i in outcome.reply.items] == ["3.1", "2.3", "2.4"]
    writes = [(verb, read_only) for verb, read_only in seen if verb != "SELECT"]
    # Nothing was written by the read-only attempt: every write ran in the transaction.
    assert writes and not any(read_only for _, read_only in writes)
    if store.engine.dialect.name == "postgresql":
        assert any(read_only for _, read_only in seen)  # the attempt that stopped
    with store.unit_of_work("local") as uow:
        users = uow.session.scalars(select(ChatUser).where(ChatUser.external_id == "U9")).all()
        assert len(users) == 1 and users[0].person_id is not None
        audited = uow.session.scalars(
            select(AuditEvent.change).where(
                AuditEvent.entity == "chat_user", AuditEvent.entity_id == users[0].id
            )
        ).all()
    assert "create" in audited


def test_a_read_only_unit_of_work_refuses_a_write_before_sending_it(store: Store) -> None:
    if store.engine.dialect.name != "postgresql":
        # SQLite has no round trips to save: a read-only unit is an ordinary transaction.
        assert not store.reads_without_transaction
        with store.unit_of_work("local", read_only=True) as uow:
            uow.session.add(Person(workspace_id=uow.workspace_id, name="Ann Lee", name_key="x"))
            uow.session.flush()
        return
    assert store.reads_without_transaction
    with (
        pytest.raises(NeedsTransaction),
        store.unit_of_work("local", read_only=True, actor="test") as uow,
    ):
        uow.session.add(Person(workspace_id=uow.workspace_id, name="Ann Lee", name_key="ann lee"))
        uow.session.flush()
    with store.unit_of_work("local") as uow:
        assert uow.repos.people.person_by_key("ann lee") is None
        assert not uow.session.scalars(
            select(AuditEvent).where(AuditEvent.entity == "person", AuditEvent.actor == "test")
        ).all()


def test_a_connection_goes_back_to_transactions_after_a_read_only_unit(store: Store) -> None:
    with store.unit_of_work("local", read_only=True) as uow:
        uow.repos.people.all_people()
    # The pooled connection the read used is the one the next unit gets: it must be back in
    # transaction mode, so these two writes commit together or not at all.
    with store.unit_of_work("local", actor="test") as uow:
        assert not uow.session.connection().get_execution_options().get(READ_ONLY_OPTION)
        if store.engine.dialect.name == "postgresql":
            assert uow.session.connection().connection.dbapi_connection.autocommit is False
        uow.session.add(Person(workspace_id=uow.workspace_id, name="Bo Li", name_key="bo li"))
        uow.session.flush()
        uow.rollback()
    with store.unit_of_work("local") as uow:
        assert uow.repos.people.person_by_key("bo li") is None


def test_a_locking_read_in_a_read_only_unit_of_work_needs_a_transaction(store: Store) -> None:
    if not store.reads_without_transaction:
        return  # SQLite: a read-only unit is an ordinary transaction (and has no FOR UPDATE)
    with (
        pytest.raises(NeedsTransaction),
        store.unit_of_work("local", read_only=True) as uow,
    ):
        uow.session.execute(select(Person).with_for_update()).all()
    with store.unit_of_work("local", read_only=True) as uow:
        assert uow.session.execute(select(Person.name)).all() == []


def _person(name: str, workspace_id: int, *, atomic: bool = False):  # type: ignore[no-untyped-def]
    stmt = insert(Person).values(workspace_id=workspace_id, name=name, name_key=name.lower())
    return stmt.execution_options(**{ATOMIC_WRITE_OPTION: True}) if atomic else stmt


def _people(store: Store) -> list[str]:
    with store.unit_of_work("local") as uow:
        return [p.name for p in uow.repos.people.all_people()]


def test_a_first_time_caller_s_channel_update_is_logged_in_a_transaction(
    store: Store, core: Core
) -> None:
    with seeded(store) as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        link_channel(uow, plan, "C1", platform="slack")
    with statements(store) as seen:
        outcome = core.handle(
            chat_message("U9", real_name="Jackie Wilson", channel="C1", message_id="1.1"),
            "2.3: KASS team recruited #on-track",
        )
    assert outcome is not None and isinstance(outcome.reply, UpdateLogged)
    writes = [(verb, read_only) for verb, read_only in seen if verb != "SELECT"]
    # Linking the caller is a second write: the attempt without a transaction stopped before
    # sending it, and the whole work ran again in a transaction.
    assert writes and not any(read_only for _, read_only in writes), seen
    if store.engine.dialect.name == "postgresql":
        assert any(read_only for _, read_only in seen)  # the attempt that stopped
    with store.unit_of_work("local") as uow:
        assert len(uow.session.scalars(select(Update)).all()) == 1
        user = uow.session.scalars(select(ChatUser).where(ChatUser.external_id == "U9")).one()
        assert user.person_id is not None


def test_a_one_write_unit_of_work_sends_its_atomic_write_and_nothing_else(
    store: Store,
) -> None:
    if not store.reads_without_transaction:
        # SQLite: the unit is an ordinary transaction, where any write may be sent.
        with store.unit_of_work("local", one_write=True) as uow:
            uow.session.execute(_person("Ann Lee", uow.workspace_id))
            uow.session.execute(_person("Bo Li", uow.workspace_id, atomic=True))
        return
    # Any write but the atomic one is stopped before it is sent, and nothing is written.
    with (
        pytest.raises(NeedsTransaction),
        store.unit_of_work("local", one_write=True) as uow,
    ):
        uow.session.execute(_person("Ann Lee", uow.workspace_id))
    assert _people(store) == []
    # The atomic write commits on its own; a write after it is a programming error, refused.
    with (
        pytest.raises(WriteAfterAtomicWrite),
        store.unit_of_work("local", one_write=True) as uow,
    ):
        uow.session.execute(_person("Bo Li", uow.workspace_id, atomic=True))
        uow.session.execute(select(Person.name)).all()  # reads are still fine
        uow.session.execute(_person("Cy Ng", uow.workspace_id, atomic=True))
    assert _people(store) == ["Bo Li"]


def test_a_read_only_unit_of_work_refuses_even_an_atomic_write(store: Store) -> None:
    if not store.reads_without_transaction:
        return  # SQLite: a read-only unit is an ordinary transaction
    with (
        pytest.raises(NeedsTransaction),
        store.unit_of_work("local", read_only=True) as uow,
    ):
        uow.session.execute(_person("Ann Lee", uow.workspace_id, atomic=True))
    assert _people(store) == []
