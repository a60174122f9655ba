"""`/meeting actions` of a meeting whose minutes are loaded but name no `Action:` said "No
actions arising … yet. Import its minutes with /meeting minutes …", asking the clerk for
minutes already imported (the summary says "No actions arose from …"). It now says the
minutes are recorded and nothing arose; before its minutes, it still asks for them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import csbot, make_chat
from tests.integration.test_meeting_world import at

MEETINGS = """committee,date,time,item,lead,report_due,publication_date,channel
CPAC,2026-10-05,18:30,Performance,Mary Gale,2026-09-18,,#cpac
CPAC,2027-01-05,18:30,Performance,Anne Walker,2026-12-17,,#cpac
"""

MINUTES = """MINUTES OF CORPORATE PARENTING ADVISORY COMMITTEE
MONDAY 5 OCTOBER 2026

CPAC337. APOLOGIES FOR ABSENCE

None.

CPAC338. PERFORMANCE

The Committee NOTED the report.
"""


def test_minutes_with_no_actions_are_not_asked_for_again(
    store: Store, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meetings = tmp_path / "meetings.csv"
    meetings.write_text(MEETINGS, encoding="utf-8")
    csbot(database.url, ["import", "meetings", str(meetings)], monkeypatch, home=tmp_path)
    chat = make_chat(store, at("2026-12-07 10:00"))
    before = chat.say("/meeting actions CPAC 2026-10-05")
    assert "Import its minutes with /meeting minutes CPAC 2026-10-05" in before, before

    minutes = tmp_path / "minutes.txt"
    minutes.write_text(MINUTES, encoding="utf-8")
    csbot(
        database.url,
        ["import", "minutes", str(minutes), "--meeting", "CPAC"],
        monkeypatch,
        home=tmp_path,
    )
    for command in ("/meeting actions", "/meeting actions CPAC 2026-10-05"):
        reply = chat.say(command)
        assert "minutes" in reply and "Import its minutes" not in reply, reply
        assert "No actions arose from CPAC 2026-10-05: its minutes are recorded" in reply, reply
    assert "No actions arose from CPAC 2026-10-05." in chat.say("/meeting prep")
