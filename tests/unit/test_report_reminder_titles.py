"""The title of a lead's report reminders merged into one message names their deadline."""

from __future__ import annotations

from datetime import date

from commands.jobs.compose import FOOTER, merge_report_reminders, report_due_words
from commands.views import AgendaEntry, Reminder, ReportDue


def _reminder(meeting: str, position: int, title: str, due: date, today: date) -> Reminder:
    """One report's reminder, as the composer writes it."""
    return Reminder(
        reason="report_due",
        title=f"Your report for {meeting} is {report_due_words(due, today)}",
        reports=[
            ReportDue(
                meeting_label=meeting,
                item=AgendaEntry(position=position, title=title, report_due=due, report="awaited"),
            )
        ],
        footer=FOOTER,
    )


def test_a_shared_working_day_deadline_is_in_the_title() -> None:
    today = date(2027, 1, 11)
    due = date(2027, 1, 18)
    merged = merge_report_reminders(
        [
            _reminder("CPAC 2027-02-01", 1, "Performance", due, today),
            _reminder("CPAC 2027-02-01", 2, "Budget", due, today),
        ],
        today,
    )
    assert (
        merged.title == "Your 2 reports for CPAC 2027-02-01 are due in 5 working days (18 Jan 2027)"
    )


def test_a_shared_bank_holiday_deadline_says_when_to_send_them() -> None:
    today = date(2026, 12, 17)
    christmas = date(2026, 12, 25)
    merged = merge_report_reminders(
        [
            _reminder("CPAC 2027-01-05", 1, "Performance", christmas, today),
            _reminder("SCB 2027-01-12", 3, "Audit", christmas, today),
        ],
        today,
    )
    assert merged.title == (
        "Your 2 reports are due Fri 25 Dec (a bank holiday): please send them by Thu 24 Dec"
    )
    assert "Item 3: Audit (SCB 2027-01-12) — due Fri 25 Dec (a bank holiday)" in merged.text


def test_different_deadlines_name_the_first_in_the_title() -> None:
    today = date(2027, 1, 11)
    merged = merge_report_reminders(
        [
            _reminder("CPAC 2027-02-01", 1, "Performance", date(2027, 1, 18), today),
            _reminder("CPAC 2027-02-01", 2, "Budget", date(2027, 1, 12), today),
        ],
        today,
    )
    assert merged.title == (
        "Your 2 reports for CPAC 2027-02-01 are due soon, the first due in 1 working day "
        "(12 Jan 2027)"
    )
