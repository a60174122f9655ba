"""What the scheduler posts by itself (summaries, reminders, digests, replies) is in the
workspace's audit trail: one row per post delivered, written with the post marked sent, naming
the kind of post, where it went, what it was about and the platform's message id, never the
message's text. A failed delivery is not audited as posted."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError

from commands.exporters.audit import AuditWanted, export_audit
from commands.jobs.config import JobConfig
from commands.jobs.notifier import (
    JsonLinesNotifier,
    NotifierRegistry,
    RecordingNotifier,
    Target,
)
from commands.jobs.outbox import claim, mark_sent
from commands.jobs.runner import run_due
from commands.views import View
from storage.models import AuditEvent, ScheduledPost
from storage.unit_of_work import Store
from storage.workspace_erase import list_workspaces
from tests.db_faults import driver_raises, gone
from tests.integration.test_meeting_world import CHANNEL, at, build_world

SUMMARY_7D = "summary:{id}:2016-01-05:7d"
NOW = at("2015-12-29 09:00")


@dataclass
class _Numbered(RecordingNotifier):
    """A recording notifier that answers with a message id, as Slack's ``ts``."""

    ids: list[str] = field(default_factory=list)

    def send(self, target: Target, view: View) -> str | None:
        super().send(target, view)
        self.ids.append(f"1451379600.{len(self.ids) + 1:06d}")
        return self.ids[-1]


def _sent_rows(store: Store) -> list[AuditEvent]:
    with store.session_factory() as session:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.entity == "scheduled_post").order_by(AuditEvent.id)
        ).all()
        session.expunge_all()
        return list(rows)


def _posts(store: Store) -> dict[str, ScheduledPost]:
    with store.session_factory() as session:
        posts = {p.key: p for p in session.scalars(select(ScheduledPost))}
        session.expunge_all()
        return posts


def test_each_post_sent_leaves_one_audit_row_without_its_text(store: Store) -> None:
    world = build_world(store)
    notifier = _Numbered()
    report = run_due(store, NotifierRegistry({"slack": notifier}), now=NOW)
    assert report.sent >= 2  # the summary and the officers' digests
    rows = _sent_rows(store)
    posts = _posts(store)
    sent = {p.id: p for p in posts.values() if p.state == "sent"}
    assert len(rows) == len(sent) == report.sent
    assert sorted(r.entity_id or 0 for r in rows) == sorted(sent)  # once each
    assert {(r.actor, r.change, r.before) for r in rows} == {("scheduler", "sent", None)}
    summary = posts[SUMMARY_7D.format(id=world.january_id)]
    row = next(r for r in rows if r.entity_id == summary.id)
    assert row.after == {
        "kind": "summary",
        "key": summary.key,
        "platform": "slack",
        "channel_id": CHANNEL,
        "meeting_id": world.january_id,
        "attempts": 1,
        "message_id": notifier.ids[[s.target.channel_id for s in notifier.sent].index(CHANNEL)],
    }
    digests = [r for r in rows if r.after and r.after["kind"] == "digest"]
    assert digests and all(r.after and r.after["user_id"] and r.after["person_id"] for r in digests)
    # Nothing of what the messages said: no heading, no agenda item, no name.
    trail = json.dumps([r.after for r in rows])
    for said in ("Pre-meeting summary", "Performance", "Mystery Shopping", "Margaret", "Jon"):
        assert said not in trail
    for sent_view in notifier.sent:
        assert sent_view.view.model_dump_json()[:200] not in trail
    # Running again sends nothing, and audits nothing again.
    again = run_due(store, NotifierRegistry({"slack": notifier}), now=NOW + timedelta(minutes=1))
    assert again.sent == 0
    assert len(_sent_rows(store)) == len(rows)


def test_a_failed_delivery_is_not_audited_and_its_retry_is_once(store: Store) -> None:
    world = build_world(store)
    recorder = RecordingNotifier(fail_times=1)  # the first post (the summary) fails
    first = run_due(store, NotifierRegistry({"slack": recorder}), now=NOW)
    assert first.retry == 1
    key = SUMMARY_7D.format(id=world.january_id)
    summary = _posts(store)[key]
    assert summary.state == "pending"
    assert summary.id not in [r.entity_id for r in _sent_rows(store)]
    later = run_due(store, NotifierRegistry({"slack": recorder}), now=NOW + timedelta(minutes=6))
    assert later.sent == 1
    about = [r for r in _sent_rows(store) if r.entity_id == summary.id]
    assert len(about) == 1
    assert about[0].after is not None
    assert about[0].after["attempts"] == 2
    assert "message_id" not in about[0].after  # this notifier gives none


def test_a_post_given_up_is_not_audited(store: Store) -> None:
    build_world(store)

    class _Refused(Exception):
        response = type("R", (), {"data": {"ok": False, "error": "channel_not_found"}})()

    @dataclass
    class _Refusing(RecordingNotifier):
        def send(self, target: Target, view: View) -> str | None:
            if target.channel_id == CHANNEL:
                raise _Refused("channel_not_found")
            return super().send(target, view)

    report = run_due(store, NotifierRegistry({"slack": _Refusing()}), now=NOW)
    assert report.failed == 1
    failed = [p.id for p in _posts(store).values() if p.state == "failed"]
    audited = [r.entity_id for r in _sent_rows(store)]
    assert len(failed) == 1 and failed[0] not in audited
    assert len(audited) == report.sent


def test_marking_sent_and_its_audit_row_are_one_transaction(store: Store) -> None:
    """A post is never marked sent without its audit row, nor audited twice."""
    build_world(store)
    run_due(store, NotifierRegistry({}), now=NOW)  # planned, not sent (no notifier)
    config = JobConfig()
    with store.session_factory() as session:
        ids = claim(
            store.engine,
            session,
            worker="w1",
            now=NOW,
            workspace_ids=[p.workspace_id for p in _posts(store).values()][:1],
            platforms=["slack"],
            config=config,
        )
    assert ids
    post_id = ids[0]
    with (
        store.session_factory() as session,
        driver_raises(store, gone, statement="INSERT INTO audit_event"),
        pytest.raises(OperationalError),
    ):
        mark_sent(session, post_id, "w1", NOW, message_id="1.2")
    with store.session_factory() as session:
        post = session.get(ScheduledPost, post_id)
        assert post is not None and post.state == "pending" and post.sent_at is None
    assert _sent_rows(store) == []
    with store.session_factory() as session:
        assert not mark_sent(session, post_id, "someone else", NOW)  # the claim is not theirs
        assert mark_sent(session, post_id, "w1", NOW, message_id="1.2")
        assert not mark_sent(session, post_id, "w1", NOW, message_id="1.2")  # already sent
    rows = _sent_rows(store)
    assert [(r.entity_id, r.after and r.after["message_id"]) for r in rows] == [(post_id, "1.2")]


def test_the_audit_export_shows_posts_sent(store: Store) -> None:
    build_world(store)
    run_due(store, NotifierRegistry({"slack": _Numbered()}), now=NOW)
    with store.unit_of_work("local", actor="test") as uow:
        asked = AuditWanted(entity="scheduled_post", actor="scheduler")
        wanted = asked.filter("Europe/London", uow.repos)
        table = export_audit(uow.repos, wanted, xlsx=False)
        rows = list(table.rows)
    assert rows and {(r[1], r[2], r[4]) for r in rows} == {("scheduler", "scheduled_post", "sent")}
    assert all(r[5] == "" and '"kind": ' in r[6] and '"message_id": ' in r[6] for r in rows)


def test_a_post_sent_is_no_change_of_the_workspace(store: Store) -> None:
    """``csbot db workspaces`` says when a workspace last changed: what the scheduler posted
    by itself is in its audit trail, but changed nothing there."""
    build_world(store)
    with store.session_factory() as session, session.begin():  # the world was built earlier
        session.execute(update(AuditEvent).values(at=at("2015-12-01 09:00")))
    (before,) = list_workspaces(store)
    assert before.last_change is not None
    run_due(store, NotifierRegistry({"slack": _Numbered()}), now=NOW)
    assert _sent_rows(store)
    (after,) = list_workspaces(store)
    assert after.last_change == before.last_change
    assert after.rows["audit_event"] > before.rows["audit_event"]  # counted all the same


def test_a_post_written_to_a_file_is_audited_as_written(store: Store, tmp_path: Path) -> None:
    """``csbot jobs run-due --to-file``: the posts are done, but never went to chat."""
    build_world(store)
    path = tmp_path / "posts.jsonl"
    report = run_due(store, NotifierRegistry({"slack": JsonLinesNotifier(str(path))}), now=NOW)
    rows = _sent_rows(store)
    assert report.sent and len(rows) == report.sent
    assert {r.change for r in rows} == {"written"}
    assert all(r.after and r.after["written_to"].startswith(str(path)) for r in rows)
    assert all(r.after and "message_id" not in r.after for r in rows)
