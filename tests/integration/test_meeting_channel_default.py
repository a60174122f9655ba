"""In a committee's summary channel, `/meeting next`, `/meeting agenda` and `/meeting more`
with no meeting named are about that committee's next meeting, as `/meeting prep` is — not
about another committee that happens to meet first. Elsewhere they keep to the next meeting
of any committee, and a meeting or committee named is always that one.

The agenda planning is imported with `csbot import meetings`: CPAC (summaries to #cpac) meets
on 5 Jan 2027; a Fostering Panel (#fostering) meets first, on 15 Dec 2026.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import Chat, csbot, make_chat
from tests.integration.test_meeting_world import at

MEETINGS = """committee,date,time,item,lead,report_due,publication_date,channel
CPAC,2026-10-05,18:30,Performance,Mary Gale,2026-09-18,,#cpac
CPAC,2027-01-05,18:30,Performance,Anne Walker,2026-12-17,,#cpac
CPAC,2027-01-05,18:30,Mystery shopping,Dan Porter,2026-12-17,,#cpac
CPAC,2027-04-05,18:30,Performance,Mary Gale,2027-03-18,,#cpac
Fostering Panel,2026-12-15,10:00,Carer approvals,Dan Porter,2026-12-08,,#fostering
Fostering Panel,2027-01-19,10:00,Carer approvals,Dan Porter,2027-01-12,,#fostering
"""


@pytest.fixture
def chat(store: Store, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Chat:
    """Both committees' meetings imported from a file; the clock at Mon 7 Dec 2026."""
    path = tmp_path / "meetings.csv"
    path.write_text(MEETINGS, encoding="utf-8")
    csbot(database.url, ["import", "meetings", str(path)], monkeypatch, home=tmp_path)
    return make_chat(store, at("2026-12-07 10:00"))


def _heading(reply: str) -> str:
    return reply.split("\n")[0]


def test_next_and_agenda_in_a_committees_channel_are_that_committees(chat: Chat) -> None:
    for command in ("/meeting next", "/meeting agenda"):
        reply = chat.say(command, channel="cpac")
        assert _heading(reply).startswith("CPAC 2027-01-05"), (command, reply)
        assert "Mystery shopping" in reply and "Carer approvals" not in reply, reply
        # Elsewhere: the next meeting of any committee.
        assert _heading(chat.say(command)).startswith("FP 2026-12-15"), command
        assert _heading(chat.say(command, channel="random")).startswith("FP 2026-12-15")
    # The meetings after it are the committee's own, as `/meeting next CPAC` lists them.
    reply = chat.say("/meeting next", channel="cpac")
    assert "Later: CPAC 2027-04-05" in reply and "FP 2027-01-19" not in reply, reply
    assert reply == chat.say("/meeting next CPAC", channel="cpac")
    # Named, the one named, in any channel.
    assert _heading(chat.say("/meeting next FP", channel="cpac")).startswith("FP 2026-12-15")
    assert _heading(chat.say("/meeting agenda FP 2027-01-19", channel="cpac")).startswith(
        "FP 2027-01-19"
    )
    assert _heading(chat.say("/meeting agenda", channel="fostering")).startswith("FP 2026-12-15")


def test_more_in_a_committees_channel_is_about_that_committees_next_meeting(chat: Chat) -> None:
    reply = chat.say("/meeting more plans", channel="cpac")
    assert "for CPAC 2027-01-05" in _heading(reply), reply
    assert "for FP 2026-12-15" in _heading(chat.say("/meeting more plans"))
    assert "for FP 2026-12-15" in _heading(chat.say("/meeting more kpis", channel="fostering"))


def test_actions_in_a_committees_channel_are_of_its_last_meeting_held(
    chat: Chat, store: Store
) -> None:
    # The Fostering Panel met on 15 Dec, after CPAC's last meeting (5 Oct).
    later = make_chat(store, at("2026-12-16 10:00"))
    assert _heading(later.say("/meeting actions", channel="cpac")) == (
        "Actions arising from CPAC 2026-10-05"
    )
    assert _heading(later.say("/meeting actions")) == "Actions arising from FP 2026-12-15"
    assert _heading(later.say("/meeting actions FP", channel="cpac")) == (
        "Actions arising from FP 2026-12-15"
    )
    # The console offers the command to import the minutes of the channel's meeting.
    assert "--meeting 'CPAC 2026-10-05'" in later.say("/meeting minutes", channel="cpac")
    assert "--meeting 'FP 2026-12-15'" in later.say("/meeting minutes", channel="fostering")


def test_report_in_in_a_committees_channel_marks_that_committees_item(chat: Chat) -> None:
    reply = chat.say("/meeting report in 2", channel="cpac")
    assert "Report for item 2 (Mystery shopping) is in." in reply, reply
    assert "\nCPAC 2027-01-05 — CPAC\n" in reply, reply
    # The Fostering Panel, which meets first, still awaits its report.
    assert "report awaited" in chat.say("/meeting agenda FP 2026-12-15")
    reply = chat.say("/meeting report awaited 2", channel="cpac")
    assert "Report for item 2 (Mystery shopping) is awaited." in reply, reply
    # Elsewhere, as before: the next meeting of any committee.
    assert "(Carer approvals) is in." in chat.say("/meeting report in 1")


def test_actions_in_a_meetings_own_channel_are_of_that_meeting_once_held(
    chat: Chat, store: Store
) -> None:
    # CPAC's January meeting has a channel of its own; the Fostering Panel met last.
    reply = chat.say("/meeting add CPAC 2027-01-05 18:30 #cpac-jan")
    assert "#cpac-jan" in reply, reply
    before = make_chat(store, at("2026-12-16 10:00"))
    # Not held yet: its committee's last meeting held, not the Fostering Panel's.
    assert _heading(before.say("/meeting actions", channel="cpac-jan")) == (
        "Actions arising from CPAC 2026-10-05"
    )
    after = make_chat(store, at("2027-01-06 10:00"))
    assert _heading(after.say("/meeting actions", channel="cpac-jan")).startswith(
        "Actions arising from CPAC 2027-01-05"
    )
    assert "--meeting 'CPAC 2027-01-05'" in after.say("/meeting minutes", channel="cpac-jan")
