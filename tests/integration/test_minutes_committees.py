"""Minutes go to their own committee's actions-arising plan and to the meeting they are of:
a one-word committee name ("CPAC") is its own short name, two committees never share a plan,
and minutes headed with another date than the committee's last meeting are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from commands.importers import ImportFailed, run_import
from storage.models import Action, Plan
from storage.unit_of_work import Store
from tests.conftest import FIXTURES

AGENDA = FIXTURES / "meetings" / "cpac_agenda_planning.tsv"  # committee "CPAC", 2015–2016
MINUTES = FIXTURES / "minutes" / "cpac_2015-10-05.txt"  # headed MONDAY 5 OCTOBER 2015


def _plans(store: Store) -> dict[str, list[str]]:
    with store.session_factory() as s:
        return {
            p.slug: sorted(s.scalars(select(Action.ref).where(Action.plan_id == p.id)))
            for p in s.scalars(select(Plan))
        }


def _csb(tmp_path: Path) -> tuple[Path, Path]:
    agenda = tmp_path / "csb.csv"
    agenda.write_text(
        "committee,date,time,item,lead,report_due,publication_date,channel\n"
        "CSB,2016-02-01,10:00,Audit report,Jon Abbey,2016-01-20,2016-01-25,#csb\n"
    )
    minutes = tmp_path / "csb.txt"
    minutes.write_text(
        "MINUTES OF CSB\nMONDAY 1 FEBRUARY 2016\n\nCSB12. AUDIT\n\n"
        "The board reviewed the audit and asked for a follow-up report.\n\nAction: Jon Abbey\n"
    )
    return agenda, minutes


def test_each_committee_has_its_own_actions_arising_plan(store: Store, tmp_path: Path) -> None:
    run_import(store, "local", "meetings", AGENDA)
    report = run_import(store, "local", "minutes", MINUTES, meeting="CPAC 2015-10-05")
    assert "(cpac-actions-arising)" in report.summary()
    agenda, minutes = _csb(tmp_path)
    run_import(store, "local", "meetings", agenda)
    report = run_import(store, "local", "minutes", minutes, meeting="CSB")
    assert "(csb-actions-arising)" in report.summary()
    plans = _plans(store)
    assert plans["csb-actions-arising"] == ["CSB12/1"]
    assert plans["cpac-actions-arising"] and all(
        r.startswith("CPAC") for r in plans["cpac-actions-arising"]
    )


def test_a_plan_made_before_keeps_its_slug(store: Store) -> None:
    """Earlier versions made "CPAC — actions arising" with the slug c-actions-arising."""
    run_import(store, "local", "meetings", AGENDA)
    with store.unit_of_work("local") as uow:
        uow.session.add(
            Plan(
                workspace_id=uow.workspace_id,
                name="CPAC — actions arising",
                slug="c-actions-arising",
                columns=["Minute", "Meeting"],
            )
        )
        uow.commit()
    run_import(store, "local", "minutes", MINUTES, meeting="CPAC 2015-10-05")
    plans = _plans(store)
    assert set(plans) == {"c-actions-arising"} and plans["c-actions-arising"]


@pytest.mark.parametrize(
    ("meeting", "refused"),
    [
        (
            "CPAC",
            "The minutes are headed 5 October 2015, but the last meeting of CPAC held is "
            'CPAC 2016-04-04: if they are its minutes, name that meeting: --meeting "CPAC '
            '2015-10-05".',
        ),
        ("CPAC 2015-10-05", None),
    ],
)
def test_minutes_headed_with_another_date_are_not_filed_under_the_last_meeting(
    store: Store, meeting: str, refused: str | None
) -> None:
    run_import(store, "local", "meetings", AGENDA)
    if refused is None:
        report = run_import(store, "local", "minutes", MINUTES, meeting=meeting)
        assert "into CPAC 2015-10-05" in report.summary()
        return
    with pytest.raises(ImportFailed) as exc:
        run_import(store, "local", "minutes", MINUTES, meeting=meeting)
    assert str(exc.value).endswith(refused)
    assert _plans(store) == {}
