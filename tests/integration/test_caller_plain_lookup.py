"""A chat caller linked to a person is found from plain values (no ORM objects, one
statement), and is the same caller the full look-up finds; anything to write about them (a
new account, a link, a missing name) still goes the full way. On both backends."""

from __future__ import annotations

import pytest

import commands.identity as identity
from commands.context import Caller, MessageContext
from commands.identity import Me, actor_name, resolve_chat_caller
from storage.models import ChatUser, Person, Workspace
from storage.unit_of_work import Store
from tests.factories import link_chat_user, make_person, seeded


def _msg(user_id: str, *, real_name: str = "", admin: bool = False) -> MessageContext:
    caller = Caller(
        platform="slack",
        user_id=user_id,
        display_name=real_name,
        real_name=real_name,
        is_platform_admin=admin,
    )
    return MessageContext(workspace="local", caller=caller)


def _world(store: Store) -> None:
    with seeded(store) as uow:
        ann = make_person(uow, "Ann Example", roles=["HOS", "AD"], admin=True)
        uow.repos.people.get_or_create_role("HOS", "Head of Service").title = "Head of Service"
        bea = make_person(uow, "Bea Example")
        link_chat_user(uow, "slack", "UANN", ann)
        link_chat_user(uow, "slack", "UBEA", bea)
        link_chat_user(uow, "slack", "UNOBODY", None)
        nameless = link_chat_user(uow, "slack", "UNAMELESS", bea)
        nameless.display_name = ""


def _full(store: Store, msg: MessageContext) -> tuple[Me, str]:
    """The caller by the full (ORM) look-up, and the audit trail's name for them."""
    original = identity._linked_caller
    identity._linked_caller = lambda uow, caller: None  # type: ignore[assignment]
    try:
        with store.unit_of_work("local", actor="t", read_only=True) as uow:
            me = resolve_chat_caller(uow, msg)
            return me, repr((_facts(me), actor_name(msg.caller, me), uow.timezone))
    finally:
        identity._linked_caller = original


def _facts(me: Me) -> tuple[object, ...]:
    return (
        me.name,
        me.person_id,
        me.person.name if me.person else None,
        me.chat_user.external_id if me.chat_user else None,
        sorted(me.role_ids),
        sorted(me.role_keys),
        sorted(me.roles),
        me.is_admin,
        me.is_known,
        me.person_ids,
    )


@pytest.mark.parametrize(
    ("user_id", "real_name", "admin"),
    [
        ("UANN", "Ann Example", False),
        ("UANN", "Eve Mallory", False),  # the audit trail names both
        ("UBEA", "", True),  # a platform administrator
    ],
)
def test_linked_caller_from_plain_values_is_the_full_look_ups(
    store: Store, user_id: str, real_name: str, admin: bool
) -> None:
    _world(store)
    msg = _msg(user_id, real_name=real_name, admin=admin)
    _, expected = _full(store, msg)
    with store.unit_of_work("local", actor="t", read_only=True) as uow:
        me = resolve_chat_caller(uow, msg)
        # Nothing was loaded as an ORM object: the person and the account wait to be used.
        loaded = list(uow.session.identity_map.values())
        assert not any(isinstance(o, Person | ChatUser | Workspace) for o in loaded)
        assert repr((_facts(me), actor_name(msg.caller, me), uow.timezone)) == expected
        # Once used, they are the rows of this session (changes to them are saved with it).
        assert me.person is uow.session.get(Person, me.person_id)
        assert me.chat_user is not None and me.chat_user.external_id == user_id


def test_holder_of_two_roles_reads_both_with_titles(store: Store) -> None:
    _world(store)
    with store.unit_of_work("local", actor="t", read_only=True) as uow:
        me = resolve_chat_caller(uow, _msg("UANN"))
    assert sorted(me.role_keys) == ["AD", "HOS"] and len(set(me.role_ids)) == 2
    assert sorted(me.roles) == [("AD", "AD"), ("HOS", "Head of Service")]
    assert me.is_admin  # the person is an administrator


def test_callers_with_something_to_write_take_the_full_look_up(store: Store) -> None:
    _world(store)
    with seeded(store) as uow:
        # A new account, an unlinked one, and a linked one with no name yet.
        me = resolve_chat_caller(uow, _msg("UNEW", real_name="New Person"))
        assert me.person_id is None and me.chat_user is not None
        assert not resolve_chat_caller(uow, _msg("UNOBODY")).is_known
        named = resolve_chat_caller(uow, _msg("UNAMELESS", real_name="Bea Example"))
        assert named.name == "Bea Example"
    with store.unit_of_work("local", actor="t", read_only=True) as uow:
        users = {u.external_id: u.display_name for u in uow.session.query(ChatUser)}
    assert users["UNEW"] == "New Person"
    assert users["UNAMELESS"] == "Bea Example"


def test_unlinked_caller_is_not_taken_for_anyone(store: Store) -> None:
    _world(store)
    with store.unit_of_work("local", actor="t", read_only=True) as uow:
        assert uow.repos.people.caller_row("slack", "UNOBODY") is not None
        me = resolve_chat_caller(uow, _msg("UNOBODY"))
        assert me.person_id is None and me.person is None and not me.role_ids
