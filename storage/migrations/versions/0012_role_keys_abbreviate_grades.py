"""role keys abbreviate the grade in front of a service: one post written two ways is one role

A lead cell "Head of Service – Early Help" made a role ``HEAD OF SERVICE EARLY HELP``, and
"HOS Early Help" another, ``HOS EARLY HELP``: the holder of one did not see the other's
actions, and ``/actions for HOS Early Help`` missed half of them. Role keys now abbreviate the
grade they start with and drop the word joining it to its service
(``commands.owners.abbreviated_grade``: Head of Service, Assistant Director, Service Manager
and Team Manager; "for", "of"). This revision re-keys the roles already stored. A role whose
new key another role of its workspace has already is merged into that one: its actions,
indicators and agenda items are owned by the other (once), its holders hold the other, and
it is deleted; the other keeps its title. The downgrade leaves the keys and merges as they are
(the old rule would only split what is one post).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 15:00:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# commands.owners.abbreviated_grade as of this revision (copied: a migration keeps its rule).
_GRADES = {
    "HEAD OF SERVICE": "HOS",
    "HOS": "HOS",
    "ASSISTANT DIRECTOR": "AD",
    "AD": "AD",
    "SERVICE MANAGER": "SM",
    "SM": "SM",
    "TEAM MANAGER": "TM",
    "TM": "TM",
}
_GRADE_JOINS = ("FOR ", "OF ")


def _abbreviated_grade(key: str) -> str:
    for grade in sorted(_GRADES, key=len, reverse=True):
        if key == grade:
            return _GRADES[grade]
        if key.startswith(grade + " "):
            rest = key[len(grade) + 1 :]
            for join in _GRADE_JOINS:
                if rest.startswith(join) and len(rest) > len(join):
                    rest = rest[len(join) :]
                    break
            return f"{_GRADES[grade]} {rest}"
    return key


_meta = sa.MetaData()
_role = sa.Table(
    "role",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("workspace_id", sa.Integer),
    sa.Column("key", sa.String(100)),
)
_person_role = sa.Table(
    "person_role",
    _meta,
    sa.Column("person_id", sa.Integer, primary_key=True),
    sa.Column("role_id", sa.Integer, primary_key=True),
)
# The tables whose rows a role owns, each with the column naming what is owned.
_OWNED = tuple(
    (
        sa.Table(name, _meta, sa.Column("id", sa.Integer), sa.Column(item), sa.Column("role_id")),
        item,
    )
    for name, item in (
        ("action_owner", "action_id"),
        ("indicator_owner", "indicator_id"),
        ("agenda_item_owner", "agenda_item_id"),
    )
)


def _merge(conn: Any, old: int, into: int) -> None:
    """Make role ``into`` own and be held wherever role ``old`` was (once), then delete
    ``old``."""
    for table, item in _OWNED:
        owned_already = sa.select(table.c[item]).where(table.c.role_id == into)
        conn.execute(
            sa.delete(table).where(table.c.role_id == old, table.c[item].in_(owned_already))
        )
        conn.execute(sa.update(table).where(table.c.role_id == old).values(role_id=into))
    pr = _person_role.c
    held_already = sa.select(pr.person_id).where(pr.role_id == into)
    conn.execute(sa.delete(_person_role).where(pr.role_id == old, pr.person_id.in_(held_already)))
    conn.execute(sa.update(_person_role).where(pr.role_id == old).values(role_id=into))
    conn.execute(sa.delete(_role).where(_role.c.id == old))


def upgrade() -> None:
    conn = op.get_bind()
    r = _role.c
    rows = conn.execute(sa.select(r.id, r.workspace_id, r.key).order_by(r.id)).all()
    by_key = {(row.workspace_id, row.key): row.id for row in rows}
    for row in rows:
        new = _abbreviated_grade(row.key)
        if new == row.key:
            continue
        target = by_key.get((row.workspace_id, new))
        if target is None:
            conn.execute(sa.update(_role).where(r.id == row.id).values(key=new))
            by_key[(row.workspace_id, new)] = row.id
        else:
            _merge(conn, row.id, target)
        del by_key[(row.workspace_id, row.key)]


def downgrade() -> None:
    """Nothing to undo: the old rule would only split one post into two roles again."""
