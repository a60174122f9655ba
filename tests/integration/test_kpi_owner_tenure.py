"""A KPI owner written as an acting or interim post ("Interim Head of Virtual School (acting)")
is imported as that post's role, through the `csbot import kpis` command."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from storage.models import Indicator, Person, Role
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import run_cli

KPIS = """indicator,slug,name,period,value,target,unit,polarity,owner
PEPs,pep,Up-to-date PEPs,May 2015,37,90,%,higher,Interim Head of Virtual School (acting)
Care plans,care-plans,Up-to-date care plans,May 2015,49,90,%,higher,HOS
Pathway plans,pathway-plans,Up-to-date pathway plans,May 2015,20,90,%,higher,Jane Testperson
"""


def test_an_acting_post_is_imported_as_its_role(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "kpis.csv"
    path.write_text(KPIS, encoding="utf-8")
    imported = run_cli(database.url, tmp_path, "import", "kpis", str(path))
    assert imported.returncode == 0, imported.stderr
    card = run_cli(database.url, tmp_path, "say", "/kpi pep")
    assert card.returncode == 0 and "Owner: VSH" in card.stdout, card.stdout
    store = Store.from_url(database.url, upgrade=False)
    try:
        with store.session_factory() as s:
            roles = {r.key: r.title for r in s.scalars(select(Role))}
            people = [p.name for p in s.scalars(select(Person))]
            pep = s.scalars(select(Indicator).where(Indicator.slug == "pep")).one()
            owner_text = pep.owner_text
            pep_roles = [o.role.key for o in pep.owners if o.role is not None]
    finally:
        store.engine.dispose()
    assert roles == {"VSH": "Virtual School Head", "HOS": "Head of Service"}
    assert people == ["Jane Testperson"]
    assert pep_roles == ["VSH"]
    assert owner_text == "Interim Head of Virtual School (acting)"  # the cell is kept as written
