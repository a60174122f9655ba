"""One post written two ways in lead cells ("Head of Service – Early Help" and "HOS Early
Help") is one role: its holder sees both actions, and ``/actions for`` lists both, end to end
through ``csbot import`` and ``csbot say``. Roles stored before this are merged by the
migration: owners, holders and titles kept, nothing owned twice."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from commands.owners import role_key
from storage import migrate
from storage.database import make_engine
from tests.conftest import Database
from tests.helpers import run_cli

PLAN = """Ref,Action,Lead,Timescale,Status
1.1,Expand family hubs,Head of Service – Early Help,March 2027,On track
1.2,Review the early help offer,HOS Early Help,June 2027,At risk
1.3,Audit supervision,Assistant Director - Safeguarding,June 2027,On track
1.4,Fostering sufficiency,AD for Safeguarding,June 2027,On track
1.5,Team plans,Jo Testperson,June 2027,On track
"""


def test_role_keys_abbreviate_the_grade_before_a_service() -> None:
    assert role_key("Head of Service – Early Help") == role_key("HoS Early Help")
    assert role_key("Head of Service for Early Help") == "HOS EARLY HELP"
    assert role_key("Service Manager (Fostering)") == role_key("SM Fostering") == "SM FOSTERING"
    assert role_key("Team Manager") == "TM" and role_key("Assistant Director") == "AD"
    # Other roles, and a grade not at the start, are as before.
    assert role_key("Children's Trust Board") == "CHILDREN TRUST BOARD"
    assert role_key("Deputy Head of Service") == "DEPUTY HEAD OF SERVICE"
    assert role_key("Lead Member for Education") == "LEAD MEMBER FOR EDUCATION"


def _csbot(database: Database, home: Path, *args: str) -> str:
    done = run_cli(database.url, home, *args)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_one_post_written_two_ways_is_one_role(database: Database, tmp_path: Path) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(PLAN, encoding="utf-8")
    _csbot(database, tmp_path, "import", "actions", str(plan), "--plan", "Care plan")
    listed = _csbot(database, tmp_path, "say", "/actions for HOS Early Help")
    assert "(2 items)" in listed and "1.1" in listed and "1.2" in listed, listed
    # Shown by the title first imported, not by its key.
    assert "Head of Service – Early Help" in listed and "HOS EARLY HELP ·" not in listed
    _csbot(database, tmp_path, "say", "grant AD Safeguarding to Jo Testperson")
    mine = _csbot(database, tmp_path, "say", "--as", "Jo Testperson", "/actions mine")
    assert all(ref in mine for ref in ("1.3", "1.4", "1.5")), mine
    again = _csbot(database, tmp_path, "import", "actions", str(plan), "--plan", "Care plan")
    assert "0 new, 0 changed, 5 unchanged" in again, again


def _roles(url: str) -> list[tuple[str, str, int, int]]:
    """(key, title, actions owned, holders) of each role."""
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT r.key, r.title, "
                "(SELECT count(*) FROM action_owner o WHERE o.role_id = r.id), "
                "(SELECT count(*) FROM person_role p WHERE p.role_id = r.id) "
                "FROM role r ORDER BY r.key"
            )
        ).all()
    engine.dispose()
    return [(r[0], r[1], int(r[2]), int(r[3])) for r in rows]


def test_the_migration_merges_roles_stored_under_both_keys(
    database: Database, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(PLAN, encoding="utf-8")
    _csbot(database, tmp_path, "import", "actions", str(plan), "--plan", "Care plan")
    engine = make_engine(database.url)
    try:
        command.downgrade(migrate.alembic_config(engine), "0011")
        with engine.begin() as conn:
            # As the old rule stored them: a second role for one post, owning 1.1 and held by
            # Jo, who holds the other too; and 1.2 owned by both.
            ws = conn.execute(text("SELECT workspace_id FROM role LIMIT 1")).scalar_one()
            conn.execute(
                text(
                    "INSERT INTO role (workspace_id, key, title) VALUES "
                    "(:ws, 'HEAD OF SERVICE EARLY HELP', 'Head of Service – Early Help'), "
                    "(:ws, 'TEAM MANAGER FOR FOSTERING', 'Team Manager for Fostering')"
                ),
                {"ws": ws},
            )
            old = conn.execute(
                text("SELECT id FROM role WHERE key = 'HEAD OF SERVICE EARLY HELP'")
            ).scalar_one()
            new = conn.execute(
                text("SELECT id FROM role WHERE key = 'HOS EARLY HELP'")
            ).scalar_one()
            jo = conn.execute(
                text("SELECT id FROM person WHERE name = 'Jo Testperson'")
            ).scalar_one()
            action = "SELECT id FROM action WHERE ref = :ref"
            a11 = conn.execute(text(action), {"ref": "1.1"}).scalar_one()
            a12 = conn.execute(text(action), {"ref": "1.2"}).scalar_one()
            conn.execute(
                text("UPDATE action_owner SET role_id = :old WHERE action_id = :a"),
                {"old": old, "a": a11},
            )
            conn.execute(
                text(
                    "INSERT INTO action_owner (action_id, role_id, position) VALUES (:a, :old, 1)"
                ),
                {"a": a12, "old": old},
            )
            conn.execute(
                text("INSERT INTO person_role (person_id, role_id) VALUES (:p, :o), (:p, :n)"),
                {"p": jo, "o": old, "n": new},
            )
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.HEAD_REVISION
    finally:
        migrate.upgrade(engine)  # never leave the database behind the code
        engine.dispose()
    assert ("HOS EARLY HELP", "Head of Service – Early Help", 2, 1) in _roles(database.url)
    assert ("TM FOSTERING", "Team Manager for Fostering", 0, 0) in _roles(database.url)
    assert not any(
        key.startswith(("HEAD OF SERVICE", "TEAM MANAGER")) for key, *_ in _roles(database.url)
    )
    listed = _csbot(database, tmp_path, "say", "/actions for Head of Service - Early Help")
    assert "(2 items)" in listed, listed
