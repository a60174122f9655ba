"""People's names as councils write them, imported through `csbot import actions` (both
backends): a surname with a particle ("Ana de Souza") is a person, not a role; a name with
an honorific ("Cllr Ann Waters", "Dr Sarah Jones") is the same person as without it; a post
held in a body ("Chair LSCB") is a role."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from storage.models import Person, Role
from storage.unit_of_work import Store
from tests.conftest import FROZEN_NOW, Database
from tests.helpers import csbot, make_chat

PLAN = (
    "Ref,Action,Lead,Timescale\n"
    "1.1,Recruit foster carers,Ana de Souza,March 2016\n"
    "1.2,Work experience,Cllr Ann Waters,March 2016\n"
    "1.3,Member training,Ann Waters,March 2016\n"
    "1.4,Fostering panel,Mark van der Berg,March 2016\n"
    "1.5,Mystery shopping,Sarah Jones,March 2016\n"
    "1.6,Health assessments,Dr Sarah Jones,March 2016\n"
    "1.7,Audit,Chair LSCB,March 2016\n"
)


def test_particles_honorifics_and_posts_in_lead_cells(
    store: Store, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(PLAN, encoding="utf-8")
    csbot(database.url, ["import", "actions", str(plan), "--plan", "O"], monkeypatch, tmp_path)
    with store.session_factory() as session:
        people = sorted(session.scalars(select(Person.name)))
        roles = sorted(session.scalars(select(Role.key)))
    # Each person once, as first written.
    assert people == ["Ana de Souza", "Cllr Ann Waters", "Mark van der Berg", "Sarah Jones"]
    assert roles == ["CHAIR LSCB"]
    mine = make_chat(store, FROZEN_NOW).say("/actions mine", as_="Dr Sarah Jones")
    assert "1.5" in mine and "1.6" in mine
    theirs = make_chat(store, FROZEN_NOW).say("/actions for Ann Waters")
    assert "1.2" in theirs and "1.3" in theirs


def test_reimporting_a_plan_that_writes_a_name_with_and_without_its_honorific_changes_nothing(
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The owners read from "Ann Waters" (stored as Cllr Ann Waters) and "Dr Sarah Jones"
    # (stored as Sarah Jones) were taken for other owners on every re-import.
    plan = tmp_path / "plan.csv"
    plan.write_text(PLAN, encoding="utf-8")
    argv = ["import", "actions", str(plan), "--plan", "O"]
    csbot(database.url, argv, monkeypatch, tmp_path)
    capsys.readouterr()
    csbot(database.url, argv, monkeypatch, tmp_path)
    again = capsys.readouterr().out
    assert "0 new, 0 changed, 7 unchanged. Nothing changed." in again
    assert "read again" not in again
