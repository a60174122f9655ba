"""Find what users name: plans (fuzzily), actions by ref, people and roles.

Every look-up goes through the workspace-scoped repositories, and every miss raises a clear
error naming what was typed and the nearest things that do exist.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import Levenshtein

from commands.errors import NotAllowed, NotFound, UserError
from commands.handler_context import HandlerContext
from commands.identity import find_people, is_self
from commands.mentions import mentioned_person
from commands.owner_store import removed_name_text
from commands.owners import STANDARD_ROLES, fold_accents, person_key, role_key, split_lead
from commands.permissions import CONSOLE_HINT
from commands.refs import normalise_ref, plan_slug
from storage.models import Action, Person, Plan, Role
from storage.repositories import Repositories

_PLAN_WORD_CUTOFF = 80
# Words too common in plan names to pick a plan on their own ("CP plan" must not open
# whichever plan has the shortest name with "plan" in it).
FILLER_WORDS = frozenset(
    "a an and the my our your this that of for in on to with by from".split()  # noqa: SIM905
)
_GENERIC_PLAN_WORDS = FILLER_WORDS | frozenset(
    "plan plans action actions improvement improvements arising update updates new main "  # noqa: SIM905
    "current programme strategy".split()
)

# Said where a command needs a plan and the workspace has none (see NO_INDICATORS_YET).
NO_PLANS_YET = (
    "There are no plans in this workspace yet: a plan comes from its file, which whoever runs "
    "csbot imports (`csbot import actions FILE`)."
)


# -- plans ---------------------------------------------------------------------------------


PlanRetry = Callable[[Plan], str]


def show_plan(plan: Plan) -> str:
    """The command that lists a plan: what a refusal naming plans suggests by default."""
    return f"/actions plan {plan.slug}"


def find_plan(h: HandlerContext, name: str, retry: PlanRetry = show_plan) -> Plan:
    """The plan a typed name means (see :func:`plan_named`); a refusal suggests ``retry``
    of each plan it names (the command again with that plan)."""
    return plan_named(h.repos, name, retry)


def plan_named(repos: Repositories, name: str, retry: PlanRetry = show_plan) -> Plan:
    """The plan a typed name means: by slug or name exactly, else by its distinctive words.

    Each distinctive word typed must start a word of the plan's name, start its initials
    ("cp" for Corporate Parenting ...) or be a close spelling of one of its words. Generic
    words ("plan", "action", "the", "my", "improvement"...) never match on their own; they
    only choose between plans that the other words match. Raises NotFound (naming the plans
    there are) when nothing matches, or UserError asking which plan when several do.
    """
    plans = list(repos.plans.all())
    if not plans:
        raise NotFound(NO_PLANS_YET)
    wanted = " ".join(name.split())
    slug = plan_slug(wanted)
    exact = plan_called(plans, wanted)
    if exact is not None:
        return exact
    words = [w for w in slug.split("-") if w]
    # "the improvement plan" is the plan called "Improvement Plan", generic words or not.
    meaningful = [w for w in words if w not in FILLER_WORDS]
    named = [p for p in plans if meaningful and _name_words(p) == meaningful]
    if len(named) == 1:
        return named[0]
    core = [w for w in words if w not in _GENERIC_PLAN_WORDS]
    if core:
        matched = [p for p in plans if all(_word_matches(w, p) for w in core)]
        if not matched:
            matched = [p for p in plans if all(_word_close(w, p) for w in core)]
        matched = _narrow_by_generic(matched, [w for w in words if w in _GENERIC_PLAN_WORDS])
        if len(matched) == 1:
            return matched[0]
        if matched:
            raise UserError(
                f"“{wanted}” could be several plans: {_plan_names(matched)}. Which one? "
                "Use more of the plan's name. Nothing was changed.",
                suggestions=[retry(p) for p in matched[:8]],
            )
    raise NotFound(
        f"There is no plan called “{wanted[:80]}”. Plans here: {_plan_names(plans)}.",
        suggestions=[retry(p) for p in plans[:8]],
    )


def plan_called(plans: Sequence[Plan], name: str) -> Plan | None:
    """The plan whose slug or name (any case) ``name`` is exactly, else None; a name with no
    letter or digit has no slug, so it is no plan's."""
    wanted = " ".join(name.split())
    slug = plan_slug(wanted)
    return next(
        (p for p in plans if (slug and p.slug == slug) or p.name.lower() == wanted.lower()),
        None,
    )


def _plan_words(plan: Plan) -> list[str]:
    """The words of the plan's name and of its slug (which may differ: ``cpac-actions-...``)."""
    named = [w for w in plan_slug(plan.name).split("-") if w]
    return named + [w for w in plan.slug.split("-") if w and w not in named]


def _name_words(plan: Plan) -> list[str]:
    return [w for w in plan_slug(plan.name).split("-") if w and w not in FILLER_WORDS]


def _initials(plan: Plan) -> str:
    return "".join(w[0] for w in _name_words(plan))


def _word_matches(word: str, plan: Plan) -> bool:
    """True when ``word`` starts a word of the plan's name or (2+ letters) its initials."""
    if any(pw.startswith(word) for pw in _plan_words(plan)):
        return True
    return len(word) >= 2 and word.isalpha() and _initials(plan).startswith(word)


def _word_close(word: str, plan: Plan) -> bool:
    """True when ``word`` (4+ characters) is a close spelling of a word of the plan's name."""
    if _word_matches(word, plan):
        return True
    if len(word) < 4:
        return False
    return any(fuzz.ratio(word, pw) >= _PLAN_WORD_CUTOFF for pw in _plan_words(plan))


def _narrow_by_generic(plans: list[Plan], generic: list[str]) -> list[Plan]:
    """Of several plans, those whose names also have the generic words typed ("CP plan"
    prefers the plan with "plan" in its name); all of them when that leaves none."""
    useful = [w for w in generic if w not in FILLER_WORDS]
    if len(plans) < 2 or not useful:
        return plans
    exact = [p for p in plans if all(w in _plan_words(p) for w in useful)]
    if exact:
        return exact
    narrowed = [p for p in plans if all(_word_matches(w, p) for w in useful)]
    return narrowed or plans


def default_plan(h: HandlerContext, retry: PlanRetry = show_plan) -> Plan:
    """The plan meant when none is named: the channel's, else the workspace's only plan."""
    plan = h.channel_plan()
    if plan is not None:
        return plan
    plans = list(h.repos.plans.all())
    if len(plans) == 1:
        return plans[0]
    if not plans:
        raise NotFound(NO_PLANS_YET)
    raise UserError(
        "Which plan? This channel is not linked to a plan and there are "
        f"{len(plans)}: {_plan_names(plans)}. Add `plan <name>`.",
        suggestions=[retry(p) for p in plans[:8]],
    )


def _plan_names(plans: Sequence[Plan]) -> str:
    shown = ", ".join(f"{p.name} ({p.slug})" for p in plans[:8])
    return shown + (f" and {len(plans) - 8} more" if len(plans) > 8 else "")


# -- actions -------------------------------------------------------------------------------


def split_plan_prefix(ref: str) -> tuple[str | None, str]:
    """``leeds:2.3`` -> (``leeds``, ``2.3``); a ref without a plan prefix -> (None, ref)."""
    if ":" in ref:
        plan, _, rest = ref.partition(":")
        if plan.strip() and rest.strip():
            return plan.strip(), rest.strip()
    return None, ref


class AmbiguousRef(UserError):
    """A ref (with no plan named) is in several plans; ``actions`` are the candidates, so an
    adapter can offer them to pick from."""

    def __init__(
        self, message: str, suggestions: list[str] | None = None, *, actions: Sequence[Action]
    ) -> None:
        super().__init__(message, suggestions)
        self.actions = list(actions)

    def retyped(self, command: str, typed_ref: str) -> AmbiguousRef:
        """The same refusal, suggesting the command as typed (``command``, holding the ref as
        ``typed_ref``) with each plan's ref in its place: `/actions update plan-a:1.1 note`."""
        suggestions = [
            command.replace(typed_ref, f"{a.plan.slug}:{a.ref}", 1) for a in self.actions
        ]
        message = self.message
        if command.lower().startswith("/actions show "):
            message = message.rstrip(".") + ", or add `plan <name>` to `/actions show`."
        return AmbiguousRef(message, suggestions, actions=self.actions)


def find_action(
    h: HandlerContext, ref: str, plan_name: str | None = None, *, plan: Plan | None = None
) -> Action:
    """The action a typed ref means.

    ``plan_name`` (or ``plan``, or a ``plan:ref`` prefix) restricts the search to one plan.
    Otherwise the channel's plan is preferred, then the whole workspace. Unknown refs raise
    NotFound naming the nearest refs; a ref in several plans raises UserError saying how to
    choose.
    """
    head, colon, tail = ref.strip().partition(":")
    if colon and head.strip() and not tail.strip():
        raise UserError(
            f"“{ref.strip()[:80]}” names a plan but no action: write the action's ref after the "
            f"colon, like `{head.strip()[:60]}:2.3`."
        )
    prefix, bare = split_plan_prefix(ref)
    if plan is None and plan_name is None and prefix is not None:
        plan_name = prefix
    wanted = normalise_ref(bare)
    if not wanted:
        raise UserError(f"“{ref.strip()[:60]}” is not an action ref. Refs look like 2.3 or 10.")
    if plan is None and plan_name is not None:
        plan = find_plan(h, plan_name)
    repo = h.repos.actions
    if plan is not None:
        found = repo.by_ref(wanted, plan.id)
        if found:
            return found[0]
        raise NotFound(_missing_text(h, wanted, plan) + _elsewhere_text(h, wanted))
    channel_plan = h.channel_plan()
    if channel_plan is not None:
        found = repo.by_ref(wanted, channel_plan.id)
        if found:
            return found[0]
    found = repo.by_ref(wanted)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        plans = [a.plan for a in found]
        example = plans[0].slug
        raise AmbiguousRef(
            f"{wanted} is in several plans: {_plan_names(plans)}. Say which one: write the "
            f"ref with its plan, like `{example}:{wanted}`, or type the command in the plan's "
            "channel.",
            suggestions=[f"/actions show {p.slug}:{wanted}" for p in plans],
            actions=found,
        )
    raise NotFound(_missing_text(h, wanted, channel_plan))


def _elsewhere_text(h: HandlerContext, ref: str) -> str:
    """Where else ``ref`` is (it was looked for in one plan), and how to name it there: ''
    when no other plan has it."""
    others = h.repos.actions.by_ref(ref)
    if not others:
        return ""
    first = f"{others[0].plan.slug}:{ref}"
    return (
        f" {ref} is in {_plan_names([a.plan for a in others])}: name it with its plan, like "
        f"`{first}` (`/actions update {first} <text>`)."
    )


def _missing_text(h: HandlerContext, ref: str, plan: Plan | None) -> str:
    refs = h.repos.actions.refs(plan.id if plan is not None else None)
    where = plan.name if plan is not None else "this workspace"
    if not refs:
        return f"There is no action {ref}: {where} has no actions yet."
    multi_plan = len({p for _, p in refs}) > 1
    slugs = {}
    if multi_plan:
        slugs = {p.id: p.slug for p in h.repos.actions.load_plans({p for _, p in refs}).values()}
    near = nearest_refs(ref, refs)
    shown = ", ".join(f"{r} ({slugs[p]})" if multi_plan else r for r, p in near)
    return f"There is no action {ref} in {where}. Nearest refs: {shown}."


def _ref_sort_key(ref: str) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"[./]", ref))


def nearest_refs(
    ref: str, refs: Sequence[tuple[str, int]], limit: int = 5
) -> list[tuple[str, int]]:
    """The refs closest to ``ref`` (edit distance, then same section, then plan order)."""
    head = ref.split(".")[0]

    def key(item: tuple[str, int]) -> tuple[int, int, tuple[tuple[int, int | str], ...]]:
        candidate = item[0]
        same_head = 0 if candidate.split(".")[0] == head else 1
        return (Levenshtein.distance(ref, candidate), same_head, _ref_sort_key(candidate))

    return sorted(set(refs), key=key)[:limit]


# -- people and roles ----------------------------------------------------------------------


@dataclass(frozen=True)
class Who:
    """Whom ``/actions for ...`` means: one person or one role, or several candidates."""

    person: Person | None = None
    role: Role | None = None
    candidates: tuple[Person, ...] = ()


def find_role(h: HandlerContext, text: str) -> Role | None:
    """An existing role by key ("HOS", "IRO's"), by a known title ("head of service"), or by
    its title as stored (case-insensitively, or fuzzily when unambiguous)."""
    people = h.repos.people
    for candidate in _role_keys(text):
        role = people.role_by_key(candidate)
        if role is not None:
            return role
    wanted = " ".join(text.lower().split())
    roles = list(people.all_roles())
    titled = [r for r in roles if r.title.lower() == wanted]
    if len(titled) == 1:
        return titled[0]
    if not roles or len(wanted) < 3:
        return None
    scored = process.extract(
        wanted, {r.id: r.title.lower() for r in roles}, scorer=fuzz.WRatio, limit=2
    )
    good = [s for s in scored if s[1] >= 90]
    if len(good) == 1:
        return next(r for r in roles if r.id == good[0][2])
    return None


def known_role(text: str) -> tuple[str, str] | None:
    """(key, title) of a standard role such as HOS or IRO that ``text`` names, if any."""
    for candidate in _role_keys(text):
        if candidate in STANDARD_ROLES:
            return candidate, STANDARD_ROLES[candidate]
    return None


def _role_keys(text: str) -> list[str]:
    keys = [ref.key for ref in split_lead(text) if ref.kind == "role"]
    direct = role_key(text)
    if direct and direct not in keys:
        keys.append(direct)
    return keys


def find_who(h: HandlerContext, who: str) -> Who:
    """A person (by chat mention, name or part of it) or a role (by key or title).

    Raises NotFound naming the nearest people and roles when nothing matches.
    """
    text = " ".join(who.split())
    if is_self(text):
        return _the_speaker(h)
    mentioned = mentioned_person(h, text)
    if mentioned is not None:
        return Who(person=mentioned)
    exact = h.repos.people.person_by_key(person_key(text.lstrip("@")))
    if exact is not None:
        return Who(person=exact)
    role = find_role(h, text.lstrip("@"))
    if role is not None:
        return Who(role=role)
    people = find_people(h.uow, text)
    if len(people) == 1:
        return Who(person=people[0])
    if people:
        return Who(candidates=tuple(people))
    removed = removed_name_text(h.repos, text)
    raise NotFound(
        f"I don't know anyone or any role called “{text[:80]}” in this workspace."
        + (f" {removed}" if removed else nearest_people_text(h, text))
    )


def _the_speaker(h: HandlerContext) -> Who:
    """Who "me" is: the speaker's person, or the one role they speak as; refused when csbot
    does not know who they are."""
    if h.me.person is not None:
        return Who(person=h.me.person)
    if len(h.me.role_ids) == 1:
        role = h.repos.people.role_by_id(h.me.role_ids[0])
        if role is not None:
            return Who(role=role)
    if h.me.chat_user is None:  # the console, where `link` is refused: `:as` / `--as`
        raise NotAllowed(
            f"I don't know who you are yet, so “me” names nobody: name the person. {CONSOLE_HINT}"
        )
    raise NotAllowed(
        "I don't know who you are yet, so “me” names nobody: name the person, or link your "
        "chat account with `link <your name>`."
    )


def _plain(text: str) -> str:
    """``text`` as fuzzy matching compares it: accents folded, lower case, no punctuation."""
    return str(utils.default_process(fold_accents(text)))


def nearest_people_text(h: HandlerContext, text: str, *, roles: bool = True) -> str:
    """`` Nearest: Fiona Smith, HOS.`` (people, and roles, close to ``text``), or ''."""
    people = {p.name: p.name for p in h.repos.people.all_people()}
    near = [
        name
        for name, _, _ in process.extract(
            text,
            people,
            scorer=fuzz.token_sort_ratio,
            processor=_plain,
            limit=3,
            score_cutoff=45,
        )
    ]
    if roles:
        choices = {}
        for r in h.repos.people.all_roles():
            choices[f"{r.key}|key"] = r.key
            choices[f"{r.key}|title"] = r.title
        for _, _, key in process.extract(
            text,
            choices,
            scorer=fuzz.ratio,
            processor=_plain,
            limit=4,
            score_cutoff=60,
        ):
            role = key.split("|")[0]
            if role not in near:
                near.append(role)
    return f" Nearest: {', '.join(near)}." if near else ""
