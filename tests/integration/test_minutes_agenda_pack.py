"""Minutes that come inside an agenda pack (the notice of the next meeting first, with its
date, then the minutes of the last one, headed ``MINUTES OF … MONDAY 5 OCTOBER 2015``) are
the minutes of the meeting their own heading names: ``csbot import minutes`` files them under
it, and refuses them for the meeting the notice is of, naming the right one, rather than the
other way round (which filed October's minutes under January's meeting when followed)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from sqlalchemy import select

from storage.models import Action, Meeting
from storage.unit_of_work import Store
from tests.conftest import FIXTURES, Database
from tests.helpers import run_cli

AGENDA = FIXTURES / "meetings" / "cpac_agenda_planning.tsv"  # CPAC, 2015-07-06 to 2016-04-04

PACK = """NOTICE OF MEETING

CORPORATE PARENTING ADVISORY COMMITTEE

Tuesday, 5th January, 2016, 7.15 pm - Civic Centre

MEMBERS: Councillors Jane Testperson (Chair) and Sam Sampleton

1. FILMING AT MEETINGS

Please note this meeting may be filmed or recorded.

2. APOLOGIES FOR ABSENCE (IF ANY)

3. URGENT BUSINESS

4. DECLARATIONS OF INTEREST

5. MINUTES (PAGES 1 - 10)

To consider the minutes of the meeting held on 5th October 2015

6. PERFORMANCE (PAGES 11 - 22)

Date of next meeting: 4th April 2016

Date: 23rd December 2015

**MINUTES OF CORPORATE PARENTING ADVISORY COMMITTEE
MONDAY 5 OCTOBER 2015**

Councillors Cllr Testperson [Chair], Cllr Sampleton

CPAC341. MINUTES

The minutes of the meeting held on 6 July 2015 were AGREED.

CPAC343. PERFORMANCE

- The Committee AGREED to undertake some mystery shopper analysis of fostering recruitment.

Action: Jane Testperson
"""


def _cli(database: Database, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(database.url, home, *args)


def _arising(store: Store) -> list[tuple[str, str]]:
    with store.session_factory() as s:
        rows = s.execute(
            select(Action.ref, Meeting.meeting_date).join(Meeting, Meeting.id == Action.meeting_id)
        )
        return [(ref, f"{when:%Y-%m-%d}") for ref, when in rows]


def test_an_agenda_packs_minutes_go_to_the_meeting_their_heading_names(
    store: Store, database: Database, tmp_path: Path
) -> None:
    pack = tmp_path / "agenda_pack_2016-01-05.txt"
    pack.write_text(PACK, encoding="utf-8")
    assert _cli(database, tmp_path, "import", "meetings", str(AGENDA)).returncode == 0
    refused = _cli(
        database, tmp_path, "import", "minutes", str(pack), "--meeting", "CPAC 2016-01-05"
    )
    assert refused.returncode == 1
    assert (
        "The minutes are headed 5 October 2015, but the meeting named is CPAC 2016-01-05 "
        '(5 January 2016): if they are its minutes, name that meeting: --meeting "CPAC '
        '2015-10-05".'
    ) in refused.stderr, refused.stderr
    assert _arising(store) == []
    done = _cli(database, tmp_path, "import", "minutes", str(pack), "--meeting", "CPAC 2015-10-05")
    assert done.returncode == 0, done.stderr
    assert "Imported minutes into CPAC 2015-10-05: 1 new" in done.stdout
    assert _arising(store) == [("CPAC343/1", "2015-10-05")]
