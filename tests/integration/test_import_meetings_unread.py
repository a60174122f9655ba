"""A meetings file's columns that are not a meetings file's (a Notes column) and its rows of
words with no agenda item (a footer listing items for meetings not yet dated) are named in
the import report, as the plan and KPI importers name theirs; before, both were dropped
without a word. Through the CLI, on both backends."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Database
from tests.helpers import run_cli

FORWARD_PLAN = (
    "Committee,Date,Time,Item,Lead,Report due,Notes\n"
    "CPP,2027-01-12,14:00,Performance scorecard,Ann Testsmith,2027-01-04,verbal\n"
    ",,,Sufficiency strategy,Dev Mockford,2027-01-04,may slip to March\n"
    ",,,,,,\n"
    "Items for future meetings: fostering annual report,,,,,,\n"
    ",,,Kinship care review,Bo Sample,,\n"
)


def test_unread_columns_and_rows_are_named(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "forward_plan.csv"
    path.write_text(FORWARD_PLAN, encoding="utf-8")
    done = run_cli(database.url, tmp_path, "import", "meetings", str(path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 new" in done.stdout, done.stdout
    assert (
        "Columns not imported (not among the columns a meetings file has): “Notes”." in done.stdout
    ), done.stdout
    assert (
        "Not read, having no agenda item or no meeting: row 5 “Items for future meetings: "
        "fostering annual report”" in done.stdout
    ), done.stdout
    assert "row 4" not in done.stdout  # a blank row is nothing to name
    # An item under the footer has no meeting: not added to the last one above.
    assert "row 6 “Kinship care review”" in done.stdout, done.stdout
    agenda = run_cli(database.url, tmp_path, "say", "/meeting agenda CPP 2027-01-12").stdout
    assert "Kinship" not in agenda and "Sufficiency strategy" in agenda, agenda


def test_a_date_refused_is_answered_with_an_example_of_this_year(
    database: Database, tmp_path: Path
) -> None:
    """The examples were 2016's and 2015's whatever the year (the demo's story)."""
    path = tmp_path / "forward_plan.csv"
    path.write_text(
        "Committee,Date,Time,Item,Lead,Report due\n"
        "CPP,next-ish,14:00,Performance scorecard,Ann Testsmith,2027-01-04\n",
        encoding="utf-8",
    )
    done = run_cli(database.url, tmp_path, "import", "meetings", str(path))
    said = done.stdout + done.stderr
    assert done.returncode != 0 and "“next-ish” is not a date (write e.g. 20" in said, said
    assert "2016" not in said, said
    path.write_text(
        "Committee,Date,Time,Item,Lead,Report due\n"
        "CPP,2027-01-12,14:00,Performance scorecard,Ann Testsmith,soonish\n",
        encoding="utf-8",
    )
    done = run_cli(database.url, tmp_path, "import", "meetings", str(path))
    said = done.stdout + done.stderr
    assert (
        "“soonish” names no date (write e.g. 2026-12-29, two weeks before the meeting)" in said
    ), said
