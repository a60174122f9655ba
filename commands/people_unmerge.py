"""Undoing a merge of people (``unmerge A. Smith``): the person merged away is back, with
what the merge moved from them that nobody has changed since.

A merge keeps, in its audit row (``after["undo"]``), what it needs to be undone: the person
going's own columns and, for every row it moved, the row's id (and, for owners, the owners
before and after). ``unmerge`` puts back each row that is still as the merge left it; a row
changed since (an action given to somebody else, an account linked to another person) stays
as it is, and the reply names it. A merge made before merges kept this cannot be undone.
The unmerge has an audit row of its own (``change="unmerge"``), naming the merge it undid,
so that a merge is undone once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import select

from commands.errors import NotFound, UserError
from commands.handler_context import HandlerContext
from commands.identity import account_label
from commands.merge_record import MergeRecord, OwnerKeys, OwnersMoved, owner_keys_of
from commands.owner_store import owner_rows
from commands.owners import person_key
from commands.people_admin import UNCHANGED, Moved, holdings_parts, item_label, listed
from storage.audit import created_row, write_rows
from storage.models import (
    Action,
    ActionOwner,
    AgendaItem,
    AgendaItemOwner,
    AuditEvent,
    ChatUser,
    Indicator,
    IndicatorOwner,
    Person,
    PersonAlias,
    Role,
    ScheduledPost,
    Update,
)

Owned = TypeVar("Owned", Action, Indicator, AgendaItem)


@dataclass
class Restored(Moved):
    """What an unmerge put back (``admin``: the person staying gave back administrator
    rights), and what it left because it changed since the merge."""

    name: str = ""
    staying: str = ""
    left: list[str] = field(default_factory=list)  # rows changed since the merge, as named


def find_merge(h: HandlerContext, typed: str) -> tuple[AuditEvent, MergeRecord, Person]:
    """The last merge, not undone yet, of the person ``typed`` names (a name that now finds the
    person they were merged into), its record, and the person they were merged into.
    Refused, naming why, when there is none or it cannot be undone."""
    name = " ".join(typed.split())
    key = person_key(name.lstrip("@"))
    if not key:
        raise UserError("Name the person merged away, e.g. `unmerge A. Smith`." + UNCHANGED)
    own = h.repos.people.person_by_key(key)
    if own is not None:
        raise UserError(
            f"{own.name} is a person of their own: there is no merge of theirs to undo." + UNCHANGED
        )
    aliases = h.repos.people.aliases_by_keys([key])
    if not aliases:
        raise NotFound(
            f"No name “{name[:80]}” was merged into anybody in this workspace." + UNCHANGED
        )
    staying = h.repos.people.person_by_id(aliases[0].person_id)
    if staying is None:  # pragma: no cover  (an alias's person is deleted with it)
        raise NotFound(f"Nobody is called “{name[:80]}” in this workspace." + UNCHANGED)
    events = h.uow.session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.workspace_id == h.uow.workspace_id,
            AuditEvent.entity == "person",
            AuditEvent.change.in_(("merge", "unmerge")),
        )
        .order_by(AuditEvent.id.desc())
    ).all()
    undone = {(e.after or {}).get("merge") for e in events if e.change == "unmerge"}
    for event in events:
        if event.change != "merge" or event.id in undone:
            continue
        if person_key(str((event.before or {}).get("name", ""))) != key:
            continue
        data = (event.after or {}).get("undo")
        if data is None:
            raise UserError(
                f"“{name[:80]}” was merged into {staying.name} before csbot kept what a merge "
                "moved, so it cannot be undone: `rename`, `/actions assign` and `grant` "
                "can set things right by hand." + UNCHANGED
            )
        record = MergeRecord.from_json(data)
        if record.into_id != staying.id:
            raise UserError(
                f"{record.person['name']} was merged into somebody who has been merged into "
                f"{staying.name} since: undo that merge first." + UNCHANGED
            )
        return event, record, staying
    raise UserError(
        f"“{name[:80]}” finds {staying.name} because of a rename, not a merge: there is no "
        f"merge to undo (`rename {staying.name} to <name>` changes a name)." + UNCHANGED
    )


def unmerge_person(
    h: HandlerContext, event: AuditEvent, record: MergeRecord, staying: Person
) -> Restored:
    """Undo the merge ``event`` of ``record`` into ``staying``: the person back, with every
    row the merge moved that is still as it left it."""
    h.repos.people.lock_person(staying.id)
    session = h.uow.session
    data = record.person
    person = Person(
        workspace_id=h.uow.workspace_id,
        name=data["name"],
        name_key=data["name_key"],
        email=data["email"],
        is_admin=bool(data["is_admin"]),
    )
    if data.get("created_at"):
        person.created_at = datetime.fromisoformat(data["created_at"])
    if session.get(Person, data["id"]) is None:
        person.id = data["id"]  # the id its history (audit rows, lead texts read) knows
    restored = Restored(name=person.name, staying=staying.name)
    for alias in h.repos.people.aliases_by_keys([person.name_key]):
        session.delete(alias)  # the name is the person's own again
    session.flush()
    session.add(person)
    session.flush()
    _restore_owners(h, record, person, restored)
    _restore_roles(h, record, person, staying, restored)
    _restore_links(h, record, person, staying, restored)
    if record.email_copied and staying.email == person.email:
        staying.email = None
    if record.admin_moved and staying.is_admin:
        staying.is_admin = False
        restored.admin = True
    session.flush()
    _audit(h, person, event, staying)
    return restored


def _restore_owners(
    h: HandlerContext, record: MergeRecord, person: Person, restored: Restored
) -> None:
    """Each action, indicator and agenda item whose owners are still as the merge left them
    gets its owners from before the merge back (the person in their place)."""
    old_id = record.person["id"]
    session = h.uow.session

    def owners(keys: OwnerKeys) -> list[Person | Role] | None:
        found: list[Person | Role] = []
        for person_id, role_id in keys:
            if person_id == old_id:
                found.append(person)
                continue
            owner = session.get(Person, person_id) if person_id else session.get(Role, role_id)
            if owner is None:
                return None  # somebody since removed: left as it is
            found.append(owner)
        return found

    def restore(
        kind: type[Owned],
        moved: list[OwnersMoved],
        row: Callable[..., Any],
        label: Callable[[Owned], str],
        done: list[str],
    ) -> None:
        for entry in moved:
            owned = session.get(kind, entry.id)
            if owned is None or owned.workspace_id != h.uow.workspace_id:
                continue  # deleted since: nothing to give back
            back = owners(entry.before)
            if owner_keys_of(owned.owners) != entry.after or back is None:
                restored.left.append(label(owned))
                continue
            owned.owners = owner_rows(back, row)
            done.append(label(owned))

    def agenda_label(item: AgendaItem) -> str:
        return item_label(h, item)

    restore(Action, record.actions, ActionOwner, _action_label, restored.actions)
    restore(Indicator, record.indicators, IndicatorOwner, _indicator_label, restored.indicators)
    restore(AgendaItem, record.items, AgendaItemOwner, agenda_label, restored.items)


def _action_label(action: Action) -> str:
    return f"{action.plan.slug}:{action.ref}"


def _indicator_label(indicator: Indicator) -> str:
    return indicator.slug


def _restore_roles(
    h: HandlerContext, record: MergeRecord, person: Person, staying: Person, restored: Restored
) -> None:
    """The person's roles back; those the person staying gained only by the merge taken
    from them again."""
    people = h.repos.people
    for role_id in record.roles:
        role = people.role_by_id(role_id)
        if role is None:
            continue
        people.grant_role(person, role)
        restored.roles.append(role.key)
        if role_id in record.granted:
            people.revoke_role(staying, role)


def _restore_links(
    h: HandlerContext, record: MergeRecord, person: Person, staying: Person, restored: Restored
) -> None:
    """Chat accounts, updates logged, scheduled posts and other names that still name the
    person staying go back to the person."""
    session = h.uow.session
    for user_id in record.accounts:
        user = session.get(ChatUser, user_id)
        if user is None or user.person_id != staying.id:
            if user is not None:
                restored.left.append(account_label(user))
            continue
        user.person_id = person.id
        restored.accounts.append(account_label(user))
    for update_id in record.updates:
        update = session.get(Update, update_id)
        if update is not None and update.author_person_id == staying.id:
            update.author_person_id = person.id
            restored.updates += 1
    for post_id in record.posts:
        post = session.get(ScheduledPost, post_id)
        if post is not None and post.person_id == staying.id:
            post.person_id = person.id
    for alias_id in record.aliases:
        alias = session.get(PersonAlias, alias_id)
        if alias is not None and alias.person_id == staying.id:
            alias.person_id = person.id
            restored.aliases.append(alias.name)


def _audit(h: HandlerContext, person: Person, event: AuditEvent, staying: Person) -> None:
    """The unmerge's own audit row, naming the merge it undid."""
    row = created_row(h.uow.session, person)
    if row is None:
        return
    row.update(
        change="unmerge",
        before={"id": staying.id, "name": staying.name},
        after={"merge": event.id, "id": person.id, "name": person.name},
    )
    write_rows(h.uow.session, [row])


def unmerged_text(restored: Restored) -> str:
    """The reply to an unmerge: what the person has back, and what stayed as it was."""
    parts = holdings_parts(restored)
    back = "; ".join(parts) if parts else "nothing the merge moved was left to give back"
    name, staying = restored.name, restored.staying
    text = f"Unmerged {name} from {staying}: {name} is a person again, with {back}."
    names = [name, *restored.aliases]
    text += (
        f" {' and '.join(f'“{n}”' for n in names)} "
        f"{'finds' if len(names) == 1 else 'find'} {name} again."
    )
    if restored.admin:
        text += f" {staying} is no longer an administrator; {name} is, as before the merge."
    if restored.left:
        text += (
            f" Changed since the merge, so left with whoever has them now: {listed(restored.left)}."
        )
    return text
