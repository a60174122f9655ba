"""Minutes -> actions arising: owners, titles, due dates, idempotent re-import, errors."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from commands.core import Core
from commands.handlers.meetings import submit_minutes
from commands.importers.minutes import import_minutes
from commands.importers.report import ImportFailed
from commands.views import ActionList, Notice
from storage.models import Action, AuditEvent
from storage.unit_of_work import Store
from tests.factories import link_chat_user, make_person, seeded
from tests.helpers import make_chat
from tests.integration.test_meeting_world import (
    MINUTES,
    at,
    build_world,
    import_fixture_minutes,
    slack_msg,
)

NOW = at("2015-10-20 10:00")


def _arising(store: Store, meeting_id: int) -> list[SimpleNamespace]:
    """The actions arising from a meeting, copied out of the session."""
    with store.unit_of_work("local") as uow:
        return [
            SimpleNamespace(
                ref=a.ref,
                title=a.title,
                people=[o.person.name for o in a.owners if o.person],
                roles=[o.role.key for o in a.owners if o.role],
                meeting_id=a.meeting_id,
                due_date=a.due_date,
                due_text=a.due_text,
                status=a.status,
                plan_slug=a.plan.slug,
                extra=dict(a.extra),
            )
            for a in uow.repos.actions.arising_from(meeting_id)
        ]


def test_minutes_become_actions_arising_owned_and_due_before_next_meeting(store: Store) -> None:
    world = build_world(store)
    report = import_fixture_minutes(store, NOW)
    assert (report.created, report.updated, report.unchanged) == (5, 0, 0)
    actions = _arising(store, world.october_id)
    by_ref = {a.ref: a for a in actions}
    assert list(by_ref) == ["CPAC341/1", "CPAC343/1", "CPAC343/2", "CPAC343/3", "CPAC347/1"]
    shared = by_ref["CPAC343/2"]
    assert shared.people == ["Annie Walker", "Dominic Porter-Moore"]
    mixed = by_ref["CPAC347/1"]
    assert (mixed.people, mixed.roles) == (["Jon Abbey"], ["CLERK"])
    for action in actions:
        assert action.meeting_id == world.october_id
        assert action.due_date == date(2016, 1, 4)  # the day before CPAC 2016-01-05
        assert action.due_text == "Before CPAC 2016-01-05"
        assert action.status == "not_started"
        assert action.plan_slug == "cpac-actions-arising"
        assert action.extra["Meeting"] == "CPAC 2015-10-05"
    assert by_ref["CPAC343/1"].title.startswith("Virtual Schools needed to establish a process")


def test_reimporting_the_same_minutes_changes_nothing(store: Store) -> None:
    build_world(store)
    import_fixture_minutes(store, NOW)
    with store.unit_of_work("local") as uow:
        audit_before = uow.session.scalar(select(func.count()).select_from(AuditEvent))
    again = import_fixture_minutes(store, at("2015-10-21 10:00"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert not again.changed_anything
    with store.unit_of_work("local") as uow:
        assert uow.session.scalar(select(func.count()).select_from(AuditEvent)) == audit_before
        assert uow.session.scalar(select(func.count()).select_from(Action)) == 5


def test_corrected_minutes_update_titles_and_owners_but_keep_progress(store: Store) -> None:
    world = build_world(store)
    import_fixture_minutes(store, NOW)
    with store.unit_of_work("local") as uow:
        action = uow.repos.actions.by_source_key(f"minutes:{world.october_id}:CPAC343/3")
        assert action is not None
        action.status = "on_track"
        uow.commit()
    corrected = MINUTES.replace(
        "of the fostering recruitment service.\n\nAction: Dominic Porter-Moore",
        "of the fostering service.\n\nAction: Lesley Kettles",
    )
    assert corrected != MINUTES
    report = import_fixture_minutes(store, NOW, corrected)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 4)
    with store.unit_of_work("local") as uow:
        action = uow.repos.actions.by_source_key(f"minutes:{world.october_id}:CPAC343/3")
        assert action is not None
        assert action.title.endswith("of the fostering service.")
        assert [o.person.name for o in action.owners if o.person] == ["Lesley Kettles"]
        assert action.status == "on_track"


def test_actions_get_their_due_date_when_the_next_meeting_is_added_later(store: Store) -> None:
    chat = make_chat(store, NOW)
    chat.say("/meeting add Corporate Parenting Advisory Committee 2015-10-05 18:30 #cpac")
    with store.unit_of_work("local", now=NOW) as uow:
        import_minutes(uow, MINUTES, meeting="CPAC 2015-10-05", today=NOW.date())
        uow.commit()
        meeting_id = uow.repos.actions.by_ref("CPAC343/1")[0].meeting_id
    assert all(a.due_date is None for a in _arising(store, meeting_id))
    assert all(a.due_text == "Before the next meeting" for a in _arising(store, meeting_id))
    reply = chat.say("/meeting add CPAC 2016-01-05 18:30")
    assert "5 actions arising from the meeting before are now due before it" in reply
    assert {a.due_date for a in _arising(store, meeting_id)} == {date(2016, 1, 4)}


@pytest.mark.parametrize(
    ("text", "meeting", "message"),
    [
        ("", "CPAC 2015-10-05", "The minutes are empty"),
        ("CPAC1. APOLOGIES\n\nAction: Fiona Smith\n", "CPAC 2015-10-05", "line 3"),
        ("Review the contract.\n\nAction: TBC\n", "CPAC 2015-10-05", "names nobody"),
        ("Review the contract.\nAction: Fiona Smith\n", "CPAC 2015-11-05", "no meeting on 5 Nov"),
        ("Review the contract.\nAction: Fiona Smith\n", "Cabinet 2015-10-05", "no committee"),
    ],
)
def test_bad_minutes_are_refused_and_nothing_is_written(
    store: Store, text: str, meeting: str, message: str
) -> None:
    build_world(store)
    with store.unit_of_work("local", now=NOW) as uow, pytest.raises(ImportFailed, match=message):
        import_minutes(uow, text, meeting=meeting, today=NOW.date())
    with store.unit_of_work("local") as uow:
        assert uow.session.scalar(select(func.count()).select_from(Action)) == 0


def test_minutes_without_action_lines_say_so(store: Store) -> None:
    build_world(store)
    with store.unit_of_work("local", now=NOW) as uow:
        report = import_minutes(
            uow, "NOTED the report.\n", meeting="CPAC 2015-10-05", today=NOW.date()
        )
        uow.commit()
    assert report.created == 0
    assert "no `Action: <name>` lines" in report.summary()
    # The meeting's record changed (it now counts as held), so this is not "Nothing changed";
    # the same minutes again change nothing.
    assert "recorded for CPAC 2015-10-05" in report.summary()
    assert "Nothing changed" not in report.summary()
    with store.unit_of_work("local", now=NOW) as uow:
        again = import_minutes(
            uow, "NOTED the report.\n", meeting="CPAC 2015-10-05", today=NOW.date()
        )
    assert "Nothing changed" in again.summary() and "recorded for" not in again.summary()


def test_pasted_minutes_form_imports_and_lists_the_actions(store: Store) -> None:
    build_world(store)
    with seeded(store) as uow:
        make_person(uow, "Jon Abbey", roles=["CLERK"])
    core = Core(store, clock=lambda: NOW)
    outcome = core.run_view(
        slack_msg("U-JON", NOW), lambda h: submit_minutes(h, "CPAC 2015-10-05", MINUTES)
    )
    view = outcome.reply
    assert isinstance(view, ActionList)
    assert view.title == "Actions arising from CPAC 2015-10-05"
    assert "5 new, 0 changed, 0 unchanged" in view.subtitle
    assert [i.ref for i in view.items][:2] == ["CPAC341/1", "CPAC343/1"]
    bad = core.run_view(
        slack_msg("U-JON", NOW), lambda h: submit_minutes(h, "CPAC 2015-10-05", "Action: Fiona")
    )
    assert isinstance(bad.reply, Notice) and bad.reply.level == "error"
    assert "Nothing was changed" in bad.reply.text


def test_only_the_clerk_or_an_administrator_may_import_minutes_through_the_form(
    store: Store,
) -> None:
    """The form (Slack's modal, Teams' card) may not create people or re-assign actions for
    someone who may not change the committee; nor is it offered to them."""
    world = build_world(store)
    with seeded(store) as uow:
        make_person(uow, "Carol Clerk", roles=["CLERK"])
    import_fixture_minutes(store, NOW)
    before = _arising(store, world.october_id)
    core = Core(store, clock=lambda: NOW)
    with store.unit_of_work("local") as uow:
        audit_before = uow.session.scalar(select(func.count()).select_from(AuditEvent))
    takeover = "\n".join(
        "Action: Fiona Smith" if line.startswith("Action:") else line
        for line in MINUTES.splitlines()
    )
    for text in (takeover, "Review the contract.\n\nAction: Zed Invented-Person\n"):
        refused = core.run_view(
            slack_msg("U-FIONA", NOW), lambda h, text=text: submit_minutes(h, "CPAC", text)
        ).reply
        assert isinstance(refused, Notice) and refused.level == "error"
        assert refused.text == (
            "Only an administrator or the Committee Clerk (Carol Clerk) can import a "
            "meeting's minutes. Nothing was changed."
        )
    assert _arising(store, world.october_id) == before
    with store.unit_of_work("local") as uow:
        assert uow.session.scalar(select(func.count()).select_from(AuditEvent)) == audit_before
        assert uow.repos.people.person_by_key("zed invented-person") is None
    # Nor is the form offered to them: they are told who can import the minutes.
    chat = make_chat(store, at("2015-12-02 10:00"))
    offered = chat.outcome("/meeting minutes CPAC", as_="Fiona Smith")
    assert offered is not None and offered.reply.kind == "notice"
    assert "Only an administrator or the Committee Clerk (Carol Clerk)" in offered.reply.text
    form = chat.outcome("/meeting minutes CPAC", as_="Carol Clerk")
    assert form is not None and form.reply.kind == "minutes_form"
    # The clerk's form imports them.
    with seeded(store) as uow:
        carol = uow.repos.people.person_by_key("carol clerk")
        link_chat_user(uow, "slack", "U-CAROL", carol)
    done = core.run_view(
        slack_msg("U-CAROL", NOW), lambda h: submit_minutes(h, "CPAC 2015-10-05", takeover)
    ).reply
    assert isinstance(done, ActionList) and "0 new, 3 changed" in done.subtitle


def test_meeting_actions_lists_status_and_minutes_command_opens_the_form(store: Store) -> None:
    build_world(store)
    import_fixture_minutes(store, NOW)
    chat = make_chat(store, at("2015-12-02 10:00"))
    listed = chat.say("/meeting actions CPAC 2015-10-05")
    assert listed.startswith("Actions arising from CPAC 2015-10-05 (5 items)")
    assert "CPAC343/2  Managers needed training on recording plans in Mosaic." in listed
    assert "Annie Walker, Dominic Porter-Moore" in listed
    # With no meeting named, /meeting actions means the last meeting held.
    assert chat.say("/meeting actions") == listed
    form = chat.outcome("/meeting minutes CPAC")
    assert form is not None and form.reply.kind == "minutes_form"
    assert form.reply.meeting_label == "CPAC 2015-10-05"
    # A meeting not held yet has no minutes: the form is not even offered.
    future = chat.say("/meeting minutes CPAC 2016-01-05")
    assert "CPAC 2016-01-05 has not been held yet" in future, future
