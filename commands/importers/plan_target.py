"""Which plan an action plan import goes into.

``--plan NAME`` finds a plan by the rule chat and ``csbot export`` use
(:func:`commands.lookup.plan_named`): one plan matched is imported into, several are refused,
none makes a new plan. ``--new-plan NAME`` always makes a new plan of exactly that name (even
one that loosely matches a plan there is), refused when a plan is called that already. A new
plan's typed name must say which plan it is: one of generic words only ("plan", "action
plan") is refused. A name taken from the file name is not a name anyone typed for a plan
("cp.xlsx", "fostering.csv"), so only a plan called exactly that is imported into; one it
merely could mean is refused, asking for ``--plan``, rather than guessed. The ``Plan: <name>
[(<slug>)]`` line of a csbot export names its plan exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

from commands.errors import NotFound, UserError
from commands.importers.report import ImportFailed
from commands.lookup import FILLER_WORDS, plan_called, plan_named
from commands.refs import plan_slug
from storage.models import Plan
from storage.repositories import Repositories

# A name with its suffix kept short: slugs are at most 200 characters.
_SLUG_ROOM = 190
# Words that name no plan in particular: a new plan called only these ("Plan", "Action plan",
# "New plan", "The actions") could be any plan, so none is made of them.
_PLACEHOLDER_WORDS = FILLER_WORDS | frozenset(
    "plan plans action actions new untitled draft".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class PlanTarget:
    """The plan to import into: an existing one's name and slug, or a new one's; ``note``
    says what the report should about the choice ("" when there is nothing to say)."""

    name: str
    slug: str
    note: str = ""


def new_plan_slug(repos: Repositories, name: str) -> str:
    """The slug of a new plan called ``name``: its name's slug, with ``-2``, ``-3``… after it
    while another plan of the workspace has it. Raises UserError for a name with no Latin
    letter (accents are folded: "Café" is "cafe") or digit to make a slug of."""
    base = _slug_of(name)
    slug, n = base, 2
    while repos.plans.by_slug(slug) is not None:
        slug, n = f"{base[:_SLUG_ROOM].rstrip('-')}-{n}", n + 1
    return slug


def _slug_of(name: str) -> str:
    """The slug of a plan's name; UserError when it has no letter or digit to make one of."""
    slug = plan_slug(name)
    if not slug:
        raise UserError(
            "A plan's name needs a letter or a digit (A-Z, accented or not, or 0-9), which its "
            f"short name is made of: “{name[:80]}” has none."
        )
    return slug


def _refuse_generic(name: str, option: str) -> None:
    """Refuse a new plan whose typed name (given with ``option``: --plan, --new-plan) is
    generic words only. A file's name is not refused so: ``action_plan.xlsx`` makes the plan
    Action Plan, as it always has."""
    words = [w for w in plan_slug(name).split("-") if w]
    if words and all(w in _PLACEHOLDER_WORDS for w in words):
        raise ImportFailed(
            f"{option} “{name[:80]}” names no plan in particular, and a new plan is not made "
            "of words like “plan” and “action plan” alone: give the plan's own name, e.g. "
            f'{option} "Fostering Sufficiency Plan".'
        )


def new_named_plan(repos: Repositories, name: str) -> PlanTarget:
    """A new plan called exactly ``name`` (``--new-plan NAME``), even when it loosely matches
    a plan there is; refused when a plan is called that already (or has its slug)."""
    _slug_of(name)
    _refuse_generic(name, "--new-plan")
    exact = _exact(repos, name)
    if exact is not None:
        called = (
            f"called “{name[:80]}”"
            if exact.name.lower() == name.lower()
            else f"whose short name is {exact.slug}"
        )
        raise ImportFailed(
            f"--new-plan: there is a plan {called} already, {_named(exact)}. Import into it "
            f'with --plan "{exact.name}", or give the new plan another name.'
        )
    return _new(repos, name, "")


def typed_plan(repos: Repositories, name: str) -> PlanTarget:
    """The plan ``--plan NAME`` means, or a new plan called NAME when it means none."""
    _slug_of(name)  # refuses a name of no letter or digit before it is looked up
    try:
        plan = plan_named(repos, name)
    except NotFound:
        _refuse_generic(name, "--plan")
        return _new(repos, name, f"no plan here matched “{name}”")
    except UserError as exc:  # several plans
        raise ImportFailed(f"--plan: {_unchanged(exc)}") from exc
    note = (
        ""
        if _as_named(plan, name)
        else f"--plan “{name}” is the plan {_named(plan)}: imported into it."
    )
    return PlanTarget(plan.name, plan.slug, note=note)


def file_named_plan(repos: Repositories, name: str) -> PlanTarget:
    """The plan called ``name`` (taken from the file's name), or a new one; a plan the name
    could only loosely mean is refused, asking for ``--plan``."""
    if not plan_slug(name):
        raise ImportFailed(
            f"the file's name{f', “{name[:80]}”,' if name else ''} has no letter or digit "
            "(A-Z, accented or not, or 0-9) to name a plan by: name the plan with --plan NAME."
        )
    exact = _exact(repos, name)
    if exact is not None:
        note = (
            ""
            if _as_named(exact, name)
            else (f"The file's name, “{name}”, is the plan {_named(exact)}: imported into it.")
        )
        return PlanTarget(exact.name, exact.slug, note=note)
    try:
        plan = plan_named(repos, name)
    except NotFound:
        return _new(repos, name, "its name is the file's; give --plan NAME to name it otherwise")
    except UserError as exc:
        raise ImportFailed(
            f"without --plan the plan's name is the file's, “{name}”, which no plan is called: "
            f"{_unchanged(exc)} Name the plan with --plan NAME (a name no plan matches makes a "
            "new plan)."
        ) from exc
    raise ImportFailed(
        f"without --plan the plan's name is the file's, “{name}”, which no plan is called, "
        f"but which could mean {_named(plan)}. Name the plan with --plan: --plan "
        f'"{plan.name}" to import into it, or a name no plan matches to make a new plan.'
    )


def titled_plan(repos: Repositories, name: str, slug: str | None) -> PlanTarget:
    """The plan a csbot export's ``Plan: <name> [(<slug>)]`` line names exactly, or a new one
    (with that slug, when the line gives one)."""
    plan = repos.plans.by_slug(slug) if slug else _exact(repos, name)
    if plan is not None:
        return PlanTarget(plan.name, plan.slug)
    if slug:
        return PlanTarget(name, slug, note=f"New plan {name} ({slug}) created.")
    return _new(repos, name, "")


def _new(repos: Repositories, name: str, why: str) -> PlanTarget:
    slug = new_plan_slug(repos, name)
    note = f"New plan {name} ({slug}) created" + (f": {why}." if why else ".")
    return PlanTarget(name, slug, note=note)


def _exact(repos: Repositories, name: str) -> Plan | None:
    return plan_called(repos.plans.all(), name)


def _as_named(plan: Plan, name: str) -> bool:
    """Whether ``name`` is the plan's name or slug as written (any case), not only a name of
    the same slug ("C plan" for "C++ plan"), which the report should say was taken for it."""
    wanted = " ".join(name.split()).lower()
    return wanted in (plan.name.lower(), plan.slug)


def _unchanged(exc: UserError) -> str:
    """A look-up's refusal without its "Nothing was changed." (the CLI says nothing was
    imported)."""
    return exc.message.replace(" Nothing was changed.", "")


def _named(plan: Plan) -> str:
    return f"{plan.name} ({plan.slug})"
