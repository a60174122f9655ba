"""An administrator gives a role to somebody csbot does not know yet, who owns nothing (a
committee's clerk, say): `grant CLERK to new Frank Placeholder` adds the person and gives the
role, in one audited change; a role's name after `new`, an unknown role or a non-administrator
is refused with nothing added. Before, the only way was a junk agenda item led by them, while
refusals elsewhere told the user to `grant CLERK to <person>`. Through the CLI, both
backends."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Database
from tests.helpers import run_cli


def _say(database: Database, home: Path, *args: str) -> str:
    done = run_cli(database.url, home, "say", *args)
    return done.stdout + done.stderr


def test_grant_to_new_adds_the_person_with_the_role(database: Database, tmp_path: Path) -> None:
    assert "or by an administrator with `grant <role> to new <name>`" in _say(
        database, tmp_path, "people"
    )
    said = _say(database, tmp_path, "grant CLERK to new Frank Placeholder")
    assert (
        "New person added: Frank Placeholder. Frank Placeholder now holds CLERK (Committee "
        "Clerk)." in said
    ), said
    assert "You are Frank Placeholder. Your roles: CLERK." in _say(
        database, tmp_path, "--as", "Frank Placeholder", "whoami"
    )
    again = _say(database, tmp_path, "grant CLERK to new Frank Placeholder")
    assert "Frank Placeholder already holds CLERK. Nothing changed." in again, again
    assert "Frank Placeholder was known already, so no new person was added." in again, again
    assert "New person added" not in again
    out = tmp_path / "audit.csv"
    assert run_cli(database.url, tmp_path, "export", "audit", str(out)).returncode == 0
    trail = out.read_text(encoding="utf-8")
    assert "person" in trail and "person_role" in trail and "Frank Placeholder" in trail


def test_grant_to_new_refuses_without_adding_anyone(database: Database, tmp_path: Path) -> None:
    role = _say(database, tmp_path, "grant IRO to new hos")
    assert "“hos” reads as a role, not a person" in role and "Nothing was changed." in role
    unknown = _say(database, tmp_path, "grant WIZARD to new Kim Fakename")
    assert "There is no role called “WIZARD”" in unknown, unknown
    _say(database, tmp_path, "grant CLERK to new Frank Placeholder")
    refused = _say(
        database, tmp_path, "--as", "Frank Placeholder", "grant CLERK to new Kim Fakename"
    )
    assert "Only an administrator can give people roles" in refused, refused
    people = _say(database, tmp_path, "people")
    assert "People (1)" in people and "Kim Fakename" not in people, people


def test_a_new_name_with_a_mention_or_markup_in_it_is_refused(
    database: Database, tmp_path: Path
) -> None:
    """`new Ann <!channel> Testsmith` (or `@channel`, as Slack's text reads) added a role of
    that name; now no one is added and the reply says why."""
    for typed in ("Ann <!channel> Testsmith", "Ann @channel Testsmith", "Ann <@U1RICH0000> Smith"):
        said = _say(database, tmp_path, f"grant CLERK to new {typed}")
        assert "is not a name to add: a name has no @, < or >" in said, said
        assert "Nothing was changed." in said
    people = _say(database, tmp_path, "people")
    assert "Nobody yet" in people, people


def test_new_is_never_somebody_known_by_a_part_of_the_name(
    database: Database, tmp_path: Path
) -> None:
    """`new Sam Nurse (Designated Nurse)` was read as a role, which then found the known
    Nadia Nurse by her surname: the item went to her, "known already". A person and their
    post in brackets is a new person, as `new Paul Patel (Designated Doctor)` is."""
    _say(database, tmp_path, "/meeting add CPP 2027-01-11 18:00 #cpp")
    _say(database, tmp_path, "/meeting item add CPP 2027-01-11 Health lead new Nadia Nurse")
    said = _say(
        database,
        tmp_path,
        "/meeting item add CPP 2027-01-11 Dental lead new Sam Nurse (Designated Nurse)",
    )
    assert "New person added: Sam Nurse." in said and "known already" not in said, said
    agenda = _say(database, tmp_path, "/meeting agenda CPP 2027-01-11")
    assert "1. Health — Nadia Nurse" in agenda and "2. Dental — Sam Nurse" in agenda, agenda


def test_a_services_role_is_never_read_as_the_plain_role(
    database: Database, tmp_path: Path
) -> None:
    """`iam HoS Early Help` claimed HOS (Head of Service) without a word, and `grant HoS Early
    Help to …` gave HOS: a service's role is the role of that service."""
    path = tmp_path / "kpis.csv"
    path.write_text(
        "Indicator,Period,Value,Owner\nEarly help reviews,Nov 2026,60,Head of Service – Early "
        "Help\n",
        encoding="utf-8",
    )
    assert run_cli(database.url, tmp_path, "import", "kpis", str(path)).returncode == 0
    _say(database, tmp_path, "grant HOS to new Ann Testsmith")
    claimed = _say(database, tmp_path, "--as", "Ann Testsmith", "iam HoS Early Help")
    assert "HOS EARLY HELP owns 1 indicator" in claimed, claimed
    granted = _say(database, tmp_path, "grant HoS Early Help to Ann Testsmith")
    assert "Ann Testsmith now holds HOS EARLY HELP (Head of Service – Early Help)" in granted
