"""`/actions handover <person> to <owners>`: a leaver's outstanding actions, indicators and
agenda items of meetings to come pass to others, in the leaver's place among co-owners; done
actions and past meetings keep their record. Administrators, or the person themselves."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from commands.demo import build_demo
from commands.status import is_outstanding
from storage.models import (
    Action,
    ActionOwner,
    AgendaItem,
    AgendaItemOwner,
    AuditEvent,
    Indicator,
    IndicatorOwner,
    Meeting,
    Person,
    Role,
)
from storage.unit_of_work import Store
from tests.helpers import Chat, make_chat

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
LEAVER = "Dominic Porter-Moore"

Owners = list[tuple[int | None, int | None]]


@pytest.fixture
def chat(store: Store) -> Chat:
    build_demo(store, "local", today=TODAY)
    return make_chat(store, NOW)


def _ids(store: Store) -> tuple[int, int, int]:
    """The leaver's, Jackie Wilson's and the HOS role's ids."""
    with store.session_factory() as s:
        leaver = s.scalar(select(Person.id).where(Person.name == LEAVER))
        jackie = s.scalar(select(Person.id).where(Person.name == "Jackie Wilson"))
        hos = s.scalar(select(Role.id).where(Role.key == "HOS"))
    assert leaver and jackie and hos
    return leaver, jackie, hos


def _owners(store: Store) -> dict[str, dict[int, Owners]]:
    """Every action's, indicator's and agenda item's owners, in order."""
    out: dict[str, dict[int, Owners]] = {"action": {}, "indicator": {}, "item": {}}
    with store.session_factory() as s:
        for key, model, parent in (
            ("action", ActionOwner, ActionOwner.action_id),
            ("indicator", IndicatorOwner, IndicatorOwner.indicator_id),
            ("item", AgendaItemOwner, AgendaItemOwner.agenda_item_id),
        ):
            rows = s.execute(
                select(parent, model.person_id, model.role_id).order_by(parent, model.position)
            )
            for owner_of, person_id, role_id in rows:
                out[key].setdefault(owner_of, []).append((person_id, role_id))
    return out


def _replaced(owners: Owners, leaver: int, to: Owners) -> Owners:
    new: Owners = []
    for owner in owners:
        for o in to if owner == (leaver, None) else [owner]:
            if o not in new:
                new.append(o)
    return new


def _what_changes(store: Store) -> dict[str, set[int]]:
    """Which actions (outstanding) and agenda items (meetings to come) may change."""
    with store.session_factory() as s:
        actions = {a.id for a in s.scalars(select(Action)) if is_outstanding(a.status)}
        items = set(
            s.scalars(
                select(AgendaItem.id)
                .join(Meeting, Meeting.id == AgendaItem.meeting_id)
                .where(Meeting.starts_at > NOW)
            )
        )
    return {"action": actions, "item": items}


def test_an_administrator_hands_a_leavers_work_to_a_role(store: Store, chat: Chat) -> None:
    leaver, _, hos = _ids(store)
    before = _owners(store)
    mine = [a for a, owners in before["action"].items() if (leaver, None) in owners]
    assert len(mine) > 2
    # One of the leaver's actions is done already: it keeps its record.
    with store.session_factory() as s:
        done = s.get(Action, mine[0])
        assert done is not None
        ref = f"{done.plan.slug}:{done.ref}"
    assert chat.say(f"actions done {ref}").startswith("✔ ")
    changing = _what_changes(store)
    reply = chat.say(f"/actions handover {LEAVER} to HOS")
    assert reply.startswith(f"✔ Handed {LEAVER}'s ")
    assert reply.endswith(f"{LEAVER} still holds HOS: `revoke HOS from {LEAVER}` if they go.")
    after = _owners(store)
    changed = {"action": 0, "indicator": 0, "item": 0}
    for kind in after:
        for owner_of, owners in before[kind].items():
            may_change = kind == "indicator" or owner_of in changing[kind]
            expected = _replaced(owners, leaver, [(None, hos)]) if may_change else owners
            assert after[kind][owner_of] == expected, (kind, owner_of)
            changed[kind] += expected != owners
    assert all(changed.values()), changed  # the demo gives the leaver some of each
    assert (leaver, None) in after["action"][mine[0]]
    assert f"{changed['action']} outstanding actions" in reply
    with store.session_factory() as s:
        for indicator in s.scalars(select(Indicator)):
            assert LEAVER not in indicator.owner_text
        action_rows = s.scalars(select(Action).where(Action.id.in_(changing["action"]))).all()
        assert all(LEAVER not in a.lead_text for a in action_rows)
        audited = s.scalars(
            select(AuditEvent).where(AuditEvent.entity == "action_owner", AuditEvent.at == NOW)
        ).all()
    assert {e.change for e in audited} >= {"create", "delete"}


def test_only_an_administrator_hands_over_work_even_ones_own(store: Store, chat: Chat) -> None:
    before = _owners(store)
    for who in ("Fiona Smith", LEAVER):
        refused = chat.say(f"/actions handover {LEAVER} to Jackie Wilson", as_=who)
        assert refused == (
            "✖ Only an administrator can hand over someone's work. Nothing was changed."
        )
    assert chat.say("/actions handover me to Jackie Wilson", as_=LEAVER).startswith("✖ Only")
    assert _owners(store) == before


@pytest.mark.parametrize("named", ["dominic porter moore", "@Dominic Porter-Moore"])
def test_the_leaver_is_named_in_full_however_it_is_spelled(
    store: Store, chat: Chat, named: str
) -> None:
    leaver, jackie, _ = _ids(store)
    reply = chat.say(f"/actions handover {named} to Jackie Wilson")
    assert reply.startswith(f"✔ Handed {LEAVER}'s work to Jackie Wilson: ")
    after = _owners(store)
    assert not any((leaver, None) in o for o in after["indicator"].values())
    assert any((jackie, None) in o for o in after["indicator"].values())


def test_a_person_and_a_role_run_together_are_refused_not_half_read(
    store: Store, chat: Chat
) -> None:
    before = _owners(store)
    for owners in ("Jackie Wilson to HOS", "Jackie Wilson HOS", "jackie wilson hos"):
        reply = chat.say(f"/actions handover {LEAVER} to {owners}")
        assert reply == (
            f"✖ “{owners}” names a person and a role (HOS) together: separate owners with / or "
            "a comma, like `Jackie Wilson/HOS`. Nothing was changed."
        )
    assert _owners(store) == before
    assert chat.say(f"/actions handover {LEAVER} to Jackie Wilson/HOS").startswith("✔ Handed")


def test_a_role_nobody_else_holds_is_named_in_the_answer(store: Store, chat: Chat) -> None:
    reply = chat.say("/actions handover Fiona Smith to VSH")
    assert reply.endswith(
        "Note: only Fiona Smith holds VSH, so the work is still theirs through it: "
        "`grant VSH to <person>` for whoever takes over."
    )
    reply = chat.say(f"/actions handover {LEAVER} to LMCS")
    assert "Note: nobody holds LMCS yet: `grant LMCS to <person>` so that someone is reminded." in (
        reply
    )


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        (
            f"/actions handover {LEAVER} to {LEAVER}",
            f"✖ Hand {LEAVER}'s work to someone else. Nothing was changed.",
        ),
        (
            "/actions handover Dominic to HOS",
            "✖ “Dominic” could be Dominic Porter-Moore: write the full name. Nothing was changed.",
        ),
        (
            "/actions handover Nobody Known to HOS",
            "✖ I don't know anyone called “Nobody Known” in this workspace. Nothing was changed.",
        ),
        ("/actions handover Sam Nobody to HOS", None),
        ("/actions handover Sam Nobody to new Jane Doe", None),
    ],
)
def test_a_handover_that_cannot_be_made_changes_nothing(
    store: Store, chat: Chat, text: str, answer: str | None
) -> None:
    before = _owners(store)
    if answer is None:  # a person who leads nothing
        with store.unit_of_work("local") as uow:
            uow.repos.people.get_or_create_person("Sam Nobody", "sam nobody")
            uow.commit()
        answer = (
            "Sam Nobody leads no outstanding actions, indicators or agenda items of meetings "
            "to come. Nothing was changed."
        )
    with store.session_factory() as s:
        people = s.scalars(select(Person.name)).all()
    assert chat.say(text) == answer
    assert _owners(store) == before
    with store.session_factory() as s:
        assert s.scalars(select(Person.name)).all() == people  # nobody added


def test_who_gets_the_work_comes_first_and_long_titles_are_cut(store: Store, chat: Chat) -> None:
    long = "Report on the stability of long-term placements for children in care " * 4
    for n in range(12):
        added = chat.say(f"/meeting item add CPAC 2026-12-07 {long}{n} lead {LEAVER}")
        assert added.startswith("Added item "), added
    reply = chat.say(f"/actions handover {LEAVER} to Jackie Wilson")
    assert reply.startswith(f"✔ Handed {LEAVER}'s work to Jackie Wilson: ")
    assert len(reply) < 2_900  # Slack's cut for one text block
    assert reply.endswith(f"`revoke HOS from {LEAVER}` if they go.")
    assert long[:30] in reply and long[:200] not in reply
