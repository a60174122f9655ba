"""The demo: the project's own sample data, modelled on the seed council papers.

The files in ``data/`` tell the story of a Corporate Parenting Advisory Committee (CPAC) in the
winter of 2015-16: a corporate parenting action plan (sections 1.0-6.0 of a council's draft
strategy, with LEAD OFFICER rows), a subset of an improvement plan in the Leeds layout (roles
such as CX, ACE, DCS and HOS; joint leads such as "Ken Morton/ Catherine Marchant"), KPIs from
the committee's performance report, the committee's agenda planning and the minutes of its
October meeting. The sentences are our own; officers' names and roles come from the papers;
there is no data about any child.

Dates: the story's "now" is early December 2015. So that the demo is alive whenever it runs,
``build_demo`` moves every date in the data forward by the same whole number of months, so that
December 2015 becomes the current month. Dates are written in the data files as tokens:
``@2016-01-05`` (a day: kept as the same day of the month, clamped to the month's length;
a meeting's day and its report deadlines then move on to the next working day when they land
on a weekend or bank holiday),
``@2015-11`` (a month) and ``@{2014/15}`` or ``@{Q1 2015/16}`` (a financial year or quarter:
moved by whole years or quarters, i.e. by the month offset rounded down to a multiple of 12 or
3, so that they stay financial years and quarters). The offset is recorded in the main plan's
description the first time the demo is built; rebuilding it in a later month keeps that offset,
so building the demo twice never changes anything. That note is also how the demo knows a
workspace as its own: it is built only into an empty workspace or one holding that note, never
over a council's data (:class:`DemoRefused`), and all in one transaction.

KPI targets: the papers give some (16% placed 20+ miles away; the 426-day national adoption
threshold; care plans "6% away from the expected target" at 84%, so 90%); the others are our
choice: 90% for PEPs, pathway plans and dental checks, 95% for health assessments, visits and
reviews, 70 per 10,000 for the looked-after rate (about the statistical neighbours' average),
10% for three or more placement moves, 70% for long-term stability and 26 weeks (the statutory
expectation) for care proceedings. The PEP comparators are illustrative and say so.

People: Jon Abbey holds DCS and is the demo's administrator; Neelam Bhardwaja holds AD;
Dominic Porter-Moore and Annie Walker hold HOS; Fiona Smith holds VSH. Each plan has a console
channel (``cp-plan``, ``leeds-plan``) where progress messages such as ``4.2: ... #on-track``
are logged, and the committee follows the corporate parenting plan and the plan-related KPIs.
"""

from __future__ import annotations

import calendar
import re
import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from commands.dates import local_today
from commands.importers import ImportFailed, import_into
from commands.jobs.working_days import on_or_after_working_day
from commands.owner_store import person_named, removal_of
from commands.owners import person_key
from commands.periods import parse_period, shift_period
from storage.models import (
    Action,
    Committee,
    Indicator,
    Meeting,
    MeetingLink,
    Person,
    Plan,
    PlanChannel,
    Role,
    utcnow,
)
from storage.unit_of_work import Store, UnitOfWork

DATA = Path(__file__).parent / "data"
STORY_NOW = date(2015, 12, 1)
_TOKEN = re.compile(r"@\{([^}]+)\}|@(\d{4})-(\d{2})(?:-(\d{2}))?")
_OFFSET_NOTE = re.compile(r"story dates moved forward by (-?\d+) months?")

PLANS = {
    "corporate_parenting_plan.tsv": "Corporate Parenting Action Plan",
    "leeds_improvement_plan.tsv": "Leeds Improvement Plan",
}
MAIN_PLAN = "corporate-parenting-action-plan"
CHANNELS = {"cp-plan": MAIN_PLAN, "leeds-plan": "leeds-improvement-plan"}
ROLES = {
    "Jon Abbey": ["DCS"],
    "Neelam Bhardwaja": ["AD"],
    "Dominic Porter-Moore": ["HOS"],
    "Fiona Smith": ["VSH"],
    "Annie Walker": ["HOS"],
}
ADMINS = ("Jon Abbey",)
COMMITTEE = "Corporate Parenting Advisory Committee"
COMMITTEE_FOLLOWS_KPIS = ("pep", "care-plans", "pathway-plans", "placed-20-miles")
MINUTES_MEETING = date(2015, 10, 5)
# Files whose days are meetings and report deadlines: kept on working days when shifted.
MEETING_FILES = ("meetings.csv",)


def month_offset(today: date) -> int:
    """How many months the story is moved forward so that its December 2015 is this month."""
    return (today.year * 12 + today.month) - (STORY_NOW.year * 12 + STORY_NOW.month)


def shift(year: int, month: int, day: int | None, months: int) -> date:
    """A story date moved by whole months (the day clamped to the month's length; a month
    without a day means its last day)."""
    index = year * 12 + (month - 1) + months
    y, m = divmod(index, 12)
    last = calendar.monthrange(y, m + 1)[1]
    return date(y, m + 1, min(day or last, last))


def shift_working_day(day: date, months: int) -> date:
    """A story meeting day or report deadline moved by whole months, then on to the next
    working day when it lands on a weekend or bank holiday (committees sit on working days)."""
    return on_or_after_working_day(shift(day.year, day.month, day.day, months))


def shift_text(text: str, months: int, *, working_days: bool = False) -> str:
    """Replace every date token in ``text`` with the shifted date, written as councils write
    (unshifted: ``@2015-12-17`` -> ``17 Dec 2015``, ``@2015-11`` -> ``Nov 2015``,
    ``@{2014/15}`` -> ``2014/15``). With ``working_days``, a day is moved on to a working day
    (:func:`shift_working_day`)."""

    def repl(m: re.Match[str]) -> str:
        if m[1]:
            return shift_period(parse_period(m[1]), months).label
        d = shift(int(m[2]), int(m[3]), int(m[4]) if m[4] else None, months)
        if working_days and m[4]:
            d = on_or_after_working_day(d)
        return f"{d.day} {d:%b %Y}" if m[4] else f"{d:%b %Y}"

    return _TOKEN.sub(repl, text)


class DemoRefused(Exception):
    """The demo was not built (the message says why, in one line); nothing was changed."""


# What a workspace may hold that is not the demo's, as its refusal names them.
_HELD = (
    (Plan, "plan", "plans"),
    (Action, "action", "actions"),
    (Indicator, "indicator", "indicators"),
    (Committee, "committee", "committees"),
    (Meeting, "meeting", "meetings"),
    (Person, "person", "people"),
    (Role, "role", "roles"),
)


def build_demo(store: Store, workspace_key: str = "local", today: date | None = None) -> str:
    """Build the demo workspace (creating it if needed) from ``data/``; a summary to print.

    Idempotent: a second build changes nothing, whenever it runs (see the module docstring).
    All or nothing, in one transaction; raises :class:`DemoRefused` when the workspace holds
    data the demo did not build (a council's own) or a data file is refused.
    """
    store.ensure_workspace(workspace_key, name="Demo council")
    today = today or local_today(utcnow())
    with store.unit_of_work(workspace_key, actor="demo", now=utcnow()) as uow:
        # Its turn first, as imports take theirs: an import running at this moment is
        # committed before the workspace is found empty (or not).
        uow.take_turn()
        recorded = _recorded_offset(uow)
        if recorded is None:
            _refuse_unless_empty(uow, workspace_key)
        months = recorded if recorded is not None else month_offset(today)
        shown = shift(STORY_NOW.year, STORY_NOW.month, 1, months)
        lines = [f"Demo workspace “{workspace_key}”: the story's December 2015 is {shown:%B %Y}."]
        if months != month_offset(today):
            lines.append(
                "(The demo was built in an earlier month and keeps its dates; build it into a "
                "new database, e.g. another DATABASE_URL, to bring it up to this month.)"
            )
        try:
            lines += _import_data(uow, months, today)
        except ImportFailed as exc:
            reason = str(exc).rstrip(".")
            raise DemoRefused(
                f"The demo could not be built: {reason}. Nothing was changed."
            ) from exc
        uow.actor = "demo"
        _people(uow)
        _channels(uow)
        _committee_links(uow)
        _record_offset(uow, months, shown)
        uow.commit()
    lines.append(
        "People and roles: "
        + "; ".join(f"{name} ({', '.join(roles)})" for name, roles in ROLES.items())
        + f". Administrator: {', '.join(ADMINS)}."
    )
    lines.append("Plan channels: " + ", ".join(CHANNELS) + " (use --channel NAME).")
    lines.append(
        "Try: `:as Fiona Smith` then `/actions mine`; `/kpi pep`; `/kpi red`; "
        "`/meeting next`; `help`."
    )
    return "\n".join(lines)


def _refuse_unless_empty(uow: UnitOfWork, workspace_key: str) -> None:
    """Refuse a workspace the demo did not build that holds anything (chat accounts made by
    somebody's first message aside): the demo's people, plans and KPIs would be mixed into it
    (a demo administrator, renamed indicators, refs in two plans), with no way back."""
    held = []
    for model, one, many in _HELD:
        count = uow.session.scalar(
            select(func.count()).select_from(model).where(model.workspace_id == uow.workspace_id)
        )
        if count:
            held.append(f"{count} {one if count == 1 else many}")
    if held:
        raise DemoRefused(
            f"Workspace “{workspace_key}” holds data that is not the demo's "
            f"({', '.join(held)}): the demo is built only into an empty workspace or one it "
            "built itself. Use a database of its own: DATABASE_URL=sqlite:///demo.db csbot "
            "demo. Nothing was changed."
        )


def _import_data(uow: UnitOfWork, months: int, today: date) -> list[str]:
    """Import the data files, their dates moved by ``months``, in ``uow`` (as ``csbot import``
    would, each file's first report line returned); ImportFailed naming a file refused."""
    lines: list[str] = []
    uow.actor = "import"
    with tempfile.TemporaryDirectory(prefix="csbot-demo-") as tmp:
        work = Path(tmp)
        for src in DATA.iterdir():
            if src.suffix in (".csv", ".tsv", ".txt"):
                text = src.read_text(encoding="utf-8")
                shifted = shift_text(text, months, working_days=src.name in MEETING_FILES)
                (work / src.name).write_text(shifted, encoding="utf-8")

        def load(kind: str, name: str, plan: str | None = None, meeting: str | None = None) -> None:
            report = import_into(uow, kind, work / name, plan=plan, meeting=meeting, today=today)
            uow.session.flush()  # audited as the import's, before the actor changes
            lines.append(report.summary().splitlines()[0])

        for file, plan in PLANS.items():
            load("actions", file, plan=plan)
        load("kpis", "kpis.csv")
        load("meetings", "meetings.csv")
        minutes_day = shift_working_day(MINUTES_MEETING, months)
        load("minutes", "minutes_cpac_2015-10-05.txt", meeting=f"CPAC {minutes_day.isoformat()}")
    return lines


def _recorded_offset(uow: UnitOfWork) -> int | None:
    """The month offset an earlier build of the demo used, if there was one (its note on the
    main plan: a workspace holding it is the demo's)."""
    plan = uow.repos.plans.by_slug(MAIN_PLAN)
    found = _OFFSET_NOTE.search(plan.description) if plan is not None else None
    return int(found[1]) if found else None


def _record_offset(uow: UnitOfWork, months: int, shown: date) -> None:
    plan = uow.repos.plans.by_slug(MAIN_PLAN)
    if plan is None:
        return
    note = (
        "Demo data modelled on a council's corporate parenting strategy; story dates moved "
        f"forward by {months} months, so that December 2015 is {shown:%B %Y}."
    )
    if plan.description != note:
        plan.description = note


def _people(uow: UnitOfWork) -> None:
    """The demo's people hold their roles: found as imports find them (a name they were also
    known by, after a rename or a merge, is still theirs), and never added again once an
    administrator removed them."""
    repos = uow.repos
    for name, roles in ROLES.items():
        key = person_key(name)
        person = person_named(repos, key)
        if person is None:
            if removal_of(repos, key) is not None:
                continue
            person = repos.people.get_or_create_person(name, key)
        if name in ADMINS and not person.is_admin:
            person.is_admin = True
        for key in roles:
            role = repos.people.role_by_key(key) or repos.people.get_or_create_role(key, key)
            repos.people.grant_role(person, role)


def _channels(uow: UnitOfWork) -> None:
    for channel, slug in CHANNELS.items():
        plan = uow.repos.plans.by_slug(slug)
        if plan is None or uow.repos.plans.channel_link("console", channel) is not None:
            continue
        uow.session.add(
            PlanChannel(
                workspace_id=uow.workspace_id,
                plan_id=plan.id,
                platform="console",
                channel_id=channel,
                channel_name=channel,
            )
        )


def _committee_links(uow: UnitOfWork) -> None:
    """The committee follows the main plan and the plan-related KPIs (for meeting summaries)."""
    committee = next((c for c in uow.repos.meetings.committees() if c.name == COMMITTEE), None)
    plan = uow.repos.plans.by_slug(MAIN_PLAN)
    if committee is None or plan is None:
        return
    wanted: list[tuple[int | None, int | None]] = [(plan.id, None)]
    for slug in COMMITTEE_FOLLOWS_KPIS:
        indicator = uow.repos.indicators.by_slug(slug)
        if indicator is not None:
            wanted.append((None, indicator.id))
    existing = {
        (link.plan_id, link.indicator_id)
        for link in uow.session.scalars(
            select(MeetingLink).where(
                MeetingLink.workspace_id == uow.workspace_id,
                MeetingLink.committee_id == committee.id,
            )
        )
    }
    for plan_id, indicator_id in wanted:
        if (plan_id, indicator_id) not in existing:
            uow.session.add(
                MeetingLink(
                    workspace_id=uow.workspace_id,
                    committee_id=committee.id,
                    plan_id=plan_id,
                    indicator_id=indicator_id,
                )
            )
