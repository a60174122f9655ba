"""One message per person per run: a lead's report reminders due together go out as one."""

from __future__ import annotations

from datetime import date

from commands.jobs.notifier import NotifierRegistry, RecordingNotifier
from commands.jobs.runner import run_due
from commands.meeting_store import add_agenda_item
from commands.views import Reminder
from storage.models import Meeting, ScheduledPost
from storage.unit_of_work import Store
from tests.factories import seeded
from tests.integration.test_meeting_world import at, build_world


def _more_items_for_margaret(store: Store, meeting_id: int) -> None:
    with seeded(store) as uow:
        meeting = uow.session.get(Meeting, meeting_id)
        assert meeting is not None
        for title in ("Budget", "Adoption", "Fostering"):
            add_agenda_item(uow.repos, meeting, title, "Margaret Gallagher", date(2015, 12, 17))


def _reports_to(recorder: RecordingNotifier, user: str) -> list[Reminder]:
    return [
        s.view
        for s in recorder.sent
        if s.target.user_id == user
        and isinstance(s.view, Reminder)
        and s.view.reason == "report_due"
    ]


def test_a_leads_report_reminders_in_one_run_are_one_message(store: Store) -> None:
    world = build_world(store)
    _more_items_for_margaret(store, world.january_id)
    recorder = RecordingNotifier()
    notifiers = NotifierRegistry({"slack": recorder})
    run_due(store, notifiers, now=at("2015-12-07 09:05"))  # Monday: the weekly digests
    recorder.sent.clear()
    report = run_due(store, notifiers, now=at("2015-12-10 09:05"))
    margaret = _reports_to(recorder, "U-MARG")
    assert len(margaret) == 1
    view = margaret[0]
    # The title names the deadline they share, as each line does.
    assert view.title == (
        "Your 4 reports for CPAC 2016-01-05 are due in 5 working days (17 Dec 2015)"
    )
    assert [r.item.title for r in view.reports] == [
        "Performance",
        "Budget",
        "Adoption",
        "Fostering",
    ]
    assert "Item 1: Performance — due in 5 working days (17 Dec 2015)" in view.text
    assert "/meeting report in <number> CPAC 2016-01-05" in view.text
    # Dominic's single reminder keeps its own wording.
    assert [v.title for v in _reports_to(recorder, "U-DOM")] == [
        "Your report for CPAC 2016-01-05 is due in 5 working days (17 Dec 2015)"
    ]
    # Each report keeps its own key, sent once; a rerun sends nothing again.
    with store.session_factory() as session:
        keys = session.query(ScheduledPost).filter(ScheduledPost.kind == "report_due").all()
    assert len(keys) == 5 and {p.state for p in keys} == {"sent"}
    assert report.messages == len(recorder.sent) < report.sent
    assert f"sent {report.sent} (in {report.messages} messages)," in report.summary()
    again = run_due(store, notifiers, now=at("2015-12-10 09:06"))
    assert again.sent == 0 and len(_reports_to(recorder, "U-MARG")) == 1


def test_a_report_that_came_in_is_left_out_of_the_group(store: Store) -> None:
    world = build_world(store)
    _more_items_for_margaret(store, world.january_id)
    with seeded(store) as uow:
        for item in uow.repos.meetings.agenda(world.january_id):
            if item.title == "Budget":
                item.report_received_at = at("2015-12-09 12:00")
    recorder = RecordingNotifier()
    notifiers = NotifierRegistry({"slack": recorder})
    run_due(store, notifiers, now=at("2015-12-07 09:05"))
    run_due(store, notifiers, now=at("2015-12-10 09:05"))
    (view,) = _reports_to(recorder, "U-MARG")
    assert [r.item.title for r in view.reports] == ["Performance", "Adoption", "Fostering"]


def test_reports_with_different_deadlines_are_titled_by_the_first(store: Store) -> None:
    world = build_world(store)
    with seeded(store) as uow:
        meeting = uow.session.get(Meeting, world.january_id)
        assert meeting is not None
        # Its 1-working-day reminder goes on 10 Dec, with Performance's 5-working-day one.
        add_agenda_item(uow.repos, meeting, "Budget", "Margaret Gallagher", date(2015, 12, 11))
    recorder = RecordingNotifier()
    notifiers = NotifierRegistry({"slack": recorder})
    run_due(store, notifiers, now=at("2015-12-07 09:05"))
    recorder.sent.clear()
    run_due(store, notifiers, now=at("2015-12-10 09:05"))
    (view,) = _reports_to(recorder, "U-MARG")
    assert view.title == (
        "Your 2 reports for CPAC 2016-01-05 are due soon, the first due in 1 working day "
        "(11 Dec 2015)"
    )
    assert "Item 1: Performance — due in 5 working days (17 Dec 2015)" in view.text
    assert "Item 4: Budget — due in 1 working day (11 Dec 2015)" in view.text
