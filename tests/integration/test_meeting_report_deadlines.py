"""Report deadlines: none after the meeting; one on a weekend or bank holiday is accepted,
said so, and reminders ask for the report by the working day before."""

from __future__ import annotations

from commands.jobs.notifier import NotifierRegistry, RecordingNotifier
from commands.jobs.runner import run_due
from commands.views import Reminder
from storage.unit_of_work import Store
from tests.helpers import make_chat
from tests.integration.test_meeting_world import at, build_world

NOW = at("2015-12-02 10:00")


def test_a_deadline_after_the_meeting_is_refused(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    reply = chat.say(
        "/meeting item add CPAC 2016-01-05 Budget lead Fiona Smith report due 2016-01-06"
    )
    assert reply == (
        "✖ The report deadline 6 Jan 2016 is after the meeting CPAC 2016-01-05 (Tue 5 Jan "
        "2016): give a date on or before it. Nothing was changed."
    )
    assert "Budget" not in chat.say("/meeting agenda CPAC 2016-01-05")


def test_a_deadline_on_a_bank_holiday_or_weekend_is_accepted_and_said(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    christmas = chat.say(
        "/meeting item add CPAC 2016-01-05 Budget lead Fiona Smith report due 25 Dec 2015"
    )
    assert christmas.splitlines()[0] == (
        "Added item 4 of CPAC 2016-01-05. The report deadline Fri 25 Dec 2015 is a bank "
        "holiday: leads will be asked to send it by Thu 24 Dec 2015, the working day before."
    )
    saturday = chat.say(
        "/meeting item add CPAC 2016-01-05 Adoption lead Fiona Smith report due 19 Dec 2015"
    )
    assert "Sat 19 Dec 2015 is a Saturday: leads will be asked to send it by Fri 18 Dec" in (
        saturday
    )
    working = chat.say(
        "/meeting item add CPAC 2016-01-05 Fostering lead Fiona Smith report due 18 Dec 2015"
    )
    assert working.splitlines()[0] == "Added item 6 of CPAC 2016-01-05."


def test_reminders_for_a_deadline_on_a_bank_holiday_name_the_day_before(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    chat.say("/meeting item add CPAC 2016-01-05 Budget lead Jon Abbey report due 25 Dec 2015")
    recorder = RecordingNotifier()
    run_due(store, NotifierRegistry({"slack": recorder}), now=at("2015-12-24 09:05"))
    titles = [
        s.view.title
        for s in recorder.sent
        if isinstance(s.view, Reminder)
        and s.target.user_id == "U-JON"
        and s.view.reason == "report_due"
    ]
    assert titles == [
        "Your report for CPAC 2016-01-05 is due Fri 25 Dec (a bank holiday): "
        "please send it by Thu 24 Dec (today)"
    ]


def test_the_last_reminder_comes_the_working_day_before_the_send_by_day(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    chat.say("/meeting item add CPAC 2016-01-05 Budget lead Jon Abbey report due 25 Dec 2015")
    recorder = RecordingNotifier()
    # The report must go by Thu 24 Dec: "1 working day before" is Wed 23 Dec, not the 24th.
    report = run_due(store, NotifierRegistry({"slack": recorder}), now=at("2015-12-23 09:05"))
    assert any(":1wd:" in line and line.startswith("sent report:") for line in report.lines)
    titles = [
        s.view.title
        for s in recorder.sent
        if isinstance(s.view, Reminder)
        and s.target.user_id == "U-JON"
        and s.view.reason == "report_due"
    ]
    assert titles == [
        "Your report for CPAC 2016-01-05 is due Fri 25 Dec (a bank holiday): "
        "please send it by Thu 24 Dec"
    ]


def test_agendas_and_digests_give_the_send_by_day_of_a_deadline_on_a_day_off(
    store: Store,
) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    chat.say("/meeting item add CPAC 2016-01-05 Budget lead Jon Abbey report due 25 Dec 2015")
    chat.say("/meeting item add CPAC 2016-01-05 Fostering lead Jon Abbey report due 18 Dec 2015")
    agenda = chat.say("/meeting agenda CPAC 2016-01-05")
    assert (
        "Budget — Jon Abbey · report due 25 Dec 2015 (a bank holiday: send by Thu 24 Dec): "
        "report awaited"
    ) in agenda, agenda
    assert "report due 18 Dec 2015: report awaited" in agenda, agenda  # a working day
    recorder = RecordingNotifier()
    run_due(store, NotifierRegistry({"slack": recorder}), now=at("2015-12-21 09:05"))
    digests = [
        s.view
        for s in recorder.sent
        if isinstance(s.view, Reminder)
        and s.target.user_id == "U-JON"
        and s.view.reason == "digest"
    ]
    assert len(digests) == 1, [s.view for s in recorder.sent]
    days_off = {r.item.title: r.item.report_day_off for r in digests[0].reports}
    assert days_off["Budget"] == "a bank holiday: send by Thu 24 Dec", days_off
    assert days_off["Fostering"] == "", days_off
