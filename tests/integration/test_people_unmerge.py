"""``unmerge <person>`` undoes an administrator's merge of people, on both backends: the
person merged away is back with everything the merge moved from them (owners in their places,
roles, chat account, updates, reminders, other names, administrator rights), a row changed
since the merge stays as it is and is named, a merge is undone once, and a merge recorded
before merges kept what they moved is refused, saying how to set things right by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from storage.models import Action, AuditEvent, Person
from storage.unit_of_work import Store
from tests.helpers import Chat, make_chat
from tests.integration.test_people_admin import (
    NOW,
    _account,
    _import,
    _post,
    _world,
    files,  # noqa: F401  (a fixture)
)


@pytest.fixture
def chat(store: Store, files: dict[str, Path]) -> Chat:  # noqa: F811
    _import(store, files)
    return make_chat(store, NOW)


def _make_admin(store: Store, name: str) -> None:
    with store.session_factory() as s, s.begin():
        s.info["actor"] = "test"
        s.scalars(select(Person).where(Person.name == name)).one().is_admin = True


def _person_ids(store: Store) -> dict[str, int]:
    with store.session_factory() as s:
        return {p.name: p.id for p in s.scalars(select(Person))}


def test_an_unmerge_puts_back_everything_the_merge_moved(store: Store, chat: Chat) -> None:
    assert chat.say("grant IRO/HOS to A. Smith").startswith("✔")
    assert chat.say("/actions update 1.1 Two carers approved", as_="A. Smith").startswith("✔")
    _account(store, "U0ASMITH1", "A. Smith")
    _post(store, "A. Smith")
    _make_admin(store, "A. Smith")
    chat.say("rename A. Smith to Alice Smith")  # an other name of hers, moved by the merge too
    chat.say("rename Alice Smith to A. Smith")
    before = _world(store)
    ids = _person_ids(store)
    merged = chat.say("merge A. Smith into Anne Smith")
    assert merged.endswith("`unmerge A. Smith` undoes it.")
    assert _world(store) != before
    reply = chat.say("unmerge A. Smith")
    assert reply == (
        "✔ Unmerged A. Smith from Anne Smith: A. Smith is a person again, with 3 actions "
        "(care-plan:1.1; care-plan:1.3; care-plan:1.4); 1 indicator (pep); 2 agenda items "
        "(CPAC 2015-10-05: Performance; CPAC 2028-01-07: Sufficiency); roles HOS, IRO; Slack "
        "account U0ASMITH1; 1 update logged. “A. Smith” and “Alice Smith” find A. Smith again. "
        "Anne Smith is no longer an administrator; A. Smith is, as before the merge."
    )
    assert _world(store) == before  # 1.3's two owners in their order, too
    assert _person_ids(store) == ids  # the same person, as the audit trail knows her
    assert chat.say("whoami", as_="A. Smith").startswith("You are A. Smith.")
    with store.session_factory() as s:
        people = {p.name: p for p in s.scalars(select(Person))}
        unmerged = s.scalars(select(AuditEvent).where(AuditEvent.change == "unmerge")).one()
        merge_row = s.scalars(select(AuditEvent).where(AuditEvent.change == "merge")).one()
    assert people["A. Smith"].is_admin and not people["Anne Smith"].is_admin
    assert unmerged.after == {"merge": merge_row.id, "id": ids["A. Smith"], "name": "A. Smith"}
    assert unmerged.actor == "console:operator (console operator)"
    # Once: the merge is undone, and the name is somebody's own again.
    assert chat.say("unmerge A. Smith") == (
        "✖ A. Smith is a person of their own: there is no merge of theirs to undo. Nothing was "
        "changed."
    )
    # And it can be merged (and unmerged) again.
    assert chat.say("merge A. Smith into Anne Smith").startswith("✔ Merged")
    assert chat.say("unmerge A. Smith").startswith("✔ Unmerged A. Smith from Anne Smith")
    assert _world(store) == before


def test_what_changed_since_the_merge_stays_as_it_is(store: Store, chat: Chat) -> None:
    chat.say("merge A. Smith into Anne Smith")
    assert chat.say("/actions assign 1.1 Bob Jones").startswith("✔")
    with store.session_factory() as s, s.begin():
        s.info["actor"] = "test"
        s.delete(s.scalars(select(Action).where(Action.ref == "1.4")).one())
    reply = chat.say("unmerge A. Smith")
    assert reply.startswith(
        "✔ Unmerged A. Smith from Anne Smith: A. Smith is a person again, with 1 action "
        "(care-plan:1.3); 1 indicator (pep);"
    )
    assert reply.endswith(
        "Changed since the merge, so left with whoever has them now: care-plan:1.1."
    )
    world = _world(store)
    assert world["actions"]["1.1"] == ["Bob Jones"]
    assert world["actions"]["1.3"] == ["A. Smith", "Anne Smith"]
    assert world["actions"]["1.2"] == ["Anne Smith", "HOS"]


def test_unmerge_refusals_name_what_was_wrong(store: Store, chat: Chat) -> None:
    assert chat.say("unmerge Nobody Known") == (
        "✖ No name “Nobody Known” was merged into anybody in this workspace. Nothing was changed."
    )
    assert chat.say("unmerge Bob Jones") == (
        "✖ Bob Jones is a person of their own: there is no merge of theirs to undo. Nothing "
        "was changed."
    )
    chat.say("rename Bob Jones to Robert Jones")
    assert chat.say("unmerge Bob Jones") == (
        "✖ “Bob Jones” finds Robert Jones because of a rename, not a merge: there is no merge "
        "to undo (`rename Robert Jones to <name>` changes a name). Nothing was changed."
    )
    chat.say("merge A. Smith into Anne Smith")
    refused = chat.say("unmerge A. Smith", as_="Robert Jones")
    assert refused == "✖ Only an administrator can unmerge people. Nothing was changed."
    assert "A. Smith" not in _person_ids(store)


def test_a_merge_recorded_before_unmerge_existed_is_refused(store: Store, chat: Chat) -> None:
    chat.say("merge A. Smith into Anne Smith")
    before = _world(store)
    with store.session_factory() as s, s.begin():
        s.info["audit"] = False
        row = s.scalars(select(AuditEvent).where(AuditEvent.change == "merge")).one()
        row.after = {k: v for k, v in (row.after or {}).items() if k != "undo"}
    assert chat.say("unmerge A. Smith") == (
        "✖ “A. Smith” was merged into Anne Smith before csbot kept what a merge moved, so it "
        "cannot be undone: `rename`, `/actions assign` and `grant` can set things right by "
        "hand. Nothing was changed."
    )
    assert _world(store) == before


def test_a_chain_of_merges_is_undone_from_the_last(store: Store, chat: Chat) -> None:
    before = _world(store)
    chat.say("merge A. Smith into Anne Smith")
    chat.say("merge Anne Smith into Bob Jones")
    assert chat.say("unmerge A. Smith") == (
        "✖ A. Smith was merged into somebody who has been merged into Bob Jones since: undo "
        "that merge first. Nothing was changed."
    )
    assert chat.say("unmerge Anne Smith").startswith("✔ Unmerged Anne Smith from Bob Jones")
    assert chat.say("unmerge A. Smith").startswith("✔ Unmerged A. Smith from Anne Smith")
    assert _world(store) == before
