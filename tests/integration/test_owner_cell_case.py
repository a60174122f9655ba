"""A person's name written all in lower or upper case in a lead or owner cell ("ann testsmith",
"ANN TESTSMITH") is the person of that name (stored, or named in full elsewhere in the file),
as names are matched ignoring case; before, the case alone made it a new role, which owned the
indicator instead of her, so that she could not record its values. Words no person has
("head of service") stay what they were read as."""

from __future__ import annotations

from pathlib import Path

from commands.importers import run_import
from storage.unit_of_work import Store
from tests.conftest import FROZEN_NOW
from tests.helpers import make_chat


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_name_in_another_case_is_the_person_named_in_full_later_in_the_file(
    store: Store, tmp_path: Path
) -> None:
    rows = ["ann testsmith", "ANN TESTSMITH", "Ann Testsmith", "ann Testsmith"]
    text = "indicator,period,value,unit,polarity,owner\n" + "".join(
        f"A{n},Oct 2015,1,count,higher,{owner}\n" for n, owner in enumerate(rows, 1)
    )
    run_import(store, "local", "kpis", _write(tmp_path, "kpis.csv", text))
    chat = make_chat(store, FROZEN_NOW)
    for n in range(1, 5):
        assert "Owner: Ann Testsmith" in chat.say(f"/kpi a{n}"), n
    people = chat.say("/kpi people")
    assert "Ann Testsmith — 4 indicators" in people, people
    recorded = chat.say("/kpi a1 set 2 for Oct 2015", as_="Ann Testsmith")
    assert "Corrected a1" in recorded, recorded


def test_a_stored_person_is_found_in_any_case_and_posts_stay_roles(
    store: Store, tmp_path: Path
) -> None:
    first = "Ref,Action,Lead\n1,Audit PEPs,Bo Example\n"
    run_import(store, "local", "actions", _write(tmp_path, "a.csv", first), plan="Care")
    later = (
        "Ref,Action,Lead\n1,Audit PEPs,Bo Example\n2,Visit homes,bo example\n"
        "3,Review plans,head of service\n4,Chase returns,BO EXAMPLE\n"
    )
    run_import(store, "local", "actions", _write(tmp_path, "a.csv", later), plan="Care")
    listed = make_chat(store, FROZEN_NOW).say("/actions plan care")
    assert listed.count("Bo Example") == 3 and "bo example" not in listed, listed
    assert "HOS" in listed, listed


def test_a_file_with_names_in_other_cases_imported_again_changes_nothing(
    store: Store, tmp_path: Path
) -> None:
    text = (
        "Ref,Action,Lead\n1.1,A,bo example\n1.2,B,BO EXAMPLE\n1.3,C,Bo Example/head of service\n"
        "1.4,D,Ann Testsmith\n1.5,E,ann testsmith\n"
    )
    path = _write(tmp_path, "o.csv", text)
    assert run_import(store, "local", "actions", path, plan="O").created == 5
    again = run_import(store, "local", "actions", path, plan="O")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5), again.summary()
    assert "read again" not in again.summary()


def test_a_whole_cell_in_capitals_with_a_short_surname_is_the_person(
    store: Store, tmp_path: Path
) -> None:
    """A cell "ANN SAMPLE" reads word by word as two posts' initials (ANN, SAMPLE): a cell that is a
    person's name in capitals is that person; "HOS CAMHS", nobody's name, stays two roles."""
    text = (
        "indicator,period,value,unit,polarity,owner\na1,Oct 2015,1,count,higher,ANN SAMPLE\n"
        "a2,Oct 2015,1,count,higher,Ann Sample\na3,Oct 2015,1,count,higher,HOS CAMHS\n"
    )
    path = _write(tmp_path, "k.csv", text)
    run_import(store, "local", "kpis", path)
    chat = make_chat(store, FROZEN_NOW)
    assert "Owner: Ann Sample" in chat.say("/kpi a1")
    assert "Owner: HOS, CAMHS" in chat.say("/kpi a3")
    recorded = chat.say("/kpi a1 set 2 for Oct 2015", as_="Ann Sample")
    assert "Corrected a1" in recorded, recorded
    again = run_import(store, "local", "kpis", path)
    assert "Nothing changed" in again.summary(), again.summary()
