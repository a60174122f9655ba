"""Progress messages in a plan's channel: logged once, superseded on edit, retracted on delete."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import String, cast, event, func, select

from commands.core import Core
from commands.forms import log_message_as_update
from commands.views import Notice, UpdateLogged
from storage.models import Action, AuditEvent, Update
from storage.unit_of_work import Store
from tests.factories import (
    chat_message,
    leeds_world,
    link_channel,
    link_chat_user,
    make_plan,
    seeded,
)

CHANNEL = "CLEEDS"
FROZEN_LATER = datetime(2016, 1, 4, 9, 0, tzinfo=UTC)


@pytest.fixture
def core(store: Store, frozen_now: datetime) -> Core:
    leeds_world(store)
    with seeded(store) as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        link_channel(uow, plan, CHANNEL, platform="slack")
        link_chat_user(uow, "slack", "UJW", uow.repos.people.person_by_key("jackie wilson"))
        link_chat_user(uow, "slack", "UFS", uow.repos.people.person_by_key("fiona smith"))
    return Core(store, clock=lambda: frozen_now)


def say(core: Core, text: str, ts: str | None = "1449050400.000100", user: str = "UJW"):  # type: ignore[no-untyped-def]
    outcome = core.handle(chat_message(user, channel=CHANNEL, message_id=ts), text)
    return None if outcome is None else outcome.reply


def edit(core: Core, text: str, ts: str = "1449050400.000100", user: str = "UJW"):  # type: ignore[no-untyped-def]
    outcome = core.handle_edit(chat_message(user, channel=CHANNEL, message_id=ts), text)
    return None if outcome is None else outcome.reply


def delete(core: Core, ts: str = "1449050400.000100", user: str = "UJW"):  # type: ignore[no-untyped-def]
    outcome = core.handle_delete(chat_message(user, channel=CHANNEL, message_id=ts))
    return None if outcome is None else outcome.reply


def state(store: Store, ref: str) -> tuple[str, list[tuple[str, str | None, str]]]:
    """(status of the Leeds action, its history as (text, status_after, state), oldest first)."""
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        action: Action = uow.repos.actions.by_ref(ref, plan.id)[0]
        rows: list[Update] = list(reversed(uow.repos.actions.history(action.id)))
        history = [
            (
                u.text,
                u.status_after,
                "retracted" if u.retracted_at else "superseded" if u.superseded_by_id else "live",
            )
            for u in rows
        ]
        return action.status, history


def test_a_progress_message_is_logged_with_its_source(store: Store, core: Core) -> None:
    view = say(core, "2.3: KASS team recruited #at-risk")
    assert isinstance(view, UpdateLogged)
    assert view.update.source == "chat"
    assert view.update.permalink == (
        f"https://example.slack.com/archives/{CHANNEL}/p1449050400000100"
    )
    assert state(store, "2.3") == ("at_risk", [("KASS team recruited", "at_risk", "live")])
    with store.unit_of_work("local") as uow:
        u = uow.repos.actions.update_by_source_key(f"slack:{CHANNEL}:1449050400.000100")
        assert u is not None and u.author_name == "Jackie Wilson"


@pytest.mark.parametrize(
    ("text", "ref", "status"),
    [
        ("[2.4] roles briefing done #done", "2.4", "achieved"),
        ("Update 3.1 - recruitment delayed RAG red", "3.1", "off_track"),
        ("2.3 – supervision audit booked", "2.3", "on_track"),
        ("update 2.4: status: on track", "2.4", "on_track"),
    ],
)
def test_every_shape_of_update_is_logged(
    store: Store, core: Core, text: str, ref: str, status: str
) -> None:
    assert isinstance(say(core, text), UpdateLogged)
    assert state(store, ref)[0] == status


def test_the_same_message_delivered_twice_logs_once(store: Store, core: Core) -> None:
    first = say(core, "2.3: KASS team recruited #done")
    second = say(core, "2.3: KASS team recruited #done")
    assert isinstance(first, UpdateLogged) and first == second
    assert state(store, "2.3") == ("achieved", [("KASS team recruited", "achieved", "live")])


def test_the_same_message_delivered_concurrently_logs_once(store: Store, core: Core) -> None:
    barrier = threading.Barrier(4)

    def deliver(_: int):  # type: ignore[no-untyped-def]
        barrier.wait()
        return say(core, "2.3: KASS team recruited #done", ts="1449050400.000777")

    with ThreadPoolExecutor(max_workers=4) as pool:
        replies = list(pool.map(deliver, range(4)))
    assert all(isinstance(r, UpdateLogged) for r in replies)
    # Every delivery shows the one update (the action as each delivery read it).
    assert all(r.update == replies[0].update for r in replies)  # type: ignore[union-attr]
    assert state(store, "2.3") == ("achieved", [("KASS team recruited", "achieved", "live")])


def test_a_logged_message_is_audited_like_any_change(store: Store, core: Core) -> None:
    say(core, "2.3: KASS team recruited #done")
    say(core, "2.3: KASS team recruited #done")  # delivered again: no change, no audit
    with store.unit_of_work("local") as uow:
        events = uow.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity.in_(["action_update", "action"]), AuditEvent.actor != "test")
            .order_by(AuditEvent.id)
        ).all()
        [update] = uow.session.scalars(select(Update)).all()
        action = uow.session.get(Action, update.action_id)
        assert action is not None
        assert [(e.entity, e.change, e.entity_id) for e in events] == [
            ("action_update", "create", update.id),
            ("action", "update", action.id),
        ]
        create, change = events
        assert create.before is None and create.after is not None
        assert create.after["id"] == update.id and create.after["text"] == "KASS team recruited"
        assert (create.after["status_before"], create.after["status_after"]) == (
            "on_track",
            "achieved",
        )
        assert create.after["source_key"] == "slack:CLEEDS:1449050400.000100"
        assert set(create.after) == {c.key for c in Update.__table__.c}
        assert change.before == {"status": "on_track", "last_update_at": None}
        assert change.after == {
            "status": "achieved",
            "last_update_at": update.created_at.isoformat(),
        }
        assert create.actor == change.actor and create.actor.startswith("slack:UJW")


def test_console_messages_have_no_source_key_and_are_logged_each_time(
    store: Store, core: Core
) -> None:
    assert isinstance(say(core, "2.4: one", ts=None), UpdateLogged)
    assert isinstance(say(core, "2.4: one", ts=None), UpdateLogged)
    assert [h[0] for h in state(store, "2.4")[1]] == ["one", "one"]


def test_ordinary_chat_and_unlinked_channels_are_ignored(store: Store, core: Core) -> None:
    for text in ("10 people came", "see you at 2.30", "thanks!", "10:30 works for me"):
        assert say(core, text) is None
    outcome = core.handle(chat_message("UJW", channel="COTHER", message_id="1.1"), "2.3: hi")
    assert outcome is None
    assert state(store, "2.3")[1] == []


def test_an_unknown_ref_names_the_nearest_refs(store: Store, core: Core) -> None:
    view = say(core, "2.9: hello")
    assert isinstance(view, Notice) and view.level == "error"
    assert "Nearest refs: 2.3, 2.4" in view.text
    # The weak dash shape with an unknown ref is just chat (a time, a range...).
    assert say(core, "10.30 - see you there", ts="2.2") is None


def test_updates_from_non_owners_and_strangers_are_refused(store: Store, core: Core) -> None:
    view = say(core, "2.3: not mine #done", user="UFS")
    assert isinstance(view, Notice) and "Only the owners" in view.text
    view = say(core, "2.3: who am I", user="USTRANGER", ts="3.3")
    assert isinstance(view, Notice) and "link <your name>" in view.text
    assert state(store, "2.3") == ("on_track", [])


def test_an_edit_supersedes_the_update(store: Store, core: Core) -> None:
    say(core, "2.3: KASS team recruited #at-risk")
    view = edit(core, "2.3: KASS team fully recruited #done")
    assert isinstance(view, UpdateLogged) and "edited" in view.message
    assert state(store, "2.3") == (
        "achieved",
        [
            ("KASS team recruited", "at_risk", "superseded"),
            ("KASS team fully recruited", "achieved", "live"),
        ],
    )
    # The edit delivered again changes nothing.
    edit(core, "2.3: KASS team fully recruited #done")
    assert len(state(store, "2.3")[1]) == 2


def test_an_edit_that_drops_the_status_reverts_it(store: Store, core: Core) -> None:
    say(core, "2.3: KASS team recruited #done")
    edit(core, "2.3: KASS team recruited")
    assert state(store, "2.3") == (
        "on_track",
        [
            ("KASS team recruited", "achieved", "superseded"),
            ("KASS team recruited", None, "live"),
        ],
    )


def test_an_edit_to_another_ref_moves_the_update(store: Store, core: Core) -> None:
    say(core, "2.3: roles briefing done #done")
    edit(core, "2.4: roles briefing done #done")
    assert state(store, "2.3") == ("on_track", [("roles briefing done", "achieved", "superseded")])
    assert state(store, "2.4") == ("achieved", [("roles briefing done", "achieved", "live")])


def test_an_edit_to_an_unknown_ref_keeps_the_update(store: Store, core: Core) -> None:
    say(core, "2.3: roles briefing done #done")
    view = edit(core, "2.9: roles briefing done #done")
    assert isinstance(view, Notice) and "Nearest refs" in view.text
    assert state(store, "2.3") == ("achieved", [("roles briefing done", "achieved", "live")])


def test_an_edit_into_chat_retracts_and_reverts_the_status(store: Store, core: Core) -> None:
    say(core, "2.3: KASS team recruited #at-risk")
    view = edit(core, "sorry, wrong channel")
    assert isinstance(view, Notice) and "Retracted" in view.text and "On track" in view.text
    assert state(store, "2.3") == ("on_track", [("KASS team recruited", "at_risk", "retracted")])
    # ...and edited back into an update, it is logged again.
    view = edit(core, "2.3: KASS team recruited #at-risk")
    assert isinstance(view, UpdateLogged)
    assert state(store, "2.3")[0] == "at_risk"
    assert [h[2] for h in state(store, "2.3")[1]] == ["retracted", "live"]


def test_a_delete_retracts_only_when_no_later_status_was_set(store: Store, core: Core) -> None:
    say(core, "2.3: first #at-risk", ts="100.1")
    say(core, "2.3: second #done", ts="100.2")
    delete(core, ts="100.1")  # the later message still decides the status
    assert state(store, "2.3")[0] == "achieved"
    view = delete(core, ts="100.2")
    assert isinstance(view, Notice) and "2.3" in view.text
    # Both retracted: the status is back where it started.
    assert state(store, "2.3") == (
        "on_track",
        [("first", "at_risk", "retracted"), ("second", "achieved", "retracted")],
    )
    assert delete(core, ts="100.2") is None
    assert delete(core, ts="999.9") is None


def test_retraction_restores_last_update_at(store: Store, core: Core, frozen_now: datetime) -> None:
    say(core, "2.3: only update", ts="200.1")
    delete(core, ts="200.1")
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        assert uow.repos.actions.by_ref("2.3", plan.id)[0].last_update_at is None


def test_edits_of_messages_that_were_never_updates_are_ignored(core: Core) -> None:
    assert edit(core, "still just chat", ts="300.1") is None
    assert delete(core, ts="300.1") is None


def test_a_huge_channel_update_is_refused(store: Store, core: Core) -> None:
    view = say(core, "2.3: " + "z" * 100_000)
    assert isinstance(view, Notice) and "too long" in view.text
    assert state(store, "2.3") == ("on_track", [])
    say(core, "2.3: short", ts="400.1")
    view = edit(core, "2.3: " + "z" * 20_000, ts="400.1")
    assert isinstance(view, Notice) and "too long" in view.text
    assert state(store, "2.3")[1] == [("short", None, "live")]


def test_an_update_its_action_change_and_their_audit_are_one_statement_on_postgresql(
    store: Store, core: Core
) -> None:
    sent: list[str] = []
    autocommit: list[bool] = []

    def record(conn, _cursor, statement, _params, _ctx, _many) -> None:  # type: ignore[no-untyped-def]
        sent.append(" ".join(statement.split()[:3]).upper())
        autocommit.append(bool(getattr(conn.connection.dbapi_connection, "autocommit", False)))

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        assert isinstance(say(core, "2.3: KASS team recruited #done"), UpdateLogged)
    finally:
        event.remove(store.engine, "before_cursor_execute", record)
    writes = [s.split()[0] for s in sent if not s.startswith("SELECT")]
    if store.engine.dialect.name == "postgresql":
        # The insert, the action's change and their audit rows: one data-modifying WITH,
        # whole on its own, so sent without a transaction around it (no BEGIN, no COMMIT).
        assert writes == ["WITH"], sent
        assert all(autocommit), sent
    else:
        # The write lock first (a write that changes nothing), so that the status is read
        # again under it; then the insert, the action's change and the audit rows.
        assert writes == ["UPDATE", "INSERT", "UPDATE", "INSERT"], sent
        assert not any(autocommit)
    assert state(store, "2.3") == ("achieved", [("KASS team recruited", "achieved", "live")])
    # A second delivery of the message inserts nothing, so its action is not changed either.
    with store.unit_of_work("local") as uow:
        before = uow.session.scalars(select(AuditEvent.id)).all()
    assert isinstance(say(core, "2.3: KASS team recruited #done"), UpdateLogged)
    with store.unit_of_work("local") as uow:
        assert uow.session.scalars(select(AuditEvent.id)).all() == before
    assert state(store, "2.3") == ("achieved", [("KASS team recruited", "achieved", "live")])


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def test_the_audit_rows_of_a_logged_update_read_as_a_flush_would_write_them(
    store: Store, core: Core
) -> None:
    with store.unit_of_work("local") as uow:
        first = uow.session.scalar(select(func.max(AuditEvent.id))) or 0
    # Non-ASCII text is escaped in the stored JSON as the ORM's serializer escapes it.
    assert isinstance(say(core, "2.3: KASS team — café — recruited #done"), UpdateLogged)
    with store.unit_of_work("local") as uow:
        rows = uow.session.scalars(
            select(AuditEvent).where(AuditEvent.id > first).order_by(AuditEvent.id)
        ).all()
        update = uow.session.scalars(select(Update)).one()
        action = uow.session.get(Action, update.action_id)
        assert action is not None
        expected_after = {c.key: _jsonable(getattr(update, c.key)) for c in Update.__table__.c}
        assert [(r.entity, r.entity_id, r.change) for r in rows] == [
            ("action_update", update.id, "create"),
            ("action", action.id, "update"),
        ]
        created, changed = rows
        assert created.before is None and created.after == expected_after
        assert list(created.after) == list(expected_after)  # the id first, as a flush's
        assert changed.before == {"status": "on_track", "last_update_at": None}
        assert changed.after == {
            "status": "achieved",
            "last_update_at": _jsonable(update.created_at),
        }
        assert {r.actor for r in rows} == {created.actor} and "UJW" in created.actor
        assert created.at == changed.at == update.created_at
        assert created.workspace_id == changed.workspace_id == uow.workspace_id
        # Stored exactly as the ORM's JSON would store the same dict.
        text = uow.session.execute(
            select(cast(AuditEvent.after, String)).where(AuditEvent.id == created.id)
        ).scalar_one()
        assert text == json.dumps(expected_after)


def test_an_update_whose_source_is_taken_changes_neither_history_nor_action(
    store: Store, core: Core
) -> None:
    assert isinstance(say(core, "2.3: KASS team recruited #done"), UpdateLogged)
    with store.unit_of_work("local") as uow:
        taken = uow.session.scalars(select(Update)).one()
        values = {c.key: getattr(taken, c.key) for c in Update.__table__.c if c.key != "id"}
        values["text"] = "the same message, delivered again with other words"
        new_id = uow.repos.actions.insert_update_and_set(
            values,
            taken.action_id,
            {"status": "off_track", "last_update_at": FROZEN_LATER},
            expect_status=taken.status_after or "on_track",
        )
        assert new_id is None
        uow.commit()
    assert state(store, "2.3") == ("achieved", [("KASS team recruited", "achieved", "live")])
    with store.unit_of_work("local") as uow:
        action = uow.session.get(Action, taken.action_id)
        assert action is not None and action.last_update_at != FROZEN_LATER


def _log_by_shortcut(core: Core, ts: str, ref: str, text: str, status: str, user: str) -> None:
    """``user`` logs the chat message ``ts`` (someone else's) with *Log as action update*."""
    msg = chat_message(user, channel=CHANNEL)
    outcome = core.run_view(
        msg,
        lambda h: log_message_as_update(
            h,
            ref=ref,
            text=text,
            status=status,
            channel_id=CHANNEL,
            message_ts=ts,
            permalink=None,
        ),
    )
    assert isinstance(outcome.reply, UpdateLogged), outcome.reply


def test_deleting_or_editing_a_message_retracts_only_updates_the_caller_may_change(
    store: Store, core: Core
) -> None:
    """An owner logged a stranger's message (the shortcut): the stranger, or a linked
    non-owner, deleting or editing it cannot take the owner's update back; silently."""
    _log_by_shortcut(core, "500.1", "2.3", "KASS team recruited", "achieved", user="UJW")
    logged = ("achieved", [("KASS team recruited", "achieved", "live")])
    assert state(store, "2.3") == logged
    for user in ("USTRANGER", "UFS"):
        assert edit(core, "sorry, wrong channel", ts="500.1", user=user) is None
        assert delete(core, ts="500.1", user=user) is None
        assert state(store, "2.3") == logged
    # Nor can an edit move it onto an action the editor owns (Fiona owns 4.2).
    moved = edit(core, "4.2: KASS team recruited #done", ts="500.1", user="UFS")
    assert isinstance(moved, Notice) and moved.level == "error", moved
    assert "logged by Jackie Wilson" in moved.text and "Nothing was changed" in moved.text
    assert state(store, "2.3") == logged
    assert state(store, "4.2")[1] == []
    with store.unit_of_work("local") as uow:
        actors = uow.session.scalars(
            select(AuditEvent.actor).where(AuditEvent.entity == "action_update")
        ).all()
        assert all(a.startswith("slack:UJW") for a in actors), actors
    # Whoever logged it (or an owner of the action) may take it back; the audit names them.
    view = delete(core, ts="500.1", user="UJW")
    assert isinstance(view, Notice) and "Retracted the update on 2.3" in view.text
    assert state(store, "2.3") == (
        "on_track",
        [("KASS team recruited", "achieved", "retracted")],
    )
    with store.unit_of_work("local") as uow:
        last = uow.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity == "action_update", AuditEvent.change == "update")
            .order_by(AuditEvent.id.desc())
        ).first()
        assert last is not None and last.actor.startswith("slack:UJW")
        assert last.after is not None and last.after["retracted_at"] is not None


def test_an_administrator_or_the_author_may_retract(store: Store, core: Core) -> None:
    with seeded(store) as uow:
        link_chat_user(uow, "slack", "UST", uow.repos.people.person_by_key("sally threlfall"))
    # Sally logged an update on an action she does not own (say, as its owner's deputy,
    # before ownership changed): she may still take her own update back.
    _log_by_shortcut(core, "600.1", "2.4", "briefing booked", "at_risk", user="UJW")
    with seeded(store) as uow:
        [update] = uow.session.scalars(select(Update).where(Update.message_ts == "600.1")).all()
        update.author_person_id = uow.repos.people.person_by_key("sally threlfall").id
    assert delete(core, ts="600.1", user="UFS") is None
    view = delete(core, ts="600.1", user="UST")
    assert isinstance(view, Notice) and "Retracted the update on 2.4" in view.text
    _log_by_shortcut(core, "600.2", "2.4", "briefing held", "achieved", user="UJW")
    admin = chat_message("UADMIN", channel=CHANNEL, message_id="600.2", admin=True)
    outcome = core.handle_delete(admin)
    assert outcome is not None and "Retracted the update on 2.4" in outcome.reply.text
    assert state(store, "2.4")[1][-1] == ("briefing held", "achieved", "retracted")


def test_a_too_long_update_is_refused_saying_nothing_was_changed_once(
    store: Store, core: Core
) -> None:
    view = say(core, "2.3: " + "caseloads reviewed " * 600)
    assert isinstance(view, Notice), view
    assert view.text.startswith("That update is too long (11,399 characters; the limit is 10,000)")
    assert view.text.endswith("please shorten it, or link to a document. Nothing was changed.")
    assert view.text.count("Nothing was changed") == 1, view.text
    assert state(store, "2.3")[1] == []


def test_a_message_with_updates_of_several_actions_on_its_lines_is_refused(
    store: Store, core: Core
) -> None:
    before = (state(store, "2.3"), state(store, "2.4"))
    view = say(core, "2.3: supervision audit done\n2.4: roles briefing held #on-track")
    assert isinstance(view, Notice) and view.level == "error", view
    assert view.text == (
        "This message holds updates for 2.3 and 2.4: send `2.3: …` and `2.4: …` as separate "
        "messages, and each is logged on its own action (one message is one update, which "
        "editing or deleting the message changes). Nothing was logged."
    ), view.text
    assert (state(store, "2.3"), state(store, "2.4")) == before
    # A bullet before the ref, or another plan's action named with its plan, is refused too.
    with seeded(store) as uow:
        make_plan(uow, "Other plan", [{"ref": "7.7", "title": "Other", "lead": "Jackie Wilson"}])
    for text in (
        "2.3: supervision audit done\n• 2.4: roles briefing held #late",
        "2.3: supervision audit done\nother-plan:7.7: handbook written #met",
    ):
        view = say(core, text, ts=str(len(text)))
        assert isinstance(view, Notice) and "This message holds updates for 2.3 and" in view.text
    assert (state(store, "2.3"), state(store, "2.4")) == before
    # Lines that name no other action of the plan are the update's own text.
    listed = say(core, "2.3: supervision audit done:\n1: two teams\n9.9: one to go", ts="2")
    assert isinstance(listed, UpdateLogged), listed
    assert state(store, "2.3")[1][-1][0] == "supervision audit done:\n1: two teams\n9.9: one to go"


def test_an_edit_into_updates_of_several_actions_is_refused_and_the_update_kept(
    store: Store, core: Core
) -> None:
    say(core, "2.3: supervision audit done #at-risk")
    view = edit(core, "2.3: supervision audit done\n2.4: roles briefing held #on-track")
    assert isinstance(view, Notice) and "holds updates for 2.3 and 2.4" in view.text, view
    assert state(store, "2.3") == ("at_risk", [("supervision audit done", "at_risk", "live")])


def test_an_action_of_another_plan_named_with_its_plan_is_logged_in_a_plan_channel(
    store: Store, core: Core
) -> None:
    """csbot's refusal of another plan's ref suggests naming it with its plan
    (`other-plan:7.7`); a message written so is logged on that plan's action, edits and all.
    Before, it was ignored without a word."""
    with seeded(store) as uow:
        make_plan(uow, "Other plan", [{"ref": "7.7", "title": "Other", "lead": "Jackie Wilson"}])
    refused = say(core, "7.7: audit done")
    assert isinstance(refused, Notice) and "like `other-plan:7.7`" in refused.text, refused
    logged = say(core, "other-plan:7.7: audit done #at-risk", ts="2")
    assert isinstance(logged, UpdateLogged), logged
    assert (logged.action.plan_slug, logged.action.status) == ("other-plan", "at_risk")
    edited = edit(core, "other-plan:7.7: audit done twice #on-track", ts="2")
    assert isinstance(edited, UpdateLogged) and edited.action.status == "on_track", edited
    mistyped = say(core, "othr-plan:7.7: audit done", ts="3")
    assert isinstance(mistyped, Notice) and "There is no plan “othr-plan”" in mistyped.text
    # A time, or a word with a colon, is chat as before.
    assert say(core, "10:30: meeting in room 2", ts="4") is None
    assert say(core, "fyi:2.3: see above", ts="5") is None


@pytest.mark.parametrize(
    ("text", "status", "kept"),
    [
        ("3.1: we #met the new foster carers", None, "we #met the new foster carers"),
        ("3.1: the #new team starts Monday", None, "the #new team starts Monday"),
        ("3.1: panel held #met", "achieved", "panel held"),
        ("3.1: recruitment #late, chasing HR", None, "recruitment #late, chasing HR"),
        (
            "3.1: we welcomed the #new, very keen, carers",
            None,
            "we welcomed the #new, very keen, carers",
        ),
        ("3.1: recruitment slipped #late.", "off_track", "recruitment slipped."),
        ("3.1: #on-track despite delays", "on_track", "despite delays"),
    ],
)
def test_an_everyday_word_tagged_inside_a_sentence_is_not_a_status(
    store: Store, core: Core, text: str, status: str | None, kept: str
) -> None:
    before = state(store, "3.1")[0]
    view = say(core, text)
    assert isinstance(view, UpdateLogged), view
    assert state(store, "3.1") == (status or before, [(kept, status, "live")])


def test_an_edit_reply_names_the_status_changes_it_made(store: Store, core: Core) -> None:
    """Posted #off-track (At risk → Off track), edited to #at-risk: the action is back at
    risk, and the reply says so (the new update's own change reads At risk → At risk)."""
    assert state(store, "3.1")[0] == "at_risk"
    say(core, "3.1: recruitment stalled #off-track", ts="7")
    back = edit(core, "3.1: recruitment slow #at-risk", ts="7")
    assert isinstance(back, UpdateLogged), back
    assert back.message == "Updated from your edited message: 3.1. Status: 3.1 Off track → At risk."
    # An edit whose update shows a change of its own: that line alone says where it is.
    again = edit(core, "3.1: recruitment stalled again #late", ts="7")
    assert isinstance(again, UpdateLogged), again
    assert again.message == "Updated from your edited message: 3.1.", again.message
    # Moved to another action: the one it left is named too.
    before = state(store, "2.4")[0]
    say(core, "2.4: briefing held #off-track", ts="8")
    moved = edit(core, "2.3: briefing held #done", ts="8")
    assert isinstance(moved, UpdateLogged), moved
    assert moved.message.startswith("Updated from your edited message: 2.3. Status: 2.4 Off track")
    assert state(store, "2.4")[0] == before


def test_an_update_written_as_a_list_item_is_logged(store: Store, core: Core) -> None:
    for n, bullet in enumerate(("• ", "- ", "1. ")):
        view = say(core, f"{bullet}2.3: {n} recruited #late", ts=f"9{n}")
        assert isinstance(view, UpdateLogged), (bullet, view)
    assert state(store, "2.3") == (
        "off_track",
        [(f"{n} recruited", "off_track", "live") for n in range(3)],
    )
    assert say(core, "- see you at 10", ts="99") is None  # a list item that is chat
