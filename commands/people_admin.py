"""Administrators tidy a workspace's people: merge a duplicate into another, rename one,
remove one who holds nothing open any more. Each runs in the command's one transaction, and
every row it changes is in the audit trail (with one row saying what was merged into whom).

What history keeps (decided here, told in the README):
- A merge moves every row that names the person going (``PERSON_REFERENCES``) to the person
  staying: their place among the owners of actions (done ones too), indicators and agenda items
  (past meetings too); their roles, chat accounts, scheduled posts and aliases; the updates they
  logged, whose author's name stays as it was logged. The name going becomes an alias of the
  person staying, as a renamed person's old name does, so that typed names and re-imported
  files writing it find them. Lead texts (the cell as written) are not rewritten: read again,
  they name the person staying. Audit rows are never rewritten.
- A removal deletes the person. Done actions and agenda items of past meetings keep their lead
  text as written (shown where no owner is left), and updates keep their author's name. Their
  names are kept as those of somebody removed (``RemovedPerson``): an import reading them in
  a lead cell adds nobody and says so, until ``unremove`` forgets them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from commands.errors import NotFound, UserError
from commands.formatting import some_of
from commands.handler_context import HandlerContext
from commands.identity import account_label, account_typed, find_people
from commands.lookup import nearest_people_text
from commands.meeting_lookup import meeting_label
from commands.mentions import mentioned_person
from commands.merge_record import MergeRecord, OwnersMoved, owner_keys_of
from commands.owner_store import (
    NAME_CHARS,
    handed_over,
    owner_keys,
    owner_rows,
    person_named,
    referred_to,
    removed_name_text,
)
from commands.owners import honorific_variants, person_key, split_lead
from commands.views import Choice, Question
from storage.audit import created_row, write_rows
from storage.models import (
    Action,
    ActionOwner,
    AgendaItem,
    AgendaItemOwner,
    Indicator,
    IndicatorOwner,
    Meeting,
    Person,
    Role,
)

UNCHANGED = " Nothing was changed."
LISTED = 5  # refs (or slugs, items) a reply names before "and N more"
LABEL_CHARS = 60


def listed(names: Sequence[str]) -> str:
    """The first few names, then "and N more"."""
    return some_of(list(names), LISTED, LABEL_CHARS)


def counted(n: int, one: str, many: str) -> str:
    """``1 action``, ``3 actions``."""
    return f"{n} {one if n == 1 else many}"


# -- naming the person ------------------------------------------------------------------------


def pick_person(
    h: HandlerContext, typed: str, retry: Callable[[str], str], *, besides: Person | None = None
) -> Person | Question:
    """The one person ``typed`` names in full: their name (case, accents and an honorific
    aside), a name they were also known by, or a chat mention of their linked account. A part
    of a name or a close spelling is never acted on: the answer is a Question whose choices run
    ``retry`` of each likely person's name (``besides`` never among them: the other person of
    a merge). Raises NotFound when nobody is close."""
    name = " ".join(typed.split())
    mentioned = mentioned_person(h, name)
    if mentioned is not None:
        return mentioned
    key = person_key(name.lstrip("@"))
    if not key:
        raise UserError(f"“{name[:80]}” is no one's name: name the person." + UNCHANGED)
    named = person_named(h.repos, key)
    if named is not None:
        return named
    people = [p for p in find_people(h.uow, name) if besides is None or p.id != besides.id]
    if not people:
        removed = removed_name_text(h.repos, name)
        raise NotFound(
            f"I don't know anyone called “{name[:80]}” in this workspace."
            + (f" {removed}" if removed else nearest_people_text(h, name, roles=False))
            + UNCHANGED
        )
    which = "Which one do you mean?" if len(people) > 1 else f"Do you mean {people[0].name}?"
    return Question(
        text=f"Nobody here is called “{name[:80]}” in full. {which} Nothing was changed yet.",
        choices=[Choice(label=_label(p), command=retry(p.name)) for p in people[:8]],
    )


def _label(person: Person) -> str:
    roles = ", ".join(r.key for r in person.roles)
    return f"{person.name} ({roles})" if roles else person.name


# -- aliases ----------------------------------------------------------------------------------


def keep_alias(h: HandlerContext, person: Person, name: str, key: str) -> None:
    """Keep ``name`` as a name ``person`` is also known by (an alias of that key that named
    somebody else names them now); nothing when it is their name."""
    if key == person.name_key:
        return
    existing = h.repos.people.aliases_by_keys([key])
    if existing:
        existing[0].person_id = person.id
    else:
        h.repos.people.add_alias(person, name, key)


def _audit(h: HandlerContext, person: Person, change: str, after: dict[str, Any]) -> None:
    """One audit row saying what was done to ``person`` as a whole ("merge"), beside the rows
    of every change it made."""
    row = created_row(h.uow.session, person)
    if row is None:
        return
    row.update(change=change, before={"id": person.id, "name": person.name}, after=after)
    write_rows(h.uow.session, [row])


# -- merge ------------------------------------------------------------------------------------


@dataclass
class Moved:
    """What a merge moved, for its reply."""

    actions: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)
    updates: int = 0
    aliases: list[str] = field(default_factory=list)
    admin: bool = False  # the person staying became an administrator, as the one going was


def check_mergeable(h: HandlerContext, going: Person, staying: Person, typed: str = "") -> None:
    """Refuse a merge that is not safe: one person (``typed``: how the first was named),
    two chat accounts of one platform (two people, most likely), two e-mails on file."""
    if going.id == staying.id:
        if typed and person_key(typed.lstrip("@")) not in (going.name_key, ""):
            raise UserError(
                f"“{typed[:80]}” already finds {staying.name} (merged or renamed before): "
                "there is nothing to merge." + UNCHANGED
            )
        raise UserError(f"Both names are {staying.name}: there is nothing to merge." + UNCHANGED)
    mine = {u.platform: u for u in h.repos.people.chat_users_of(going.id)}
    for theirs in h.repos.people.chat_users_of(staying.id):
        other = mine.get(theirs.platform)
        if other is not None:
            raise UserError(
                f"{going.name} is linked to {account_label(other)} and {staying.name} to "
                f"{account_typed(theirs)}: two accounts, so most likely two people. If they "
                f"are one, say which account is theirs first (`link {account_typed(theirs)} "
                f"to {going.name}` or `link {account_typed(other)} to {staying.name}` unlinks "
                "the other), then merge." + UNCHANGED
            )
    if going.email and staying.email and going.email.lower() != staying.email.lower():
        raise UserError(
            f"{going.name} and {staying.name} have different e-mails on file ({going.email}, "
            f"{staying.email}): most likely two people." + UNCHANGED
        )


def merge_people(h: HandlerContext, going: Person, staying: Person, typed: str = "") -> Moved:
    """Move everything that names ``going`` to ``staying``, keep ``going``'s name as an
    alias of ``staying``, then remove ``going`` (see the module's docstring; ``typed``: how
    ``going`` was named, for a refusal). The merge's audit row keeps what it moved, for
    ``unmerge`` (``commands.people_unmerge``)."""
    check_mergeable(h, going, staying, typed)
    for person_id in sorted((going.id, staying.id)):  # in id order: two merges cannot deadlock
        h.repos.people.lock_person(person_id)
    moved = Moved()
    record = MergeRecord.of(going, staying)
    _move_ownership(h, going, staying, moved, record)
    for role in list(going.roles):
        record.roles.append(role.id)
        if h.repos.people.grant_role(staying, role):
            moved.roles.append(role.key)
            record.granted.append(role.id)
        h.repos.people.revoke_role(going, role)
    for user in h.repos.people.chat_users_of(going.id):
        user.person_id = staying.id
        moved.accounts.append(account_label(user))
        record.accounts.append(user.id)
    for update in h.repos.holdings.updates_by(going.id):
        update.author_person_id = staying.id
        moved.updates += 1
        record.updates.append(update.id)
    for post in h.repos.holdings.posts_for(going.id):
        post.person_id = staying.id
        record.posts.append(post.id)
    for alias in h.repos.people.aliases_of(going.id):
        if alias.name_key == staying.name_key:
            h.uow.session.delete(alias)  # the name of the person staying: no other name
            continue
        alias.person_id = staying.id
        moved.aliases.append(alias.name)
        record.aliases.append(alias.id)
    h.uow.session.flush()
    keep_alias(h, staying, going.name, going.name_key)
    if going.email and not staying.email:
        staying.email = going.email
        record.email_copied = True
    moved.admin = record.admin_moved = going.is_admin and not staying.is_admin
    staying.is_admin = staying.is_admin or going.is_admin
    _audit(
        h,
        going,
        "merge",
        {"into_id": staying.id, "into": staying.name, "undo": record.to_json()},
    )
    _delete(h, going)
    return moved


def _move_ownership(
    h: HandlerContext, going: Person, staying: Person, moved: Moved, record: MergeRecord
) -> None:
    """``staying`` in ``going``'s place among the owners of every action, indicator and
    agenda item (each keeping its other owners; lead texts as written)."""
    to: list[Person | Role] = [staying]

    def hand_over(owned: Action | Indicator | AgendaItem, row: Callable[..., Any]) -> OwnersMoved:
        owners = handed_over(owned.owners, going, to)
        before = owner_keys_of(owned.owners)
        owned.owners = owner_rows(owners, row)
        return OwnersMoved(owned.id, before, [list(key) for key in owner_keys(owners)])

    for action in h.repos.holdings.actions_of(going.id):
        record.actions.append(hand_over(action, ActionOwner))
        moved.actions.append(f"{action.plan.slug}:{action.ref}")
    for indicator in h.repos.holdings.indicators_of(going.id):
        record.indicators.append(hand_over(indicator, IndicatorOwner))
        moved.indicators.append(indicator.slug)
    for item in h.repos.holdings.items_of(going.id):
        record.items.append(hand_over(item, AgendaItemOwner))
        moved.items.append(item_label(h, item))


def item_label(h: HandlerContext, item: AgendaItem) -> str:
    """An agenda item as replies name it: ``CPAC 2016-01-05: Performance``."""
    meeting = h.uow.session.get(Meeting, item.meeting_id)
    return f"{meeting_label(meeting)}: {item.title}" if meeting is not None else item.title


def _delete(h: HandlerContext, person: Person) -> None:
    """Delete a person nothing refers to any more. Something still referring to them is a
    table this module does not know (a failure: the whole command is undone)."""
    session = h.uow.session
    session.flush()
    if referred_to(session, person.id):
        raise RuntimeError(f"person {person.id} is still referred to; not removed")
    session.delete(person)
    session.flush()


def holdings_parts(moved: Moved, updates_note: str = "") -> list[str]:
    """What a merge moved (or an unmerge gave back), a part each: the actions, indicators and
    agenda items named, the roles, the chat accounts and how many updates (``updates_note``
    after their count)."""
    parts = []
    for names, one, many in (
        (moved.actions, "action", "actions"),
        (moved.indicators, "indicator", "indicators"),
        (moved.items, "agenda item", "agenda items"),
    ):
        if names:
            parts.append(f"{counted(len(names), one, many)} ({listed(names)})")
    if moved.roles:
        parts.append(("role " if len(moved.roles) == 1 else "roles ") + ", ".join(moved.roles))
    if moved.accounts:
        parts.append(", ".join(moved.accounts))
    if moved.updates:
        parts.append(counted(moved.updates, "update", "updates") + " logged" + updates_note)
    return parts


def merged_text(going: str, staying: str, moved: Moved) -> str:
    """The reply to a merge: what moved, and that the name going now finds ``staying``."""
    parts = holdings_parts(moved, " (shown with the name they were logged under)")
    what = "; ".join(parts) if parts else "they held nothing"
    names = [going, *moved.aliases]
    admin = f" {staying} is now an administrator, as {going} was." if moved.admin else ""
    return (
        f"Merged {going} into {staying}: {what}. {going} is removed; "
        f"{' and '.join(f'“{n}”' for n in names)} now "
        f"{'finds' if len(names) == 1 else 'find'} {staying} in commands and imports.{admin} "
        f"`unmerge {going}` undoes it."
    )


# -- rename -----------------------------------------------------------------------------------


def checked_name(text: str, current_key: str) -> tuple[str, str]:
    """The new name typed and its key; refused unless it reads as one person's name (as a
    lead cell would be read, so that files writing it find the person), or is the person's
    name (``current_key``) written otherwise."""
    name = " ".join(text.split())
    key = person_key(name)
    if not key:
        raise UserError("Give the new name, e.g. `rename Anne Smyth to Anne Smith`." + UNCHANGED)
    if len(name) > NAME_CHARS:
        raise UserError(f"A name is at most {NAME_CHARS} characters." + UNCHANGED)
    if key == current_key:
        return name, key
    refs = split_lead(name)
    if len(refs) == 1 and refs[0].kind == "role":
        how = (
            "write it with its capitals, as files do"
            if name == name.lower()
            else "`grant` gives a person a role"
        )
        raise UserError(f"“{name[:80]}” reads as a role, not a person's name: {how}." + UNCHANGED)
    if len(refs) != 1 or refs[0].kind != "person" or refs[0].key != key:
        raise UserError(
            f"“{name[:80]}” is not one person's name as csbot reads names: give the name "
            "alone, without a post or other people." + UNCHANGED
        )
    return name, key


def rename_person(h: HandlerContext, person: Person, text: str) -> str:
    """Give ``person`` the name ``text``; the old name stays an alias of theirs. Refused when
    somebody else has the name (or an alias of it): that is a merge. The reply's text."""
    name, key = checked_name(text, person.name_key)
    other = person_named(h.repos, key)
    if other is not None and other.id != person.id:
        also = "" if person_key(other.name) == key else f" (“{name[:80]}” finds {other.name})"
        raise UserError(
            f"{other.name} already has that name{also}. If they are one person, merge them: "
            f"`merge {person.name} into {other.name}`." + UNCHANGED,
            suggestions=[f"merge {person.name} into {other.name}"],
        )
    if name == person.name:
        return f"{person.name} is already called that. Nothing changed."
    old, old_key = person.name, person.name_key
    h.repos.people.lock_person(person.id)
    for alias in h.repos.people.aliases_by_keys([key]):
        h.uow.session.delete(alias)  # their own other name: now their name
    h.uow.session.flush()
    person.name, person.name_key = name, key
    h.uow.session.flush()
    if key == old_key:
        return f"{old} is now written {name}."
    keep_alias(h, person, old, old_key)
    h.uow.session.flush()
    return (
        f"Renamed {old} to {name}. “{old}” still finds {name} in commands and imports, so a "
        "file still writing it does not add them again."
    )


# -- remove -----------------------------------------------------------------------------------


def refuse_while_holding(h: HandlerContext, person: Person) -> None:
    """Refuse to remove a person who still owns outstanding actions or indicators, or leads
    agenda items of meetings to come, naming them and what to type instead."""
    actions = h.repos.actions.owned_by([person.id], [], h.today)
    indicators = h.repos.holdings.indicators_of(person.id)
    items = h.repos.meetings.items_led_by(person.id, h.now)
    held = []
    if actions:
        refs = [f"{a.plan.slug}:{a.ref}" for a in actions]
        held.append(
            f"{counted(len(refs), 'outstanding action', 'outstanding actions')} ({listed(refs)})"
        )
    if indicators:
        slugs = [i.slug for i in indicators]
        held.append(f"{counted(len(slugs), 'indicator', 'indicators')} ({listed(slugs)})")
    if items:
        labels = [f"{meeting_label(m)}: {i.title}" for m, i in items]
        held.append(
            f"{counted(len(labels), 'agenda item', 'agenda items')} to lead at meetings to come "
            f"({listed(labels)})"
        )
    if held:
        raise UserError(
            f"{person.name} still has {'; '.join(held)}. Hand them over first "
            f"(`/actions handover {person.name} to <person or role>`), or merge {person.name} "
            f"into whoever took over (`merge {person.name} into <person>`)." + UNCHANGED
        )


@dataclass
class Removed:
    """What a removal cleared, for its reply."""

    done: list[str] = field(default_factory=list)
    past_items: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    unheld: list[str] = field(default_factory=list)  # roles nobody holds once they went
    accounts: list[str] = field(default_factory=list)
    updates: int = 0


def remove_person(h: HandlerContext, person: Person) -> Removed:
    """Remove a person who holds nothing open (see :func:`refuse_while_holding`): off the
    owners of done actions and past agenda items (their lead text as written stays), their
    roles and aliases gone, chat accounts unlinked, updates keeping the name they were logged
    under, their scheduled posts dropped."""
    refuse_while_holding(h, person)
    h.repos.people.lock_person(person.id)
    removed = Removed()
    for action in h.repos.holdings.actions_of(person.id):
        action.owners = owner_rows(handed_over(action.owners, person, []), ActionOwner)
        removed.done.append(f"{action.plan.slug}:{action.ref}")
    for item in h.repos.holdings.items_of(person.id):
        item.owners = owner_rows(handed_over(item.owners, person, []), AgendaItemOwner)
        removed.past_items.append(item_label(h, item))
    for role in list(person.roles):
        h.repos.people.revoke_role(person, role)
        removed.roles.append(role.key)
        if not h.repos.people.holders(role.id):
            removed.unheld.append(role.key)
    for user in h.repos.people.chat_users_of(person.id):
        user.person_id = None
        removed.accounts.append(account_label(user))
    for update in h.repos.holdings.updates_by(person.id):
        update.author_person_id = None
        removed.updates += 1
    session = h.uow.session
    for post in h.repos.holdings.posts_for(person.id):
        session.delete(post)
    names = [(person.name, person.name_key)]
    for alias in h.repos.people.aliases_of(person.id):
        names.append((alias.name, alias.name_key))
        session.delete(alias)
    _delete(h, person)
    at = h.now
    for name, key in names:  # so that a file re-imported does not add them again
        h.repos.people.mark_removed(name, key, h.me.name, at)
    session.flush()
    return removed


def removed_text(name: str, removed: Removed) -> str:
    """The reply to a removal: what was cleared, and what history keeps."""
    kept = []
    if removed.done:
        n = len(removed.done)
        kept.append(f"{counted(n, 'done action', 'done actions')} ({listed(removed.done)})")
    if removed.past_items:
        n = len(removed.past_items)
        kept.append(
            f"{counted(n, 'agenda item', 'agenda items')} of past meetings "
            f"({listed(removed.past_items)})"
        )
    text = f"Removed {name}."
    if kept:
        one = len(removed.done) + len(removed.past_items) == 1
        keeps = "keeps its lead" if one else "keep their lead"
        text += f" {' and '.join(kept)} {keeps} as it was written."
    if removed.updates:
        text += (
            " The update they logged keeps their name."
            if removed.updates == 1
            else f" The {removed.updates} updates they logged keep their name."
        )
    if removed.roles:
        text += f" They no longer hold {', '.join(removed.roles)}."
    for key in removed.unheld:
        text += f" Nobody holds {key} now: `grant {key} to <person>` so that someone is reminded."
    if removed.accounts:
        text += f" {', '.join(removed.accounts)}: no longer linked to anybody."
    return text + (
        " A file re-imported that still names them as a lead keeps the lead as written and "
        f"does not add them again (`unremove {name}` lets it)."
    )


def unremove(h: HandlerContext, typed: str) -> str:
    """Forget that the person ``typed`` names was removed, and every other name of theirs
    removed with them, so that imports add them again. The reply's text."""
    name = " ".join(typed.split())
    key = person_key(name)
    if not key:
        raise UserError("Name the person removed, e.g. `unremove Bob Jones`." + UNCHANGED)
    marks = list(h.repos.people.removed_by_keys([key, *honorific_variants(key)]))
    if not marks:
        raise NotFound(f"Nobody called “{name[:80]}” was removed in this workspace." + UNCHANGED)
    same = {(m.removed_at, m.removed_by) for m in marks}
    marks += [m for m in h.repos.people.all_removed() if (m.removed_at, m.removed_by) in same]
    names = []
    for mark in {m.id: m for m in marks}.values():
        names.append(mark.name)
        h.uow.session.delete(mark)
    h.uow.session.flush()
    return (
        f"{' and '.join(f'“{n}”' for n in sorted(names))} no longer "
        f"{'names' if len(names) == 1 else 'name'} somebody removed: a file imported that "
        f"names {marks[0].name} as a lead adds them again."
    )
