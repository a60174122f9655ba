"""Administrators list, merge, rename and remove people (``people``, ``merge A into B``,
``rename A to B``, ``remove A``), on both backends: one audited change each, refused whole
when unsafe, and a re-import of the files that wrote a merged-away name does not bring it back.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from commands.importers import run_import
from storage.models import (
    Action,
    AgendaItem,
    AuditEvent,
    ChatUser,
    Indicator,
    Person,
    PersonAlias,
    PersonRole,
    Role,
    ScheduledPost,
    Update,
)
from storage.unit_of_work import Store
from tests.helpers import Chat, make_chat, owner_name

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
TODAY = date(2026, 11, 22)

PLAN = """Ref,Action,Lead,Timescale,Status
1.1,Recruit foster carers,A. Smith,March 2027,On track
1.2,Audit the PEPs,Anne Smith / HOS,March 2027,On track
1.3,Review the pathway plans,A. Smith / Anne Smith,March 2027,Not started
1.4,Publish the sufficiency strategy,A. Smith,March 2016,Complete
1.5,Train the panel,Bob Jones,March 2027,Not started
"""
KPIS = """indicator,slug,name,period,value,target,unit,polarity,owner
PEPs,pep,Up-to-date PEPs,May 2015,37,90,%,higher,A. Smith
Visits,visits,Visits on time,May 2015,80,90,%,higher,Bob Jones
"""
MEETINGS = """committee,date,time,item,lead
Corporate Parenting Advisory Committee,2015-10-05,18:30,Performance,A. Smith
Corporate Parenting Advisory Committee,2028-01-07,18:30,Sufficiency,A. Smith / Anne Smith
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """The plan, indicators and agenda the people come from."""
    paths = {}
    for kind, text in (("actions", PLAN), ("kpis", KPIS), ("meetings", MEETINGS)):
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        paths[kind] = path
    return paths


def _import(store: Store, files: dict[str, Path]) -> list[Any]:
    """Import every file; the reports."""
    return [
        run_import(store, "local", kind, path, plan="Care plan" if kind == "actions" else None)
        for kind, path in files.items()
    ]


@pytest.fixture
def chat(store: Store, files: dict[str, Path]) -> Chat:
    _import(store, files)
    return make_chat(store, NOW)


def _world(store: Store) -> dict[str, Any]:
    """Everything a change of people may touch: people, owners, roles, aliases, accounts."""
    with store.session_factory() as s:
        people = {p.id: p.name for p in s.scalars(select(Person))}
        return {
            "people": sorted(people.values()),
            "actions": {
                a.ref: [owner_name(o) for o in a.owners] for a in s.scalars(select(Action))
            },
            "leads": {a.ref: a.lead_text for a in s.scalars(select(Action))},
            "kpis": {
                i.slug: [owner_name(o) for o in i.owners] for i in s.scalars(select(Indicator))
            },
            "items": {
                i.title: [owner_name(o) for o in i.owners] for i in s.scalars(select(AgendaItem))
            },
            "roles": sorted(
                (people[r.person_id], r.role_id) for r in s.scalars(select(PersonRole))
            ),
            "aliases": sorted(
                (a.name, people[a.person_id]) for a in s.scalars(select(PersonAlias))
            ),
            "accounts": sorted(
                (u.external_id, people.get(u.person_id or 0)) for u in s.scalars(select(ChatUser))
            ),
            "authors": sorted(
                (u.author_name, people.get(u.author_person_id or 0))
                for u in s.scalars(select(Update))
            ),
            "posts": sorted(
                (p.key, people.get(p.person_id or 0)) for p in s.scalars(select(ScheduledPost))
            ),
        }


def _account(store: Store, user_id: str, person: str, *, platform: str = "slack") -> None:
    """A chat account linked to ``person``."""
    with store.session_factory() as s, s.begin():
        s.info["actor"] = "test"
        person_id = s.scalar(select(Person.id).where(Person.name == person))
        ws = s.scalar(select(Person.workspace_id).where(Person.name == person))
        assert person_id and ws
        s.add(
            ChatUser(workspace_id=ws, platform=platform, external_id=user_id, person_id=person_id)
        )


def _post(store: Store, person: str) -> None:
    """A nudge to ``person`` waiting to be sent."""
    with store.session_factory() as s, s.begin():
        s.info["actor"] = "test"
        found = s.scalars(select(Person).where(Person.name == person)).one()
        s.add(
            ScheduledPost(
                workspace_id=found.workspace_id,
                key="nudge:1",
                kind="due_soon",
                due_at=NOW,
                next_attempt_at=NOW,
                platform="slack",
                person_id=found.id,
            )
        )


# -- people -----------------------------------------------------------------------------------


def test_an_administrator_lists_people_with_what_each_holds(store: Store, chat: Chat) -> None:
    chat.say("grant IRO to Anne Smith")
    _account(store, "U0ANNE001", "Anne Smith")
    listed = chat.say("people")
    assert listed.splitlines()[0] == "People (3)"
    lines = {line.split(" — ")[0].strip(): line for line in listed.splitlines()[1:4]}
    assert list(lines) == ["A. Smith", "Anne Smith", "Bob Jones"]
    assert "3 open actions (care-plan:1.1; care-plan:1.3; care-plan:1.4" not in lines["A. Smith"]
    assert "2 open actions (care-plan:1.1; care-plan:1.3)" in lines["A. Smith"]
    assert "1 indicator (pep)" in lines["A. Smith"]
    assert "1 agenda item to come (CPAC 2028-01-07: Sufficiency)" in lines["A. Smith"]
    assert "IRO · Slack U0ANNE001 · 2 open actions" in lines["Anne Smith"]
    assert chat.say("people smith").splitlines()[0] == "People matching “smith” (2)"
    assert chat.say("people smi a").splitlines()[:3] == [
        "People matching “smi a” (2)",
        "  A. Smith — 2 open actions (care-plan:1.1; care-plan:1.3) · 1 indicator (pep) · 1 "
        "agenda item to come (CPAC 2028-01-07: Sufficiency)",
        "  Anne Smith — IRO · Slack U0ANNE001 · 2 open actions (care-plan:1.2; care-plan:1.3) · 1 "
        "agenda item to come (CPAC 2028-01-07: Sufficiency)",
    ]
    assert chat.say("people ith").splitlines()[:2] == [
        "People matching “ith” (0)",
        "Nobody's name has those words.",
    ]
    assert chat.say("/kpi people bob").splitlines()[0] == "People matching “bob” (1)"


def test_only_an_administrator_lists_people(chat: Chat) -> None:
    refused = chat.say("people", as_="Bob Jones")
    # A read-only command: its refusal does not say that nothing was changed.
    assert refused == "✖ Only an administrator can list people with what they hold."


# -- merge ------------------------------------------------------------------------------------


def test_a_merge_moves_everything_to_the_person_who_stays(store: Store, chat: Chat) -> None:
    assert chat.say("grant IRO/HOS to A. Smith").startswith("✔")
    assert chat.say("/actions update 1.1 Two carers approved", as_="A. Smith").startswith("✔")
    _account(store, "U0ASMITH1", "A. Smith")
    _post(store, "A. Smith")
    with store.session_factory() as s, s.begin():
        s.info["actor"] = "test"
        for person in s.scalars(select(Person).where(Person.name == "A. Smith")):
            person.is_admin = True
    reply = chat.say("merge A. Smith into Anne Smith")
    assert reply == (
        "✔ Merged A. Smith into Anne Smith: 3 actions (care-plan:1.1; care-plan:1.3; "
        "care-plan:1.4); 1 indicator (pep); 2 agenda items (CPAC 2015-10-05: Performance; CPAC "
        "2028-01-07: Sufficiency); roles HOS, IRO; Slack account U0ASMITH1; 1 update logged "
        "(shown with the name they were logged under). A. Smith is removed; “A. Smith” now "
        "finds Anne Smith in commands and imports. Anne Smith is now an administrator, as A. "
        "Smith was. `unmerge A. Smith` undoes it."
    )
    world = _world(store)
    assert world["people"] == ["Anne Smith", "Bob Jones"]
    assert world["actions"] == {
        "1.1": ["Anne Smith"],
        "1.2": ["Anne Smith", "HOS"],
        "1.3": ["Anne Smith"],  # both were owners: once now
        "1.4": ["Anne Smith"],  # done: its record follows the person
        "1.5": ["Bob Jones"],
    }
    assert world["leads"]["1.1"] == "A. Smith"  # the lead as written stays
    assert world["kpis"] == {"pep": ["Anne Smith"], "visits": ["Bob Jones"]}
    assert world["items"] == {"Performance": ["Anne Smith"], "Sufficiency": ["Anne Smith"]}
    assert world["aliases"] == [("A. Smith", "Anne Smith")]
    assert world["accounts"] == [("U0ASMITH1", "Anne Smith")]
    assert world["authors"] == [("A. Smith", "Anne Smith")]  # logged as A. Smith, by Anne now
    assert world["posts"] == [("nudge:1", "Anne Smith")]
    assert "Anne Smith — administrator · HOS, IRO · Slack U0ASMITH1" in chat.say("people anne")
    assert "also known as A. Smith" in chat.say("people anne")
    with store.session_factory() as s:
        merged = s.scalars(select(AuditEvent).where(AuditEvent.change == "merge")).all()
        deleted = s.scalars(
            select(AuditEvent).where(AuditEvent.entity == "person", AuditEvent.change == "delete")
        ).all()
    assert len(merged) == 1 and merged[0].actor == "console:operator (console operator)"
    assert merged[0].before == {"id": merged[0].entity_id, "name": "A. Smith"}
    assert merged[0].after is not None and merged[0].after["into"] == "Anne Smith"
    assert [d.before["name"] for d in deleted if d.before] == ["A. Smith"]


def test_the_merged_away_name_finds_the_person_who_stays(store: Store, chat: Chat) -> None:
    chat.say("merge A. Smith into Anne Smith")
    assert (
        chat.say("whoami", as_="A. Smith")
        == "You are Anne Smith. You hold no roles (add one with `iam <role>`, e.g. `iam HOS`)."
    )
    assert chat.say("/actions assign 1.5 A. Smith").startswith("✔ 1.5 is now owned by Anne Smith")
    # `new` does not claim to add the person the name finds.
    assert chat.say("/actions assign 1.1 new A. Smith / Bob Jones") == (
        "✔ 1.1 is now owned by Anne Smith, Bob Jones (was Anne Smith). Anne Smith was known "
        "already, so no new person was added."
    )
    assert chat.say("/actions assign 1.2 new Cllr Bob Jones").endswith(
        "Bob Jones was known already, so no new person was added."
    )
    assert _world(store)["people"] == ["Anne Smith", "Bob Jones"]
    assert chat.say("merge A. Smith into Anne Smith") == (
        "✖ “A. Smith” already finds Anne Smith (merged or renamed before): there is nothing to "
        "merge. Nothing was changed."
    )


def test_a_reimport_of_the_same_files_does_not_bring_a_merged_name_back(
    store: Store, chat: Chat, files: dict[str, Path]
) -> None:
    chat.say("merge A. Smith into Anne Smith")
    before = _world(store)
    reports = _import(store, files)
    assert _world(store) == before
    for report in reports:
        assert not report.changed_anything, (report.kind, report.notes)
        assert not any("read again" in note for note in report.notes), report.notes


def test_new_rows_writing_a_merged_away_name_go_to_the_person_who_stays(
    store: Store, chat: Chat, files: dict[str, Path]
) -> None:
    chat.say("merge A. Smith into Anne Smith")
    more = {
        "actions": PLAN + "1.6,Open a second children's home,Cllr A. Smith,June 2027,On track\n",
        "kpis": KPIS + "Stability,stability,Long-term stability,May 2015,70,75,%,higher,A. Smith\n",
        "meetings": MEETINGS
        + "Corporate Parenting Advisory Committee,2028-01-07,18:30,Ofsted,A. Smith\n",
    }
    for kind, text in more.items():
        files[kind].write_text(text, encoding="utf-8")
    _import(store, files)
    world = _world(store)
    assert world["people"] == ["Anne Smith", "Bob Jones"]
    assert world["actions"]["1.6"] == ["Anne Smith"]
    assert world["kpis"]["stability"] == ["Anne Smith"]
    assert world["items"]["Ofsted"] == ["Anne Smith"]


def test_a_merge_of_names_not_given_in_full_asks_which(store: Store, chat: Chat) -> None:
    before = _world(store)
    asked = chat.say("merge Smith into Bob Jones")
    assert asked.splitlines() == [
        "Nobody here is called “Smith” in full. Which one do you mean? Nothing was changed yet.",
        "  1. A. Smith  (type: merge A. Smith into Bob Jones)",
        "  2. Anne Smith  (type: merge Anne Smith into Bob Jones)",
    ]
    asked = chat.say("merge A. Smith into Ann Smith")
    assert asked.splitlines() == [
        "Nobody here is called “Ann Smith” in full. Do you mean Anne Smith? Nothing was changed "
        "yet.",
        "  1. Anne Smith  (type: merge A. Smith into Anne Smith)",
    ]
    assert _world(store) == before


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        (
            "merge Anne Smith into anne smith",
            "✖ Both names are Anne Smith: there is nothing to merge. Nothing was changed.",
        ),
        (
            "merge Nobody Known into Anne Smith",
            "✖ I don't know anyone called “Nobody Known” in this workspace. Nothing was changed.",
        ),
        (
            "merge A. Smith into Zed Nobody",
            "✖ I don't know anyone called “Zed Nobody” in this workspace. Nothing was changed.",
        ),
        (
            "merge <@U0NOBODY1> into Anne Smith",
            "✖ <@U0NOBODY1> has not linked their chat account to a person: name the person "
            "instead. Nothing was changed.",
        ),
    ],
)
def test_a_merge_that_cannot_be_made_changes_nothing(
    store: Store, chat: Chat, text: str, answer: str
) -> None:
    before = _world(store)
    assert chat.say(text) == answer
    assert _world(store) == before


def test_two_people_with_accounts_of_one_platform_are_not_merged(store: Store, chat: Chat) -> None:
    _account(store, "U0ASMITH1", "A. Smith")
    _account(store, "U0ANNE001", "Anne Smith")
    _account(store, "29:anne", "Anne Smith", platform="teams")
    before = _world(store)
    refused = chat.say("merge A. Smith into Anne Smith")
    assert refused == (
        "✖ A. Smith is linked to Slack account U0ASMITH1 and Anne Smith to U0ANNE001: two "
        "accounts, so most likely two people. If they are one, say which account is theirs "
        "first (`link U0ANNE001 to A. Smith` or `link U0ASMITH1 to Anne Smith` unlinks the "
        "other), then merge. Nothing was changed."
    )
    assert _world(store) == before


def test_two_people_with_different_emails_are_not_merged(store: Store, chat: Chat) -> None:
    with store.session_factory() as s, s.begin():
        s.info["actor"] = "test"
        for person in s.scalars(select(Person).where(Person.name.like("A%Smith"))):
            person.email = f"{person.name_key.replace(' ', '')}@council.example"
    before = _world(store)
    assert chat.say("merge A. Smith into Anne Smith") == (
        "✖ A. Smith and Anne Smith have different e-mails on file (asmith@council.example, "
        "annesmith@council.example): most likely two people. Nothing was changed."
    )
    assert _world(store) == before


def test_only_an_administrator_merges_renames_or_removes(store: Store, chat: Chat) -> None:
    before = _world(store)
    for text, what in (
        ("merge A. Smith into Anne Smith", "merge people"),
        ("rename A. Smith to Alice Smith", "rename people"),
        ("remove Bob Jones", "remove people"),
        ("/actions merge A. Smith into Anne Smith", "merge people"),
    ):
        assert chat.say(text, as_="Anne Smith") == (
            f"✖ Only an administrator can {what}. Nothing was changed."
        )
    assert _world(store) == before


# -- rename -----------------------------------------------------------------------------------


def test_a_rename_keeps_the_old_name_for_imports_and_commands(
    store: Store, chat: Chat, files: dict[str, Path]
) -> None:
    assert chat.say("rename A. Smith to Alice Smith") == (
        "✔ Renamed A. Smith to Alice Smith. “A. Smith” still finds Alice Smith in commands and "
        "imports, so a file still writing it does not add them again."
    )
    world = _world(store)
    with store.session_factory() as s:
        renamed = s.scalars(
            select(AuditEvent).where(AuditEvent.entity == "person", AuditEvent.change == "update")
        ).one()
    assert renamed.before == {"name": "A. Smith", "name_key": "a smith"}
    assert renamed.after == {"name": "Alice Smith", "name_key": "alice smith"}
    assert renamed.actor == "console:operator (console operator)"
    assert world["people"] == ["Alice Smith", "Anne Smith", "Bob Jones"]
    assert world["actions"]["1.1"] == ["Alice Smith"]
    assert world["aliases"] == [("A. Smith", "Alice Smith")]
    reports = _import(store, files)
    assert _world(store) == world
    assert not any(r.changed_anything for r in reports)
    assert chat.say("whoami", as_="A. Smith").startswith("You are Alice Smith.")
    # Back to the old name: it is theirs again, and no longer an alias.
    assert chat.say("rename Alice Smith to A. Smith").startswith(
        "✔ Renamed Alice Smith to A. Smith."
    )
    assert _world(store)["aliases"] == [("Alice Smith", "A. Smith")]
    assert chat.say("rename a. smith to A. SMITH") == "✔ A. Smith is now written A. SMITH."


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        (
            "rename A. Smith to Anne Smith",
            "✖ Anne Smith already has that name. If they are one person, merge them: "
            "`merge A. Smith into Anne Smith`. Nothing was changed.",
        ),
        (
            "rename A. Smith to HOS",
            "✖ “HOS” reads as a role, not a person's name: `grant` gives a person a role. "
            "Nothing was changed.",
        ),
        (
            "rename A. Smith to Alice Smith / Bob Jones",
            "✖ “Alice Smith / Bob Jones” is not one person's name as csbot reads names: give the "
            "name alone, without a post or other people. Nothing was changed.",
        ),
        ("rename A. Smith to A. Smith", "A. Smith is already called that. Nothing changed."),
    ],
)
def test_a_rename_that_cannot_be_made_changes_nothing(
    store: Store, chat: Chat, text: str, answer: str
) -> None:
    before = _world(store)
    assert chat.say(text).splitlines()[0] == answer
    assert _world(store) == before


def test_a_rename_to_a_merged_away_name_is_refused(store: Store, chat: Chat) -> None:
    chat.say("merge A. Smith into Anne Smith")
    before = _world(store)
    assert chat.say("rename Bob Jones to A. Smith").splitlines()[0] == (
        "✖ Anne Smith already has that name (“A. Smith” finds Anne Smith). If they are one "
        "person, merge them: `merge Bob Jones into Anne Smith`. Nothing was changed."
    )
    assert _world(store) == before


# -- remove -----------------------------------------------------------------------------------


def test_a_person_with_open_work_is_not_removed(store: Store, chat: Chat) -> None:
    before = _world(store)
    assert chat.say("remove A. Smith") == (
        "✖ A. Smith still has 2 outstanding actions (care-plan:1.1; care-plan:1.3); 1 indicator "
        "(pep); 1 agenda item to lead at meetings to come (CPAC 2028-01-07: Sufficiency). Hand "
        "them over first (`/actions handover A. Smith to <person or role>`), or merge A. Smith "
        "into whoever took over (`merge A. Smith into <person>`). Nothing was changed."
    )
    assert _world(store) == before


def test_a_leaver_is_removed_and_their_record_stays(store: Store, chat: Chat) -> None:
    chat.say("grant IRO to A. Smith")
    chat.say("/actions update 1.1 Two carers approved", as_="A. Smith")
    _account(store, "U0ASMITH1", "A. Smith")
    _post(store, "A. Smith")
    assert chat.say("/actions handover A. Smith to Bob Jones").startswith("✔ Handed")
    reply = chat.say("remove A. Smith")
    assert reply == (
        "✔ Removed A. Smith. 1 done action (care-plan:1.4) and 1 agenda item of past meetings "
        "(CPAC 2015-10-05: Performance) keep their lead as it was written. The update they "
        "logged keeps their name. They no longer hold IRO. Nobody holds IRO now: `grant IRO to "
        "<person>` so that someone is reminded. Slack account U0ASMITH1: no longer linked to "
        "anybody. A file re-imported that still names them as a lead keeps the lead as written "
        "and does not add them again (`unremove A. Smith` lets it)."
    )
    world = _world(store)
    assert world["people"] == ["Anne Smith", "Bob Jones"]
    assert world["actions"]["1.4"] == [] and world["leads"]["1.4"] == "A. Smith"
    assert world["items"]["Performance"] == []
    assert world["accounts"] == [("U0ASMITH1", None)]
    assert world["authors"] == [("A. Smith", None)]
    assert world["roles"] == []
    assert world["posts"] == []  # nothing is sent to somebody removed
    assert "A. Smith" in chat.say("/actions show 1.4")  # shown by its lead as written
    with store.session_factory() as s:
        gone = s.scalars(
            select(AuditEvent).where(
                AuditEvent.entity.in_(["person", "person_role", "action_owner", "chat_user"]),
                AuditEvent.change.in_(["delete", "update"]),
                AuditEvent.at == NOW,
            )
        ).all()
    assert {e.entity for e in gone} == {"person", "person_role", "action_owner", "chat_user"}


def test_an_other_name_that_is_the_name_of_the_person_staying_is_dropped(
    store: Store, chat: Chat
) -> None:
    # Possible only in data made outside these commands (a demo rebuilt, a copy): A. Smith
    # was once also known as "Anne Smith", the name of the person they merge into.
    with store.session_factory() as s, s.begin():
        s.info["actor"] = "test"
        smith = s.scalars(select(Person).where(Person.name == "A. Smith")).one()
        s.add(
            PersonAlias(
                workspace_id=smith.workspace_id,
                person_id=smith.id,
                name="Anne Smith",
                name_key="anne smith",
            )
        )
    assert chat.say("merge A. Smith into Anne Smith").startswith("✔ Merged A. Smith into Anne")
    assert _world(store)["aliases"] == [("A. Smith", "Anne Smith")]


def test_the_one_done_action_of_a_leaver_keeps_its_lead(store: Store, chat: Chat) -> None:
    assert chat.say("/actions done 1.5").startswith("✔")
    assert chat.say("/actions handover Bob Jones to Anne Smith").startswith("✔ Handed")
    assert chat.say("remove Bob Jones") == (
        "✔ Removed Bob Jones. 1 done action (care-plan:1.5) keeps its lead as it was written. "
        "A file re-imported that still names them as a lead keeps the lead as written and does "
        "not add them again (`unremove Bob Jones` lets it)."
    )
    world = _world(store)
    assert world["actions"]["1.5"] == [] and world["leads"]["1.5"] == "Bob Jones"
    assert world["kpis"]["visits"] == ["Anne Smith"]


def test_a_persons_roles_are_named_in_the_order_of_their_keys(store: Store, chat: Chat) -> None:
    # Made and granted out of order: every database names them A to Z all the same.
    with store.session_factory() as s, s.begin():
        s.info["actor"] = "test"
        ws = s.scalar(select(Person.workspace_id).limit(1))
        s.add_all(Role(workspace_id=ws, key=key, title=key) for key in ("YOT", "IRO", "ADM"))
    for key in ("YOT", "IRO", "ADM"):
        assert chat.say(f"grant {key} to Bob Jones").startswith("✔")
    reply = chat.say("merge Bob Jones into Anne Smith")
    assert "; roles ADM, IRO, YOT." in reply, reply
