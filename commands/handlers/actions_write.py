"""/actions commands that change things: update, done, add, assign, due, link-channel.

Every change goes through one unit of work owned by the core (audited automatically, with the
caller as the actor); progress is logged only through commands.action_updates.record_update.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from commands.action_updates import clean_text, logged_view, record_update
from commands.dates import (
    NO_DATE_WORDS,
    due_hint,
    due_notes,
    impossible_day,
    month_or_day,
    parse_due,
    quarter_words,
)
from commands.errors import NotAllowed, NotFound, UserError, about
from commands.formatting import clip, fmt_date, role_label
from commands.grammar import Bindings
from commands.handler_context import HandlerContext
from commands.identity import find_people, is_self
from commands.jobs.working_days import day_words
from commands.lookup import (
    default_plan,
    find_action,
    find_plan,
    find_role,
    find_who,
    known_role,
    nearest_people_text,
    show_plan,
    split_plan_prefix,
)
from commands.meeting_due import NextMeetingDue, next_meeting_due
from commands.mentions import mentioned_person, split_at_mentions
from commands.owner_store import (
    owner_keys,
    person_named,
    removed_by_one_name,
    removed_name_text,
    resolve_owner,
    set_action_owners,
)
from commands.owners import OwnerRef, person_key, split_lead
from commands.permissions import (
    require_can_change_action,
    require_can_edit_action,
    require_known,
)
from commands.presenters import lead_names, owner_labels
from commands.progress import (
    FROM_MESSAGE,
    PICK_GENERATION,
    near_miss_note,
    read_status,
    read_update_status,
    refuse_conflicting_statuses,
    status_tags,
)
from commands.refs import looks_like_ref, title_key
from commands.registry import REGISTRY
from commands.status import is_outstanding, label
from commands.typed_message import refuse_out_of_date_pick
from commands.views import Notice, View
from storage.models import ADDED_IN_CHAT, Action, Person, Plan, PlanChannel, Role

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
    generation = str(args.get(PICK_GENERATION) or "")
    if args.get(FROM_MESSAGE) and h.msg.is_direct and generation.isdigit():
        # A pick of the plan for a typed message: refused when it was since edited or deleted.
        refuse_out_of_date_pick(h, int(generation))
    action = find_action(h, str(args["ref"]))
    read = read_update_status(clean_text(str(args["text"])))
    text, status = read.text, read.status
    refuse_conflicting_statuses(action.ref, read.conflicting)
    if not text and status is None:
        raise UserError(
            f"Say what happened on {action.ref}, e.g. "
            f"`/actions update {action.ref} audit complete #done`."
        )
    require_can_change_action(h.me, action)
    if not text and status == action.status:
        return Notice(text=f"{action.ref} is already {label(status)}. Nothing changed.")
    channel_id, message_ts = _message_of(h, args)
    update = record_update(
        h,
        action,
        text,
        status=status,
        source="command",
        channel_id=channel_id,
        message_ts=message_ts,
    )
    return logged_view(h, update, message=near_miss_note(h, update, read.near_misses))


def _message_of(h: HandlerContext, args: Bindings) -> tuple[str | None, str | None]:
    """The chat message an update typed as ``4.3: …`` in a direct message came from (its
    channel and id), so that an edit of the message supersedes the update and deleting it
    retracts it, as in a plan's channel; nothing for a command."""
    msg = h.msg
    if not (args.get(FROM_MESSAGE) and msg.is_direct and msg.channel_id and msg.message_id):
        return None, None
    return msg.channel_id, msg.message_id


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
    note = _done_note(action.ref, clean_text(str(args.get("note") or "")))
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


def _refuse_ref_last(
    first: str, rest: str, command: str, example: str, *, first_is_no_ref: bool = False
) -> None:
    """Refuse a command typed with its ref last ("/actions due end of March 4.3"), saying the
    order, rather than reading the first word as a ref nobody has ("There is no action END").
    ``first_is_no_ref``: the first word, shaped like a ref ("31/3"), is no action's ref."""
    last = rest.split()[-1] if rest.split() else ""
    ref_first = looks_like_ref(split_plan_prefix(first)[1]) and not first_is_no_ref
    if ref_first or not looks_like_ref(last):
        return
    if not re.search(r"\d", last) or re.fullmatch(r"(?:19|20)\d\d", last):
        return  # no ref, or the year of a date ("March 2027")
    typed = " ".join([first, *rest.split()[:-1]])
    retyped = f"/actions {command} {last} {typed}"
    like = f"/actions {command} 4.3 {example}"
    # The example only when it is not the very command just shown.
    shown = f" (like `{like}`)" if like.lower() != retyped.lower() else ""
    raise UserError(f"The ref goes first: `{retyped}`{shown}. Nothing was changed.")


def _done_note(ref: str, note: str) -> str:
    """The note of ``/actions done``: without a ``#done`` it repeats; refused when it gives
    another status ("but slipping #off-track"), which ``done`` would silently overrule."""
    read = read_status(note)
    others = [s for s in (read.conflicting or (read.status,)) if s and s != "achieved"]
    if not others:
        return read.text if read.status == "achieved" else note
    tags = status_tags(others)
    raise UserError(
        f"`done` marks {ref} {label('achieved')}, but the note gives {tags}. Which did you "
        f"mean? For another status, use `/actions update {ref} <note> {status_tags(others[:1])}`. "
        "Nothing was changed."
    )


# -- creating and changing actions ---------------------------------------------------------


@REGISTRY.command(
    "actions",
    "add <title...> owner <owner...> due <when...> [plan <plan...>]",
    "Add an action (plan: this channel's, or the only one). Owners are people and roles "
    "already known; write `new Jane Doe` to add a new person.",
    writes=True,
    examples=("/actions add Review PEP audit owner Fiona Smith due end of March",),
)
def actions_add(h: HandlerContext, args: Bindings) -> View:
    """Add a new action to a plan, with the next free ref."""
    require_known(h.me)
    plan_name = args.get("plan")
    title_text, owner_text, when_text = split_add_words(args)
    if re.match(r"\s*plan\b", when_text, re.I):
        raise UserError(
            "The new action needs a due date after `due` (e.g. `due 31 March 2027`, or `due TBC`"
            " when there is none yet). Nothing was changed.",
            field="due",
        )

    def again(plan: Plan) -> str:
        typed = f"/actions add {title_text} owner {owner_text} due {when_text}"
        return f"{typed} plan {plan.slug}" if len(typed) <= 300 else show_plan(plan)

    with about("plan"):
        plan = (
            find_plan(h, plan_name, again) if isinstance(plan_name, str) else default_plan(h, again)
        )
    title = clean_text(title_text)
    with about("title"):
        if not title_key(title):
            raise UserError("The new action needs a title. Nothing was changed.")
        if len(title) > MAX_TITLE_CHARS:
            raise UserError(
                f"That title is too long ({len(title):,} characters; the limit is "
                f"{MAX_TITLE_CHARS:,}). Nothing was changed."
            )
        _refuse_duplicate_title(h, plan, title)
    with about("due"):
        due_date, due_raw = parse_when(h, when_text)
    with about("owners"):
        owners, added = resolve_command_owners(h, owner_text)
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
        source_key=ADDED_IN_CHAT,
        created_at=h.now,
    )
    h.uow.session.add(action)
    set_action_owners(action, owners)
    h.uow.session.flush()
    # The owners found, as their names: not the words typed (`Fiona Smoth`, `new Jane Doe`),
    # which an export and re-import elsewhere would read as other people.
    action.lead_text = ", ".join(lead_names(action))
    return Notice(
        level="success",
        text=f"Added {ref} to {plan.name}: {title} — owner{'s' if len(owners) > 1 else ''} "
        f"{', '.join(owner_labels(action))}, {_due_phrase(due_date, due_raw, h.today, when_text)}."
        + "".join(f" {note}" for note in added),
    )


def _refuse_duplicate_title(
    h: HandlerContext, plan: Plan, title: str, *, but: Action | None = None
) -> None:
    """Refuse a title an outstanding action of the plan already has (``but``: the action
    being retitled): a repeated ``/actions add`` would otherwise create the same action twice,
    and a retitle make two actions one in name."""
    key = title_key(title)
    for existing in h.repos.actions.in_plan(plan.id):
        if existing is but or not is_outstanding(existing.status):
            continue
        if title_key(existing.title) == key:
            advice = (
                f": give {but.ref} a title of its own. Nothing was changed."
                if but is not None
                else ". Nothing was changed. To add another action anyway, give it a slightly "
                f"different title; to change {existing.ref}, use /actions assign, /actions due "
                "or /actions update."
            )
            raise UserError(
                f"{plan.name} already has an outstanding action {existing.ref} "
                f"“{existing.title}”{advice}"
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
    "Replace an action's owners (people and/or roles); `new Jane Doe` adds a new person.",
    writes=True,
    examples=("/actions assign 2.3 Jackie Wilson/HOS",),
)
def actions_assign(h: HandlerContext, args: Bindings) -> View:
    """Replace the owners of an action."""
    action = find_action(h, str(args["ref"]))
    require_can_edit_action(h.me, action, "owners")
    before = owner_labels(action)
    owners, added = resolve_command_owners(h, str(args["owner"]))
    if owner_keys(owners) == [(o.person_id, o.role_id) for o in action.owners]:
        return Notice(
            text=f"{action.ref} is already owned by {', '.join(before)}. Nothing changed."
        )
    set_action_owners(action, owners)
    h.uow.session.flush()
    action.lead_text = ", ".join(lead_names(action))  # as actions_add writes it
    was = ", ".join(before) or "nobody"
    unheld = [unheld_role_note(r) for r in owners if isinstance(r, Role) and not _held(h, r)]
    return Notice(
        level="success",
        text=f"{action.ref} is now owned by {', '.join(owner_labels(action))} (was {was})."
        + "".join(f" {note}" for note in [*added, *unheld]),
    )


def unheld_role_note(role: Role) -> str:
    """The warning for work given to a role nobody holds: nobody is reminded of it."""
    return (
        f"Note: nobody holds {role.key} yet: `grant {role.key} to <person>` so that "
        "someone is reminded."
    )


def _held(h: HandlerContext, role: Role) -> bool:
    return bool(h.repos.people.holders(role.id))


@REGISTRY.command(
    "actions",
    "due <ref> <date...>",
    "Change an action's due date (end of June, next Friday, 31 March, TBC...).",
    writes=True,
    examples=("/actions due 2.3 end of March",),
)
def actions_due(h: HandlerContext, args: Bindings) -> View:
    """Change the due date of an action; the text typed is kept as its timescale."""
    ref, when = str(args["ref"]), str(args["date"])
    _refuse_ref_last(ref, when, "due", "end of March")
    try:
        action = find_action(h, ref)
    except NotFound:
        # "31/3 4.3": a date shaped like a ref ("CPAC343/1") typed before the ref.
        if parse_due(ref, h.today, h.tz) is not None:
            _refuse_ref_last(ref, when, "due", "end of March", first_is_no_ref=True)
        raise
    due_date, due_raw = parse_when(h, str(args["date"]))
    require_can_edit_action(h.me, action, "due date")
    # The same day written another way ("EOM" for 31/12) is no change: the timescale as first
    # written is kept.
    same_day = due_date is not None and due_date == action.due_date
    # "tbc" for "TBC": the same words, whatever their case or spacing.
    same_words = " ".join(due_raw.lower().split()) == " ".join(action.due_text.lower().split())
    if same_day or (due_date == action.due_date and same_words):
        return Notice(
            text=f"{action.ref} "
            f"{_due_state(action.due_date, action.due_text, 'already', typed=when)}. "
            "Nothing changed."
        )
    was = _due_was(action.due_date, action.due_text)
    today = h.today if is_outstanding(action.status) else None
    action.due_date = due_date
    action.due_text = due_raw
    return Notice(
        level="success",
        # An action no longer outstanding (achieved, closed) is never overdue: no warning.
        text=f"{action.ref} {_due_state(due_date, due_raw, 'now', today, when)} (before: {was}).",
    )


@REGISTRY.command(
    "actions",
    "title <ref> <title...>",
    "Change an action's title (a typo, or the plan's new wording).",
    writes=True,
    examples=("/actions title 2.3 Recruit the KASS team",),
)
def actions_title(h: HandlerContext, args: Bindings) -> View:
    """Give an action a new title; its history stays with it. A re-import of the unchanged
    plan file keeps it (the file's title wins only when the file changes it)."""
    ref, typed = str(args["ref"]), str(args["title"])
    _refuse_ref_last(ref, typed, "title", "Recruit the KASS team")
    action = find_action(h, ref)
    title = clean_text(typed)
    with about("title"):
        if not title_key(title):  # nothing but spaces and punctuation ("` `", "-")
            raise UserError(f"{action.ref} needs a title after its ref. Nothing was changed.")
        if len(title) > MAX_TITLE_CHARS:
            raise UserError(
                f"That title is too long ({len(title):,} characters; the limit is "
                f"{MAX_TITLE_CHARS:,}). Nothing was changed."
            )
    require_can_edit_action(h.me, action, "title")
    if title == action.title:
        return Notice(text=f"{action.ref} is already titled “{clip(title, 300)}”. Nothing changed.")
    with about("title"):
        if title_key(title) != title_key(action.title):
            _refuse_duplicate_title(h, action.plan, title, but=action)
    was = action.title
    action.title = title
    return Notice(
        level="success",
        text=f"{action.ref} is now “{clip(title, 300)}” (before: “{clip(was, 300)}”).",
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
    plan = find_plan(h, str(args["plan"]), lambda p: f"/actions link-channel {p.slug}")
    link = h.repos.plans.channel_link(h.platform, channel_id)
    how = "Progress messages here such as `2.3: text #on-track` are now logged against it."
    if link is not None and link.plan_id == plan.id:
        return Notice(text=f"This channel is already linked to {plan.name}.")
    if link is not None:
        old = h.repos.plans.by_id(link.plan_id)
        old_name = old.name if old is not None else "another plan"
        _require_relink(h, old_name, f"link it to {plan.name} instead")
        link.plan_id = plan.id
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
    name = plan.name if plan is not None else "its plan"
    _require_relink(h, name, "unlink it")
    h.uow.session.delete(link)
    return Notice(level="success", text=f"This channel is no longer linked to {name}.")


def _require_relink(h: HandlerContext, plan_name: str, what: str) -> None:
    """A channel already linked to a plan (where everybody's progress messages are logged
    against it) is re-pointed or unlinked by an administrator only."""
    if not h.me.is_admin:
        raise NotAllowed(
            f"This channel is linked to {plan_name}: only an administrator can {what}. "
            "Nothing was changed."
        )


def _require_channel(h: HandlerContext, usage: str) -> str:
    if h.msg.channel_id is None or h.msg.is_direct:
        raise UserError(
            f"Type `/actions {usage}` in the channel you mean; this message did not come "
            "from a channel. Nothing was changed."
        )
    return h.msg.channel_id


# -- helpers -------------------------------------------------------------------------------


def parse_when(h: HandlerContext, text: str) -> tuple[date | None, str]:
    """(due date or None, raw text); "TBC"/"ongoing" mean no date; nonsense is refused."""
    raw = clean_text(text)
    if NO_DATE_WORDS.match(raw):
        return None, raw
    question = month_or_day(raw)
    if question is not None:
        raise UserError(f"{question} Nothing was changed.")
    impossible = impossible_day(raw)
    if impossible is not None:
        raise UserError(f"There is no such day as “{raw[:80]}”: {impossible}. Nothing was changed.")
    meeting = next_meeting_due(h.repos, raw, h.now, h.today)
    if meeting is not None:
        return _next_meeting_when(h, raw, meeting)
    parsed = parse_due(raw, h.today, h.tz)
    hint = due_hint(raw)
    if parsed is None:
        raise UserError(
            f"I couldn't read “{raw[:80]}” as a date. {hint + ' ' if hint else ''}"
            "Try `end of June`, `31/03`, `31 March`, `next Friday`, `w/c 11 Jan` or `TBC`. "
            "Nothing was changed."
        )
    try:
        check_due_range(parsed, h.today)
    except UserError as exc:
        if not hint:
            raise
        message = exc.message.replace(" Nothing was changed.", f" {hint} Nothing was changed.")
        raise UserError(message) from exc
    return parsed, (fmt_date(parsed) if _read_from_today(raw, parsed, h) else raw)


def _next_meeting_when(h: HandlerContext, raw: str, found: NextMeetingDue) -> tuple[date, str]:
    """A due date typed as a committee's next meeting ("Before next CPAC"): the meeting read
    now, kept as the timescale (``Before CPAC 2027-01-05``) so that it names the same day
    later; refused when the committee has no meeting planned."""
    due = found.due
    if due is None:
        raise UserError(
            f"“{raw[:80]}” names the next {found.committee.name} meeting, but none is planned "
            "after today. Add it with `/meeting add <committee> <date> <time>`, or give a date "
            "or `TBC`. Nothing was changed."
        )
    check_due_range(due, h.today)
    return due, found.timescale()


def _read_from_today(raw: str, parsed: date, h: HandlerContext) -> bool:
    """Whether ``raw`` names its day only from today ("tomorrow", "next Friday", "end of
    month", "in 2 weeks"): kept as typed, it would name another day when read later, so the
    timescale kept is the date itself."""
    return any(parse_due(raw, h.today + timedelta(days=d), h.tz) != parsed for d in (1, 7, 31))


# Due dates typed in chat must fall in this window around today (imports keep any date).
DUE_YEARS_BACK = 10
DUE_YEARS_AHEAD = 20


def _years_from(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def check_due_range(due: date, today: date) -> None:
    """Refuse a due date more than 10 years before or 20 years after today."""
    earliest = _years_from(today, -DUE_YEARS_BACK)
    latest = _years_from(today, DUE_YEARS_AHEAD)
    if earliest <= due <= latest:
        return
    which = "before" if due < earliest else "after"
    raise UserError(
        f"{fmt_date(due)} is more than {DUE_YEARS_BACK if which == 'before' else DUE_YEARS_AHEAD}"
        f" years {which} today: a due date must be between {fmt_date(earliest)} and "
        f"{fmt_date(latest)} (no more than {DUE_YEARS_BACK} years back or {DUE_YEARS_AHEAD} "
        "years ahead). Check the year. Nothing was changed."
    )


# A date written with its month ("31/12", "15 January"): answered as written, no weekday.
_WRITES_A_DATE = re.compile(
    r"\d\s*[/.-]\s*\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I
)


def _due_words(due: date, raw: str, today: date | None = None, typed: str = "") -> str:
    """``31 Mar 2016``; ``Sat 19 Dec 2026 — a Saturday`` when the date is not a working day
    (or the Friday of a week commencing), and ``— already past, so overdue`` before ``today``,
    so that whoever typed it sees what it became; ``Fri 11 Dec 2026`` for a day named from
    today ("next Friday"). ``typed``: the words typed, when ``raw``
    (kept) is the date they were read as ("this quarter": which quarter it is)."""
    notes = due_notes(raw, due)
    quarter = quarter_words(typed, due) if typed else None
    if quarter and f"the end of {quarter}" not in notes:
        notes.insert(0, f"the end of {quarter}")
    if today is not None and due < today:
        notes.append("already past, so the action is overdue")
    if notes:
        return f"{day_words(due, year=True)} — {'; '.join(notes)}"
    if typed and raw == fmt_date(due) and not _WRITES_A_DATE.search(typed):
        # Words that name a day from today ("next Friday", "tomorrow"): which day they were
        # read as, with its weekday ("next Friday" on a Monday is that week's).
        return day_words(due, year=True)
    return fmt_date(due)


def _due_phrase(due: date | None, raw: str, today: date | None = None, typed: str = "") -> str:
    if due is None:
        return f"with no due date ({raw})" if raw else "with no due date"
    return f"due {_due_words(due, raw, today, typed)}"


def _due_state(
    due: date | None, raw: str, when: str, today: date | None = None, typed: str = ""
) -> str:
    """``now has no due date (“TBC”)`` or ``is now due 31 Mar 2016`` (``when``: now, already)."""
    if due is None:
        return f"{when} has no due date" + (f" (“{raw}”)" if raw else "")
    return f"is {when} due {_due_words(due, raw, today, typed)}"


def _due_was(due: date | None, raw: str) -> str:
    """The due date an action had: ``due 30 Nov 2015``, ``no due date, “TBC”``."""
    if due is None:
        return "no due date" + (f", “{raw}”" if raw else "")
    return f"due {fmt_date(due)}"


def resolve_command_owners(h: HandlerContext, text: str) -> tuple[list[Person | Role], list[str]]:
    """Owners typed in a command, and the names of any people or roles added for them.

    Existing people (fuzzily) and roles are found; a standard role (HOS, IRO...) nobody has
    been given yet is added. Any other name is refused with the nearest people and roles, so
    a typo never creates anyone: a genuinely new person is written ``new Jane Doe`` (or
    ``new:Jane Doe``). Ambiguous names are refused too.
    """
    refs = _owner_refs(h, clean_text(text))
    if not refs:
        raise UserError(
            f"“{text.strip()[:80]}” names no owner. Give a person or a role, "
            "e.g. `owner Fiona Smith` or `owner HOS`."
        )
    owners: list[Person | Role] = []
    added: list[str] = []
    for ref in refs:
        owner, state = _command_owner(h, ref)
        owners.append(owner)
        kind = "person" if isinstance(owner, Person) else "role"
        if state == "added":
            added.append(f"New {kind} added: {_owner_label(owner)}.")
        elif state == "known":
            added.append(f"{_owner_label(owner)} was known already, so no new {kind} was added.")
        if ref.aside:
            added.append(
                f"Note: “{ref.aside[:60]}” after {_owner_label(owner)} names no owner and was "
                "not used: the due date was not changed."
            )
    return owners, added


def _owner_refs(h: HandlerContext, text: str) -> list[OwnerRef]:
    """The owners a command's words name, in order, without duplicates: each user the
    message mentions by name (Teams) as one owner, the words between read as a lead cell."""
    refs: list[OwnerRef] = []
    pieces = split_at_mentions(h, text)
    for i, (piece, is_mention) in enumerate(pieces):
        new = _NEW_BEFORE.search(piece) if not is_mention and i + 1 < len(pieces) else None
        if new is not None:  # "new @Pat Newcomer": the mention is the new person's name
            piece = piece[: new.start()]
        elif is_mention and i > 0 and _NEW_BEFORE.search(pieces[i - 1][0]):
            piece = f"new {piece}"
        found = [OwnerRef("person", person_key(piece), piece)] if is_mention else split_lead(piece)
        refs += [r for r in found if all((r.kind, r.key) != (o.kind, o.key) for o in refs)]
    return refs


_NEW_BEFORE = re.compile(r"(?:^|(?<=[\s,/;&]))new\s*:?\s*$", re.I)


_NEW_PREFIX = re.compile(r"^new\s*:\s*(?P<name>.+)$|^new\s+(?P<spaced>.+)$", re.I | re.S)
_CHAT_MENTION = re.compile(r"^<[@!#]([^>|]*)(?:\|[^>]*)?>$")


def _command_owner(h: HandlerContext, ref: OwnerRef) -> tuple[Person | Role, str]:
    """The owner one part of a typed owner list names, and how: "added" just now for a
    ``new`` name, "known" already though ``new`` was written, else "found" (a standard role
    created on first use counts as "added")."""
    _check_owner_text(ref)
    if ref.display.strip(" :").lower() == "new":
        raise UserError(
            "Write the new person's name after `new`, like `new Jane Doe`. Nothing was changed."
        )
    if is_self(ref.display):
        return _speaker_as_owner(h), "found"
    new = _NEW_PREFIX.match(ref.display)
    if new is not None:
        # A role or person whose name itself starts with "New" is not a request to add one.
        people = h.repos.people
        named = people.role_by_key(ref.key) or people.person_by_key(person_key(ref.display))
        if named is not None:
            return named, "found"
        owner, created = _new_owner(h, new["name"] or new["spaced"])
        return owner, "added" if created else "known"
    if _CHAT_MENTION.match(ref.display) is not None:
        return _mentioned_person(h, ref.display), "found"
    mentioned = mentioned_person(h, ref.display)
    if mentioned is not None:
        return mentioned, "found"
    found = _existing_owner(h, ref)
    if found is not None:
        _refuse_mixed(ref, found)
        return found, "found"
    standard = known_role(ref.display) or known_role(ref.key)  # "Clerk" shows as its title
    if ref.kind == "role" and standard is not None:
        _refuse_mixed(ref, Role(key=standard[0], title=standard[1]))
        is_new = h.repos.people.role_by_key(standard[0]) is None
        return resolve_owner(h.repos, OwnerRef("role", *standard)), "added" if is_new else "found"
    removed = removed_name_text(h.repos, ref.display) if ref.kind == "person" else ""
    if removed:
        raise NotFound(f"I don't know anyone called “{ref.display[:80]}”. {removed}")
    near = nearest_people_text(h, ref.display) or " Nobody here has a similar name."
    raise NotFound(
        f"I don't know anyone called “{ref.display[:80]}”.{near} "
        f"If they are new, write `new {_as_name(ref.display)}` to add them. Nothing was changed."
    )


def _speaker_as_owner(h: HandlerContext) -> Person | Role:
    """The owner "me" names: the speaker's person, or the one role they speak as."""
    who = find_who(h, "me")  # refuses when csbot does not know who is speaking
    owner = who.person or who.role
    assert owner is not None
    return owner


# Words that may stand beside a role's own ("the HOS", "HOS team") without naming anyone.
_ROLE_COMPANIONS = {"the", "our", "a", "team", "lead", "of", "and", "for"}


def _refuse_mixed(ref: OwnerRef, owner: Person | Role) -> None:
    """Refuse one part of an owner list that names a person and a role together ("Jackie
    Wilson to HOS", "Jackie Wilson HOS", "Jackie Wilson - HOS"): read as one owner, the
    other would be dropped."""
    written = ref.written or ref.display
    words = re.findall(r"[A-Za-z][A-Za-z'’]*", written)
    if isinstance(owner, Role):
        own = {w.lower() for w in re.findall(r"[A-Za-z]+", f"{owner.key} {owner.title}")}
        rest = [
            w
            for w in words
            if re.sub(r"['’]s?$", "", w.lower()) not in own | _ROLE_COMPANIONS
            and w.lower() not in own
        ]
        mixed = bool(rest)
        role_word = owner.key
    else:
        own = set(owner.name_key.split())
        roles = [w for w in words if w.lower() not in own and w.isupper() and known_role(w)]
        mixed = bool(roles)
        role_word = roles[0] if roles else ""
    if mixed:
        raise UserError(
            f"“{written[:80]}” names a person and a role ({role_word}) together: separate "
            f"owners with / or a comma, like `Jackie Wilson/HOS`. Nothing was changed."
        )


def _check_owner_text(ref: OwnerRef) -> None:
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


def _existing_owner(h: HandlerContext, ref: OwnerRef) -> Person | Role | None:
    """The stored role or person ``ref`` names; None when there is none. Several people
    matching are refused."""
    if ref.kind == "role":
        role = find_role(h, ref.display) or find_role(h, ref.key)
        if role is not None:
            return role
    people = find_people(h.uow, ref.display)
    if len(people) > 1:
        names = ", ".join(p.name for p in people)
        raise UserError(
            f"“{ref.display}” could be several people: {names}. Use the full name. "
            "Nothing was changed."
        )
    return people[0] if people else None


# What no one's name holds: a mention's or a link's marks, as chat sends them or escapes them.
_MARKUP_IN_NAME = re.compile(r"[<>@＠]|&(?:lt|gt|amp);", re.I)


def _new_owner(h: HandlerContext, name: str) -> tuple[Person | Role, bool]:
    """``new Jane Doe``: the person (or role) named, added unless they exist already."""
    if _MARKUP_IN_NAME.search(name):
        raise UserError(
            f"“{name.strip()[:60]}” is not a name to add: a name has no @, < or > (was a "
            "mention or a link typed in it?). Write the new person's name alone, like "
            "`new Jane Doe`. Nothing was changed."
        )
    refs = split_lead(name)
    if len(refs) != 1:
        raise UserError(
            f"Write one name after `new` (“{name.strip()[:60]}” is not one person's name). "
            "Nothing was changed."
        )
    ref = refs[0]
    if ref.kind == "role" and known_role(ref.display) is None and ref.display.islower():
        # "new jane doe" typed in lower case is a person, not a role.
        titled = split_lead(ref.display.title())
        if len(titled) == 1 and titled[0].kind == "person":
            ref = titled[0]
    if ref.kind == "role" and "(" in ref.display:
        # "new Sam Nurse (Designated Nurse)": a person and their post in brackets, as
        # "Paul Patel (Designated Doctor)" is, though "Nurse" is a post's word too.
        bare = split_lead(ref.display.split("(", 1)[0])
        if len(bare) == 1 and bare[0].kind == "person":
            ref = bare[0]
    _check_owner_text(ref)
    # A role of that name (never a person found by a part or a close spelling of the name:
    # `new` is somebody csbot does not know yet).
    found: Person | Role | None = (
        (find_role(h, ref.display) or find_role(h, ref.key)) if ref.kind == "role" else None
    )
    if found is None and ref.kind == "person":
        # Also one stored with an honorific, or known by this name before a merge or rename:
        # the name finds them, so adding them "again" would only be a misleading answer.
        found = person_named(h.repos, ref.key)
    if found is not None:
        return found, False
    gone = removed_by_one_name(h.repos, ref.key) if ref.kind == "person" else None
    if gone is not None:
        # "new Brown" when only Bob Brown, removed, was ever called that: most likely him.
        raise UserError(
            f"“{ref.display[:60]}” was not added. {removed_name_text(h.repos, ref.display)} "
            "For somebody else, write their full name after `new`."
        )
    return resolve_owner(h.repos, ref), True


def new_person_named(h: HandlerContext, typed: str) -> tuple[Person, bool] | None:
    """``new Frank Placeholder`` (as ``grant`` takes it): the person, and whether they were
    added just now (False: known already); None when ``typed`` does not start with ``new``."""
    new = _NEW_PREFIX.match(typed.strip())
    if new is None:
        return None
    name = (new["name"] or new["spaced"]).strip()
    owner, created = _new_owner(h, name)
    if not isinstance(owner, Person):
        raise UserError(
            f"“{name[:60]}” reads as a role, not a person: write the person's full name after "
            "`new`, like `new Jane Doe`. Nothing was changed."
        )
    return owner, created


def _mentioned_person(h: HandlerContext, text: str) -> Person:
    """The person a chat mention (``<@U123>``) is linked to; channel mentions are refused."""
    if text.startswith("<@"):
        person = mentioned_person(h, text)
        if person is not None:
            return person
    raise UserError(
        f"{text[:60]} mentions a channel or a group, not a person or a role. Name the owner, "
        "e.g. `Fiona Smith` or `HOS`. Nothing was changed."
    )


def _as_name(text: str) -> str:
    """``nobody real`` -> ``Nobody Real`` for the suggestion ``new Nobody Real``."""
    return text if any(c.isupper() for c in text) else text.title()


def _owner_label(owner: Person | Role) -> str:
    return owner.name if isinstance(owner, Person) else role_label(owner.key, owner.title)


_TRAILING_NUMBER = re.compile(r"^(.*?)(\d+)$")


def next_ref(h: HandlerContext, plan: Plan) -> tuple[str, int | None]:
    """The ref of a new action (and its section): the next number after the plan's last
    action whose ref ends in one — ``10`` -> ``11``, ``4.5`` -> ``4.6``, ``CPAC343/1`` ->
    ``CPAC343/2``, and ``3.4`` after ``3.3`` and ``3.3A``."""
    actions = list(h.repos.actions.in_plan(plan.id))
    used = {a.ref for a in actions}
    if not actions:
        return "1", None
    numbered = (a for a in reversed(actions) if _TRAILING_NUMBER.match(a.ref) is not None)
    last = next(numbered, actions[-1])
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
