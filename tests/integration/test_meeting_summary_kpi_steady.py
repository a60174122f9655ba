"""The pre-meeting summary and an indicator's card judge a change by one rule: a change the
card calls steady (under 1%: a count going 279 to 280) is steady in the summary too, listed
after the indicators that moved; improving and worsening agree with the card's polarity.

CPAC met on 5 Oct 2015; the summary is of its 5 Jan 2016 meeting (see ``test_meeting_world``).
"""

from __future__ import annotations

import pytest

from commands.views import KpiChange, MeetingSummary
from storage.unit_of_work import Store
from tests.helpers import make_chat
from tests.integration.test_meeting_world import World, add_kpi, at, build_world

PREP_AT = at("2015-12-29 09:00")
PREP = "/meeting prep CPAC 2016-01-05"


def _follow(store: Store, world: World, slug: str, before: float, after: float, **kw: str) -> None:
    """An indicator CPAC follows (a count, target 250), with ``before`` recorded ahead of its
    October meeting (for Aug 2015) and ``after`` since (for Nov 2015)."""
    add_kpi(
        store,
        slug,
        slug.title(),
        [],
        target=250,
        unit="count",
        committee_id=world.committee_id,
        **kw,
    )
    for when, command in (
        ("2015-09-10 12:00", f"/kpi {slug} set {before:g} for Aug 2015"),
        ("2015-12-05 12:00", f"/kpi {slug} set {after:g} for Nov 2015"),
    ):
        reply = make_chat(store, at(when)).say(command)
        assert "✔ Recorded" in reply, reply


def _summary(store: Store) -> MeetingSummary:
    outcome = make_chat(store, PREP_AT).outcome(PREP)
    assert outcome is not None and isinstance(outcome.reply, MeetingSummary)
    return outcome.reply


def _kpi(summary: MeetingSummary, slug: str) -> KpiChange:
    return next(k for k in summary.kpis.items if k.slug == slug)


def test_a_change_the_card_calls_steady_has_not_moved(store: Store) -> None:
    world = build_world(store)
    _follow(store, world, "caseload", 279, 280, polarity="lower")
    _follow(store, world, "visits", 300, 290, polarity="lower")
    summary = _summary(store)
    caseload = _kpi(summary, "caseload")
    assert (caseload.change, caseload.direction) == (1, "steady")
    # Both red: the one that moved comes first, though "caseload" sorts before "visits".
    assert [k.slug for k in summary.kpis.items] == ["visits", "caseload"]
    text = make_chat(store, PREP_AT).say(PREP)
    assert "caseload: 280 (Nov 2015) target 250 — was 279 (Aug 2015), +1 → steady" in text
    assert "+1 ↘" not in text
    card = make_chat(store, PREP_AT).say("/kpi caseload")
    assert "→ steady (from 279 in Aug 2015)" in card


@pytest.mark.parametrize(
    ("polarity", "before", "after", "word", "mark"),
    [
        ("lower", 279, 300, "worsening", "↘"),
        ("lower", 300, 279, "improving", "↗"),
        ("higher", 40, 49, "improving", "↗"),
        ("higher", 49, 40, "worsening", "↘"),
        ("higher", 1000, 1009, "steady", "→"),
    ],
)
def test_the_summary_and_the_card_agree_on_the_arrow(
    store: Store, polarity: str, before: float, after: float, word: str, mark: str
) -> None:
    _follow(store, build_world(store), "referrals", before, after, polarity=polarity)
    k = _kpi(_summary(store), "referrals")
    assert k.direction == word
    line = make_chat(store, PREP_AT).say(PREP).split("referrals:")[1].split(" · ")[0]
    assert line.endswith(f" {mark}" if word != "steady" else " → steady"), line
    assert f"{mark} {word} (from" in make_chat(store, PREP_AT).say("/kpi referrals")
