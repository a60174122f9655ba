"""/actions handover: a person leaving (or moving on) hands everything they lead to others.

Their outstanding actions, the indicators they own and the agenda items they lead at meetings
still to come pass to the people or roles named, in their place among any co-owners. Done
actions and past meetings keep their record; the person's roles are left for ``revoke``.
"""

from __future__ import annotations

import re

from commands.errors import NotAllowed, NotFound, UserError
from commands.formatting import some_of
from commands.grammar import Bindings
from commands.handler_context import HandlerContext
from commands.handlers.actions_write import resolve_command_owners, unheld_role_note
from commands.identity import find_people, is_self
from commands.meeting_lookup import meeting_label
from commands.mentions import mentioned_person
from commands.owner_store import handed_over, owner_rows, removed_name_text
from commands.owners import person_key
from commands.presenters import owner_names
from commands.registry import REGISTRY
from commands.views import Notice, View
from storage.models import ActionOwner, AgendaItemOwner, IndicatorOwner, Person, Role

UNCHANGED = " Nothing was changed."
LISTED = 8  # refs (or slugs, items) named in the answer before "and N more"
LABEL_CHARS = 60  # a listed title is cut to this, so that who gets the work is never cut off


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", person_key(text))


def _leaver(h: HandlerContext, name: str) -> Person:
    """The one person ``name`` names: ``me``, a chat mention of a linked account, or a full
    name (hyphens and spacing aside); anything else is refused, never guessed."""
    if is_self(name):
        if h.me.person is None:
            raise NotAllowed("I don't know who you are yet: name the person." + UNCHANGED)
        return h.me.person
    mentioned = mentioned_person(h, name)
    if mentioned is not None:
        return mentioned
    people = find_people(h.uow, name)
    exact = [p for p in people if _compact(p.name) == _compact(name.lstrip("@"))]
    if len(exact) == 1:
        return exact[0]
    if not people:
        removed = removed_name_text(h.repos, name)
        raise NotFound(
            f"I don't know anyone called “{name[:80]}” in this workspace."
            + (f" {removed}" if removed else "")
            + UNCHANGED
        )
    names = ", ".join(p.name for p in people[:5])
    raise UserError(f"“{name[:80]}” could be {names}: write the full name." + UNCHANGED)


def _role_notes(h: HandlerContext, leaver: Person, to: list[Person | Role]) -> list[str]:
    """Warnings for roles handed to that nobody else holds: the work would still be the
    leaver's, or nobody's."""
    notes = []
    for role in (o for o in to if isinstance(o, Role)):
        holders = [p for p in h.repos.people.holders(role.id) if p.id != leaver.id]
        if holders:
            continue
        if any(r.id == role.id for r in leaver.roles):
            notes.append(
                f"Note: only {leaver.name} holds {role.key}, so the work is still theirs "
                f"through it: `grant {role.key} to <person>` for whoever takes over."
            )
        else:
            notes.append(unheld_role_note(role))
    return notes


def _listed(names: list[str]) -> str:
    return some_of(names, LISTED, LABEL_CHARS)


@REGISTRY.command(
    "actions",
    "handover <person...> to <owner...>",
    "Give everything a person leads (outstanding actions, indicators, agenda items of meetings "
    "to come) to other people or roles (administrators only).",
    writes=True,
    examples=(
        "/actions handover Fiona Smith to Jackie Wilson",
        "/actions handover Fiona Smith to HOS",
    ),
)
def actions_handover(h: HandlerContext, args: Bindings) -> View:
    """Pass a person's outstanding work to others, in one change (audited). The person is
    ``me``, a chat mention or a full name."""
    if not h.me.is_admin:
        # A bulk change of who is responsible (and `link` by name is open to anyone whose
        # chat profile has the person's surname): only an administrator makes it.
        raise NotAllowed("Only an administrator can hand over someone's work." + UNCHANGED)
    leaver = _leaver(h, " ".join(str(args["person"]).split()))
    actions = list(h.repos.actions.owned_by([leaver.id], [], h.today, with_owners=True))
    indicators = list(h.repos.indicators.owned_by([leaver.id], []))
    items = list(h.repos.meetings.items_led_by(leaver.id, h.now))
    if not (actions or indicators or items):
        return Notice(
            text=f"{leaver.name} leads no outstanding actions, indicators or agenda items of "
            "meetings to come." + UNCHANGED
        )
    to, added = resolve_command_owners(h, str(args["owner"]))
    if any(isinstance(o, Person) and o.id == leaver.id for o in to):
        raise UserError(f"Hand {leaver.name}'s work to someone else." + UNCHANGED)
    for action in actions:
        action.owners = owner_rows(handed_over(action.owners, leaver, to), ActionOwner)
    for indicator in indicators:
        indicator.owners = owner_rows(handed_over(indicator.owners, leaver, to), IndicatorOwner)
    for _, item in items:
        item.owners = owner_rows(handed_over(item.owners, leaver, to), AgendaItemOwner)
    h.uow.session.flush()
    for action in actions:
        action.lead_text = ", ".join(owner_names(action))
    for indicator in indicators:
        indicator.owner_text = ", ".join(owner_names(indicator))
    for _, item in items:
        item.lead_text = ", ".join(owner_names(item))
    new = ", ".join(o.name if isinstance(o, Person) else o.key for o in to)
    parts = []
    if actions:
        noun = "action" if len(actions) == 1 else "actions"
        refs = [f"{a.plan.slug}:{a.ref}" for a in actions]
        parts.append(f"{len(actions)} outstanding {noun} ({_listed(refs)})")
    if indicators:
        noun = "indicator" if len(indicators) == 1 else "indicators"
        parts.append(f"{len(indicators)} {noun} ({_listed([i.slug for i in indicators])})")
    if items:
        noun = "agenda item" if len(items) == 1 else "agenda items"
        labels = [f"{meeting_label(m)}: {i.title}" for m, i in items]
        parts.append(f"{len(items)} {noun} ({_listed(labels)})")
    # Who now has the work comes first: a long list is cut at the end, never that.
    text = f"Handed {leaver.name}'s work to {new}: " + "; ".join(parts) + "."
    if leaver.roles:
        keys = ", ".join(r.key for r in leaver.roles)
        text += f" {leaver.name} still holds {keys}: `revoke {keys} from {leaver.name}` if they go."
    text += "".join(f" {note}" for note in [*added, *_role_notes(h, leaver, to)])
    return Notice(level="success", text=text)
