"""Standard roles (CLERK, LMCS, ACE...) can be granted before anything is owned by them, as
csbot's own refusals tell administrators to (`grant CLERK to <person>`), and a standard role
is always the role with its key, never another role with a similar title."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from commands.core import Core
from commands.views import Notice
from storage.models import Role
from storage.unit_of_work import Store
from tests.factories import chat_message, leeds_world, make_person, seeded
from tests.helpers import make_chat
from tests.integration.test_meeting_world import build_world

ADMIN = {"user": "UADMIN", "admin": True}


@pytest.fixture
def core(store: Store, frozen_now: datetime) -> Core:
    leeds_world(store)
    return Core(store, clock=lambda: frozen_now)


def send(core: Core, text: str, user: str = "U1", **kw: Any) -> Any:
    outcome = core.handle(chat_message(user, **kw), text)
    assert outcome is not None
    return outcome.reply


def roles_of(store: Store, name: str) -> list[str]:
    with store.unit_of_work("local") as uow:
        person = uow.repos.people.person_by_key(name.lower())
        assert person is not None
        return sorted(r.key for r in person.roles)


def role_keys(store: Store) -> set[str]:
    with store.session_factory() as s:
        return set(s.scalars(select(Role.key)))


def test_grant_clerk_creates_the_role_on_demand(store: Store, core: Core) -> None:
    assert "CLERK" not in role_keys(store)
    view = send(core, "grant CLERK to Fiona Smith", **ADMIN)
    assert isinstance(view, Notice) and view.level == "success", view
    assert view.text.startswith("Fiona Smith now holds CLERK (Committee Clerk).")
    assert roles_of(store, "Fiona Smith") == ["CLERK"]
    # Its title and other spellings name the same role.
    for text in ("grant Committee Clerk to Fiona Smith", "grant clerk to Fiona Smith"):
        view = send(core, text, **ADMIN)
        assert view.text == "Fiona Smith already holds CLERK. Nothing changed.", text
    view = send(core, "revoke Committee Clerk from Fiona Smith", **ADMIN)
    assert isinstance(view, Notice) and view.level == "success", view
    assert roles_of(store, "Fiona Smith") == []


def test_the_advice_in_a_clerk_refusal_works(store: Store, frozen_now: datetime) -> None:
    build_world(store)
    with seeded(store) as uow:
        make_person(uow, "Fiona Smith")
    chat = make_chat(store, frozen_now)
    refused = chat.say("/meeting summaries CPAC off", as_="Fiona Smith")
    assert "`grant CLERK to <person>`" in refused and "Nothing was changed" in refused
    assert chat.say("grant CLERK to Fiona Smith").startswith(
        "✔ Fiona Smith now holds CLERK (Committee Clerk)."
    )
    reply = chat.say("/meeting summaries CPAC off", as_="Fiona Smith")
    assert reply.startswith("✔"), reply


@pytest.mark.parametrize(
    ("typed", "key", "title"),
    [
        ("LMCS", "LMCS", "Lead Member for Children's Services"),
        ("Lead Member for Children's Services", "LMCS", "Lead Member for Children's Services"),
        # The Leeds plan has a CX role: "Assistant Chief Executive" is not it.
        ("ACE", "ACE", "Assistant Chief Executive"),
    ],
)
def test_every_standard_role_can_be_granted(
    store: Store, core: Core, typed: str, key: str, title: str
) -> None:
    view = send(core, f"grant {typed} to Fiona Smith", **ADMIN)
    assert isinstance(view, Notice) and view.level == "success", view
    assert view.text.startswith(f"Fiona Smith now holds {key} ({title}).")
    assert roles_of(store, "Fiona Smith") == [key]


def test_only_administrators_grant_and_a_refused_grant_creates_nothing(
    store: Store, core: Core
) -> None:
    send(core, "link Sally Threlfall", real_name="Sal Threlfall")
    view = send(core, "grant CLERK to Sally Threlfall")
    assert isinstance(view, Notice) and view.level == "error" and "administrator" in view.text
    view = send(core, "grant CLERK/Grand Wizard Board to Sally Threlfall", **ADMIN)
    assert isinstance(view, Notice) and view.level == "error", view
    assert "Grand Wizard Board" in view.text and "Nothing was changed" in view.text
    assert "CLERK" not in role_keys(store)
    assert roles_of(store, "Sally Threlfall") == []


def test_iam_never_claims_the_clerk_role_which_carries_rights(store: Store, core: Core) -> None:
    # CLERK lets its holders change committees: only an administrator gives it, even while
    # nobody holds it (otherwise the first to ask would get those rights).
    send(core, "link Sally Threlfall", real_name="Sal Threlfall")
    view = send(core, "iam CLERK")
    assert isinstance(view, Notice) and view.level == "error", view
    assert "only an administrator can give it" in view.text
    assert "grant CLERK to Sally Threlfall" in view.text
    assert roles_of(store, "Sally Threlfall") == []
    assert "CLERK" not in role_keys(store)  # the refusal created nothing
    send(core, "grant CLERK to Sally Threlfall", **ADMIN)
    assert roles_of(store, "Sally Threlfall") == ["CLERK"]
    # A role without rights is still claimed by whoever holds it first.
    send(core, "link Fiona Smith", user="U2", real_name="Fi Smith")
    view = send(core, "iam clerk", user="U2")
    assert isinstance(view, Notice) and view.level == "error"
    assert roles_of(store, "Fiona Smith") == []
