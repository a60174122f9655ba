"""`csbot import minutes`: a line that reads like an `Action:` line without its colon ("Action
Jon Abbey") makes no action, and the report names it with what to write (both backends);
headings and prose starting with "Action" are not named."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.unit_of_work import Store
from tests.conftest import FIXTURES, Database
from tests.helpers import csbot

MEETINGS = FIXTURES / "meetings" / "cpac_planning.csv"
MINUTES = "\n".join(
    [
        *("MINUTES OF CORPORATE PARENTING ADVISORY COMMITTEE", "MONDAY 5 OCTOBER 2015", ""),
        *("CPAC400. PLACEMENTS", "", "Officers to report on placement stability.", ""),
        *("Action Jon Abbey", "", "Action plans were agreed.", ""),
        *("Officers to refresh the pledge.", "", "Action: Sam Example", ""),
    ]
)


def test_a_colonless_action_line_is_named_in_the_report(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    minutes = tmp_path / "minutes.txt"
    minutes.write_text(MINUTES, encoding="utf-8")
    csbot(database.url, ["import", "meetings", str(MEETINGS)], monkeypatch, tmp_path)
    capsys.readouterr()
    command = ["import", "minutes", str(minutes), "--meeting", "CPAC 2015-10-05"]
    csbot(database.url, command, monkeypatch, tmp_path)
    said = " ".join(capsys.readouterr().out.split())
    assert "1 new" in said
    assert (
        "Line 8 “Action Jon Abbey” reads like an `Action:` line without its colon, so it made "
        "no action: write `Action: Jon Abbey` if it is one." in said
    )
    assert "Action plans were agreed" not in said
