"""`csbot import minutes`: a line that reads like an `Action:` line without its colon ("Action
Jon Abbey") makes no action, and the report names it with what to write (both backends);
headings and prose starting with "Action" are not named."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import cpac_minutes, csbot

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
    command = cpac_minutes(database.url, MINUTES, monkeypatch, tmp_path)
    capsys.readouterr()
    csbot(database.url, command, monkeypatch, tmp_path)
    said = " ".join(capsys.readouterr().out.split())
    assert "1 new" in said
    assert (
        "Line 8 “Action Jon Abbey” reads like an `Action:` line without its colon, so it made "
        "no action: write `Action: Jon Abbey` if it is one." in said
    )
    assert "Action plans were agreed" not in said
