"""A small committee world shared by the meeting, minutes and scheduler tests.

CPAC (Corporate Parenting Advisory Committee) meets on 5 Oct 2015, 5 Jan 2016 and
4 Apr 2016 at 18:30; its summaries go to the Slack channel C-CPAC. Four officers have Slack
accounts. Names are staff from the seed papers; nothing here is about any child.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from commands.context import Caller, MessageContext
from commands.importers.minutes import import_minutes
from commands.meeting_store import (
    add_agenda_item,
    get_or_create_committee,
    get_or_create_meeting,
    starts_at,
)
from commands.views import View
from storage.models import MeetingLink
from storage.unit_of_work import Store
from tests.factories import add_monthly_indicator, link_chat_user, make_person, seeded

FIXTURES = Path(__file__).parent.parent / "fixtures" / "minutes"
MINUTES = (FIXTURES / "cpac_2015-10-05.txt").read_text(encoding="utf-8")
TZ = "Europe/London"
OFFICERS = {
    "Fiona Smith": "U-FIONA",
    "Dominic Porter-Moore": "U-DOM",
    "Margaret Gallagher": "U-MARG",
    "Jon Abbey": "U-JON",
}
CHANNEL = "C-CPAC"


def at(text: str) -> datetime:
    """A UTC moment from ``2015-12-29 09:00`` (London is on GMT in winter)."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@dataclass(frozen=True)
class World:
    """Ids of what ``build_world`` made."""

    committee_id: int
    october_id: int
    january_id: int
    april_id: int


def build_world(store: Store, *, now: datetime | None = None) -> World:
    """CPAC, its three meetings, the January agenda and four officers on Slack."""
    with seeded(store) as uow:
        for name, user_id in OFFICERS.items():
            link_chat_user(uow, "slack", user_id, make_person(uow, name))
        committee, _ = get_or_create_committee(uow.repos, "Corporate Parenting Advisory Committee")
        committee.channel_id, committee.channel_platform = CHANNEL, "slack"
        meetings = []
        for on in (date(2015, 10, 5), date(2016, 1, 5), date(2016, 4, 4)):
            meeting, _ = get_or_create_meeting(uow.repos, committee, on, starts_at(on, None, TZ))
            meetings.append(meeting)
        add_agenda_item(
            uow.repos, meetings[1], "Performance", "Margaret Gallagher", date(2015, 12, 17)
        )
        add_agenda_item(
            uow.repos, meetings[1], "Mystery Shopping", "Dominic Porter-Moore", date(2015, 12, 17)
        )
        add_agenda_item(uow.repos, meetings[1], "Pan-London Adoption Bid", "Jon Abbey", None)
        uow.session.flush()
        return World(committee.id, meetings[0].id, meetings[1].id, meetings[2].id)


def import_fixture_minutes(store: Store, now: datetime, text: str = MINUTES):  # type: ignore[no-untyped-def]
    """Import the October minutes (committed); the import report."""
    with store.unit_of_work("local", actor="test", now=now) as uow:
        report = import_minutes(uow, text, meeting="CPAC 2015-10-05", today=now.date())
        uow.commit()
        return report


def add_kpi(
    store: Store,
    slug: str,
    name: str,
    values: list[tuple[str, date, float]],
    *,
    target: float,
    polarity: str = "higher",
    unit: str = "%",
    committee_id: int | None = None,
) -> None:
    """An indicator with monthly values, optionally followed by a committee."""
    with seeded(store) as uow:
        indicator = add_monthly_indicator(
            uow, slug, name, values, target=target, polarity=polarity, unit=unit
        )
        if committee_id is not None:
            uow.session.add(
                MeetingLink(
                    workspace_id=uow.workspace.id,
                    committee_id=committee_id,
                    indicator_id=indicator.id,
                )
            )


def slack_msg(user_id: str, now: datetime, channel: str | None = None) -> MessageContext:
    """A Slack message context from ``user_id`` at ``now``."""
    return MessageContext(
        workspace="local",
        caller=Caller(platform="slack", user_id=user_id, display_name=user_id),
        channel_id=channel,
        now=now,
        source="command",
    )


def titles(views: list[View]) -> list[str]:
    """The titles or headings of views, for compact assertions."""
    return [getattr(v, "title", None) or getattr(v, "heading", "") for v in views]


def test_world_builds_committee_with_initials_and_agenda(store: Store) -> None:
    world = build_world(store)
    with store.unit_of_work("local") as uow:
        committee = uow.repos.meetings.meetings_of(world.committee_id)[0].committee
        assert committee.initials == "CPAC"
        items = uow.repos.meetings.agenda(world.january_id)
        assert [(i.position, i.title) for i in items] == [
            (1, "Performance"),
            (2, "Mystery Shopping"),
            (3, "Pan-London Adoption Bid"),
        ]
        assert [o.person.name for o in items[0].owners if o.person] == ["Margaret Gallagher"]
