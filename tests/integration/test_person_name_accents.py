"""People's names are matched with accents folded, not with accented letters dropped: "Zoë
Brown" and "Zoe Brown" in a plan's lead cells are one person, found as "zoe" or "Zoë";
"Łukasz Nowak" is found as "Lukasz". Keys stored by the old rule are recomputed by the
migration, a pair that would share a key staying two rows without an error."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import Engine, select, text

from commands.importers import run_import
from commands.owners import person_key, role_key
from storage import migrate
from storage.database import make_engine
from storage.models import Person
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import Chat, make_chat

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
PLAN = (
    "Ref,Action,Lead,Timescale,Progress\n"
    "1.3,Review IRO footprint,Siobhán O'Neill,March 2027,\n"
    "1.4,Pathway plan quality,Zoë Brown / Mary Smith-Jones,March 2027,\n"
    "1.9,Joint recruitment,Zoe Brown,March 2027,\n"
    "2.1,Sufficiency strategy,Łukasz Nowak,March 2027,\n"
)


def _imported(store: Store, tmp_path: Path) -> Chat:
    path = tmp_path / "leads.csv"
    path.write_text(PLAN, encoding="utf-8")
    run_import(store, "local", "actions", path, plan="Roles Test", today=date(2027, 3, 1))
    return make_chat(store, NOW)


def _people(store: Store) -> dict[str, str]:
    with store.session_factory() as s:
        return {p.name: p.name_key for p in s.scalars(select(Person))}


def test_keys_fold_accents_instead_of_dropping_letters() -> None:
    assert person_key("Zoë Brown") == person_key("ZOÉ BROWN") == "zoe brown"
    assert person_key("Łukasz Nowak") == "lukasz nowak"
    assert person_key("Siobhán O’Neill") == "siobhan o'neill"
    assert person_key("Jürgen Straße") == "jurgen strasse"
    assert person_key("Søren Þórðarson") == "soren thordarson"
    assert person_key("Æsa Œlund Đukić") == "aesa oelund dukic"
    assert role_key("Équipe Lead's") == role_key("EQUIPE LEAD") == "EQUIPE LEAD"


def test_zoe_with_and_without_accent_is_one_person(store: Store, tmp_path: Path) -> None:
    chat = _imported(store, tmp_path)
    people = _people(store)
    assert people == {
        "Siobhán O'Neill": "siobhan o'neill",
        "Zoë Brown": "zoe brown",  # the name first written is the one shown
        "Mary Smith-Jones": "mary smith-jones",
        "Łukasz Nowak": "lukasz nowak",
    }, people
    for name in ("Zoe Brown", "Zoë Brown", "zoé brown"):
        mine = chat.say("/actions mine", as_=name)
        assert mine.startswith("Outstanding actions for Zoë Brown (2 items)"), mine
        assert "1.4  Pathway plan quality" in mine and "1.9  Joint recruitment" in mine, mine
    for typed in ("zoe", "Zoë", "ZOE BROWN", "Zoé Brown"):
        found = chat.say(f"/actions for {typed}")
        assert found.startswith("Outstanding actions for Zoë Brown (2 items)"), (typed, found)


def test_a_name_typed_without_its_accents_finds_the_person(store: Store, tmp_path: Path) -> None:
    chat = _imported(store, tmp_path)
    for typed in ("Lukasz", "lukasz nowak", "Łukasz"):
        found = chat.say(f"/actions for {typed}")
        assert found.startswith("Outstanding actions for Łukasz Nowak (1 item)"), (typed, found)
    assert chat.say("/actions for Siobhan O'Neill").startswith(
        "Outstanding actions for Siobhán O'Neill (1 item)"
    )
    nearest = chat.say("/actions for Lukas Novak-Smith")
    assert nearest.startswith("✖ I don't know anyone or any role called “Lukas Novak-Smith”"), (
        nearest
    )
    assert "Nearest: " in nearest and "Łukasz Nowak" in nearest, nearest
    known = chat.say("/actions assign 1.3 new Zoé Brown")
    assert "Zoë Brown was known already, so no new person was added." in known, known
    assert len(_people(store)) == 4


def test_handover_names_the_leaver_with_or_without_accents(store: Store, tmp_path: Path) -> None:
    chat = _imported(store, tmp_path)
    reply = chat.say("/actions handover Zoe Brown to Mary Smith-Jones")
    assert reply.startswith("✔ Handed Zoë Brown's work to Mary Smith-Jones: "), reply
    reply = chat.say("/actions handover Lukasz Nowak to Mary Smith-Jones")
    assert reply.startswith("✔ Handed Łukasz Nowak's work to Mary Smith-Jones: "), reply


# People and roles as a database at 0005 holds them: keys by the old rule (accented letters
# dropped). (workspace, id, name, key)
OLD_PEOPLE = [
    (1, 1, "Łukasz Nowak", "ukasz nowak"),
    (1, 2, "Zoë Brown", "zo brown"),  # both would be "zoe brown": the first created takes it
    (1, 3, "Zöe Brown", "z e brown"),
    (1, 4, "Renée Smith", "ren e smith"),  # would be "renee smith", which Renee Smith holds
    (1, 5, "Renee Smith", "renee smith"),
    (1, 6, "Fiona Smith", "fiona smith"),
    (2, 7, "Zoë Brown", "zo brown"),  # another workspace's Zoë
]
OLD_ROLES = [
    (1, 1, "HOS", "Head of Service"),
    (1, 2, "QUIPE LEAD", "Équipe Lead"),
]


def _at_0005_with_old_keys(engine: Engine) -> None:
    """Take the database back to 0005 and store people and roles with old-rule keys."""
    command.downgrade(migrate.alembic_config(engine), "0005")
    assert migrate.current_revision(engine) == "0005"
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM workspace"))
        for ws in (1, 2):
            conn.execute(
                text(
                    "INSERT INTO workspace (id, key, platform, name, timezone, created_at) "
                    "VALUES (:id, :key, 'local', :key, 'Europe/London', :at)"
                ),
                {"id": ws, "key": f"ws{ws}", "at": NOW},
            )
        for ws, pid, name, key in OLD_PEOPLE:
            conn.execute(
                text(
                    "INSERT INTO person (id, workspace_id, name, name_key, is_admin, created_at) "
                    "VALUES (:id, :ws, :name, :key, false, :at)"
                ),
                {"id": pid, "ws": ws, "name": name, "key": key, "at": NOW},
            )
        for ws, rid, key, title in OLD_ROLES:
            conn.execute(
                text(
                    "INSERT INTO role (id, workspace_id, key, title) "
                    "VALUES (:id, :ws, :key, :title)"
                ),
                {"id": rid, "ws": ws, "key": key, "title": title},
            )


def test_the_migration_recomputes_old_keys_and_survives_a_collision(database: Database) -> None:
    engine = make_engine(database.url)
    try:
        _at_0005_with_old_keys(engine)
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.HEAD_REVISION
        with engine.connect() as conn:
            people = conn.execute(
                text("SELECT workspace_id, id, name, name_key FROM person ORDER BY id")
            ).all()
            roles = conn.execute(text("SELECT id, key FROM role ORDER BY id")).all()
    finally:
        migrate.upgrade(engine)  # never leave the shared database behind the code
        engine.dispose()
    assert [tuple(p) for p in people] == [
        (1, 1, "Łukasz Nowak", "lukasz nowak"),
        (1, 2, "Zoë Brown", "zoe brown"),
        (1, 3, "Zöe Brown (2)", "zoe brown 2"),  # named apart: "Zöe Brown" finds id 2
        (1, 4, "Renée Smith (2)", "renee smith 2"),
        (1, 5, "Renee Smith", "renee smith"),
        (1, 6, "Fiona Smith", "fiona smith"),
        (2, 7, "Zoë Brown", "zoe brown"),
    ]
    assert [tuple(r) for r in roles] == [(1, "HOS"), (2, "EQUIPE LEAD")]
    store = Store.from_url(database.url, upgrade=False)
    chat = make_chat(store, NOW, workspace="ws1")
    named = (
        ("Lukasz", "Łukasz Nowak"),
        ("Zoe Brown", "Zoë Brown"),
        ("Zöe Brown (2)", "Zöe Brown (2)"),
    )
    for typed, name in named:
        found = chat.say(f"/actions for {typed}")
        assert found == f"Outstanding actions for {name}\nNothing outstanding.", (typed, found)
    handed = chat.say("/actions handover Zöe Brown (2) to Zoë Brown")
    assert "Zöe Brown (2)" in handed and "don't know" not in handed, handed
    store.engine.dispose()
