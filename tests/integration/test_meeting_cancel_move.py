"""``/meeting cancel`` and ``/meeting move``: a meeting not held yet can be taken off the
calendar or re-dated, and the summaries planned for its old date are then not sent."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from commands.importers import run_import
from commands.jobs.notifier import NotifierRegistry, RecordingNotifier
from commands.jobs.runner import run_due
from commands.views import MeetingSummary
from storage.models import Action, AgendaItem, AgendaItemOwner, AuditEvent, Meeting, ScheduledPost
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import make_chat
from tests.integration.test_meeting_world import at, build_world, import_fixture_minutes

NOW = at("2015-12-01 10:00")


def _posts(store: Store) -> list[tuple[str, str, str]]:
    with store.session_factory() as session:
        rows = session.scalars(select(ScheduledPost).order_by(ScheduledPost.id)).all()
        return [(p.key, p.state, p.last_error) for p in rows]


def _summaries(store: Store, now: str) -> list[str]:
    recorder = RecordingNotifier()
    run_due(store, NotifierRegistry({"slack": recorder}), now=at(now))
    return [s.view.meeting.label for s in recorder.sent if isinstance(s.view, MeetingSummary)]


def _plan_only(store: Store, now: str) -> None:
    """Plan at ``now`` without sending (no Slack notifier): the posts wait, pending."""
    run_due(store, NotifierRegistry({}), now=at(now))


def test_cancel_removes_the_meeting_its_agenda_and_its_planned_summaries(store: Store) -> None:
    world = build_world(store)
    _plan_only(store, "2015-12-29 09:00")
    assert [k for k, state, _ in _posts(store) if state == "pending" and "summary" in k] == [
        f"summary:{world.january_id}:2016-01-05:7d"
    ]
    chat = make_chat(store, NOW)
    reply = chat.say("/meeting cancel CPAC 2016-01-05")
    assert reply == (
        "✔ Cancelled CPAC 2016-01-05 (Corporate Parenting Advisory Committee, Tue 5 Jan 2016): "
        "it is off the calendar. Its summaries and report reminders will not be sent. Removed "
        "its 3 agenda items: 1. Performance; 2. Mystery Shopping; 3. Pan-London Adoption Bid."
    )
    with store.session_factory() as session:
        assert session.get(Meeting, world.january_id) is None
        assert session.scalars(select(AgendaItem)).all() == []
        assert session.scalars(select(AgendaItemOwner)).all() == []
        deleted = {
            e.entity
            for e in session.scalars(select(AuditEvent).where(AuditEvent.change == "delete"))
        }
    assert {"meeting", "agenda_item", "agenda_item_owner"} <= deleted
    assert not any("summary" in k for k, _, _ in _posts(store))
    assert _summaries(store, "2015-12-29 09:30") == []
    assert _summaries(store, "2016-01-04 09:00") == []
    assert "CPAC 2016-01-05" not in chat.say("/meeting list")


def test_cancel_refuses_a_meeting_held_or_unnamed_and_non_clerks(store: Store) -> None:
    world = build_world(store)
    import_fixture_minutes(store, NOW)
    chat = make_chat(store, NOW)
    held = chat.say("/meeting cancel CPAC 2015-10-05")
    assert "has minutes" in held and "Nothing was changed" in held
    unnamed = chat.say("/meeting cancel CPAC")
    assert "Name the meeting by its committee and date" in unnamed
    refused = chat.say("/meeting cancel CPAC 2016-01-05", as_="Fiona Smith")
    assert "Only an administrator or the Committee Clerk" in refused
    late = make_chat(store, at("2016-01-05 19:00")).say("/meeting cancel CPAC 05/01/2016")
    assert "has already started or been held" in late
    with store.session_factory() as session:
        assert session.get(Meeting, world.january_id) is not None
        assert session.get(Meeting, world.october_id) is not None


def test_move_re_dates_the_meeting_and_the_old_dates_summary_is_skipped(store: Store) -> None:
    world = build_world(store)
    _plan_only(store, "2015-12-29 09:00")
    chat = make_chat(store, NOW)
    reply = chat.say("/meeting move CPAC 2016-01-05 to 12/01/2016")
    assert reply.startswith(
        "Moved CPAC 2016-01-05 to Tue 12 Jan 2016 at 18:30 (CPAC 2016-01-12). "
        "Summaries planned for the old date will not be sent."
    ), reply
    with store.session_factory() as session:
        meeting = session.get(Meeting, world.january_id)
        assert meeting is not None
        assert meeting.meeting_date == date(2016, 1, 12)
        assert meeting.starts_at == at("2016-01-12 18:30")
    # The 7-day summary planned for 5 Jan is skipped; the new date's go out on their days.
    assert _summaries(store, "2015-12-29 09:30") == []
    old = [p for p in _posts(store) if p[0] == f"summary:{world.january_id}:2016-01-05:7d"]
    assert old == [(old[0][0], "skipped", old[0][2])]
    assert "moved to another date" in old[0][2]
    assert _summaries(store, "2016-01-05 09:00") == ["CPAC 2016-01-12"]  # 7 days before
    assert _summaries(store, "2016-01-11 09:00") == ["CPAC 2016-01-12"]  # the day before


def test_move_with_a_time_or_only_a_time(store: Store) -> None:
    world = build_world(store)
    chat = make_chat(store, NOW)
    assert "at 10:00" in chat.say("/meeting move CPAC 2016-01-05 to 2016-01-07 10am")
    assert "at 17:00" in chat.say("/meeting move CPAC 2016-01-07 to 17:00")
    with store.session_factory() as session:
        meeting = session.get(Meeting, world.january_id)
        assert meeting is not None
        assert meeting.starts_at == at("2016-01-07 17:00")
    same = chat.say("/meeting move CPAC 2016-01-07 to 2016-01-07")
    assert "Nothing was changed" in same


def test_move_refusals_name_the_reason(store: Store) -> None:
    world = build_world(store)
    chat = make_chat(store, NOW)
    taken = chat.say("/meeting move CPAC 2016-01-05 to 2016-04-04")
    assert "already meets on Mon 4 Apr 2016 (CPAC 2016-04-04)" in taken
    early = chat.say("/meeting move CPAC 2016-01-05 to 2015-12-10")
    assert "item 1 (Performance), report due 17 Dec 2015" in early
    assert "item 2 (Mystery Shopping), report due 17 Dec 2015" in early
    assert "Pan-London" not in early and "Nothing was changed" in early
    past = chat.say("/meeting move CPAC 2016-01-05 to 2015-11-30")
    assert "is in the past" in past
    skipped = chat.say("/meeting move CPAC 2016-03-27 to 2016-03-28")
    assert "There is no" in skipped or "no meeting" in skipped.lower()
    clocks = chat.say("/meeting move CPAC 2016-04-04 to 2016-03-27 01:30")
    assert "the clocks go forward" in clocks
    refused = chat.say("/meeting move CPAC 2016-01-05 to 2016-01-12", as_="Fiona Smith")
    assert "Only an administrator or the Committee Clerk" in refused
    bad = chat.say("/meeting move CPAC 2016-01-05 2016-01-12")
    assert "Say which meeting and its new date" in bad
    with store.session_factory() as session:
        meeting = session.get(Meeting, world.january_id)
        assert meeting is not None and meeting.meeting_date == date(2016, 1, 5)


def test_move_carries_the_due_date_of_actions_arising_before_it(store: Store) -> None:
    """Actions arising from October are due "Before CPAC 2016-01-05" (4 Jan): they follow."""
    world = build_world(store)
    import_fixture_minutes(store, NOW)

    def arising() -> set[tuple[date | None, str]]:
        with store.session_factory() as session:
            rows = session.scalars(select(Action).where(Action.meeting_id == world.october_id))
            return {(a.due_date, a.due_text) for a in rows}

    assert (date(2016, 1, 4), "Before CPAC 2016-01-05") in arising()
    reply = make_chat(store, NOW).say("/meeting move CPAC 2016-01-05 to 2016-01-12")
    assert (
        "outstanding actions arising from earlier meetings, due before this one, are now due "
        in (reply)
    )
    assert "11 Jan 2016" in reply
    assert (date(2016, 1, 4), "Before CPAC 2016-01-05") not in arising()
    assert (date(2016, 1, 11), "Before CPAC 2016-01-12") in arising()
    # Only the time moving changes no due date, and the reply does not say it did.
    later = make_chat(store, NOW).say("/meeting move CPAC 2016-01-12 to 19:00")
    assert "at 19:00" in later and "now due" not in later, later
    assert (date(2016, 1, 11), "Before CPAC 2016-01-12") in arising()


def test_a_meeting_moved_away_and_back_gets_its_summary(store: Store) -> None:
    world = build_world(store)
    _plan_only(store, "2015-12-29 09:00")
    chat = make_chat(store, at("2015-12-29 09:10"))
    chat.say("/meeting move CPAC 2016-01-05 to 2016-01-12")
    assert _summaries(store, "2015-12-29 09:20") == []  # the 5 Jan summary is skipped
    chat.say("/meeting move CPAC 2016-01-12 to 2016-01-05")
    assert _summaries(store, "2015-12-29 09:30") == ["CPAC 2016-01-05"]
    assert [s for k, s, _ in _posts(store) if k.startswith(f"summary:{world.january_id}:")] == [
        "sent"
    ]


def _arising(store: Store, meeting_id: int) -> list[tuple[date | None, str]]:
    with store.session_factory() as session:
        rows = session.scalars(select(Action).where(Action.meeting_id == meeting_id))
        return [(a.due_date, a.due_text) for a in rows]


def test_cancel_carries_actions_due_before_it_to_the_next_meeting(store: Store) -> None:
    """Actions arising from October, due "Before CPAC 2016-01-05", are due before April's
    meeting once January's is cancelled (and audited as changed)."""
    world = build_world(store)
    import_fixture_minutes(store, NOW)
    before = _arising(store, world.october_id)
    assert (date(2016, 1, 4), "Before CPAC 2016-01-05") in before
    carried = before.count((date(2016, 1, 4), "Before CPAC 2016-01-05"))
    assert carried > 1
    reply = make_chat(store, NOW).say("/meeting cancel CPAC 2016-01-05")
    assert (
        f"{carried} outstanding actions arising from earlier meetings, due before this one, are "
        "now due before CPAC 2016-04-04 (3 Apr 2016)."
    ) in reply
    after = _arising(store, world.october_id)
    assert (date(2016, 1, 4), "Before CPAC 2016-01-05") not in after
    assert after.count((date(2016, 4, 3), "Before CPAC 2016-04-04")) == carried
    with store.session_factory() as session:
        changed = session.scalars(
            select(AuditEvent).where(AuditEvent.entity == "action", AuditEvent.change == "update")
        ).all()
    assert any((e.after or {}).get("due_text") == "Before CPAC 2016-04-04" for e in changed)


def test_cancelling_the_last_meeting_keeps_the_due_dates_and_says_so(store: Store) -> None:
    world = build_world(store)
    import_fixture_minutes(store, NOW)
    chat = make_chat(store, NOW)
    chat.say("/meeting cancel CPAC 2016-04-04")
    reply = chat.say("/meeting cancel CPAC 2016-01-05")
    assert "due before this one, keep their due date (4 Jan 2016): the committee has no later " in (
        reply
    )
    assert (date(2016, 1, 4), "Before CPAC 2016-01-05") in _arising(store, world.october_id)


def test_an_action_done_already_keeps_its_due_date_when_the_meeting_goes(store: Store) -> None:
    world = build_world(store)
    import_fixture_minutes(store, NOW)
    with store.session_factory() as session:
        refs = session.scalars(
            select(Action.ref)
            .where(
                Action.meeting_id == world.october_id, Action.due_text == "Before CPAC 2016-01-05"
            )
            .order_by(Action.ref)
        ).all()
    chat = make_chat(store, NOW)
    assert chat.say(f"actions done {refs[0]}").startswith("✔ ")
    reply = chat.say("/meeting cancel CPAC 2016-01-05")
    assert f"{len(refs) - 1} outstanding actions arising from earlier meetings" in reply
    with store.session_factory() as session:
        done = session.scalar(select(Action).where(Action.ref == refs[0]))
        assert done is not None
        assert (done.due_date, done.due_text) == (date(2016, 1, 4), "Before CPAC 2016-01-05")


def test_a_long_agenda_never_pushes_out_what_the_cancel_did(store: Store) -> None:
    """Slack and Teams cut long text: the agenda goes last, ten items at most, titles cut."""
    world = build_world(store)
    import_fixture_minutes(store, NOW)
    chat = make_chat(store, NOW)
    long = "Quarterly performance of the looked-after children service " * 3
    for n in range(20):
        added = chat.say(f"/meeting item add CPAC 2016-01-05 {long}{n} lead Fiona Smith")
        assert added.startswith("Added item "), added
    reply = chat.say("/meeting cancel CPAC 2016-01-05")
    assert len(reply) < 1_500  # Teams' limit for one text block
    head, agenda = reply.split(" Removed its ")
    assert "Its summaries and report reminders will not be sent." in head
    assert "are now due before CPAC 2016-04-04" in head
    assert agenda.startswith("23 agenda items: 1. Performance; ")
    assert agenda.endswith("; and 13 more.")
    assert long[:58] + "…" in agenda
    with store.session_factory() as session:
        assert session.get(Meeting, world.january_id) is None


def test_a_move_before_reports_and_their_papers_offers_a_command_that_works(store: Store) -> None:
    """Performance's report is due 17 Dec and published 23 Dec: moving the meeting to 10 Dec
    named only the publication date, and offered a command refused as publishing the papers
    before the report is due. The deadline is named first, with both dates to set."""
    world = build_world(store)
    chat = make_chat(store, NOW)
    chat.say("/meeting item add CPAC 2016-01-05 Performance publication 23/12/2015")
    early = chat.say("/meeting move CPAC 2016-01-05 to 2015-12-10")
    assert early.startswith("✖ These reports would be due after the meeting on Thu 10 Dec 2015")
    offered = (
        "/meeting item add CPAC 2016-01-05 Performance report due 10 Dec 2015 publication "
        "10 Dec 2015"
    )
    assert f"`{offered}`" in early
    done = chat.say(offered)
    assert done.startswith("Report deadline of item 1 (Performance) of CPAC 2016-01-05 moved")
    assert "Publication date moved from 23 Dec 2015 to 10 Dec 2015." in done
    chat.say("/meeting item add CPAC 2016-01-05 Mystery Shopping report due 10 Dec 2015")
    moved = chat.say("/meeting move CPAC 2016-01-05 to 2015-12-10")
    assert moved.startswith("Moved CPAC 2016-01-05 to Thu 10 Dec 2015"), moved
    with store.session_factory() as session:
        meeting = session.get(Meeting, world.january_id)
        assert meeting is not None and meeting.meeting_date == date(2015, 12, 10)


def test_a_channel_that_had_a_summary_is_told_the_meeting_is_cancelled(store: Store) -> None:
    build_world(store)
    assert _summaries(store, "2015-12-29 09:00") == ["CPAC 2016-01-05"]  # the 7-day one
    cancelled_at = at("2015-12-30 11:00")
    reply = make_chat(store, cancelled_at).say("/meeting cancel CPAC 2016-01-05")
    assert (
        "Its summaries and report reminders will not be sent; the channel that had its "
        "summary will be told it is cancelled."
    ) in reply, reply
    recorder = RecordingNotifier()
    run_due(store, NotifierRegistry({"slack": recorder}), now=at("2015-12-30 11:01"))
    notices = [(s.target.channel_id, s.view) for s in recorder.sent if s.view.kind == "notice"]
    assert len(notices) == 1, recorder.sent
    channel, notice = notices[0]
    assert channel == "C-CPAC"
    assert notice.text == (  # type: ignore[attr-defined]
        "CPAC 2016-01-05 (Corporate Parenting Advisory Committee, Tue 5 Jan 2016) is "
        "cancelled: the summary posted here for it no longer stands."
    )
    # Once only.
    again = RecordingNotifier()
    run_due(store, NotifierRegistry({"slack": again}), now=at("2015-12-30 12:00"))
    assert not [s for s in again.sent if s.view.kind == "notice"]


def test_no_channel_is_told_of_a_meeting_cancelled_before_any_summary(store: Store) -> None:
    build_world(store)
    make_chat(store, NOW).say("/meeting cancel CPAC 2016-01-05")
    recorder = RecordingNotifier()
    run_due(store, NotifierRegistry({"slack": recorder}), now=at("2015-12-29 09:05"))
    assert not [s for s in recorder.sent if s.view.kind == "notice"]


def _notices(store: Store, now: str) -> list[tuple[str | None, str]]:
    recorder = RecordingNotifier()
    run_due(store, NotifierRegistry({"slack": recorder}), now=at(now))
    return [
        (s.target.channel_id, s.view.text)  # type: ignore[attr-defined]
        for s in recorder.sent
        if s.view.kind == "notice"
    ]


def test_a_channel_that_had_a_summary_is_told_the_meeting_moved(store: Store) -> None:
    build_world(store)
    assert _summaries(store, "2015-12-29 09:00") == ["CPAC 2016-01-05"]
    chat = make_chat(store, at("2015-12-30 11:00"))
    reply = chat.say("/meeting move CPAC 2016-01-05 to 2016-01-12 18:30")
    assert "The channel that had its summary will be told of the move." in reply, reply
    assert _notices(store, "2015-12-30 11:01") == [
        (
            "C-CPAC",
            "CPAC 2016-01-05 (Corporate Parenting Advisory Committee) is moved from Tue 5 Jan "
            "2016 at 18:30 to Tue 12 Jan 2016 at 18:30 (CPAC 2016-01-12).",
        )
    ]
    # Its time changed: told too, in those words.
    moved = make_chat(store, at("2015-12-30 11:05")).say("/meeting move CPAC 2016-01-12 to 19:30")
    assert "told of the move" in moved, moved
    assert _notices(store, "2015-12-30 11:06") == [
        (
            "C-CPAC",
            "CPAC 2016-01-12 (Corporate Parenting Advisory Committee, Tue 12 Jan 2016) now "
            "starts at 19:30, not 18:30.",
        )
    ]


def test_moving_back_and_forth_tells_the_channel_each_time(store: Store) -> None:
    build_world(store)
    _summaries(store, "2015-12-29 09:00")
    for minute, typed in enumerate(
        (
            "/meeting move CPAC 2016-01-05 to 2016-01-06",
            "/meeting move CPAC 2016-01-06 to 2016-01-05",
            "/meeting move CPAC 2016-01-05 to 2016-01-06",
        )
    ):
        reply = make_chat(store, at(f"2015-12-30 11:0{minute}")).say(typed)
        assert reply.startswith("Moved CPAC"), reply
    assert [text.split(" (")[0] for _, text in _notices(store, "2015-12-30 11:30")] == [
        "CPAC 2016-01-05",
        "CPAC 2016-01-06",
        "CPAC 2016-01-05",
    ]


def test_the_channel_the_summary_went_to_is_told_not_the_committee_s_new_one(
    store: Store,
) -> None:
    build_world(store)
    _summaries(store, "2015-12-29 09:00")  # to C-CPAC
    chat = make_chat(store, at("2015-12-30 11:00"))
    changed = chat.say("/meeting channel CPAC #cpac-new")
    assert changed.startswith("✔"), changed
    chat.say("/meeting move CPAC 2016-01-05 to 2016-01-12")
    assert [channel for channel, _ in _notices(store, "2015-12-30 11:01")] == ["C-CPAC"]


def test_a_meeting_added_again_and_cancelled_again_tells_the_channel_again(
    store: Store,
) -> None:
    build_world(store)
    _summaries(store, "2015-12-29 09:00")
    make_chat(store, at("2015-12-29 10:00")).say("/meeting cancel CPAC 2016-01-05")
    assert len(_notices(store, "2015-12-29 10:01")) == 1
    added = make_chat(store, at("2015-12-29 10:05")).say("/meeting add CPAC 2016-01-05 18:30")
    assert "CPAC 2016-01-05" in added, added
    assert _summaries(store, "2015-12-29 10:10") == ["CPAC 2016-01-05"]
    again = make_chat(store, at("2015-12-29 10:15")).say("/meeting cancel CPAC 2016-01-05")
    assert again.startswith("✔ Cancelled CPAC 2016-01-05"), again
    assert len(_notices(store, "2015-12-29 10:16")) == 1


def test_a_new_time_given_by_meeting_add_or_a_file_tells_the_channel(
    store: Store, tmp_path: Path
) -> None:
    build_world(store)
    _summaries(store, "2015-12-29 09:00")
    reply = make_chat(store, at("2015-12-30 11:00")).say("/meeting add CPAC 2016-01-05 19:00")
    assert "It now starts at 19:00, not 18:30." in reply, reply
    assert "The channel that had its summary will be told of the new time." in reply, reply
    assert _notices(store, "2015-12-30 11:01") == [
        (
            "C-CPAC",
            "CPAC 2016-01-05 (Corporate Parenting Advisory Committee, Tue 5 Jan 2016) now "
            "starts at 19:00, not 18:30.",
        )
    ]
    path = tmp_path / "meetings.csv"
    path.write_text(
        "committee,date,time,item,lead\nCPAC,2016-01-05,17:30,Performance,Margaret Gallagher\n",
        encoding="utf-8",
    )
    report = run_import(store, "local", "meetings", path, now=at("2015-12-30 11:20"))
    assert (
        "Corporate Parenting Advisory Committee 2016-01-05: start moved 19:00 → 17:30 (the "
        "channel that had its summary will be told of the new time)."
    ) in report.summary(), report.summary()
    texts = [text for _, text in _notices(store, "2015-12-30 11:30")]
    assert texts == [
        "CPAC 2016-01-05 (Corporate Parenting Advisory Committee, Tue 5 Jan 2016) now starts "
        "at 17:30, not 19:00."
    ], texts


def test_a_summary_written_to_a_file_leaves_no_channel_to_tell(
    store: Store, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_world(store)
    monkeypatch.setenv("DATABASE_URL", database.url)
    out = tmp_path / "posts.jsonl"
    assert main(["jobs", "run-due", "--now", "2015-12-29T09:00", "--to-file", str(out)]) == 0
    assert "summary" in out.read_text(encoding="utf-8")
    reply = make_chat(store, at("2015-12-30 11:00")).say(
        "/meeting move CPAC 2016-01-05 to 2016-01-12"
    )
    assert reply.startswith("Moved CPAC 2016-01-05"), reply
    assert "told" not in reply, reply
    assert _notices(store, "2015-12-30 11:01") == []
