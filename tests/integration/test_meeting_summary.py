"""The pre-meeting summary: its content section by section, and a 500-action plan."""

from __future__ import annotations

from datetime import date, timedelta

from bot.console.render import render
from commands.owner_store import resolve_owners, set_action_owners
from commands.summary import compose_summary
from commands.views import ActionList, MeetingSummary
from storage.models import Action, MeetingLink, Plan
from storage.unit_of_work import Store
from tests.factories import add_update, make_plan, seeded
from tests.helpers import make_chat
from tests.integration.test_meeting_world import (
    add_kpi,
    at,
    build_world,
    import_fixture_minutes,
)

SUMMARY_AT = at("2015-12-29 09:00")


def _summary(store: Store, meeting_id: int, now=SUMMARY_AT) -> MeetingSummary:  # type: ignore[no-untyped-def]
    with store.unit_of_work("local", now=now) as uow:
        meeting = uow.repos.meetings.meeting_by_id(meeting_id)
        assert meeting is not None
        return compose_summary(uow.repos, meeting, now=now, today=now.date(), tz="Europe/London")


def _build(store: Store):  # type: ignore[no-untyped-def]
    world = build_world(store)
    import_fixture_minutes(store, at("2015-10-20 10:00"))
    with seeded(store) as uow:
        plan = make_plan(
            uow,
            "Corporate Parenting Strategy",
            rows=[
                {
                    "ref": "1.1",
                    "title": "Publish the pledge",
                    "lead": "Jon Abbey",
                    "due": date(2015, 11, 30),
                    "status": "on_track",
                },
                {
                    "ref": "1.2",
                    "title": "Refresh sufficiency",
                    "lead": "Jon Abbey",
                    "due": date(2015, 10, 31),
                    "status": "not_started",
                },
                {
                    "ref": "2.1",
                    "title": "Health passports",
                    "lead": "Fiona Smith",
                    "due": date(2016, 3, 31),
                    "status": "at_risk",
                },
                {
                    "ref": "2.2",
                    "title": "Mosaic training",
                    "lead": "Fiona Smith",
                    "due": date(2016, 3, 31),
                    "status": "off_track",
                },
                {
                    "ref": "3.1",
                    "title": "Already done",
                    "lead": "Fiona Smith",
                    "due": date(2015, 9, 30),
                    "status": "achieved",
                },
                {
                    "ref": "3.2",
                    "title": "Going fine",
                    "lead": "Fiona Smith",
                    "due": date(2016, 6, 30),
                    "status": "on_track",
                },
            ],
        )
        by_ref = {a.ref: a for a in uow.repos.actions.in_plan(plan.id)}
        for action in by_ref.values():
            action.created_at = at("2015-12-01 09:00")
        by_ref["3.2"].created_at = at("2015-09-01 09:00")  # silent since September
        arising = uow.repos.actions.by_ref("CPAC343/1")[0]
        add_update(
            uow,
            arising,
            "Review process agreed with the performance team",
            author="Fiona Smith",
            at=at("2015-12-01 11:00"),
            status="achieved",
        )
    chat = make_chat(store, at("2015-12-15 10:00"))
    assert "now follows the plan" in chat.say(
        "/meeting link CPAC 2016-01-05 plan Corporate Parenting Strategy"
    )
    chat.say("/meeting report in 2 CPAC 2016-01-05")
    for slug, name, values, target, polarity in [
        (
            "pep",
            "Up to date PEPs",
            [("Sep 2015", date(2015, 9, 30), 57.0), ("Nov 2015", date(2015, 11, 30), 62.0)],
            80.0,
            "higher",
        ),
        (
            "placed-20-miles",
            "Placed 20 miles or more away",
            [("Aug 2015", date(2015, 8, 31), 18.3), ("Nov 2015", date(2015, 11, 30), 19.0)],
            16.0,
            "lower",
        ),
        (
            "care-plans",
            "Up to date care plans",
            [("Sep 2015", date(2015, 9, 30), 74.0), ("Nov 2015", date(2015, 11, 30), 84.0)],
            90.0,
            "higher",
        ),
        (
            "health",
            "Health assessments",
            [("Aug 2015", date(2015, 8, 31), 96.0), ("Nov 2015", date(2015, 11, 30), 95.0)],
            95.0,
            "higher",
        ),
    ]:
        add_kpi(
            store,
            slug,
            name,
            values,
            target=target,
            polarity=polarity,
            committee_id=world.committee_id,
        )
    add_kpi(store, "unlinked", "Not followed", [("Nov 2015", date(2015, 11, 30), 1.0)], target=2)
    return world


def test_summary_agenda_shows_leads_and_whether_reports_are_in(store: Store) -> None:
    world = _build(store)
    view = _summary(store, world.january_id)
    assert view.heading == "Pre-meeting summary: CPAC 2016-01-05 (in 7 days)"
    assert view.meeting.channel == "C-CPAC"
    assert view.meeting.local_start == "Tue 5 Jan 2016, 18:30"
    assert view.previous is not None and view.previous.label == "CPAC 2015-10-05"
    assert [(a.title, a.leads, a.report) for a in view.agenda] == [
        ("Performance", ["Margaret Gallagher"], "late"),  # due 17 Dec, not in
        ("Mystery Shopping", ["Dominic Porter-Moore"], "received"),
        ("Pan-London Adoption Bid", ["Jon Abbey"], "none"),
    ]


def test_summary_lists_actions_arising_with_status_and_last_update(store: Store) -> None:
    world = _build(store)
    arising = _summary(store, world.january_id).arising
    assert arising.title == "Actions arising from CPAC 2015-10-05"
    assert arising.total == 5
    assert arising.note == "5: 1 done or closed, 4 outstanding"
    # Outstanding first, the achieved one last, with its update.
    assert [i.ref for i in arising.items] == [
        "CPAC341/1",
        "CPAC343/2",
        "CPAC343/3",
        "CPAC347/1",
        "CPAC343/1",
    ]
    done = arising.items[-1]
    assert done.status == "achieved"
    assert done.last_update is not None
    assert done.last_update.text == "Review process agreed with the performance team"
    assert arising.items[0].status == "not_started" and arising.items[0].last_update is None


def test_summary_lists_overdue_then_off_track_then_at_risk_in_linked_plans(store: Store) -> None:
    world = _build(store)
    plans = _summary(store, world.january_id).plans
    assert [(i.ref, i.overdue, i.status) for i in plans.items] == [
        ("1.2", True, "not_started"),
        ("1.1", True, "on_track"),
        ("2.2", False, "off_track"),
        ("2.1", False, "at_risk"),
    ]
    assert plans.items[0].days_overdue == 59
    assert plans.note == "2 overdue; 2 more at risk or off track, not yet overdue"
    assert plans.more == 0 and plans.more_command == ""


def test_summary_kpis_off_target_first_with_change_since_last_meeting(store: Store) -> None:
    world = _build(store)
    kpis = _summary(store, world.january_id).kpis
    assert kpis.since == "CPAC 2015-10-05"
    rows = [(k.slug, k.rag, k.value, k.target, k.previous_value, k.direction) for k in kpis.items]
    assert rows == [
        ("pep", "red", 62.0, 80.0, 57.0, "improving"),
        ("placed-20-miles", "red", 19.0, 16.0, 18.3, "worsening"),
        ("care-plans", "amber", 84.0, 90.0, 74.0, "improving"),
        ("health", "green", 95.0, 95.0, 96.0, "worsening"),
    ]
    assert kpis.items[0].change == 5.0
    assert kpis.items[0].previous_period_label == "Sep 2015"


def test_summary_lists_other_items_with_no_update_for_30_days(store: Store) -> None:
    world = _build(store)
    stale = _summary(store, world.january_id).stale
    # Plan item 3.2 has been silent since September. The December plan items are recent, and
    # the actions arising and at-risk items are listed (with their last update) above.
    assert [i.ref for i in stale.items] == ["3.2"]
    assert stale.note == "1 more item in the plans"
    with seeded(store) as uow:
        for action in uow.repos.actions.search(["Publish the pledge"]):
            action.created_at = at("2015-09-01 09:00")
    assert [i.ref for i in _summary(store, world.january_id).stale.items] == ["3.2"]


def test_prep_command_renders_every_section(store: Store) -> None:
    world = _build(store)
    text = make_chat(store, SUMMARY_AT).say("/meeting prep CPAC 2016-01-05")
    assert text.startswith("Pre-meeting summary: CPAC 2016-01-05 (in 7 days)")
    assert "Agenda (3 items, 1 report in, 1 late)" in text
    assert "1. Performance — Margaret Gallagher · report due 17 Dec 2015: ⚠ report late" in text
    assert "Actions arising from CPAC 2015-10-05 (5: 1 done or closed, 4 outstanding)" in text
    assert "last update 1 Dec 2015: Review process agreed with the performance team" in text
    assert "🔴 pep: 62% (Nov 2015) target 80% — was 57% (Sep 2015), +5 pts ↗" in text
    assert "Not followed" not in text
    assert world.january_id > 0


def test_first_meeting_and_no_links_say_so(store: Store) -> None:
    world = build_world(store)
    view = _summary(store, world.october_id, now=at("2015-09-28 09:00"))
    assert view.previous is None
    assert view.arising.items == [] and "first meeting" in view.arising.empty_text
    assert "No plans are linked" in view.plans.empty_text
    assert view.kpis.total == 0


def _big_plan(store: Store, committee_id: int) -> None:
    """500 outstanding actions: 200 overdue, 150 at risk, 150 on track; none updated."""
    with seeded(store) as uow:
        plan = Plan(workspace_id=uow.workspace.id, name="Improvement Plan", slug="improvement")
        uow.session.add(plan)
        uow.session.flush()
        owners = resolve_owners(uow.repos, "Fiona Smith/HOS")
        for n in range(500):
            if n < 200:
                due, status = date(2015, 12, 28) - timedelta(days=n), "on_track"
            elif n < 350:
                due, status = date(2016, 6, 30), "at_risk"
            else:
                due, status = date(2016, 6, 30), "on_track"
            action = Action(
                workspace_id=uow.workspace.id,
                plan_id=plan.id,
                ref=f"{n // 10 + 1}.{n % 10 + 1}",
                title=f"Improvement action number {n} " + "with a long description " * 6,
                due_date=due,
                due_text=due.isoformat(),
                status=status,
                position=n,
                created_at=at("2015-06-01 09:00"),
            )
            action.plan = plan
            uow.session.add(action)
            set_action_owners(action, owners)
        uow.session.flush()
        uow.session.add(
            MeetingLink(workspace_id=uow.workspace.id, committee_id=committee_id, plan_id=plan.id)
        )


def test_summary_of_500_actions_stays_short_and_readable(store: Store) -> None:
    world = build_world(store)
    _big_plan(store, world.committee_id)
    view = _summary(store, world.january_id)
    plans = view.plans
    # As many as fit in the summary's one message beside the other lists (at most 8).
    assert plans.total == 350 and len(plans.items) == 7 and plans.more == 343
    assert plans.note == "200 overdue; 150 more at risk or off track, not yet overdue"
    # The most overdue first.
    assert [i.days_overdue for i in plans.items] == [
        (SUMMARY_AT.date() - (date(2015, 12, 28) - timedelta(days=199 - k))).days for k in range(7)
    ]
    assert plans.more_command == "/meeting more plans CPAC 2016-01-05"
    # The 150 on-track items have had no update since June; the others are listed above.
    assert view.stale.total == 150 and len(view.stale.items) == 6
    text = render(view)
    assert "… and 343 more: /meeting more plans CPAC 2016-01-05" in text
    assert "… and 144 more: /meeting more stale CPAC 2016-01-05" in text
    assert len(text) < 12_000
    assert len(view.model_dump_json()) < 40_000  # Slack's message text limit, with room
    full = make_chat(store, SUMMARY_AT).outcome("/meeting more plans CPAC 2016-01-05")
    assert full is not None and isinstance(full.reply, ActionList)
    assert len(full.reply.items) == 350
    assert full.reply.items[0].days_overdue == plans.items[0].days_overdue


def test_a_figure_for_a_month_not_over_is_provisional_in_the_summary(store: Store) -> None:
    world = _build(store)
    add_kpi(
        store,
        "visits",
        "Statutory visits on time",
        [("Nov 2015", date(2015, 11, 30), 90.0), ("Dec 2015", date(2015, 12, 31), 80.0)],
        target=95.0,
        committee_id=world.committee_id,
    )
    summary = _summary(store, world.january_id)  # 29 December: December is not over
    visits = next(k for k in summary.kpis.items if k.slug == "visits")
    assert visits.provisional and visits.period_label == "Dec 2015"
    assert not next(k for k in summary.kpis.items if k.slug == "pep").provisional
    assert "(Dec 2015, provisional)" in render(summary)
