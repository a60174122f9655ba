"""Build test data through the models and repositories (no importer needed).

    with seeded(store) as uow:
        plan = make_plan(uow, "Leeds Improvement Plan", rows=[
            {"ref": "2.0", "title": "Workforce", "section": True},
            {"ref": "2.3", "title": "Manageable workloads", "lead": "Jackie Wilson",
             "due": "30 Nov 2015", "status": "on_track"},
        ])
        make_person(uow, "Jackie Wilson", roles=["HOS"])

``seeded`` commits when the block ends. Rows are dicts with ``ref``, ``title`` and optional
``lead`` (a lead cell, split into people and roles as imports do), ``due`` (a date or the raw
timescale text), ``status``, ``extra`` (extra columns) and ``section: True`` for headings.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from commands.context import Caller, MessageContext
from commands.dates import parse_due
from commands.owner_store import resolve_owners, set_action_owners
from commands.owners import person_key
from commands.refs import normalise_ref, plan_slug
from storage.models import (
    Action,
    ChatUser,
    Indicator,
    IndicatorValue,
    Person,
    Plan,
    PlanChannel,
    Section,
    Update,
)
from storage.unit_of_work import Store, UnitOfWork
from tests.conftest import FROZEN_NOW

TODAY = FROZEN_NOW.date()


@contextmanager
def seeded(store: Store, workspace: str = "local", actor: str = "test") -> Iterator[UnitOfWork]:
    """A unit of work for building data; committed when the block ends without error."""
    with store.unit_of_work(workspace, actor=actor, now=FROZEN_NOW) as uow:
        yield uow
        uow.commit()


def make_plan(
    uow: UnitOfWork, name: str, rows: Sequence[dict[str, Any]] = (), *, today: date = TODAY
) -> Plan:
    """A plan with sections and actions, in the order given."""
    plan = Plan(workspace_id=uow.workspace.id, name=name, slug=plan_slug(name))
    uow.session.add(plan)
    uow.session.flush()
    section: Section | None = None
    for position, row in enumerate(rows, start=1):
        if row.get("section"):
            section = Section(
                workspace_id=uow.workspace.id,
                plan_id=plan.id,
                ref=normalise_ref(row["ref"]),
                title=row["title"],
                position=position,
            )
            uow.session.add(section)
            uow.session.flush()
            continue
        add_action(uow, plan, row, position=position, section=section, today=today)
    uow.session.flush()
    return plan


def add_action(
    uow: UnitOfWork,
    plan: Plan,
    row: dict[str, Any],
    *,
    position: int,
    section: Section | None = None,
    today: date = TODAY,
) -> Action:
    """One action of ``plan`` from a row dict (see the module docstring)."""
    due = row.get("due", "")
    due_date = due if isinstance(due, date) else parse_due(str(due), today) if due else None
    action = Action(
        workspace_id=uow.workspace.id,
        plan_id=plan.id,
        section_id=section.id if section is not None else None,
        ref=normalise_ref(row["ref"]),
        title=row["title"],
        lead_text=row.get("lead", ""),
        due_text=due.isoformat() if isinstance(due, date) else str(due),
        due_date=due_date,
        status=row.get("status", "not_started"),
        extra=row.get("extra", {}),
        position=position,
    )
    uow.session.add(action)
    uow.session.flush()
    if row.get("lead"):
        set_action_owners(action, resolve_owners(uow.repos, row["lead"]))
        uow.session.flush()
    return action


def make_person(
    uow: UnitOfWork,
    name: str,
    *,
    roles: Sequence[str] = (),
    email: str | None = None,
    admin: bool = False,
) -> Person:
    """A person (created if new) holding the given roles (by key, created if new)."""
    person = uow.repos.people.get_or_create_person(name, person_key(name))
    person.email = email.lower() if email else None
    person.is_admin = admin
    for key in roles:
        role = uow.repos.people.get_or_create_role(key, key)
        uow.repos.people.grant_role(person, role)
    uow.session.flush()
    return person


def link_chat_user(uow: UnitOfWork, platform: str, user_id: str, person: Person | None) -> ChatUser:
    """A chat user, linked to ``person`` (or left unlinked when None)."""
    user = uow.repos.people.get_or_create_chat_user(platform, user_id, user_id)
    user.person_id = person.id if person is not None else None
    uow.session.flush()
    return user


def link_channel(
    uow: UnitOfWork, plan: Plan, channel_id: str, platform: str = "console"
) -> PlanChannel:
    """Link a chat channel to a plan."""
    link = PlanChannel(
        workspace_id=uow.workspace.id,
        plan_id=plan.id,
        platform=platform,
        channel_id=channel_id,
        channel_name=channel_id,
    )
    uow.session.add(link)
    uow.session.flush()
    return link


def add_update(
    uow: UnitOfWork,
    action: Action,
    text: str,
    *,
    author: str = "Test",
    at: datetime = FROZEN_NOW,
    status: str | None = None,
) -> Update:
    """A live update on an action, as if logged earlier (moves the status when given)."""
    update = Update(
        workspace_id=uow.workspace.id,
        action_id=action.id,
        author_name=author,
        created_at=at,
        text=text,
        status_before=action.status,
        status_after=status,
        source="command",
    )
    if status is not None:
        action.status = status
    action.last_update_at = at
    uow.session.add(update)
    uow.session.flush()
    return update


def chat_message(
    user_id: str,
    *,
    workspace: str = "local",
    platform: str = "slack",
    channel: str | None = None,
    message_id: str | None = None,
    real_name: str = "",
    display_name: str = "",
    email: str | None = None,
    admin: bool = False,
    direct: bool = False,
) -> MessageContext:
    """The context of a message from a chat platform (not the console)."""
    permalink = None
    if channel and message_id:
        permalink = f"https://example.slack.com/archives/{channel}/p{message_id.replace('.', '')}"
    return MessageContext(
        workspace=workspace,
        caller=Caller(
            platform=platform,
            user_id=user_id,
            display_name=display_name or real_name or user_id,
            real_name=real_name,
            email=email,
            is_platform_admin=admin,
        ),
        channel_id=channel,
        channel_name=channel,
        message_id=message_id,
        permalink=permalink,
        is_direct=direct,
        now=FROZEN_NOW,
        source="chat" if message_id else "command",
    )


# A small plan in the shape of the Leeds improvement plan (seed 001), with due dates around
# the frozen "today" (Wednesday 2 December 2015).
LEEDS_ROWS: list[dict[str, Any]] = [
    {"ref": "1.0", "title": "Effective leadership and governance", "section": True},
    {"ref": "1.1", "title": "Appoint a new DCS", "lead": "CX", "due": "Jan 2016"},
    {"ref": "2.0", "title": "A well supported workforce", "section": True},
    {
        "ref": "2.3",
        "title": "Ensure social care staff have manageable workloads",
        "lead": "Jackie Wilson",
        "due": "30 Nov 2015",
        "status": "on_track",
        "extra": {"Progress to date": "Improved levels of supervision introduced."},
    },
    {
        "ref": "2.4",
        "title": "Ensure all staff understand their roles",
        "lead": "Jackie Wilson",
        "due": "TBC",
    },
    {"ref": "3.0", "title": "Excellent safeguarding", "section": True},
    {
        "ref": "3.1",
        "title": "High quality operational procedures",
        "lead": "HOS",
        "due": "31 Oct 2015",
        "status": "at_risk",
    },
    {"ref": "4.0", "title": "Young people participating", "section": True},
    {
        "ref": "4.2",
        "title": "Audit of personal education plans",
        "lead": "Fiona Smith",
        "due": "March 2016",
    },
    {
        "ref": "4.3",
        "title": "Revise the NEET tracking process",
        "lead": "Jackie Wilson",
        "due": "1 Sep 2015",
        "status": "achieved",
    },
    {
        "ref": "4.4",
        "title": "Close the old contact centre",
        "lead": "Fiona Smith",
        "due": "1 Oct 2015",
        "status": "closed",
    },
]

HARINGEY_ROWS: list[dict[str, Any]] = [
    {
        "ref": "2.3",
        "title": "Increase the number of in-house foster carers",
        "lead": "Fiona Smith",
        "due": "March 2016",
    },
    {"ref": "10", "title": "Mystery shopping of the care leavers service", "lead": "IRO"},
]


def leeds_world(store: Store, workspace: str = "local") -> None:
    """Leeds and Haringey plans, Jackie Wilson (HOS), Fiona Smith and Sally Threlfall;
    the console channel ``leeds`` is linked to the Leeds plan."""
    with seeded(store, workspace) as uow:
        leeds = make_plan(uow, "Leeds Improvement Plan", LEEDS_ROWS)
        make_plan(uow, "Haringey Corporate Parenting", HARINGEY_ROWS)
        make_person(uow, "Jackie Wilson", roles=["HOS"])
        make_person(uow, "Fiona Smith")
        make_person(uow, "Sally Threlfall")
        link_channel(uow, leeds, "leeds")


def add_monthly_indicator(
    uow: UnitOfWork,
    slug: str,
    name: str,
    values: Sequence[tuple[str, date, float]],
    *,
    target: float,
    polarity: str = "higher",
    unit: str = "%",
) -> Indicator:
    """An indicator with monthly ``(label, period end, value)`` values."""
    indicator = Indicator(
        workspace_id=uow.workspace.id,
        slug=slug,
        name=name,
        unit=unit,
        polarity=polarity,
        target=target,
    )
    uow.session.add(indicator)
    uow.session.flush()
    for label, end, value in values:
        uow.session.add(
            IndicatorValue(
                workspace_id=uow.workspace.id,
                indicator_id=indicator.id,
                period_key=end.strftime("%Y-%m"),
                period_label=label,
                period_kind="month",
                period_start=end.replace(day=1),
                period_end=end,
                value=value,
            )
        )
    return indicator


def period_value(
    key: str, label: str, kind: str, start: date, end: date, value: float
) -> IndicatorValue:
    """An indicator's value for one period, not stored (for the series rules)."""
    return IndicatorValue(
        period_key=key,
        period_label=label,
        period_kind=kind,
        period_start=start,
        period_end=end,
        value=value,
        note="",
    )
