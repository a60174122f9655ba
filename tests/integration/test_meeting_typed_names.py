"""What /meeting says about committee and meeting names typed slightly wrong: a committee
name close to a known one, an item number left out, words after a meeting's date, a date
without a year and a channel that is no channel name."""

from __future__ import annotations

import pytest

from storage.models import Committee, Meeting
from storage.unit_of_work import Store
from tests.helpers import Chat, make_chat
from tests.integration.test_meeting_world import CHANNEL, at, build_world

NOW = at("2015-12-01 10:00")


def _chat(store: Store) -> Chat:
    build_world(store)
    return make_chat(store, NOW)


def _committee_names(store: Store) -> list[str]:
    with store.unit_of_work("local") as uow:
        return sorted(c.name for c in uow.session.query(Committee).all())


def _meeting_count(store: Store) -> int:
    with store.unit_of_work("local") as uow:
        return uow.session.query(Meeting).count()


@pytest.mark.parametrize(
    "typed", ["CAPC", "CPAC2", "Corporate Parenting Advisory Comittee", "corporate parenting"]
)
def test_a_committee_name_close_to_a_known_one_is_refused(store: Store, typed: str) -> None:
    chat = _chat(store)
    reply = chat.say(f"/meeting add {typed} 2016-02-17 18:00")
    if typed == "corporate parenting":  # the start of the name: the committee itself
        assert reply.startswith("Added CPAC 2016-02-17"), reply
        return
    assert "did you mean CPAC (Corporate Parenting Advisory Committee)?" in reply, reply
    assert f"`/meeting add new {typed} 2016-02-17 18:00`" in reply
    assert "Nothing was changed." in reply
    assert _committee_names(store) == ["Corporate Parenting Advisory Committee"]


def test_new_adds_a_committee_close_to_a_known_one(store: Store) -> None:
    chat = _chat(store)
    reply = chat.say("/meeting add new CAPC 2016-02-17 18:00")
    assert reply.startswith("Added CAPC 2016-02-17 (CAPC). New committee “CAPC”. "), reply
    assert "(C)" not in reply
    assert _committee_names(store) == ["CAPC", "Corporate Parenting Advisory Committee"]
    # `new` before a committee already known finds it (as `new Jane Doe` does a person).
    again = chat.say("/meeting add new CPAC 2016-02-18 18:00")
    assert again.startswith("Added CPAC 2016-02-18 (Corporate Parenting Advisory Committee)")
    assert "New committee" not in again


def test_a_one_word_committee_shows_no_initials_in_lists(store: Store) -> None:
    chat = _chat(store)
    chat.say("/meeting add new Nope 2016-02-17 18:00")
    listed = chat.say("/meeting agenda Nothing 2016-02-17")
    assert "Committees: Corporate Parenting Advisory Committee (CPAC), Nope." in listed, listed
    assert "(N)" not in listed


def test_a_name_far_from_any_committee_still_adds_one(store: Store) -> None:
    reply = _chat(store).say("/meeting add Fostering Panel 2016-02-17 18:00")
    assert "New committee “Fostering Panel” (FP)." in reply, reply


@pytest.mark.parametrize("verb", ["in", "awaited"])
def test_report_in_without_the_item_number_says_so(store: Store, verb: str) -> None:
    chat = _chat(store)
    reply = chat.say(f"/meeting report {verb} CPAC 2016-01-05 Performance")
    assert f"`report {verb}` needs the agenda item's number" in reply, reply
    assert f"`/meeting report {verb} <number> [<meeting...>]`" in reply
    assert f"`/meeting report {verb} 1 CPAC 2016-01-05`" in reply
    assert "There is no committee" not in reply


def test_report_in_without_a_number_lists_the_items_of_the_meeting(store: Store) -> None:
    reply = _chat(store).say("/meeting report in CPAC 2016-01-05 Nothing like it")
    assert "needs the agenda item's number" in reply
    assert "Items of CPAC 2016-01-05: 1. Performance; 2. Mystery Shopping" in reply, reply


@pytest.mark.parametrize(
    "command",
    [
        "/meeting prep CPAC 2016-01-05 extra",
        "/meeting agenda CPAC 2016-01-05 extra",
        "/meeting next CPAC 5 Jan 2016 extra",
        "/meeting actions CPAC 05/01/2016 extra",
        "/meeting report in 1 CPAC 2016-01-05 extra",
        "/meeting link CPAC 2016-01-05 extra kpi pep",
        "/meeting cancel CPAC 2016-01-05 extra",
        "/meeting move CPAC 2016-01-05 extra to 2016-01-12",
    ],
)
def test_words_after_a_meeting_are_named_with_the_meeting(store: Store, command: str) -> None:
    chat = _chat(store)
    reply = chat.say(command)
    assert "I found the meeting CPAC 2016-01-05, but I didn't understand “extra”" in reply, reply
    assert "There is no committee" not in reply
    assert _meeting_count(store) == 3  # cancel did not cancel it


def test_words_after_a_date_with_no_meeting(store: Store) -> None:
    reply = _chat(store).say("/meeting prep CPAC 2016-01-06 extra")
    assert "has no meeting on 6 Jan 2016" in reply
    assert "I didn't understand “extra” after the date either" in reply


def test_add_does_not_drop_words_after_the_date(store: Store) -> None:
    reply = _chat(store).say("/meeting add CPAC 2016-02-17 extra 18:00")
    assert "I didn't understand “extra” after “CPAC 2016-02-17”" in reply, reply
    assert _meeting_count(store) == 3


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("3/4", "“3/4” needs a year: 03/04/2016 or 3 Apr 2016."),
        ("3 Apr", "“3 Apr” needs a year: 03/04/2016 or 3 Apr 2016."),
        ("April 3", "“April 3” needs a year: 03/04/2016 or 3 Apr 2016."),
        ("25/11", "“25/11” needs a year: 25/11/2016 or 25 Nov 2016."),
    ],
)
def test_a_date_without_a_year_is_named(store: Store, typed: str, shown: str) -> None:
    chat = _chat(store)
    added = chat.say(f"/meeting add CPAC {typed} 18:30")
    assert shown in added and "There is no date" not in added, added
    assert shown in chat.say(f"/meeting agenda CPAC {typed}")
    assert _meeting_count(store) == 3


@pytest.mark.parametrize("typed", ["#<!channel>", "#a b", "#!!", "#-", "#cpac!", "#" + "a" * 81])
def test_a_channel_that_is_no_channel_name_is_refused(store: Store, typed: str) -> None:
    chat = _chat(store)
    reply = chat.say(f"/meeting channel CPAC {typed}")
    assert f"“{typed}” is not a channel" in reply, reply
    assert "Nothing was changed." in reply
    added = chat.say(f"/meeting add CPAC 2016-02-17 18:00 {typed}")
    assert "is not a channel" in added, added
    with store.unit_of_work("local") as uow:
        assert uow.session.query(Committee).one().channel_id == CHANNEL


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("#cpac-2016_b", "cpac-2016_b"),
        ("<#C0NEW|cpac>", "C0NEW"),
        ("#19:chan-cpac@thread.tacv2", "19:chan-cpac@thread.tacv2"),
        ("#" + "a" * 80, "a" * 80),
    ],
)
def test_channel_names_and_ids_are_still_taken(store: Store, typed: str, stored: str) -> None:
    reply = _chat(store).say(f"/meeting channel CPAC {typed}")
    assert "summaries now go to" in reply, reply
    with store.unit_of_work("local") as uow:
        assert uow.session.query(Committee).one().channel_id == stored


def test_the_list_of_a_one_word_committee_shows_no_initials(store: Store) -> None:
    chat = _chat(store)
    chat.say("/meeting add new CAPC 2016-02-17 18:00")
    listed = chat.say("/meeting list CAPC")
    assert listed.startswith("Meetings of CAPC\n"), listed
