"""The demo: the project's own sample data, modelled on the seed council papers.

The data in ``data/`` tells the story of a Corporate Parenting Advisory Committee in the
winter of 2015-16 (plans, KPIs, meetings, minutes), with dates written as ``@YYYY-MM-DD`` or
``@YYYY-MM`` tokens. So that the demo is alive whenever it runs, ``build_demo`` shifts every
such date by a whole number of months: the story's "now" (December 2015) becomes the current
month. Building the demo twice changes nothing.
"""

from __future__ import annotations

import calendar
import re
import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy import select

from commands.dates import local_today
from commands.importers import run_import
from commands.owners import person_key
from storage.models import PlanChannel, utcnow
from storage.unit_of_work import Store

DATA = Path(__file__).parent / "data"
STORY_NOW = date(2015, 12, 1)
_TOKEN = re.compile(r"@(\d{4})-(\d{2})(?:-(\d{2}))?")

PLANS = {
    "corporate_parenting_plan.tsv": "Corporate Parenting Action Plan",
    "leeds_improvement_plan.tsv": "Leeds Improvement Plan",
}
CHANNELS = {"cp-plan": "corporate-parenting-action-plan", "leeds-plan": "leeds-improvement-plan"}
ROLES = {
    "Jon Abbey": ["DCS"],
    "Neelam Bhardwaja": ["AD"],
    "Dominic Porter-Moore": ["HOS"],
    "Fiona Smith": ["VSH"],
    "Annie Walker": ["HOS"],
}
ADMINS = ("Jon Abbey",)
MINUTES_MEETING = date(2015, 10, 5)


def month_offset(today: date) -> int:
    """How many months the story is moved forward so that its December 2015 is this month."""
    return (today.year * 12 + today.month) - (STORY_NOW.year * 12 + STORY_NOW.month)


def shift(year: int, month: int, day: int | None, months: int) -> date:
    """A story date moved by whole months (the day clamped to the month's length)."""
    index = year * 12 + (month - 1) + months
    y, m = divmod(index, 12)
    last = calendar.monthrange(y, m + 1)[1]
    return date(y, m + 1, min(day or last, last))


def shift_text(text: str, months: int) -> str:
    """Replace every date token in ``text`` with the shifted date, written as councils write."""

    def repl(m: re.Match[str]) -> str:
        d = shift(int(m[1]), int(m[2]), int(m[3]) if m[3] else None, months)
        return f"{d.day} {d:%b %Y}" if m[3] else f"{d:%b %Y}"

    return _TOKEN.sub(repl, text)


def build_demo(store: Store, workspace_key: str = "local", today: date | None = None) -> str:
    """Build (or refresh) the demo workspace; a short summary for the user."""
    store.ensure_workspace(workspace_key, name="Demo council")
    today = today or local_today(utcnow())
    months = month_offset(today)
    lines = [
        f"Demo workspace “{workspace_key}”: the story's December 2015 is shown as {today:%B %Y}."
    ]
    with tempfile.TemporaryDirectory(prefix="csbot-demo-") as tmp:
        work = Path(tmp)
        for src in DATA.iterdir():
            (work / src.name).write_text(
                shift_text(src.read_text(encoding="utf-8"), months), encoding="utf-8"
            )
        for file, plan in PLANS.items():
            report = run_import(
                store, workspace_key, "actions", work / file, plan=plan, today=today
            )
            lines.append(report.summary().splitlines()[0])
        lines.append(
            run_import(store, workspace_key, "kpis", work / "kpis.csv", today=today)
            .summary()
            .splitlines()[0]
        )
        lines.append(
            run_import(store, workspace_key, "meetings", work / "meetings.csv", today=today)
            .summary()
            .splitlines()[0]
        )
        minutes_day = shift(
            MINUTES_MEETING.year, MINUTES_MEETING.month, MINUTES_MEETING.day, months
        )
        lines.append(
            run_import(
                store,
                workspace_key,
                "minutes",
                work / "minutes_cpac_2015-10-05.txt",
                meeting=f"CPAC {minutes_day.isoformat()}",
                today=today,
            )
            .summary()
            .splitlines()[0]
        )
    _people_and_channels(store, workspace_key)
    lines.append(
        "People and roles: "
        + "; ".join(f"{name} ({', '.join(roles)})" for name, roles in ROLES.items())
    )
    lines.append("Plan channels: " + ", ".join(CHANNELS) + " (use --channel NAME).")
    lines.append(
        "Try: `:as Fiona Smith` then `/actions mine`; `/kpi pep`; `/kpi red`; "
        "`/meeting prep`; `help`."
    )
    return "\n".join(lines)


def _people_and_channels(store: Store, workspace_key: str) -> None:
    with store.unit_of_work(workspace_key, actor="demo") as uow:
        repos = uow.repos
        for name, roles in ROLES.items():
            person = repos.people.get_or_create_person(name, person_key(name))
            if name in ADMINS and not person.is_admin:
                person.is_admin = True
            for key in roles:
                role = repos.people.role_by_key(key) or repos.people.get_or_create_role(key, key)
                repos.people.grant_role(person, role)
        for channel, slug in CHANNELS.items():
            plan = repos.plans.by_slug(slug)
            if plan is None:
                continue
            link = uow.session.scalar(
                select(PlanChannel).where(
                    PlanChannel.workspace_id == uow.workspace.id,
                    PlanChannel.platform == "console",
                    PlanChannel.channel_id == channel,
                )
            )
            if link is None:
                uow.session.add(
                    PlanChannel(
                        workspace_id=uow.workspace.id,
                        plan_id=plan.id,
                        platform="console",
                        channel_id=channel,
                        channel_name=channel,
                    )
                )
        uow.commit()
