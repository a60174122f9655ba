"""committees that shared initials: the later one is known by its full name

Two committees of a workspace could be given the same initials (``Alpha board`` and
``Aardvark board``, both AB), or initials that are another committee's name: their meetings
were then both named ``AB 2027-04-01`` and neither could be named. A committee created now
whose initials another committee already answers to has none (``initials`` is ``-``, see
``commands.meeting_lookup.NO_INITIALS``) and is known by its full name; this revision does the
same for the committees already stored: in each workspace, in the order they were created, a
committee whose initials (stored, else computed from its name) an earlier committee answers to,
or that are another committee's name, gives them up. Data only; the schema is unchanged.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 10:00:00
"""

from __future__ import annotations

import re
from itertools import groupby

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

NO_INITIALS = "-"
# As commands.meeting_lookup.initials_of reads a name (copied: a migration keeps its rule).
_SMALL_WORDS = {"of", "and", "the", "for", "on", "in", "to", "&"}

_committee = sa.table(
    "committee",
    sa.column("id", sa.Integer),
    sa.column("workspace_id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("name_key", sa.String),
    sa.column("initials", sa.String),
)


def _initials_of(name: str) -> str:
    words = [w for w in re.split(r"[\s\-/]+", name) if w]
    letters = [w[0] for w in words if w.lower() not in _SMALL_WORDS and w[0].isalnum()]
    return "".join(letters).upper()[:32]


def upgrade() -> None:
    conn = op.get_bind()
    c = _committee.c
    rows = conn.execute(
        sa.select(c.id, c.workspace_id, c.name, c.name_key, c.initials).order_by(
            c.workspace_id, c.id
        )
    ).all()
    shared: list[int] = []
    for _, group in groupby(rows, key=lambda r: r.workspace_id):
        committees = list(group)
        name_keys = {r.name_key for r in committees}
        answered: set[str] = set()
        for r in committees:
            if r.initials == NO_INITIALS:
                continue
            own = (r.initials or _initials_of(r.name)).lower()
            if not own:
                continue
            if own in answered or (own in name_keys and own != r.name_key):
                shared.append(r.id)
            else:
                answered.add(own)
    if shared:
        conn.execute(sa.update(_committee).where(c.id.in_(shared)).values(initials=NO_INITIALS))


def downgrade() -> None:
    """Give committees known by their full name their initials back (a csbot before this
    revision would show ``-`` as them), shared or not."""
    conn = op.get_bind()
    c = _committee.c
    rows = conn.execute(sa.select(c.id, c.name).where(c.initials == NO_INITIALS)).all()
    for r in rows:
        initials = _initials_of(r.name) if len(r.name.split()) > 1 else ""
        conn.execute(sa.update(_committee).where(c.id == r.id).values(initials=initials))
