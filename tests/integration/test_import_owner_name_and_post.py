"""An owner written "Name (Post)" ("Jane Testperson (Clerk)") is imported as the person, not
as a new role "JANE TESTPERSON CLERK", through `csbot import actions` and `csbot import kpis`."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from storage.models import Action, Indicator, Person, Role
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import owner_name, run_cli

ACTIONS = """Ref,Action,Lead,Timescale
1.1,Report on placements,Jane Testperson (Clerk),March 2016
1.2,Review PEP figures,Sam Example (Assistant Director – Safeguarding and Social Care) / HOS,TBC
1.3,Strengthen the panel,Head of Service (Safeguarding),TBC
"""

KPIS = """indicator,slug,name,period,value,target,unit,polarity,owner
PEPs,pep,Up-to-date PEPs,May 2015,37,90,%,higher,Jane Testperson (Virtual School Head)
"""


def _owners_by_ref(database: Database) -> tuple[dict[str, list[str]], list[str], list[str]]:
    """Each action's owners (people by name, roles by key), all roles' keys, all people."""
    store = Store.from_url(database.url, upgrade=False)
    try:
        with store.session_factory() as s:
            owners = {a.ref: [owner_name(o) for o in a.owners] for a in s.scalars(select(Action))}
            for ind in s.scalars(select(Indicator)):
                owners[ind.slug] = [owner_name(o) for o in ind.owners]
            roles = sorted(r.key for r in s.scalars(select(Role)))
            people = sorted(p.name for p in s.scalars(select(Person)))
    finally:
        store.engine.dispose()
    return owners, roles, people


def test_a_name_with_its_post_in_brackets_is_imported_as_the_person(
    database: Database, tmp_path: Path
) -> None:
    (tmp_path / "plan.csv").write_text(ACTIONS, encoding="utf-8")
    (tmp_path / "kpis.csv").write_text(KPIS, encoding="utf-8")
    plan = run_cli(
        database.url, tmp_path, "import", "actions", str(tmp_path / "plan.csv"), "--plan", "CPAC"
    )
    assert plan.returncode == 0, plan.stderr
    kpis = run_cli(database.url, tmp_path, "import", "kpis", str(tmp_path / "kpis.csv"))
    assert kpis.returncode == 0, kpis.stderr
    card = run_cli(database.url, tmp_path, "say", "/kpi pep")
    assert card.returncode == 0 and "Owner: Jane Testperson" in card.stdout, card.stdout
    owners, roles, people = _owners_by_ref(database)
    assert owners == {
        "1.1": ["Jane Testperson"],
        "1.2": ["Sam Example", "HOS"],
        "1.3": ["HOS SAFEGUARDING"],
        "pep": ["Jane Testperson"],
    }
    assert roles == ["HOS", "HOS SAFEGUARDING"]
    assert people == ["Jane Testperson", "Sam Example"]
