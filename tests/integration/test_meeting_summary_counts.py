"""A summary's indicators with no new figure since the last meeting, and the counts in the
heading of the plans' overdue and at-risk items."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from commands.summary import compose_summary
from commands.views import MeetingSummary
from storage.models import IndicatorValue
from storage.unit_of_work import Store
from tests.factories import make_plan, seeded
from tests.helpers import make_chat
from tests.integration.test_meeting_world import add_kpi, at, build_world

SUMMARY_AT = at("2015-12-29 09:00")


def _summary(store: Store, meeting_id: int) -> MeetingSummary:
    with store.unit_of_work("local", now=SUMMARY_AT) as uow:
        meeting = uow.repos.meetings.meeting_by_id(meeting_id)
        assert meeting is not None
        return compose_summary(
            uow.repos, meeting, now=SUMMARY_AT, today=SUMMARY_AT.date(), tz="Europe/London"
        )


def test_an_indicator_with_no_new_figure_is_not_compared_with_itself(store: Store) -> None:
    world = build_world(store)
    make_chat(store, at("2015-12-01 10:00")).say("/meeting add CPAC 2015-12-10 18:30")
    add_kpi(
        store,
        "pep",
        "Up to date PEPs",
        [("Oct 2015", date(2015, 10, 31), 61.0), ("Nov 2015", date(2015, 11, 30), 62.0)],
        target=80,
        committee_id=world.committee_id,
    )
    add_kpi(
        store,
        "care-plans",
        "Up to date care plans",
        [("Nov 2015", date(2015, 11, 30), 84.0), ("Dec 2015", date(2015, 12, 20), 83.0)],
        target=90,
        committee_id=world.committee_id,
    )
    # What the meeting of 10 Dec could have seen: every figure but care-plans' December one.
    with seeded(store) as uow:
        for value in uow.session.scalars(select(IndicatorValue)):
            if value.period_key != "2015-12":
                value.recorded_at = at("2015-12-05 10:00")
    kpis = {k.slug: k for k in _summary(store, world.january_id).kpis.items}
    pep = kpis["pep"]
    assert pep.unchanged_since == "CPAC 2015-12-10"
    assert pep.previous_value is None and pep.change is None and pep.direction == "none"
    assert kpis["care-plans"].unchanged_since == ""
    text = make_chat(store, SUMMARY_AT).say("/meeting prep CPAC 2016-01-05")
    assert "pep: 62% (Nov 2015) target 80% — no new figure since CPAC 2015-12-10" in text
    assert "care-plans: 83% (Dec 2015) target 90% — was 84% (Nov 2015), −1 pt ↘" in text


def test_plans_heading_counts_what_the_list_shows(store: Store) -> None:
    world = build_world(store)
    rows = [
        ("1.1", date(2015, 11, 30), "off_track"),
        ("1.2", date(2015, 11, 30), "at_risk"),
        ("1.3", date(2015, 11, 30), "on_track"),
    ]
    with seeded(store) as uow:
        make_plan(
            uow,
            "Strategy",
            rows=[
                {"ref": r, "title": f"Item {r}", "lead": "Jon Abbey", "due": d, "status": s}
                for r, d, s in rows
            ],
        )
    make_chat(store, at("2015-12-01 10:00")).say("/meeting link CPAC plan Strategy")
    plans = _summary(store, world.january_id).plans
    assert plans.note == "3 overdue, 2 of them also at risk or off track"
    with seeded(store) as uow:
        make_plan(
            uow,
            "Other",
            rows=[
                {
                    "ref": "9",
                    "title": "Late",
                    "lead": "Jon Abbey",
                    "due": date(2016, 6, 30),
                    "status": "at_risk",
                }
            ],
        )
    make_chat(store, at("2015-12-01 10:00")).say("/meeting link CPAC plan Other")
    plans = _summary(store, world.january_id).plans
    assert plans.note == (
        "3 overdue, 2 of them also at risk or off track; "
        "1 more at risk or off track, not yet overdue"
    )
