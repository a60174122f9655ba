"""A pre-meeting summary compares each indicator with the period its last meeting saw. A
correction in chat after the meeting (``/kpi pep set 50 for Sep 2015``, Sep's 49% having been
seen) moved the comparison back to August, a period the committee had moved past, because the
correction restamped the figure as recorded after the meeting; an import's correction did not.

CPAC met on 5 Oct 2015 at 18:30; the summary is of its 5 Jan 2016 meeting."""

from __future__ import annotations

from storage.unit_of_work import Store
from tests.helpers import make_chat
from tests.integration.test_meeting_world import add_kpi, at, build_world

PREP = "/meeting prep CPAC 2016-01-05"


def _say(store: Store, when: str, text: str) -> str:
    return make_chat(store, at(when)).say(text)


def test_a_figure_corrected_after_the_meeting_stays_the_one_compared_with(store: Store) -> None:
    world = build_world(store)
    add_kpi(store, "pep", "PEPs", [], target=90, committee_id=world.committee_id)
    assert "✔ Recorded" in _say(store, "2015-09-10 12:00", "/kpi pep set 40 for Aug 2015")
    assert "✔ Recorded" in _say(store, "2015-10-01 12:00", "/kpi pep set 49 for Sep 2015")
    corrected = _say(store, "2015-10-20 12:00", "/kpi pep set 50 for Sep 2015")
    assert "✔ Corrected pep for Sep 2015: 50% (was 49%)." in corrected
    assert "✔ Recorded" in _say(store, "2015-11-10 12:00", "/kpi pep set 60 for Oct 2015")
    summary = _say(store, "2015-12-29 09:00", PREP)
    assert "pep: 60% (Oct 2015) target 90% — was 50% (Sep 2015), +10 pts ↗" in summary
    assert "(Aug 2015)" not in summary
