"""Revision 0013 adds ``chat_user.mention_id`` (the ``29:`` id a Teams mention gives an account
keyed by its AAD object id). Going back to 0012 and up again keeps every chat account and its
link to a person; the ids kept are lost with the column, and each account's next command
records its id again."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, text

from storage import migrate
from storage.database import make_engine
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.factories import seeded

TENANT = "8d2a6f43-1b7c-4e55-9f0a-3c6d2e1b4a97"


def _accounts(engine: Engine) -> list[tuple[str, str | None]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT c.external_id, p.name FROM chat_user c "
                "LEFT JOIN person p ON p.id = c.person_id ORDER BY c.external_id"
            )
        ).all()
    return [(r[0], r[1]) for r in rows]


def test_the_downgrade_and_upgrade_keep_every_chat_account_and_its_person(
    database: Database, store: Store
) -> None:
    store.ensure_workspace(TENANT, platform="teams", name="Leeds")
    with seeded(store, TENANT) as uow:
        person = uow.repos.people.get_or_create_person("Fiona Smith", "fiona smith")
        linked = uow.repos.people.get_or_create_chat_user("teams", "aad-0002-fiona", "Fiona")
        linked.person_id, linked.mention_id = person.id, "29:fiona"
        uow.repos.people.get_or_create_chat_user("teams", "aad-0003-pat", "Pat")
    engine = make_engine(database.url)
    try:
        before = _accounts(engine)
        assert before == [("aad-0002-fiona", "Fiona Smith"), ("aad-0003-pat", None)]
        command.downgrade(migrate.alembic_config(engine), "0012")
        assert _accounts(engine) == before
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.HEAD_REVISION
        assert _accounts(engine) == before
        with engine.connect() as conn:
            kept = conn.execute(text("SELECT mention_id FROM chat_user")).scalars().all()
        assert kept == [None, None]
    finally:
        migrate.upgrade(engine)  # never leave the database behind the code
        engine.dispose()
