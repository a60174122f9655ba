"""`csbot import minutes` keeps every word of a minute: a very long one, with emoji, whose
heading's line carries its first sentence and whose wrapped lines start or end like a page
footer, a bullet, a running head or another minute's number (a QA pass found the first
sentence of such a minute dropped)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from storage.unit_of_work import Store
from tests.conftest import FIXTURES, Database

FILLER = " ".join(
    f"Sentence {n} records that the service reviewed placement {n} with the carers."
    for n in range(60)
)
# The minute as typed, one line of the file each, after its heading's number.
LINES = [
    "The Committee RECEIVED the Virtual School annual report 🎉 and thanked",
    "the head and her team for it.",
    "Minutes of the governing body's meetings were NOTED 👩‍👧 with thanks.",
    "Attainment was set out in the tables on page 4",
    "of the report, which",
    "– as the Chair said – showed a gap at age",
    "16. The gap had narrowed since results at",
    f"KS2. {FILLER}",
    "Officers to circulate the revised pathway plan guidance to all members.",
]


def _csbot(database: Database, argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", database.url)
    assert main(argv) == 0, argv


def test_a_long_minute_with_emoji_is_stored_whole(
    store: Store, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    minutes = tmp_path / "cpac_2015-10-05.txt"
    minutes.write_text(
        "MINUTES OF CORPORATE PARENTING ADVISORY COMMITTEE\nMONDAY 5 OCTOBER 2015\n\n"
        f"CPAC400. {LINES[0]}\n" + "\n".join(LINES[1:]) + "\n\nAction: Fiona Smith\n",
        encoding="utf-8",
    )
    meetings = FIXTURES / "meetings" / "cpac_planning.csv"
    _csbot(database, ["import", "meetings", str(meetings)], monkeypatch)
    _csbot(
        database,
        ["import", "minutes", str(minutes), "--meeting", "CPAC 2015-10-05"],
        monkeypatch,
    )

    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("cpac-actions-arising")
        assert plan is not None
        [action] = uow.repos.actions.in_plan(plan.id)
        stored = (action.ref, action.title, action.extra["Minute"])
    given = " ".join(LINES)
    assert len(given) > 4000
    assert stored == (
        "CPAC400/1",
        "Officers to circulate the revised pathway plan guidance to all members.",
        given,
    )
