"""person and role keys fold accents instead of dropping accented letters

People were matched by a key that dropped every letter outside a-z: "Zoë Brown" was
``zo brown`` and "Zoe Brown" ``zoe brown`` (two people), while "Zoé Brown" was taken to be Zoë.
Keys now fold accents (``commands.owners.person_key``: "Zoë", "Zoe" and "Zoé" are all ``zoe``,
"Łukasz" is ``lukasz``); role keys likewise ("ÉQUIPE", not "QUIPE"). This revision recomputes
the keys already stored. When two people (or roles) of a workspace would get the same key, the
one whose key is unchanged, else the first created, takes it and the others keep their old
key, so the unique constraint holds. They stay separate rows, and a person left with an old
key is renamed "Zoë Brown (2)" (so that both can be named, and an administrator can hand the
second's work over to the first); a downgrade keeps that name. Data only; the schema is
unchanged.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 10:00:00
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from itertools import groupby
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# The rules of commands.owners before and after this revision (copied: a migration keeps its
# rule). Column sizes: person keys 200 characters, role keys 100.
_PERSON_KEY_CHARS = 200
_ROLE_KEY_CHARS = 100
_LOOKALIKES = str.maketrans(
    "АВСЕНІЈКМОРЅТХУаеорсухіјѕΑΒΕΗΙΚΜΝΟΡΤΧΥΖ",
    "ABCEHIJKMOPSTXYaeopcyxijsABEHIKMNOPTXYZ",
)
_UNDECOMPOSED = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ı": "i",
        "þ": "th",
        "Þ": "TH",
        "ð": "d",
        "Ð": "D",
    }
)

_person = sa.table(
    "person",
    sa.column("id", sa.Integer),
    sa.column("workspace_id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("name_key", sa.String),
)
_role = sa.table(
    "role",
    sa.column("id", sa.Integer),
    sa.column("workspace_id", sa.Integer),
    sa.column("key", sa.String),
    sa.column("title", sa.String),
)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_LOOKALIKES)
    text = text.replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", text).strip()


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_UNDECOMPOSED)


def _person_key(name: str, fold: bool) -> str:
    text = _clean(name).lower()
    text = _fold(text) if fold else text
    text = re.sub(r"[^a-z0-9 '-]", " ", text)
    return re.sub(r"\s+", " ", text).strip()[:_PERSON_KEY_CHARS]


def _role_key(title: str, fold: bool) -> str:
    text = _clean(title)
    text = _fold(text) if fold else text
    text = re.sub(r"'s\b|s'$", "", text)
    return re.sub(r"[^A-Za-z0-9]+", " ", text).strip().upper()[:_ROLE_KEY_CHARS]


def _new_keys(rows: Sequence[tuple[int, str, str]]) -> list[tuple[int, str]]:
    """(id, new key) moves for one workspace's rows (id, key, wanted key), in an order in
    which each move takes a key nobody holds at that moment: a row whose wanted key another
    row holds keeps its own (a row whose key is unchanged holds it first; else the first
    row, by id, to ask takes it)."""
    held = {key: row_id for row_id, key, _ in rows}
    waiting = [(row_id, key, wanted) for row_id, key, wanted in rows if wanted and wanted != key]
    moves: list[tuple[int, str]] = []
    moved = True
    while moved:  # a row that moves frees its old key, which a row waiting may want
        moved = False
        for row_id, key, wanted in list(waiting):
            if wanted in held:
                continue
            del held[key]
            held[wanted] = row_id
            moves.append((row_id, wanted))
            waiting.remove((row_id, key, wanted))
            moved = True
    return moves


def _rekey(table: Any, key_column: str, rows: Sequence[Any], rule: Callable[[Any], str]) -> None:
    """Give ``rows`` (workspace_id, id, key, …; by workspace, then id) the keys ``rule``
    makes, where they are free."""
    conn = op.get_bind()
    ids = table.c.id
    for _, group in groupby(rows, key=lambda r: r.workspace_id):
        wanted = [(r.id, getattr(r, key_column), rule(r)) for r in group]
        for row_id, key in _new_keys(wanted):
            conn.execute(sa.update(table).where(ids == row_id).values({key_column: key}))


def _people() -> Sequence[Any]:
    p = _person.c
    query = sa.select(p.workspace_id, p.id, p.name, p.name_key).order_by(p.workspace_id, p.id)
    return op.get_bind().execute(query).all()


def _roles() -> Sequence[Any]:
    r = _role.c
    query = sa.select(r.workspace_id, r.id, r.title, r.key).order_by(r.workspace_id, r.id)
    return op.get_bind().execute(query).all()


def _role_rule(fold: bool) -> Callable[[Any], str]:
    """A role's key made from its title by the rule (``fold``), for roles whose key the other
    rule made from their title; other roles keep theirs (a standard role's key, "HOS", is not
    made from its title)."""

    def rule(r: Any) -> str:
        return _role_key(r.title, fold) if _role_key(r.title, not fold) == r.key else r.key

    return rule


def _name_leftovers() -> None:
    """Give each person left with an old key (their folded name is another's: "Zoë Brown"
    beside "Zoe Brown") a name of their own, "Zoë Brown (2)", so that they can still be named
    (and their work handed over to the other, as the README says); without it, a name typed
    would find the other person."""
    conn = op.get_bind()
    for _, group in groupby(_people(), key=lambda r: r.workspace_id):
        rows = list(group)
        held = {r.name_key for r in rows}
        for r in rows:
            if r.name_key == _person_key(r.name, fold=True):
                continue
            n = 2
            while _person_key(f"{r.name} ({n})", fold=True) in held:
                n += 1
            name = f"{r.name} ({n})"
            key = _person_key(name, fold=True)
            held.add(key)
            values = {"name": name, "name_key": key}
            conn.execute(sa.update(_person).where(_person.c.id == r.id).values(values))


def upgrade() -> None:
    _rekey(_person, "name_key", _people(), lambda r: _person_key(r.name, fold=True))
    _name_leftovers()
    _rekey(_role, "key", _roles(), _role_rule(fold=True))


def downgrade() -> None:
    """Give people and roles the keys the old rule makes (where they are free)."""
    _rekey(_person, "name_key", _people(), lambda r: _person_key(r.name, fold=False))
    _rekey(_role, "key", _roles(), _role_rule(fold=False))
