"""An indicator name that could be several (or none) is refused with the commands to pick
from, and each is the command typed again with that indicator: `/kpi plans set 80% for Nov
2015` suggests `/kpi care-plans set 80% for Nov 2015 …`, `/meeting link CPAC kpi plans`
suggests `/meeting link CPAC kpi care-plans`, not `/kpi care-plans`, which only shows the
indicator (a Slack or Teams button that would have dropped the value or the link)."""

from __future__ import annotations

from commands.views import Notice
from storage.unit_of_work import Store
from tests.helpers import make_chat
from tests.integration.test_meeting_world import add_kpi, at, build_world

NOW = at("2015-12-01 10:00")


def _suggested(store: Store, text: str) -> list[str]:
    outcome = make_chat(store, NOW).outcome(text)
    assert outcome is not None and isinstance(outcome.reply, Notice), outcome
    assert outcome.reply.level == "error", outcome.reply
    return list(outcome.reply.suggestions)


def test_each_suggestion_is_the_command_typed_for_that_indicator(store: Store) -> None:
    build_world(store)
    add_kpi(store, "care-plans", "Up-to-date care plans", [], target=90)
    add_kpi(store, "pathway-plans", "Up-to-date pathway plans", [], target=90)
    assert _suggested(store, "/kpi plans set 80 % for Nov 2015 target 85") == [
        "/kpi care-plans set 80% for Nov 2015 target 85",
        "/kpi pathway-plans set 80% for Nov 2015 target 85",
        "/kpi list",
    ]
    assert _suggested(store, "/kpi plans history")[:2] == [
        "/kpi care-plans history",
        "/kpi pathway-plans history",
    ]
    assert _suggested(store, "/meeting link CPAC kpi plans")[:2] == [
        "/meeting link CPAC kpi care-plans",
        "/meeting link CPAC kpi pathway-plans",
    ]
    unknown = _suggested(store, "/meeting unlink CPAC kpi zebra crossings")
    assert unknown[:-1] and all(s.startswith("/meeting unlink CPAC kpi ") for s in unknown[:-1])
    # Showing an indicator still suggests showing each.
    assert _suggested(store, "/kpi plans")[:2] == ["/kpi care-plans", "/kpi pathway-plans"]
    # The suggestion, typed, does what was asked.
    chat = make_chat(store, NOW)
    assert "✔ Recorded 80% for care-plans, Nov 2015, target 85%." in chat.say(
        "/kpi care-plans set 80% for Nov 2015 target 85"
    )
