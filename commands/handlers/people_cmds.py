"""Administrators tidy the people of a workspace: ``people`` lists them with what each holds,
``merge <person> into <person>``, ``rename <person> to <name>``, ``remove <person>`` and
``unremove <person>``, ``unmerge <person>`` (see ``commands.people_admin`` for what each keeps
of history, and ``commands.people_unmerge``). Like
``grant`` and ``link`` they work on their own or after any of the slash commands (``/actions
merge …``)."""

from __future__ import annotations

import re

from commands.errors import UserError
from commands.grammar import Bindings
from commands.handler_context import HandlerContext
from commands.identity import account_label
from commands.meeting_lookup import meeting_label
from commands.mentions import mentioned_person
from commands.owners import person_key
from commands.people_admin import (
    UNCHANGED,
    merge_people,
    merged_text,
    pick_person,
    remove_person,
    removed_text,
    rename_person,
    unremove,
)
from commands.people_unmerge import find_merge, unmerge_person, unmerged_text
from commands.permissions import require_admin
from commands.registry import REGISTRY
from commands.views import Holding, Notice, PeopleList, PersonEntry, Question, View
from storage.models import Person

SHOWN = 3  # refs (slugs, items) a person's line names before "…"
FOOTER = (
    "Tidy them with `merge <duplicate> into <person>` (`unmerge <person>` undoes it), "
    "`rename <person> to <new name>` and `remove <person>` (a leaver who holds nothing "
    "open); `/actions handover <person> to <owner>` passes on someone's open work."
)


def _words(args: Bindings, name: str) -> str:
    return " ".join(str(args.get(name) or "").split())


@REGISTRY.command(
    "",
    "people [<name...>]",
    "List the people of this workspace (or those whose name has the words given) with what "
    "each holds: roles, chat account, open actions, indicators, agenda items to come "
    "(administrators only).",
    examples=("people", "people smith"),
)
def people_list(h: HandlerContext, args: Bindings) -> View:
    """Every person (or those whose name, or a name they were also known by, holds the words
    typed; or the one a chat mention's account is linked to), by name, each with what they
    hold."""
    require_admin(h.me, "list people with what they hold")
    typed = _words(args, "name")
    wanted = _name_words(typed)
    aliases: dict[int, list[str]] = {}
    for alias in h.repos.people.all_aliases():
        aliases.setdefault(alias.person_id, []).append(alias.name)
    mentioned = mentioned_person(h, typed) if typed else None
    people = [
        p
        for p in h.repos.people.all_people()
        if (p.id == mentioned.id if mentioned is not None else _named(p, wanted, aliases))
    ]
    entries = _entries(h, people, aliases)
    query = f"people {typed}" if wanted else "people"
    title = f"People matching “{typed[:60]}”" if wanted else "People"
    empty = (
        "Nobody's name has those words."
        if wanted
        else "Nobody yet: people are added by the lead and owner columns of the plans, KPIs "
        "and meetings imported, or by an administrator with `grant <role> to new <name>`."
    )
    title += f" ({len(entries)})"
    return PeopleList(title=title, items=entries, empty_text=empty, footer=FOOTER, query=query)


def _named(person: Person, wanted: list[str], aliases: dict[int, list[str]]) -> bool:
    """Whether the person's name, or a name they were also known by, has the words typed."""
    return any(_starts_words(wanted, n) for n in [person.name, *aliases.get(person.id, [])])


def _name_words(name: str) -> list[str]:
    """The words of a name as matched: folded like names, split at hyphens and apostrophes."""
    return re.findall(r"[a-z0-9]+", person_key(name))


def _starts_words(typed: list[str], name: str) -> bool:
    """True when each word typed starts a word of ``name`` ("smi" finds Anne Smith-Jones,
    "jon" finds Jon Abbey and Smith-Jones, "ith" finds nobody); nothing typed finds all."""
    words = _name_words(name)
    return all(any(w.startswith(t) for w in words) for t in typed)


def _entries(
    h: HandlerContext, people: list[Person], aliases: dict[int, list[str]]
) -> list[PersonEntry]:
    """Each person's line: the holdings of everyone read in a few queries, not per person."""
    holdings = h.repos.holdings
    actions = holdings.open_actions()
    indicators = holdings.indicators()
    items = holdings.items_to_come(h.now)
    accounts = holdings.chat_accounts()
    return [
        PersonEntry(
            name=p.name,
            roles=[r.key for r in p.roles],
            accounts=[account_label(u, listed=True) for u in accounts.get(p.id, [])],
            actions=_holding(actions.get(p.id, [])),
            indicators=_holding(indicators.get(p.id, [])),
            items=_holding([f"{meeting_label(m)}: {i.title}" for m, i in items.get(p.id, [])]),
            aliases=aliases.get(p.id, []),
            is_admin=p.is_admin,
        )
        for p in people
    ]


def _holding(names: list[str]) -> Holding:
    return Holding(total=len(names), names=names[:SHOWN])


@REGISTRY.command(
    "",
    "merge <duplicate...> into <person...>",
    "Make two people one: everything the first owns, holds or wrote passes to the second, "
    "whose other name the first's becomes (administrators only).",
    writes=True,
    examples=("merge A. Smith into Anne Smith",),
)
def merge(h: HandlerContext, args: Bindings) -> View:
    """Merge the first person into the second (both named in full; choices otherwise)."""
    require_admin(h.me, "merge people")
    first, second = _words(args, "duplicate"), _words(args, "person")
    going = pick_person(h, first, lambda n: f"merge {n} into {second}")
    if isinstance(going, Question):
        return going
    staying = pick_person(h, second, lambda n: f"merge {going.name} into {n}", besides=going)
    if isinstance(staying, Question):
        return staying
    going_name, staying_name = going.name, staying.name
    moved = merge_people(h, going, staying, first)
    return Notice(level="success", text=merged_text(going_name, staying_name, moved))


@REGISTRY.command(
    "",
    "unmerge <person...>",
    "Undo the last merge of a person: they are back, with what the merge moved from them "
    "that nobody has changed since (administrators only).",
    writes=True,
    examples=("unmerge A. Smith",),
)
def unmerge(h: HandlerContext, args: Bindings) -> View:
    """Undo the last merge of the person named (by the name they had)."""
    require_admin(h.me, "unmerge people")
    event, record, staying = find_merge(h, _words(args, "person"))
    restored = unmerge_person(h, event, record, staying)
    return Notice(level="success", text=unmerged_text(restored))


@REGISTRY.command(
    "",
    "rename <person...> to <name...>",
    "Correct a person's name; the old one still finds them (administrators only).",
    writes=True,
    examples=("rename Anne Smyth to Anne Smith",),
)
def rename(h: HandlerContext, args: Bindings) -> View:
    """Rename a person named in full (choices otherwise)."""
    require_admin(h.me, "rename people")
    new = _words(args, "name")
    person = pick_person(h, _words(args, "person"), lambda n: f"rename {n} to {new}")
    if isinstance(person, Question):
        return person
    text = rename_person(h, person, new)
    return Notice(level="info" if text.endswith("Nothing changed.") else "success", text=text)


@REGISTRY.command(
    "",
    "remove <person...>",
    "Remove a person who no longer owns open actions or indicators nor leads agenda items "
    "to come; done work keeps their name (administrators only).",
    writes=True,
    examples=("remove Dominic Porter-Moore",),
)
def remove(h: HandlerContext, args: Bindings) -> View:
    """Remove a person named in full (choices otherwise), refused while they hold open work."""
    from commands.handlers.kpis import swapped_remove  # the KPI commands import people's

    meant = swapped_remove(h, _words(args, "person"))
    if meant is not None:
        # `/kpi remove pep Nov 2026`: the words of /kpi's own remove, in another order.
        raise UserError(
            f"`remove` followed by a name removes a person. To remove a value, write "
            f"`{meant}`.{UNCHANGED}",
            suggestions=[meant],
        )
    require_admin(h.me, "remove people")
    person = pick_person(h, _words(args, "person"), lambda n: f"remove {n}")
    if isinstance(person, Question):
        return person
    if person.id == h.me.person_id:
        # As with `admin remove`: an administrator removing themselves (their administrator
        # rights with them) could leave the workspace with none.
        raise UserError("You cannot remove yourself: ask another administrator." + UNCHANGED)
    name = person.name
    return Notice(level="success", text=removed_text(name, remove_person(h, person)))


@REGISTRY.command(
    "",
    "unremove <person...>",
    "Let imports add again a person who was removed (administrators only): a file naming "
    "them as a lead keeps its text as written, without adding them, until then.",
    writes=True,
    examples=("unremove Dominic Porter-Moore",),
)
def unremove_cmd(h: HandlerContext, args: Bindings) -> View:
    """Forget a removal, so that the next import naming the person adds them again."""
    require_admin(h.me, "unremove people")
    return Notice(level="success", text=unremove(h, _words(args, "person")))
