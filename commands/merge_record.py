"""What a merge of people moved, kept in its audit row so that ``unmerge`` can undo it (see
``commands.people_unmerge``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from storage.models import ActionOwner, AgendaItemOwner, IndicatorOwner, Person

OwnerKeys = list[list[int | None]]  # [[person id, role id], …] in order, as JSON keeps them


@dataclass
class OwnersMoved:
    """One action's (indicator's, agenda item's) owners before and after the merge."""

    id: int
    before: OwnerKeys
    after: OwnerKeys


@dataclass
class MergeRecord:
    """What a merge moved, as its audit row keeps it for an unmerge."""

    person: dict[str, Any]  # the person going: id, name, name_key, email, is_admin, created_at
    into_id: int
    actions: list[OwnersMoved] = field(default_factory=list)
    indicators: list[OwnersMoved] = field(default_factory=list)
    items: list[OwnersMoved] = field(default_factory=list)
    roles: list[int] = field(default_factory=list)  # the going person's roles
    granted: list[int] = field(default_factory=list)  # those the person staying gained by it
    accounts: list[int] = field(default_factory=list)
    updates: list[int] = field(default_factory=list)
    posts: list[int] = field(default_factory=list)
    aliases: list[int] = field(default_factory=list)  # the going person's other names, moved
    email_copied: bool = False
    admin_moved: bool = False

    @classmethod
    def of(cls, going: Person, staying: Person) -> MergeRecord:
        """A record of ``going`` before it is merged into ``staying`` (rows added as moved)."""
        person = {
            "id": going.id,
            "name": going.name,
            "name_key": going.name_key,
            "email": going.email,
            "is_admin": going.is_admin,
            "created_at": going.created_at.isoformat() if going.created_at else None,
        }
        return cls(person=person, into_id=staying.id)

    def to_json(self) -> dict[str, Any]:
        """The record as the audit row's JSON keeps it."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MergeRecord:
        """The record an audit row keeps (see :meth:`to_json`)."""
        fields: dict[str, Any] = dict(data)
        for kind in ("actions", "indicators", "items"):
            fields[kind] = [OwnersMoved(**moved) for moved in data.get(kind, [])]
        return cls(**fields)


def owner_keys_of(owners: Sequence[ActionOwner | IndicatorOwner | AgendaItemOwner]) -> OwnerKeys:
    """The owners of a row as (person id, role id) pairs, in order."""
    return [[o.person_id, o.role_id] for o in sorted(owners, key=lambda o: o.position)]
