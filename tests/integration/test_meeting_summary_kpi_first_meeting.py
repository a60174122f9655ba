"""A committee's first meeting in csbot has no last meeting: its summary's indicators show
value, target and RAG, and never speak of a last meeting (there was none).

A Fostering Panel is added in chat for Tue 12 Jan 2027 and follows two indicators imported
from a KPI file (`csbot import kpis`); the summary is asked for in chat and posted by the
scheduler 7 days before.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.console.render import render
from commands.jobs.notifier import NotifierRegistry, RecordingNotifier
from commands.jobs.runner import run_due
from commands.views import MeetingSummary
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import csbot, make_chat
from tests.integration.test_meeting_world import at

KPIS = """indicator,slug,name,period,value,target,unit,polarity
pep,pep,Children in care with an up-to-date PEP,Oct 2026,58,90,%,higher
pep,pep,Children in care with an up-to-date PEP,Nov 2026,62,90,%,higher
far,far,Placed 20 miles or more from home,Nov 2026,15,16,%,lower
"""


def _world(store: Store, database: Database, tmp_path: Path, mp: pytest.MonkeyPatch) -> None:
    kpis = tmp_path / "kpis.csv"
    kpis.write_text(KPIS, encoding="utf-8")
    csbot(database.url, ["import", "kpis", str(kpis)], mp, home=tmp_path)
    chat = make_chat(store, at("2026-12-07 10:00"))
    for text in (
        "/meeting add Fostering Panel 2027-01-12 10:00 #fostering",
        "/meeting link FP kpi pep",
        "/meeting link FP kpi far",
    ):
        reply = chat.say(text)
        assert reply.startswith(("Added", "✔")), reply


def test_a_first_meeting_names_no_last_meeting_for_its_indicators(
    store: Store, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _world(store, database, tmp_path, monkeypatch)
    text = make_chat(store, at("2026-12-07 10:00")).say("/meeting prep FP 2027-01-12")
    assert "This is the committee's first meeting in csbot." in text, text
    assert "last meeting" not in text, text
    assert "🔴 pep: 62% (Nov 2026) target 90% · Children in care" in text, text
    assert "🟢 far: 15% (Nov 2026) target 16% · Placed 20 miles" in text, text
    more = make_chat(store, at("2026-12-07 10:00")).say("/meeting more kpis FP 2027-01-12")
    assert "last meeting" not in more and "pep: 62% (Nov 2026) target 90% ·" in more, more

    slack = RecordingNotifier()
    registry = NotifierRegistry({"console": slack, "slack": slack})
    report = run_due(store, registry, now=at("2027-01-05 09:00"))
    [summary] = [v for v in slack.to(channel_id="fostering") if isinstance(v, MeetingSummary)]
    assert report.sent >= 1, report.summary()
    posted = render(summary)
    assert "last meeting" not in posted and "pep: 62% (Nov 2026) target 90% ·" in posted, posted
