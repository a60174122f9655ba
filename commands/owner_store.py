"""Turn a lead cell into stored owners: people and roles, created when new (as imports do)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from commands.owners import OwnerRef, split_lead
from storage.models import Action, ActionOwner, Person, Role
from storage.repositories import Repositories

# Column sizes: person names and keys and role titles 200 characters, role keys 100.
_NAME_CHARS = 200
_ROLE_KEY_CHARS = 100


def resolve_owner(repos: Repositories, ref: OwnerRef) -> Person | Role:
    """The stored person or role an owner reference names, created if new."""
    if ref.kind == "person":
        return repos.people.get_or_create_person(ref.display[:_NAME_CHARS], ref.key[:_NAME_CHARS])
    return repos.people.get_or_create_role(ref.key[:_ROLE_KEY_CHARS], ref.display[:_NAME_CHARS])


def resolve_owners(repos: Repositories, lead: str | Iterable[OwnerRef]) -> list[Person | Role]:
    """The people and roles a lead cell ("Ken Morton/ Catherine Marchant", "HOS") or a list of
    owner references names, in order. Parts with no letters or digits to match by ("☃", "—")
    are skipped."""
    refs = split_lead(lead) if isinstance(lead, str) else list(lead)
    return [resolve_owner(repos, ref) for ref in refs if ref.key.strip(" '-")]


T = TypeVar("T")


def owner_rows(owners: list[Person | Role], row: Callable[..., T]) -> list[T]:
    """Owner rows (ActionOwner, IndicatorOwner, AgendaItemOwner…) in order, without duplicates."""
    rows: list[T] = []
    seen: set[tuple[str, int]] = set()
    for owner in owners:
        key = ("person" if isinstance(owner, Person) else "role", owner.id)
        if key in seen:
            continue
        seen.add(key)
        if isinstance(owner, Person):
            rows.append(row(person=owner, position=len(rows)))
        else:
            rows.append(row(role=owner, position=len(rows)))
    return rows


def owner_keys(owners: list[Person | Role]) -> list[tuple[int | None, int | None]]:
    """(person id, role id) of each owner in order without duplicates, as owner rows hold them:
    compare with ``[(o.person_id, o.role_id) for o in item.owners]`` before replacing owners."""
    keys: list[tuple[int | None, int | None]] = []
    for owner in owners:
        key = (owner.id, None) if isinstance(owner, Person) else (None, owner.id)
        if key not in keys:
            keys.append(key)
    return keys


def set_action_owners(action: Action, owners: list[Person | Role]) -> None:
    """Replace an action's owners, keeping their order and dropping duplicates."""
    action.owners = owner_rows(owners, ActionOwner)
