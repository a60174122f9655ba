"""Reports whose reminders have nobody to go to are named in the run report, as actions are.

A lead with no chat account, or a role nobody holds, was simply not reminded: the clerk had no
word that the report would not be chased."""

from __future__ import annotations

from datetime import date

from commands.core import Core
from commands.jobs.notifier import NotifierRegistry, RecordingNotifier
from commands.jobs.runner import run_due
from commands.meeting_store import add_agenda_item
from storage.models import Meeting
from storage.unit_of_work import Store
from tests.factories import seeded
from tests.integration.test_meeting_world import at, build_world, slack_msg

FIVE_DAYS_BEFORE = at("2015-12-10 09:05")  # the reports are due Thu 17 Dec 2015


def _items_nobody_can_be_reminded_about(store: Store, meeting_id: int) -> None:
    with seeded(store) as uow:
        meeting = uow.session.get(Meeting, meeting_id)
        assert meeting is not None
        add_agenda_item(uow.repos, meeting, "Sufficiency", "Dan Mockley", date(2015, 12, 17))
        add_agenda_item(uow.repos, meeting, "Reviews", "IRO", date(2015, 12, 17))


def test_reports_with_nobody_to_remind_are_named_in_the_run_report(store: Store) -> None:
    world = build_world(store)
    _items_nobody_can_be_reminded_about(store, world.january_id)
    recorder = RecordingNotifier()
    report = run_due(store, NotifierRegistry({"slack": recorder}), now=FIVE_DAYS_BEFORE)
    line = (
        "2 reports due have nobody to remind: item 4 of CPAC 2016-01-05 (Dan Mockley: no chat "
        "account), item 5 of CPAC 2016-01-05 (IRO: no holder)."
    )
    assert line in report.unreachable
    assert line in report.summary().splitlines()
    # Leads with a chat account are reminded, and not named.
    assert {v.reports[0].item.title for v in recorder.to(user_id="U-MARG")} == {"Performance"}
    assert "Performance" not in line and "item 1 " not in line


def test_a_lead_who_stopped_reminders_is_not_called_unreachable(store: Store) -> None:
    build_world(store)
    core = Core(store, clock=lambda: at("2015-12-09 10:00"))
    core.handle(slack_msg("U-MARG", at("2015-12-09 10:00")), "/actions remind stop")
    report = run_due(store, NotifierRegistry({"slack": RecordingNotifier()}), now=FIVE_DAYS_BEFORE)
    assert not any("report" in line for line in report.unreachable)
