"""`/actions search` with the punctuation officers type around words (`"pupil premium"`,
smart quotes, `PEP, pupil`, `premium?`, `PEP & pupil`) found nothing, because each mark was
searched for as part of a word; it now finds the action, while punctuation inside a word
(`S&L`, a ref such as `1.2`) is still searched for as typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Database
from tests.helpers import run_cli

PLAN = """Ref,Action,Lead,Timescale
1.1,Make sure every PEP shows how pupil premium is used,Tia Testfield,31/03/2030
1.2,Review the S&L protocol with schools,Tia Testfield,31/03/2030
1.3,Recruit foster carers,Tia Testfield,31/03/2030
"""

SEARCHES = {
    '"pupil premium"': ["1.1"],
    "“pupil premium”": ["1.1"],
    "PEP, pupil": ["1.1"],
    "pupil premium?": ["1.1"],
    "PEP & pupil": ["1.1"],
    "(S&L)": ["1.2"],
    "1.2.": ["1.2"],
    "S&L pupil": [],
}


@pytest.fixture
def imported(database: Database, tmp_path: Path) -> Database:
    (tmp_path / "plan.csv").write_text(PLAN, encoding="utf-8")
    done = run_cli(
        database.url, tmp_path, "import", "actions", str(tmp_path / "plan.csv"), "--plan", "Ed"
    )
    assert done.returncode == 0, done.stderr
    return database


def _found(listing: str) -> list[str]:
    return [line.split()[0] for line in listing.splitlines()[1:] if line[:1].isdigit()]


def test_punctuation_around_words_is_not_searched_for(imported: Database, tmp_path: Path) -> None:
    for typed, refs in SEARCHES.items():
        said = run_cli(imported.url, tmp_path, "say", f"/actions search {typed}")
        assert said.returncode == 0, said.stdout
        assert _found(said.stdout) == refs, (typed, said.stdout)


def test_punctuation_alone_asks_for_words(imported: Database, tmp_path: Path) -> None:
    said = run_cli(imported.url, tmp_path, "say", "/actions search & ?")
    assert said.returncode == 0
    assert "Say what to search for" in said.stdout, said.stdout
