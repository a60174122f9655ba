"""More of the tenant's world: the PEP indicator and CPAC with its January meeting.

CPAC's summaries go to the Teams channel ``CPAC_CHANNEL_ID``; Jackie Wilson leads the
"Performance" agenda item. Names are staff from the seed papers; nothing is about any child.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from commands.meeting_store import (
    add_agenda_item,
    get_or_create_committee,
    get_or_create_meeting,
    starts_at,
)
from storage.models import MeetingLink
from storage.unit_of_work import Store
from tests.factories import add_action, add_monthly_indicator, seeded
from tests.teams import activities as act

TZ = "Europe/London"
PEP_VALUES = [("Sep 2015", date(2015, 9, 30), 61.0), ("Oct 2015", date(2015, 10, 31), 64.0)]


def at(text: str) -> datetime:
    """A UTC moment from ``2015-12-29 09:00`` (London is on GMT in winter)."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def add_pep(store: Store, workspace: str = act.TENANT) -> int:
    """The PEP indicator (percentage of PEPs in date, target 95%) with two values."""
    with seeded(store, workspace) as uow:
        indicator = add_monthly_indicator(
            uow,
            "pep",
            "Looked after children with an up-to-date PEP",
            PEP_VALUES,
            target=95.0,
        )
        return indicator.id


def add_cpac(
    store: Store,
    workspace: str = act.TENANT,
    *,
    pep_id: int | None = None,
    on: date = date(2016, 1, 5),
) -> int:
    """A CPAC meeting (by default on Tue 5 Jan 2016), summaries to the CPAC Teams channel; its
    meeting id."""
    with seeded(store, workspace) as uow:
        committee, _ = get_or_create_committee(uow.repos, "Corporate Parenting Advisory Committee")
        committee.channel_id, committee.channel_platform = act.CPAC_CHANNEL_ID, "teams"
        meeting, _ = get_or_create_meeting(uow.repos, committee, on, starts_at(on, None, TZ))
        add_agenda_item(uow.repos, meeting, "Performance", "Jackie Wilson", date(2015, 12, 17))
        add_agenda_item(uow.repos, meeting, "Mystery Shopping", "Fiona Smith", None)
        if pep_id is not None:
            uow.session.add(
                MeetingLink(
                    workspace_id=uow.workspace.id, committee_id=committee.id, indicator_id=pep_id
                )
            )
        uow.session.flush()
        return meeting.id


def add_many_actions(store: Store, count: int, workspace: str = act.TENANT) -> None:
    """``count`` more outstanding actions for Jackie Wilson in the Leeds plan."""
    with seeded(store, workspace) as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        for n in range(count):
            add_action(
                uow,
                plan,
                {
                    "ref": f"9.{n + 1}",
                    "title": f"Extra action number {n + 1}",
                    "lead": "Jackie Wilson",
                    "due": "31 March 2016",
                },
                position=100 + n,
            )
