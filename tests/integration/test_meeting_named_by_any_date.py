"""Commands that name an existing meeting read its date as /meeting add and the meetings
importer do: /meeting next CPAC 05/01/2016, /meeting agenda CPAC 5-Jan-16, /meeting prep ..."""

from __future__ import annotations

import pytest

from storage.unit_of_work import Store
from tests.helpers import make_chat
from tests.integration.test_meeting_world import at, build_world

NOW = at("2015-12-24 10:00")


@pytest.mark.parametrize(
    "typed", ["05/01/2016", "5/1/16", "05.01.2016", "05-01-2016", "January 5, 2016", "5-Jan-16"]
)
def test_next_agenda_and_prep_name_the_meeting_by_any_date(store: Store, typed: str) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    assert chat.say(f"/meeting next CPAC {typed}").startswith("CPAC 2016-01-05"), typed
    agenda = chat.say(f"/meeting agenda CPAC {typed}")
    assert agenda.startswith("CPAC 2016-01-05") and "Mystery Shopping" in agenda
    assert "CPAC 2016-01-05" in chat.say(f"/meeting prep CPAC {typed}")
    # Another meeting's date names that meeting, not the next one.
    assert chat.say("/meeting agenda CPAC 04/04/2016").startswith("CPAC 2016-04-04")


def test_a_date_with_no_meeting_or_no_such_day_says_so(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    missing = chat.say("/meeting agenda CPAC 06/01/2016")
    assert "has no meeting on 6 Jan 2016" in missing and "2016-01-05" in missing
    no_day = chat.say("/meeting next CPAC 31/02/2016")
    assert "“31/02/2016” is not a day: February 2016 has 29 days" in no_day
