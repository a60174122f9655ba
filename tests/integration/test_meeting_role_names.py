"""Roles among lead officers and owners are shown by their abbreviation (DCS) or their title
(Committee Clerk, Children Trust Board), never as an upper-case key (CLERK)."""

from __future__ import annotations

from commands.formatting import role_label
from commands.jobs.notifier import NotifierRegistry, RecordingNotifier
from commands.jobs.runner import run_due
from commands.views import Reminder
from storage.unit_of_work import Store
from tests.factories import make_plan, seeded
from tests.helpers import make_chat
from tests.integration.test_meeting_world import at, build_world


def test_role_labels() -> None:
    assert role_label("DCS", "Director of Children's Services") == "DCS"
    assert role_label("CLERK", "Committee Clerk") == "Committee Clerk"
    assert role_label("CHILDREN TRUST BOARD", "Children Trust Board") == "Children Trust Board"
    assert role_label("HOS", "HOS") == "HOS"


def test_agenda_leads_show_role_titles(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, at("2015-12-02 10:00"))
    reply = chat.say("/meeting item add CPAC 2016-01-05 Budget lead Jon Abbey, Clerk")
    assert "4. Budget — Jon Abbey, Committee Clerk" in reply
    assert "CLERK" not in reply


def test_digest_owners_show_role_titles(store: Store) -> None:
    build_world(store)
    with seeded(store) as uow:
        make_plan(
            uow,
            "Improvement Plan",
            [
                {
                    "ref": "1.5",
                    "title": "Revise the plan",
                    "lead": "Jon Abbey, Children Trust Board",
                    "due": "31 Dec 2015",
                }
            ],
        )
    recorder = RecordingNotifier()
    run_due(store, NotifierRegistry({"slack": recorder}), now=at("2015-12-14 09:05"))
    digests = [
        s.view
        for s in recorder.sent
        if s.target.user_id == "U-JON"
        and isinstance(s.view, Reminder)
        and s.view.reason == "digest"
    ]
    assert digests and digests[0].actions[0].owners == ["Jon Abbey", "Children Trust Board"]


def test_agenda_and_summary_show_the_publication_date(store: Store) -> None:
    from datetime import date

    from bot.slack.render_meetings import agenda_text
    from commands.meeting_store import add_agenda_item
    from storage.models import Meeting

    world = build_world(store)
    with seeded(store) as uow:
        meeting = uow.session.get(Meeting, world.january_id)
        assert meeting is not None
        add_agenda_item(
            uow.repos, meeting, "Budget", "Jon Abbey", date(2015, 12, 17), date(2015, 12, 24)
        )
    chat = make_chat(store, at("2015-12-02 10:00"))
    line = (
        "4. Budget — Jon Abbey · report due 17 Dec 2015: report awaited · publication 24 Dec 2015"
    )
    assert line in chat.say("/meeting agenda CPAC 2016-01-05")
    assert line in chat.say("/meeting prep CPAC 2016-01-05")
    outcome = chat.outcome("/meeting agenda CPAC 2016-01-05")
    assert outcome is not None
    item = outcome.reply.items[-1]  # type: ignore[attr-defined]
    assert agenda_text(item).endswith("· publication 24 Dec 2015")
