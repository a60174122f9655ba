"""The weekly digest lists reports that are late or due within four weeks, each with its
deadline, not every report a person leads up to a year away."""

from __future__ import annotations

from datetime import date

from bot.console.render import render
from commands.jobs.notifier import NotifierRegistry, RecordingNotifier
from commands.jobs.runner import run_due
from commands.meeting_store import (
    add_agenda_item,
    get_or_create_committee,
    get_or_create_meeting,
    starts_at,
)
from commands.views import Reminder
from storage.unit_of_work import Store
from tests.factories import link_chat_user, make_person, seeded
from tests.integration.test_meeting_world import TZ, at

# Monday 7 December 2026. Margaret leads a report that is late, one due in three weeks and
# one due in March; Jon leads only one due in October 2027.
REPORTS = [
    (date(2026, 12, 10), "Performance", "Margaret Gallagher", date(2026, 12, 3)),
    (date(2027, 1, 12), "Sufficiency", "Margaret Gallagher", date(2026, 12, 29)),
    (date(2027, 3, 25), "Annual Report", "Margaret Gallagher", date(2027, 3, 19)),
    (date(2027, 11, 4), "Strategy Refresh", "Jon Abbey", date(2027, 10, 29)),
]


def _world(store: Store) -> None:
    with seeded(store) as uow:
        link_chat_user(uow, "slack", "U-MARG", make_person(uow, "Margaret Gallagher"))
        link_chat_user(uow, "slack", "U-JON", make_person(uow, "Jon Abbey"))
        committee, _ = get_or_create_committee(uow.repos, "Corporate Parenting Advisory Committee")
        for on, title, lead, report_due in REPORTS:
            meeting, _ = get_or_create_meeting(uow.repos, committee, on, starts_at(on, None, TZ))
            add_agenda_item(uow.repos, meeting, title, lead, report_due)


def test_the_digest_lists_late_and_near_reports_with_their_deadlines(store: Store) -> None:
    _world(store)
    slack = RecordingNotifier()
    report = run_due(store, NotifierRegistry({"slack": slack}), now=at("2026-12-07 09:00"))
    assert report.sent == 1, report.summary()  # Jon's only report is months away: no digest
    [digest] = slack.to(user_id="U-MARG")
    assert isinstance(digest, Reminder)
    assert digest.title == "Your week, Margaret Gallagher: 2 reports to send (1 late)"
    assert [r.item.title for r in digest.reports] == ["Performance", "Sufficiency"]
    text = render(digest)
    assert "report due 3 Dec 2026" in text and "report due 29 Dec 2026" in text
    assert "Annual Report" not in text
