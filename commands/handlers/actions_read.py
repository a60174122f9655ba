"""Read-only /actions commands: mine, for, plan, overdue, show, search."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date, timedelta

from commands.action_updates import clean_text, recorded_changes
from commands.dates import (
    due_hint,
    impossible_day,
    last_day,
    month_or_day,
    parse_due,
    week_end,
    week_friday,
)
from commands.errors import UserError
from commands.formatting import role_label
from commands.grammar import Bindings
from commands.handler_context import HandlerContext
from commands.identity_prompt import link_advice
from commands.lookup import default_plan, find_action, find_plan, find_who
from commands.meeting_lookup import meeting_label
from commands.permissions import tell_me_who
from commands.presenters import (
    action_summaries,
    action_summary,
    listing_summaries,
    update_view,
)
from commands.refs import looks_like_ref
from commands.registry import REGISTRY
from commands.status import is_outstanding
from commands.views import (
    ActionDetail,
    ActionList,
    ActionSummary,
    Choice,
    Question,
    UpdateView,
    View,
)
from storage.models import Action, Person, Plan, Role, Section


def due_window(when: str, today: date) -> tuple[date, str]:
    """``this week``, ``this month``, ``next week`` or a date: the first day past the window."""
    low = when.lower().strip()
    if low in ("this week", "week"):
        # On a Saturday or Sunday the week's working days are over: "this week" runs to the
        # coming Friday, the day an action set "due this week" then is.
        end = max(week_end(today), week_friday(today))
        return end + timedelta(days=1), "due this week"
    if low in ("next week",):
        return week_end(today) + timedelta(days=8), "due by the end of next week"
    if low in ("this month", "month"):
        return last_day(today.year, today.month) + timedelta(days=1), "due this month"
    if low in ("today",):
        return today + timedelta(days=1), "due today"
    question = month_or_day(when)
    if question is not None:
        raise UserError(question)
    impossible = impossible_day(when)
    if impossible is not None:
        raise UserError(f"There is no such day as “{when[:80]}”: {impossible}.")
    parsed = parse_due(when, today)
    if parsed is None:
        hint = due_hint(when)
        raise UserError(
            f"I couldn't read “{when}” as a date. {hint + ' ' if hint else ''}Try `this week`, "
            "`this month`, `31 March` or `next Friday`."
        )
    return parsed + timedelta(days=1), f"due by {parsed:%-d %b %Y}"


@REGISTRY.command(
    "actions",
    "mine [overdue] [due <when...>]",
    "My outstanding actions and my roles', overdue first.",
    examples=("/actions mine", "/actions mine overdue", "/actions mine due this month"),
)
def actions_mine(h: HandlerContext, args: Bindings) -> View:
    """The caller's outstanding actions (their own and their roles'), overdue first."""
    me = h.me
    if not me.is_known:
        how = (
            tell_me_who(me)
            if me.chat_user is None
            else f"{link_advice(h)} (or `iam <role>` for a role such as HOS)."
        )
        raise UserError(
            f"I don't know who you are yet, so I can't tell which actions are yours. {how}"
        )
    due_before: date | None = None
    subtitle = ""
    if args.get("overdue"):
        due_before, subtitle = h.today, "overdue"
    if isinstance(args.get("when"), str):
        window_end, subtitle_when = due_window(str(args["when"]), h.today)
        due_before = min(due_before, window_end) if due_before else window_end
        subtitle = f"{subtitle}, {subtitle_when}" if subtitle else subtitle_when
    # Acting as a role (no person), the name already says it: "Head of Service (HOS)".
    labels = [role_label(key, title) for key, title in me.roles] if me.person_id else []
    roles = f" (and {', '.join(labels)})" if labels else ""
    return ActionList(
        title=f"Outstanding actions for {me.name}{roles}",
        subtitle=subtitle,
        items=_owned_summaries(h, me.person_ids, me.role_ids, due_before=due_before),
        empty_text="Nothing outstanding. 🎉" if not subtitle else f"Nothing {subtitle}.",
        query=_mine_query(args),
    )


def _mine_query(args: Bindings) -> str:
    """``/actions mine`` with the filters typed (``overdue``, ``due <when>``), so that a list's
    buttons and pages redraw the same list."""
    words = ["/actions mine"]
    if args.get("overdue"):
        words.append("overdue")
    if isinstance(args.get("when"), str):
        words.append(f"due {args['when']}")
    return " ".join(words)


@REGISTRY.command(
    "actions",
    "for <who...>",
    "Outstanding actions of a person (and their roles), a role, or @user.",
    examples=("/actions for Fiona Smith", "/actions for HOS", "/actions for @U0123"),
)
def actions_for(h: HandlerContext, args: Bindings) -> View:
    """Outstanding actions of a person (their own and their roles') or of a role."""
    who = find_who(h, str(args["who"]))
    if who.candidates:
        return Question(
            text=f"“{args['who']}” could be several people. Which one?",
            choices=[
                Choice(label=_person_label(p), command=f"/actions for {p.name}")
                for p in who.candidates
            ],
        )
    if who.person is not None:
        person = who.person
        roles = list(person.roles)
        items = _owned_summaries(h, [person.id], [r.id for r in roles])
        role_text = f" (and {', '.join(_role_labels(roles))})" if roles else ""
        title = f"Outstanding actions for {person.name}{role_text}"
    else:
        assert who.role is not None
        items = _owned_summaries(h, [], [who.role.id])
        title = f"Outstanding actions for {who.role.title} ({who.role.key})"
    return ActionList(
        title=title,
        items=items,
        empty_text="Nothing outstanding.",
        query=f"/actions for {args['who']}",
    )


def _owned_summaries(
    h: HandlerContext, person_ids: list[int], role_ids: list[int], *, due_before: date | None = None
) -> list[ActionSummary]:
    """Summaries of the outstanding actions these people or roles own, overdue first."""
    listing = h.repos.actions.owned_by_listing(person_ids, role_ids, h.today, due_before=due_before)
    return listing_summaries(h.repos.actions, listing, h.today) if listing is not None else []


def _role_labels(roles: Iterable[Role]) -> list[str]:
    """Roles as people read them (``role_label``: "DCS", "Committee Clerk")."""
    return [role_label(r.key, r.title) for r in roles]


def _person_label(person: Person) -> str:
    roles = ", ".join(_role_labels(person.roles))
    return f"{person.name} ({roles})" if roles else person.name


@REGISTRY.command(
    "actions",
    "plan <name...>",
    "Every action of a plan, outstanding first, in plan order.",
    examples=("/actions plan leeds",),
)
def actions_plan(h: HandlerContext, args: Bindings) -> View:
    """All actions of the named plan."""
    return _plan_list(h, find_plan(h, str(args["name"])))


@REGISTRY.command(
    "actions",
    "plan",
    "Every action of this channel's plan (or of the only plan).",
)
def actions_default_plan(h: HandlerContext, args: Bindings) -> View:
    """All actions of the channel's plan, or of the workspace's only plan."""
    return _plan_list(h, default_plan(h))


def _plan_list(h: HandlerContext, plan: Plan) -> ActionList:
    actions = list(h.repos.actions.in_plan(plan.id))
    outstanding = [a for a in actions if is_outstanding(a.status)]
    others = [a for a in actions if not is_outstanding(a.status)]
    return ActionList(
        title=plan.name,
        subtitle=_plan_counts(outstanding, others),
        items=action_summaries(h.repos.actions, outstanding + others, h.today),
        empty_text="This plan has no actions yet.",
        query=f"/actions plan {plan.slug}",
    )


def _plan_counts(outstanding: list[Action], others: list[Action]) -> str:
    """``4 outstanding, 1 achieved``: how the listed actions add up (the list shows them all,
    outstanding first), so the header never reads as a count of fewer than are listed."""
    parts = [f"{len(outstanding)} outstanding"]
    kinds = {"achieved": 0, "closed": 0, "not accepted": 0}
    for action in others:
        kind = {"achieved": "achieved", "monitoring": "achieved", "closed": "closed"}
        kinds[kind.get(action.status, "not accepted")] += 1
    parts.extend(f"{n} {kind}" for kind, n in kinds.items() if n)
    return ", ".join(parts)


@REGISTRY.command(
    "actions",
    "overdue",
    "Everything overdue (in this channel's plan when it has one).",
)
def actions_overdue(h: HandlerContext, args: Bindings) -> View:
    """Outstanding actions past their due date, in the channel's plan or the workspace."""
    plan = h.channel_plan()
    listing = h.repos.actions.overdue_listing(h.today, plan.id if plan is not None else None)
    where = plan.name if plan is not None else "all plans"
    return ActionList(
        title=f"Overdue actions — {where}",
        items=listing_summaries(h.repos.actions, listing, h.today),
        empty_text="Nothing is overdue. 🎉",
        query="/actions overdue",
    )


MAX_HINT_TEXT = 150


@REGISTRY.hint("actions")
def ref_first(words: list[str]) -> list[str]:
    """A ref typed without a command: ``/actions 2.3`` most likely means "show me 2.3", and
    ``/actions 2.3: recruited #on-track`` (a channel update's form) an update of 2.3."""
    ref = words[0].rstrip(":") if words else ""
    if not looks_like_ref(ref):
        return []
    if len(words) == 1:
        return [f"/actions show {ref}", f"/actions update {ref} <text...>"]
    text = " ".join(words[1:])
    # Never a shortened text: a suggestion can be a button that runs it (Teams).
    return [f"/actions update {ref} {text if len(text) <= MAX_HINT_TEXT else '<text...>'}"]


@REGISTRY.command(
    "actions",
    "show <ref> [plan <plan...>]",
    "One action: owners, due date, extra columns and full history.",
    examples=("/actions show 2.3", "/actions show 2.3 plan leeds", "/actions show leeds:2.3"),
)
def actions_show(h: HandlerContext, args: Bindings) -> View:
    """One action in full."""
    plan_name = args.get("plan")
    action = find_action(h, str(args["ref"]), plan_name if isinstance(plan_name, str) else None)
    return action_detail(h, action)


def action_detail(h: HandlerContext, action: Action) -> ActionDetail:
    """The ActionDetail view of one action, with its whole history (newest first)."""
    history = list(h.repos.actions.history(action.id))
    latest = next((u for u in history if u.retracted_at is None and not u.superseded_by_id), None)
    section = ""
    if action.section_id is not None:
        row = h.uow.session.get(Section, action.section_id)
        if row is not None and row.workspace_id == action.workspace_id:
            section = f"{row.ref} {row.title}".strip()
    meeting = ""
    if action.meeting_id is not None:
        found = h.repos.meetings.meeting_by_id(action.meeting_id)
        if found is not None:
            meeting = meeting_label(found)
    extra = {str(k): _cell(v) for k, v in (action.extra or {}).items() if _cell(v)}
    return ActionDetail(
        action=action_summary(action, h.today, latest),
        section=section,
        extra=extra,
        history=_merged_history([update_view(u) for u in history], recorded_changes(h, action)),
        meeting=meeting,
    )


def _merged_history(updates: list[UpdateView], changes: list[UpdateView]) -> list[UpdateView]:
    """Updates and recorded changes (both newest first) in one list, newest first."""
    if not changes:
        return updates
    return sorted([*updates, *changes], key=lambda u: u.at, reverse=True)


def _cell(value: object) -> str:
    if value is None:
        return ""
    return str(value).strip()


# A search's words are ANDed in one SQL condition, whose depth SQLite caps at 1,000.
MAX_SEARCH_WORDS = 50


def _outer_mark(char: str) -> bool:
    """True for punctuation and symbols: quotes, commas, `?`, `&`, brackets."""
    return unicodedata.category(char)[0] in "PS"


def search_words(text: str) -> list[str]:
    """The words of a search: punctuation around a word is not part of it (`"pupil premium"`,
    `PEP, pupil`, `premium?`), and a word of punctuation alone (`&`, `-`) is dropped; inside
    a word it stays (`S&L`, `4.2`, `CPAC343/1`). A word typed again is searched for once."""
    words: dict[str, str] = {}
    for word in clean_text(text).split():
        start, end = 0, len(word)
        while start < end and _outer_mark(word[start]):
            start += 1
        while end > start and _outer_mark(word[end - 1]):
            end -= 1
        if start < end:
            words.setdefault(word[start:end].casefold(), word[start:end])
    return list(words.values())


@REGISTRY.command(
    "actions",
    "search <words...>",
    "Actions whose title, ref or lead contains all the words; overdue first.",
    examples=("/actions search recruitment",),
)
def actions_search(h: HandlerContext, args: Bindings) -> View:
    """Actions matching every word typed, listed as `/actions mine` lists (overdue first)."""
    words = search_words(str(args["words"]))
    if not words:
        raise UserError("Say what to search for, e.g. `/actions search recruitment`.")
    if len(words) > MAX_SEARCH_WORDS:
        raise UserError(
            f"That is {len(words):,} words to search for: an action is found only when it has "
            f"every one, so give at most {MAX_SEARCH_WORDS} (a few words of its title will do)."
        )
    actions = h.repos.actions.search(words, today=h.today)
    return ActionList(
        title=f"Actions matching “{' '.join(words)}”",
        items=action_summaries(h.repos.actions, actions, h.today),
        empty_text="No action matches all of those words.",
        query=f"/actions search {' '.join(words)}",
    )
