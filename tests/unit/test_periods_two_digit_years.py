"""A day with a two-digit year is a reporting period, as commands.dates reads it: "01/11/26"
and Excel's "1-Nov-26" are November 2026 (the KPI importer refused them while the actions
importer read them); "Mar-26", "2026/27" and "Q3 26/27" keep their meanings."""

from __future__ import annotations

from datetime import date

import pytest

from commands.dates import parse_day
from commands.periods import PeriodError, parse_period, try_parse_period


@pytest.mark.parametrize(
    "text",
    ["01/11/26", "1/11/26", "01.11.26", "01-11-26", "01-11-2026", "1-Nov-26", "01-Nov-2026"],
)
def test_a_day_with_a_short_or_dashed_year_is_its_month(text: str) -> None:
    period = parse_period(text)
    assert (period.key, period.kind) == ("2026-11", "month")
    # The same text is the same day for due dates (actions importer, chat).
    assert parse_day(text) == date(2026, 11, 1)


@pytest.mark.parametrize(
    ("text", "key", "kind"),
    [
        ("01/11/2026", "2026-11", "month"),
        ("Mar-26", "2026-03", "month"),
        ("Nov 26", "2026-11", "month"),
        ("2026/27", "2026/27", "financial_year"),
        ("Q3 26/27", "2026/27-Q3", "quarter"),
        ("FY26/27", "2026/27", "financial_year"),
        ("2011-12", "2011/12", "financial_year"),
        ("2015-12", "2015-12", "month"),
        ("11/2015", "2015-11", "month"),
    ],
)
def test_other_forms_keep_their_meaning(text: str, key: str, kind: str) -> None:
    period = parse_period(text)
    assert (period.key, period.kind) == (key, kind)


@pytest.mark.parametrize("text", ["11/26", "01/11-26", "26/27"])
def test_no_day_or_mixed_separators_is_still_no_period(text: str) -> None:
    assert try_parse_period(text) is None


def test_an_impossible_short_day_is_refused_as_a_date() -> None:
    with pytest.raises(PeriodError) as err:
        parse_period("30/02/26")
    assert "“30/02/26” is not a date: February 2026 has no day 30" in err.value.message
