"""/actions commands that change things: update, done, add, assign, due, link-channel.

Every change goes through one unit of work owned by the core (audited automatically, with the
caller as the actor); progress is logged only through commands.action_updates.record_update.
"""

from __future__ import annotations

import re
from datetime import date

from commands.action_updates import clean_text, logged_view, record_update
from commands.dates import NO_DATE_WORDS, parse_due
from commands.errors import UserError
from commands.formatting import fmt_date
from commands.grammar import Bindings
from commands.handler_context import HandlerContext
from commands.identity import find_people
from commands.lookup import default_plan, find_action, find_plan, find_role, known_role
from commands.owner_store import owner_keys, resolve_owner, set_action_owners
from commands.owners import split_lead
from commands.permissions import require_can_change_action, require_known
from commands.presenters import owner_names
from commands.progress import extract_status
from commands.registry import REGISTRY
from commands.status import label
from commands.views import Notice, View
from storage.models import Action, Person, Plan, PlanChannel, Role

MAX_TITLE_CHARS = 2000
# Role keys are stored in 100 characters, names and titles in 200.
MAX_OWNER_CHARS = 100


# -- progress ------------------------------------------------------------------------------


@REGISTRY.command(
    "actions",
    "update <ref> <text...>",
    "Log progress; add a status anywhere: #on-track #at-risk #off-track #done.",
    writes=True,
    examples=("/actions update 2.3 12 practitioners recruited #on-track",),
)
def actions_update(h: HandlerContext, args: Bindings) -> View:
    """Log an update on an action, changing its status when a #status is given."""
    action = find_action(h, str(args["ref"]))
    text, status = extract_status(clean_text(str(args["text"])))
    if not text and status is None:
        raise UserError(
            f"Say what happened on {action.ref}, e.g. "
            f"`/actions update {action.ref} audit complete #done`."
        )
    require_can_change_action(h.me, action)
    if not text and status == action.status:
        return Notice(text=f"{action.ref} is already {label(status)}. Nothing changed.")
    update = record_update(h, action, text, status=status, source="command")
    return logged_view(h, update)


@REGISTRY.command(
    "actions",
    "done <ref> [<note...>]",
    "Mark an action achieved, with an optional note.",
    writes=True,
    examples=("/actions done 4.2 audit signed off",),
)
def actions_done(h: HandlerContext, args: Bindings) -> View:
    """Mark an action achieved."""
    action = find_action(h, str(args["ref"]))
    note = clean_text(str(args.get("note") or ""))
    require_can_change_action(h.me, action)
    if action.status == "achieved":
        if not note:
            return Notice(text=f"{action.ref} is already {label('achieved')}. Nothing changed.")
        # The note is still worth keeping; the status does not change again.
        update = record_update(h, action, note, source="command")
        return logged_view(
            h,
            update,
            message=f"{action.ref} was already {label('achieved')}; your note was logged "
            "(status unchanged).",
        )
    update = record_update(h, action, note, status="achieved", source="command")
    return logged_view(h, update)


# -- creating and changing actions ---------------------------------------------------------


@REGISTRY.command(
    "actions",
    "add <title...> owner <owner...> due <when...> [plan <plan...>]",
    "Add an action (plan: this channel's, or the only one).",
    writes=True,
    examples=("/actions add Review PEP audit owner Fiona Smith due end of March",),
)
def actions_add(h: HandlerContext, args: Bindings) -> View:
    """Add a new action to a plan, with the next free ref."""
    require_known(h.me)
    plan_name = args.get("plan")
    plan = find_plan(h, plan_name) if isinstance(plan_name, str) else default_plan(h)
    title_text, owner_text, when_text = split_add_words(args)
    title = clean_text(title_text)
    if not title:
        raise UserError("The new action needs a title. Nothing was changed.")
    if len(title) > MAX_TITLE_CHARS:
        raise UserError(
            f"That title is too long ({len(title):,} characters; the limit is "
            f"{MAX_TITLE_CHARS:,}). Nothing was changed."
        )
    due_date, due_raw = _parse_when(h, when_text)
    owners = resolve_command_owners(h, owner_text)
    ref, section_id = next_ref(h, plan)
    action = Action(
        workspace_id=h.uow.workspace_id,
        plan_id=plan.id,
        section_id=section_id,
        ref=ref,
        title=title,
        lead_text=clean_text(owner_text),
        due_text=due_raw,
        due_date=due_date,
        status="not_started",
        position=h.repos.actions.max_position(plan.id) + 1,
        created_at=h.now,
    )
    h.uow.session.add(action)
    set_action_owners(action, owners)
    h.uow.session.flush()
    return Notice(
        level="success",
        text=f"Added {ref} to {plan.name}: {title} — owner{'s' if len(owners) > 1 else ''} "
        f"{', '.join(owner_names(action))}, {_due_phrase(due_date, due_raw)}.",
    )


# Greedy title and owner: the LAST "owner" before the LAST "due" divide them, so that a title
# may say "owner" or "due" itself ("Appoint a new owner for the contract owner AD due ...").
_ADD_PARTS = re.compile(
    r"^(?P<title>.+)\s+owner\s+(?P<owner>.+)\s+due\s+(?P<when>.+)$", re.I | re.S
)


def split_add_words(args: Bindings) -> tuple[str, str, str]:
    """(title, owner, when) of ``/actions add``, split at the last ``owner`` and ``due``
    (the grammar splits at the first ones)."""
    title, owner, when = str(args["title"]), str(args["owner"]), str(args["when"])
    m = _ADD_PARTS.match(f"{title} owner {owner} due {when}")
    if m is None:  # pragma: no cover - the grammar matched these very keywords
        return title, owner, when
    return m["title"], m["owner"], m["when"]


@REGISTRY.command(
    "actions",
    "assign <ref> <owner...>",
    "Replace an action's owners (people and/or roles).",
    writes=True,
    examples=("/actions assign 2.3 Jackie Wilson/HOS",),
)
def actions_assign(h: HandlerContext, args: Bindings) -> View:
    """Replace the owners of an action."""
    action = find_action(h, str(args["ref"]))
    require_can_change_action(h.me, action)
    before = owner_names(action)
    owners = resolve_command_owners(h, str(args["owner"]))
    if owner_keys(owners) == [(o.person_id, o.role_id) for o in action.owners]:
        return Notice(
            text=f"{action.ref} is already owned by {', '.join(before)}. Nothing changed."
        )
    set_action_owners(action, owners)
    h.uow.session.flush()
    after = owner_names(action)
    action.lead_text = ", ".join(after)
    was = ", ".join(before) or "nobody"
    return Notice(
        level="success", text=f"{action.ref} is now owned by {', '.join(after)} (was {was})."
    )


@REGISTRY.command(
    "actions",
    "due <ref> <date...>",
    "Change an action's due date (31 March 2016, end of June, TBC...).",
    writes=True,
    examples=("/actions due 2.3 end of March",),
)
def actions_due(h: HandlerContext, args: Bindings) -> View:
    """Change the due date of an action; the text typed is kept as its timescale."""
    action = find_action(h, str(args["ref"]))
    due_date, due_raw = _parse_when(h, str(args["date"]))
    require_can_change_action(h.me, action)
    was = _due_phrase(action.due_date, action.due_text)
    if (due_date, due_raw) == (action.due_date, action.due_text):
        return Notice(text=f"{action.ref} is already {was}. Nothing changed.")
    action.due_date = due_date
    action.due_text = due_raw
    return Notice(
        level="success",
        text=f"{action.ref} is now {_due_phrase(due_date, due_raw)} (before: {was}).",
    )


# -- channels ------------------------------------------------------------------------------


@REGISTRY.command(
    "actions",
    "link-channel <plan...>",
    "Log progress messages in this channel against a plan.",
    writes=True,
    examples=("/actions link-channel leeds improvement plan",),
)
def actions_link_channel(h: HandlerContext, args: Bindings) -> View:
    """Link the current channel to a plan."""
    channel_id = _require_channel(h, "link-channel <plan>")
    require_known(h.me)
    plan = find_plan(h, str(args["plan"]))
    link = h.repos.plans.channel_link(h.platform, channel_id)
    how = "Progress messages here such as `2.3: text #on-track` are now logged against it."
    if link is not None and link.plan_id == plan.id:
        return Notice(text=f"This channel is already linked to {plan.name}.")
    if link is not None:
        old = h.repos.plans.by_id(link.plan_id)
        link.plan_id = plan.id
        old_name = old.name if old is not None else "another plan"
        return Notice(
            level="success",
            text=f"This channel is now linked to {plan.name} instead of {old_name}. {how}",
        )
    h.uow.session.add(
        PlanChannel(
            workspace_id=h.uow.workspace_id,
            plan_id=plan.id,
            platform=h.platform,
            channel_id=channel_id,
            channel_name=(h.msg.channel_name or "")[:200],
        )
    )
    return Notice(level="success", text=f"This channel is now linked to {plan.name}. {how}")


@REGISTRY.command(
    "actions",
    "unlink-channel",
    "Stop logging this channel's progress messages against its plan.",
    writes=True,
)
def actions_unlink_channel(h: HandlerContext, args: Bindings) -> View:
    """Unlink the current channel from its plan."""
    channel_id = _require_channel(h, "unlink-channel")
    require_known(h.me)
    link = h.repos.plans.channel_link(h.platform, channel_id)
    if link is None:
        return Notice(text="This channel is not linked to a plan. Nothing changed.")
    plan = h.repos.plans.by_id(link.plan_id)
    h.uow.session.delete(link)
    name = plan.name if plan is not None else "its plan"
    return Notice(level="success", text=f"This channel is no longer linked to {name}.")


def _require_channel(h: HandlerContext, usage: str) -> str:
    if h.msg.channel_id is None or h.msg.is_direct:
        raise UserError(
            f"Type `/actions {usage}` in the channel you mean; this message did not come "
            "from a channel. Nothing was changed."
        )
    return h.msg.channel_id


# -- helpers -------------------------------------------------------------------------------


def _parse_when(h: HandlerContext, text: str) -> tuple[date | None, str]:
    """(due date or None, raw text); "TBC"/"ongoing" mean no date; nonsense is refused."""
    raw = clean_text(text)
    if NO_DATE_WORDS.match(raw):
        return None, raw
    parsed = parse_due(raw, h.today, h.tz)
    if parsed is None:
        raise UserError(
            f"I couldn't read “{raw[:80]}” as a date. Try `31 March 2016`, `end of June`, "
            "`next Friday`, `Summer 2016` or `TBC`. Nothing was changed."
        )
    return parsed, raw


def _due_phrase(due: date | None, raw: str) -> str:
    if due is None:
        return f"with no due date ({raw})" if raw else "with no due date"
    return f"due {fmt_date(due)}"


def resolve_command_owners(h: HandlerContext, text: str) -> list[Person | Role]:
    """Owners typed in a command: existing people (fuzzily) and roles first; anyone new is
    created as an import would create them. Ambiguous names are refused."""
    refs = split_lead(clean_text(text))
    if not refs:
        raise UserError(
            f"“{text.strip()[:80]}” names no owner. Give a person or a role, "
            "e.g. `owner Fiona Smith` or `owner HOS`."
        )
    owners: list[Person | Role] = []
    for ref in refs:
        if not ref.key.strip(" '-"):
            raise UserError(
                f"I can't tell who “{ref.display[:60]}” is: name a person or a role in letters, "
                "e.g. `Fiona Smith` or `HOS`. Nothing was changed."
            )
        if len(ref.display) > MAX_OWNER_CHARS or len(ref.key) > MAX_OWNER_CHARS:
            raise UserError(
                f"“{ref.display[:40]}…” is too long for a person's or role's name (the limit is "
                f"{MAX_OWNER_CHARS} characters). Nothing was changed."
            )
        if ref.kind == "role":
            role = find_role(h, ref.display) or find_role(h, ref.key)
            if role is not None:
                owners.append(role)
                continue
        people = find_people(h.uow, ref.display)
        if len(people) > 1:
            names = ", ".join(p.name for p in people)
            raise UserError(
                f"“{ref.display}” could be several people: {names}. Use the full name. "
                "Nothing was changed."
            )
        if people:
            owners.append(people[0])
            continue
        if ref.kind == "role" and known_role(ref.display) is None and ref.display.islower():
            # "jackie wilson" typed in lower case is a new person, not a role.
            titled = split_lead(ref.display.title())
            if len(titled) == 1 and titled[0].kind == "person":
                ref = titled[0]
        owners.append(resolve_owner(h.repos, ref))
    return owners


_TRAILING_NUMBER = re.compile(r"^(.*?)(\d+)$")


def next_ref(h: HandlerContext, plan: Plan) -> tuple[str, int | None]:
    """The ref of a new action (and its section): the next number after the plan's last
    action — ``10`` -> ``11``, ``4.5`` -> ``4.6``, ``CPAC343/1`` -> ``CPAC343/2``."""
    actions = list(h.repos.actions.in_plan(plan.id))
    used = {a.ref for a in actions}
    if not actions:
        return "1", None
    last = actions[-1]
    m = _TRAILING_NUMBER.match(last.ref)
    if m is not None:
        prefix = m.group(1)
        numbers = [
            int(found.group(2))
            for a in actions
            if (found := _TRAILING_NUMBER.match(a.ref)) is not None and found.group(1) == prefix
        ]
        candidate = max(numbers) + 1
        while f"{prefix}{candidate}" in used:
            candidate += 1
        return f"{prefix}{candidate}", last.section_id
    plain = [int(r) for r in used if r.isdigit()]
    candidate = max(plain, default=0) + 1
    while str(candidate) in used:
        candidate += 1
    return str(candidate), None
