"""A committee's cycle on a frozen clock: report reminders to leads, the 7-day and 1-day
summaries posted once each to the committee's channel, minutes turned into actions arising,
nudges before and after their due date, and the next meeting's summary showing their status.
"""

from __future__ import annotations

from datetime import datetime

from commands.action_updates import record_update
from commands.core import Core
from commands.jobs.notifier import NotifierRegistry, RecordingNotifier
from commands.jobs.runner import RunReport, run_due
from commands.views import MeetingSummary, Reminder, View
from storage.unit_of_work import Store
from tests.helpers import make_chat
from tests.integration.test_meeting_world import (
    CHANNEL,
    at,
    build_world,
    import_fixture_minutes,
    slack_msg,
)


class Cycle:
    """Runs the scheduler at chosen moments and keeps what each run posted."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.recorder = RecordingNotifier()
        self.notifiers = NotifierRegistry({"slack": self.recorder})

    def run(self, now: datetime) -> list[tuple[str, View]]:
        """Run due work at ``now``; (target, view) of each post it made."""
        before = len(self.recorder.sent)
        report: RunReport = run_due(self.store, self.notifiers, now=now)
        new = self.recorder.sent[before:]
        assert report.messages == len(new)
        return [(s.target.channel_id or s.target.user_id or "", s.view) for s in new]


def _reminders(posts: list[tuple[str, View]], reason: str) -> list[tuple[str, Reminder]]:
    return [(t, v) for t, v in posts if isinstance(v, Reminder) and v.reason == reason]


def _summaries(posts: list[tuple[str, View]]) -> list[tuple[str, MeetingSummary]]:
    return [(t, v) for t, v in posts if isinstance(v, MeetingSummary)]


def test_committee_cycle_posts_each_reminder_and_summary_once(store: Store) -> None:
    build_world(store)
    import_fixture_minutes(store, at("2015-10-20 10:00"))
    cycle = Cycle(store)

    # Thu 10 Dec, 5 working days before the 17 Dec report deadline: both leads are reminded.
    posts = cycle.run(at("2015-12-10 09:30"))
    reports = _reminders(posts, "report_due")
    assert sorted(t for t, _ in reports) == ["U-DOM", "U-MARG"]
    marg = next(v for t, v in reports if t == "U-MARG")
    assert marg.title == "Your report for CPAC 2016-01-05 is due in 5 working days (17 Dec 2015)"
    assert marg.text == (
        "Item 1: Performance. When it is in, mark it with /meeting report in 1 CPAC 2016-01-05."
    )
    assert "/actions remind snooze" in marg.footer
    # This week's digest (due Monday) catches up too; Dominic's lists his actions and report.
    digests = dict(_reminders(posts, "digest"))
    assert sorted(digests) == ["U-DOM", "U-FIONA", "U-JON", "U-MARG"]
    dom = digests["U-DOM"]
    assert dom.title == "Your week, Dominic Porter-Moore: 2 outstanding actions, 1 report to send"
    assert [a.ref for a in dom.actions] == ["CPAC343/2", "CPAC343/3"]
    assert digests["U-MARG"].title == "Your week, Margaret Gallagher: 1 report to send"
    assert digests["U-MARG"].actions == []
    assert [(r.meeting_label, r.item.title) for r in dom.reports] == [
        ("CPAC 2016-01-05", "Mystery Shopping")
    ]
    assert not _summaries(posts)
    # Running again at the same moment, or later that day, posts nothing more.
    assert cycle.run(at("2015-12-10 09:30")) == []
    assert cycle.run(at("2015-12-10 15:00")) == []

    # Margaret's report arrives; on Wed 16 Dec (1 working day before) only Dominic is reminded.
    make_chat(store, at("2015-12-15 10:00")).say("/meeting report in 1 CPAC 2016-01-05")
    posts = cycle.run(at("2015-12-16 09:05"))
    reports = _reminders(posts, "report_due")
    assert [t for t, _ in reports] == ["U-DOM"]
    assert reports[0][1].title == (
        "Your report for CPAC 2016-01-05 is due in 1 working day (17 Dec 2015)"
    )

    # Fiona completes her action arising, from Slack.
    core = Core(store, clock=lambda: at("2015-12-21 11:00"))

    def done(h):  # type: ignore[no-untyped-def]
        action = h.repos.actions.by_ref("CPAC343/1")[0]
        record_update(
            h, action, "Reviews now counted in the PEP figures", status="achieved", source="command"
        )
        return h.registry.help("actions")

    core.run_view(slack_msg("U-FIONA", at("2015-12-21 11:00")), done)

    # Nothing is posted before 9am on Tue 29 Dec (28 Dec is the Boxing Day bank holiday).
    assert _summaries(cycle.run(at("2015-12-28 10:00"))) == []
    assert cycle.run(at("2015-12-29 08:30")) == []
    posts = cycle.run(at("2015-12-29 09:00"))
    [(channel, seven)] = _summaries(posts)
    assert channel == CHANNEL
    assert seven.heading == "Pre-meeting summary: CPAC 2016-01-05 (in 7 days)"
    assert [(a.title, a.report) for a in seven.agenda] == [
        ("Performance", "received"),
        ("Mystery Shopping", "late"),
        ("Pan-London Adoption Bid", "none"),
    ]
    # Due-soon nudges: 3 working days before 4 Jan, to owners of outstanding actions only;
    # Dominic's two come in one message.
    nudges = _reminders(posts, "due_soon")
    assert sorted((t, [a.ref for a in v.actions]) for t, v in nudges) == [
        ("U-DOM", ["CPAC343/2", "CPAC343/3"]),
        ("U-JON", ["CPAC347/1"]),
    ]
    # One count throughout: working days (Tue 29 Dec to Mon 4 Jan, New Year's Day off).
    jon = dict(nudges)["U-JON"]
    assert jon.title.endswith("is due in 3 working days (4 Jan 2016)")
    assert "day" not in jon.text.split(".")[0]
    assert dict(nudges)["U-DOM"].title == (
        "2 of your actions are due in 3 working days (4 Jan 2016)"
    )

    # Mon 4 Jan: the 1-day summary, once, showing the actions arising and their status.
    posts = cycle.run(at("2016-01-04 09:00"))
    [(channel, one_day)] = _summaries(posts)
    assert channel == CHANNEL
    assert one_day.heading == "Pre-meeting summary: CPAC 2016-01-05 (tomorrow)"
    arising = {i.ref: i for i in one_day.arising.items}
    assert arising["CPAC343/1"].status == "achieved"
    assert arising["CPAC343/1"].last_update is not None
    assert arising["CPAC343/1"].last_update.text == "Reviews now counted in the PEP figures"
    assert arising["CPAC343/1"].last_update.author == "Fiona Smith"
    assert {arising[r].status for r in ("CPAC341/1", "CPAC343/2", "CPAC343/3")} == {"not_started"}
    assert one_day.arising.note == "5: 1 done or closed, 4 outstanding"
    assert cycle.run(at("2016-01-04 17:00")) == []

    # Tue 5 Jan: the actions due on the 4th are overdue; their owners hear about it once.
    posts = cycle.run(at("2016-01-05 09:00"))
    overdue = _reminders(posts, "overdue")
    assert sorted((t, [a.ref for a in v.actions]) for t, v in overdue) == [
        ("U-DOM", ["CPAC343/2", "CPAC343/3"]),
        ("U-JON", ["CPAC347/1"]),
    ]
    assert dict(overdue)["U-JON"].title.endswith("is overdue (it was due 4 Jan 2016)")
    assert dict(overdue)["U-DOM"].title == "2 of your actions are overdue"
    assert not _summaries(posts)
    assert cycle.run(at("2016-01-05 12:00")) == []

    # Over the whole cycle, exactly two summaries went to the committee's channel.
    channel_posts = cycle.recorder.to(channel_id=CHANNEL)
    assert [v.heading for v in channel_posts] == [  # type: ignore[attr-defined]
        "Pre-meeting summary: CPAC 2016-01-05 (in 7 days)",
        "Pre-meeting summary: CPAC 2016-01-05 (tomorrow)",
    ]
