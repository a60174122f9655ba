"""A row without a ref is joined to the action above only when it is a continuation."""

from __future__ import annotations

import pytest

from commands.importers.plan_rows import parse_plan
from commands.importers.report import ImportFailed
from commands.importers.table import Row, Table

HEAD = "Ref,Action,Lead,Due,Status"


def _table(*lines: str) -> Table:
    rows = tuple(Row(i, tuple(line.split(","))) for i, line in enumerate(lines, 1))
    return Table("plan.csv", rows)


@pytest.mark.parametrize(
    "row",
    [",Audit PEPs,Jon Abbey,2026-04-30,Red", ",Audit PEPs,,,Red", ",Audit PEPs,Jon Abbey,Jun-26,"],
)
def test_a_row_with_its_own_lead_due_or_status_but_no_ref_is_refused(row: str) -> None:
    lines = (HEAD, "1.1,Recruit IROs,Fiona Smith,2026-03-31,Green", row, "1.2,Other,Jon Abbey,,")
    with pytest.raises(
        ImportFailed, match=r"row 3, column “Ref”: .*not a continuation of action 1.1"
    ):
        parse_plan(_table(*lines))


def test_a_joined_lead_is_another_owner_never_one_longer_name() -> None:
    plan = parse_plan(
        _table(HEAD, "1.1,Recruit IROs,Fiona Smith,2026-03-31,Green", ",and mentors,Jon Abbey,,")
    )
    (action,) = plan.actions
    assert (action.title, action.lead) == ("Recruit IROs and mentors", "Fiona Smith/Jon Abbey")
