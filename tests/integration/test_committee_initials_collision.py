"""Two committees with the same initials (``Alpha board`` and ``aardvark board``, both AB):
the second one added is known by its full name, so the meetings of both can be named, are
listed apart and are found; the reply to ``/meeting add`` and the import report say why.
Committees stored before this (sharing initials already) are told apart after the migration,
and a name that still means several committees says what to type."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import select

from commands.importers import run_import
from storage import migrate
from storage.database import make_engine
from storage.models import Committee
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import Chat, make_chat
from tests.integration.test_meeting_world import at

NOW = at("2027-03-01 09:00")
HEAD = "committee,date,time,item,lead,report_due,publication_date,channel\n"
WHY = (
    "Its initials AB are Alpha board's already, so its meetings are named by its full name, "
    "like `aardvark board 2027-04-01` (AB still means Alpha board)."
)


def _two_boards(store: Store) -> tuple[Chat, str]:
    chat = make_chat(store, NOW)
    chat.say("/meeting add Alpha board 2027-04-01 at 10:00 #alphab")
    return chat, chat.say("/meeting add aardvark board 2027-04-01 at 10:00 #aard")


def _initials(store: Store) -> dict[str, str]:
    with store.session_factory() as session:
        return {c.name: c.initials for c in session.scalars(select(Committee))}


def test_the_second_committee_is_named_in_full_and_the_reply_says_why(store: Store) -> None:
    chat, reply = _two_boards(store)
    assert reply.startswith("Added aardvark board 2027-04-01"), reply
    assert WHY in reply, reply
    listed = chat.say("/meeting list")
    assert "  AB 2027-04-01 — Thu 1 Apr 2027, 10:00 · #alphab" in listed, listed
    assert "  aardvark board 2027-04-01 — Thu 1 Apr 2027, 10:00 · #aard" in listed, listed
    assert listed.count("  AB 2027-04-01 — ") == 1, listed
    alpha = chat.say("/meeting agenda AB 2027-04-01")
    assert alpha.startswith("AB 2027-04-01 — Alpha board"), alpha
    aardvark = chat.say("/meeting agenda aardvark board 2027-04-01")
    assert aardvark.startswith("aardvark board 2027-04-01 — aardvark board"), aardvark
    both = chat.say("/meeting agenda 2027-04-01")
    assert "AB 2027-04-01" in both and "aardvark board 2027-04-01" in both, both
    assert both.count("AB 2027-04-01") == 1, both


def test_a_label_with_the_full_name_is_read_back_by_every_command(store: Store) -> None:
    chat, _ = _two_boards(store)
    added = chat.say("/meeting item add aardvark board 2027-04-01 Budget lead new Jane Roe")
    assert added.startswith("Added item 1 of aardvark board 2027-04-01."), added
    received = chat.say("/meeting report in 1 aardvark board 2027-04-01")
    assert "aardvark board 2027-04-01" in received and "✖" not in received, received
    moved = chat.say("/meeting move aardvark board 2027-04-01 to 2027-04-08")
    assert moved.startswith("Moved aardvark board 2027-04-01 to Thu 8 Apr 2027"), moved
    assert "(aardvark board 2027-04-08)" in moved, moved
    listed = chat.say("/meeting list aardvark board")
    assert "  aardvark board 2027-04-08 — Thu 8 Apr 2027, 10:00 · #aard" in listed, listed
    cancelled = chat.say("/meeting cancel aardvark board 2027-04-08")
    assert "Cancelled aardvark board 2027-04-08" in cancelled, cancelled
    assert chat.say("/meeting agenda AB 2027-04-01").startswith("AB 2027-04-01 — Alpha board")


def test_a_full_name_whose_initials_are_a_committees_name_is_that_committee(
    store: Store,
) -> None:
    # As the meetings import does (meeting_lookup.committee_matches): AB, known by its
    # initials alone, takes the full name, and both it and its meetings keep answering to AB.
    chat = make_chat(store, NOW)
    chat.say("/meeting add AB 2027-04-01 at 10:00 #ab")
    reply = chat.say("/meeting add Alpha board 2027-04-02 at 10:00 #alphab")
    assert reply.startswith("Added AB 2027-04-02 (Alpha board)."), reply
    assert "the committee “AB” is now named “Alpha board”" in reply, reply
    assert _initials(store) == {"Alpha board": "AB"}
    assert chat.say("/meeting agenda AB 2027-04-01").startswith("AB 2027-04-01 — Alpha board")
    alpha = chat.say("/meeting agenda Alpha board 2027-04-02")
    assert alpha.startswith("AB 2027-04-02 — Alpha board"), alpha


def test_an_import_names_the_second_committee_in_full(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "boards.csv"
    path.write_text(
        HEAD
        + "Alpha board,2027-04-01,10:00,Item A,,,,#alphab\n"
        + "aardvark board,2027-04-01,10:00,Item B,,,,#aard\n",
        encoding="utf-8",
    )
    report = run_import(store, "local", "meetings", path)
    warned = [n for n in report.notes if n.startswith("⚠️ Row 3: “aardvark board” is a ")]
    assert len(warned) == 1 and WHY in warned[0], report.summary()
    assert "kept apart from Alpha board" in warned[0], warned
    chat = make_chat(store, NOW)
    listed = chat.say("/meeting list")
    assert "  AB 2027-04-01 — Thu 1 Apr 2027, 10:00 · #alphab · 1 agenda item" in listed, listed
    assert "  aardvark board 2027-04-01 — Thu 1 Apr 2027, 10:00 · #aard · 1 agenda item" in listed
    assert "Item B" in chat.say("/meeting agenda aardvark board 2027-04-01")
    # A later file naming AB means Alpha board, as chat does.
    more = tmp_path / "more.csv"
    more.write_text(HEAD + "AB,2027-04-01,10:00,Item C,,,,#alphab\n", encoding="utf-8")
    run_import(store, "local", "meetings", more)
    assert "Item C" in chat.say("/meeting agenda AB 2027-04-01")
    assert _initials(store) == {"Alpha board": "AB", "aardvark board": "-"}


def test_committees_stored_sharing_initials_are_told_apart_after_the_migration(
    database: Database,
) -> None:
    store = Store.from_url(database.url, upgrade=False)
    store.ensure_workspace("local", name="Local")
    chat, _ = _two_boards(store)
    with store.session_factory() as session, session.begin():
        for committee in session.scalars(select(Committee)):
            committee.initials = "AB"  # as stored before the fix
    refused = chat.say("/meeting agenda AB 2027-04-01")
    assert "“AB” could mean several committees: aardvark board or Alpha board (both answer " in (
        refused
    ), refused
    assert "`aardvark board 2027-04-01` or `Alpha board 2027-04-01`" in refused, refused
    engine = make_engine(database.url)
    command.downgrade(migrate.alembic_config(engine), "0004")
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.HEAD_REVISION
    engine.dispose()
    assert _initials(store) == {"Alpha board": "AB", "aardvark board": "-"}
    listed = chat.say("/meeting list")
    assert "AB 2027-04-01" in listed and "aardvark board 2027-04-01" in listed, listed
    assert chat.say("/meeting agenda AB 2027-04-01").startswith("AB 2027-04-01 — Alpha board")
    store.engine.dispose()
