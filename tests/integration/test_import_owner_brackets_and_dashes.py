"""Through `csbot import actions` and `csbot import kpis`: a title whose bracket holds "and",
"&" or "+" is one role; a title with its abbreviation in brackets is that role; a person
followed by a spaced dash ("Jane Testperson - HOS") is the person, the cell kept as written."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from storage.models import Action, Indicator, Person, Role
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import owner_name, run_cli

ACTIONS = """Ref,Action,Lead,Timescale
1.1,Fostering sufficiency,Service Manager (Fostering and Adoption),TBC
1.2,Audit programme,Head of Service (Safeguarding & QA),TBC
1.3,Leaving care offer,Leaving Care Team (16+),TBC
1.4,Review timeliness,IRO,TBC
1.5,Review quality,Independent Reviewing Officer (IRO),TBC
1.6,Practice standards,Principal Social Worker (PSW),TBC
1.7,Placement panel,Jane Testperson - HOS,TBC
1.8,School stability,Jane Testperson – VSH,TBC
1.9,Sufficiency report,Jane Testperson - by end of June,TBC
1.10,Joint audit,Jane Testperson (HOS/AD) / Sam Example,TBC
1.11,Peer review,Vicki Testperson-Example - Sam Example,TBC
"""

KPIS = """indicator,slug,name,period,value,target,unit,polarity,owner
PEPs,pep,Up-to-date PEPs,May 2015,37,90,%,higher,Jane Testperson - VSH
Visits,visits,Visits in time,May 2015,80,90,%,higher,Principal Social Worker (PSW)
Adoptions,adoptions,Adopted,May 2015,60,90,%,higher,Service Manager (Fostering and Adoption)
Reviews,reviews,Reviews in time,May 2015,70,90,%,higher,Director of Children's Services (DCS)
"""

FOSTERING = "SM FOSTERING AND ADOPTION"


def _stored(database: Database) -> tuple[dict[str, list[str]], dict[str, str], list[str], str]:
    """Each action's and indicator's owners, every role's title by key, every person, and the
    lead text of action 1.9."""
    store = Store.from_url(database.url, upgrade=False)
    try:
        with store.session_factory() as s:
            owners = {a.ref: [owner_name(o) for o in a.owners] for a in s.scalars(select(Action))}
            for ind in s.scalars(select(Indicator)):
                owners[ind.slug] = [owner_name(o) for o in ind.owners]
            roles = {r.key: r.title for r in s.scalars(select(Role))}
            people = sorted(p.name for p in s.scalars(select(Person)))
            lead = s.scalars(select(Action.lead_text).where(Action.ref == "1.9")).one()
    finally:
        store.engine.dispose()
    return owners, roles, people, lead or ""


def test_bracketed_titles_abbreviations_and_dashes_are_imported_as_written(
    database: Database, tmp_path: Path
) -> None:
    (tmp_path / "plan.csv").write_text(ACTIONS, encoding="utf-8")
    (tmp_path / "kpis.csv").write_text(KPIS, encoding="utf-8")
    plan = run_cli(
        database.url, tmp_path, "import", "actions", str(tmp_path / "plan.csv"), "--plan", "QA Plan"
    )
    assert plan.returncode == 0, plan.stderr
    kpis = run_cli(database.url, tmp_path, "import", "kpis", str(tmp_path / "kpis.csv"))
    assert kpis.returncode == 0, kpis.stderr
    card = run_cli(database.url, tmp_path, "say", "/kpi pep")
    assert card.returncode == 0 and "Owner: Jane Testperson" in card.stdout, card.stdout
    owners, roles, people, lead = _stored(database)
    assert owners == {
        "1.1": [FOSTERING],
        "1.2": ["HOS SAFEGUARDING QA"],
        "1.3": ["LEAVING CARE TEAM 16"],
        "1.4": ["IRO"],
        "1.5": ["IRO"],
        "1.6": ["PSW"],
        "1.7": ["Jane Testperson"],
        "1.8": ["Jane Testperson"],
        "1.9": ["Jane Testperson"],
        "1.10": ["Jane Testperson", "Sam Example"],
        "1.11": ["Vicki Testperson-Example", "Sam Example"],
        "pep": ["Jane Testperson"],
        "visits": ["PSW"],
        "adoptions": [FOSTERING],
        "reviews": ["DCS"],
    }
    assert roles == {
        FOSTERING: "Service Manager (Fostering and Adoption)",
        "HOS SAFEGUARDING QA": "Head of Service (Safeguarding & QA)",
        "LEAVING CARE TEAM 16": "Leaving Care Team (16+)",
        "IRO": "Independent Reviewing Officer",
        "PSW": "Principal Social Worker",
        "DCS": "Director of Children's Services",
    }
    assert people == ["Jane Testperson", "Sam Example", "Vicki Testperson-Example"]
    assert lead == "Jane Testperson - by end of June"  # the cell is kept as written
