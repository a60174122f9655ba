"""``csbot say`` end to end for the people commands: an administrator (the console operator)
lists and merges people, a person speaking with ``--as`` is refused, and re-importing the file
that wrote the merged-away name with ``csbot import`` changes nothing."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Database
from tests.helpers import run_cli

PLAN = """Ref,Action,Lead,Timescale,Status
1.1,Recruit foster carers,A. Smith,March 2027,On track
1.2,Audit the PEPs,Anne Smith,March 2027,On track
"""


def test_people_are_listed_and_merged_through_csbot_say(database: Database, tmp_path: Path) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(PLAN, encoding="utf-8")

    def csbot(*args: str) -> tuple[int, str]:
        done = run_cli(database.url, tmp_path, *args)
        assert not done.stderr.strip() or done.returncode != 0, done.stderr
        return done.returncode, done.stdout

    assert csbot("import", "actions", str(plan), "--plan", "Care plan")[0] == 0
    code, listed = csbot("say", "people")
    assert code == 0
    assert listed.splitlines()[:3] == [
        "People (2)",
        "  A. Smith — 1 open action (care-plan:1.1)",
        "  Anne Smith — 1 open action (care-plan:1.2)",
    ]
    code, refused = csbot("say", "--as", "Anne Smith", "merge A. Smith into Anne Smith")
    assert code == 0  # a polite refusal is handled
    assert refused.strip() == "✖ Only an administrator can merge people. Nothing was changed."
    assert csbot("say", "--as", "Anne Smith", "people")[1].startswith("✖ Only an administrator")
    code, merged = csbot("say", "merge A. Smith into Anne Smith")
    assert code == 0
    assert merged.strip() == (
        "✔ Merged A. Smith into Anne Smith: 1 action (care-plan:1.1). A. Smith is removed; "
        "“A. Smith” now finds Anne Smith in commands and imports. `unmerge A. Smith` undoes it."
    )
    code, again = csbot("import", "actions", str(plan), "--plan", "Care plan")
    assert code == 0 and "Nothing changed." in again
    code, listed = csbot("say", "people")
    assert listed.splitlines()[:2] == [
        "People (1)",
        "  Anne Smith — 2 open actions (care-plan:1.1; care-plan:1.2) · also known as A. Smith",
    ]
    assert csbot("say", "--as", "A. Smith", "whoami")[1].startswith("You are Anne Smith.")
    assert csbot("say", "merge")[0] == 2  # not understood: the usage is offered
