"""The indicators of a summary move "since the last meeting" the committee has held: asked
for (or posted) on the morning of a meeting a week before the next one, the next one's
summary compares with the meeting before, not with the one later that day.

A Fostering Panel meets on 10 Nov 2026, 12 Jan 2027 at 18:00 and 19 Jan 2027; a KPI file
gives a figure for October and one for November (loaded in October and December).
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
"""


def _world(store: Store, database: Database, tmp_path: Path, mp: pytest.MonkeyPatch) -> None:
    kpis = tmp_path / "kpis.csv"
    kpis.write_text(KPIS, encoding="utf-8")
    csbot(database.url, ["import", "kpis", str(kpis)], mp, home=tmp_path)
    chat = make_chat(store, at("2026-10-01 10:00"))
    for text in (
        "/meeting add Fostering Panel 2026-11-10 10:00 #fostering",
        "/meeting add Fostering Panel 2027-01-12 18:00 #fostering",
        "/meeting add Fostering Panel 2027-01-19 10:00 #fostering",
        "/meeting link FP kpi pep",
    ):
        reply = chat.say(text)
        assert reply.startswith(("Added", "✔")), reply


def test_the_next_meetings_figures_are_compared_with_the_last_meeting_held(
    store: Store, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _world(store, database, tmp_path, monkeypatch)
    morning = make_chat(store, at("2027-01-12 09:00"))
    text = morning.say("/meeting prep FP 2027-01-19")
    assert "FP 2027-01-12" not in text.split("Indicators", 1)[-1], text
    assert "FP 2026-11-10" in text.split("Indicators", 1)[-1], text
    more = morning.say("/meeting more kpis FP 2027-01-19")
    assert "FP 2027-01-12" not in more and "FP 2026-11-10" in more, more

    slack = RecordingNotifier()
    registry = NotifierRegistry({"console": slack, "slack": slack})
    run_due(store, registry, now=at("2027-01-12 09:00"))
    summaries = [v for v in slack.to(channel_id="fostering") if isinstance(v, MeetingSummary)]
    [posted] = [render(s) for s in summaries if s.meeting.label == "FP 2027-01-19"]
    indicators = posted.split("Indicators", 1)[-1]
    assert "FP 2027-01-12" not in indicators and "FP 2026-11-10" in indicators, posted
