"""Nobody can become somebody else: auto-linking, `link`, `iam`, `grant`/`revoke`, audit."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from commands.context import Caller, MessageContext
from commands.core import Core
from commands.identity_prompt import identity_question
from commands.views import Notice, Question
from storage.models import AuditEvent
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.factories import chat_message, leeds_world, make_person, seeded
from tests.helpers import make_chat


@pytest.fixture
def core(store: Store, frozen_now: datetime) -> Core:
    leeds_world(store)
    return Core(store, clock=lambda: frozen_now)


def send(core: Core, text: str, user: str = "U1", **kw: Any) -> Any:
    outcome = core.handle(chat_message(user, **kw), text)
    assert outcome is not None
    return outcome.reply


def send_as(core: Core, text: str, caller: Caller) -> Any:
    outcome = core.handle(MessageContext(workspace="local", caller=caller), text)
    assert outcome is not None
    return outcome.reply


def linked_person(store: Store, user: str, platform: str = "slack") -> str | None:
    with store.unit_of_work("local") as uow:
        chat_user = uow.repos.people.chat_user(platform, user)
        if chat_user is None or chat_user.person_id is None:
            return None
        person = uow.repos.people.person_by_id(chat_user.person_id)
        return person.name if person else None


def roles_of(store: Store, name: str) -> list[str]:
    with store.unit_of_work("local") as uow:
        person = uow.repos.people.person_by_key(name.lower())
        assert person is not None
        return sorted(r.key for r in person.roles)


def audit(store: Store, entity: str) -> list[tuple[str, str, Any, Any]]:
    with store.unit_of_work("local") as uow:
        rows = uow.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity == entity, AuditEvent.actor != "test")
            .order_by(AuditEvent.id)
        ).all()
        return [(r.change, r.actor, r.before, r.after) for r in rows]


def is_refusal(view: Any, *words: str) -> bool:
    return (
        isinstance(view, Notice)
        and view.level == "error"
        and "Nothing was changed" in view.text
        and all(w in view.text for w in words)
    )


# -- automatic links -------------------------------------------------------------------------


def test_a_display_name_never_links_automatically(store: Store, core: Core) -> None:
    impostor = Caller(
        platform="slack", user_id="UEVE", display_name="Fiona Smith", real_name="Eve Mallory"
    )
    view = send_as(core, "whoami", impostor)
    assert isinstance(view, Notice) and "not linked" in view.text
    assert linked_person(store, "UEVE") is None
    # A display name alone (no real name reported) does not link either.
    bare = Caller(platform="slack", user_id="UEVE2", display_name="Fiona Smith")
    send_as(core, "whoami", bare)
    assert linked_person(store, "UEVE2") is None
    # Nor is it offered as a choice: `link` would refuse it (Slack says she is Eve Mallory).
    msg = MessageContext(workspace="local", caller=impostor)
    view = core.run_view(msg, identity_question, writes=False).reply
    assert isinstance(view, Question)
    assert view.choices == []


def test_a_person_another_account_is_linked_to_is_not_offered(store: Store, core: Core) -> None:
    send(core, "whoami", user="UREAL", real_name="Fiona Smith")
    assert linked_person(store, "UREAL") == "Fiona Smith"
    impostor = Caller(
        platform="slack", user_id="UEVE", display_name="Fiona Smith", real_name="Eve Mallory"
    )
    view = core.run_view(
        MessageContext(workspace="local", caller=impostor), identity_question, writes=False
    ).reply
    assert isinstance(view, Question)
    assert "link Fiona Smith" not in [c.command for c in view.choices]


def test_a_person_linked_to_one_account_is_not_linked_to_a_second(store: Store, core: Core) -> None:
    send(core, "whoami", user="UREAL", real_name="Fiona Smith")
    assert linked_person(store, "UREAL") == "Fiona Smith"
    view = send(core, "whoami", user="UFAKE", real_name="Fiona Smith")
    assert isinstance(view, Notice) and "not linked" in view.text
    assert linked_person(store, "UFAKE") is None
    # Another platform's account is a different matter.
    send(core, "whoami", user="TFIONA", real_name="Fiona Smith", platform="teams")
    assert linked_person(store, "TFIONA", platform="teams") == "Fiona Smith"


def test_an_administrator_is_linked_by_e_mail_only(store: Store, core: Core) -> None:
    with seeded(store) as uow:
        make_person(uow, "Annie Walker", email="annie.walker@leeds.example", admin=True)
    send(core, "whoami", user="UANNIE1", real_name="Annie Walker")
    assert linked_person(store, "UANNIE1") is None
    send(core, "whoami", user="UANNIE2", real_name="A W", email="Annie.Walker@leeds.example")
    assert linked_person(store, "UANNIE2") == "Annie Walker"


def test_a_name_does_not_link_when_the_e_mails_differ(store: Store, core: Core) -> None:
    with seeded(store) as uow:
        make_person(uow, "Sally Threlfall", email="sally.threlfall@leeds.example")
    send(core, "whoami", user="USAL", real_name="Sally Threlfall", email="sally@evil.example")
    assert linked_person(store, "USAL") is None
    send(core, "whoami", user="USAL2", real_name="Sally Threlfall")
    assert linked_person(store, "USAL2") == "Sally Threlfall"


def test_automatic_links_name_the_chat_account_in_the_audit_trail(store: Store, core: Core) -> None:
    send(core, "whoami", user="U7", real_name="Fiona Smith")
    actors = {actor for _, actor, _, _ in audit(store, "chat_user")}
    assert actors == {"slack:U7 (Fiona Smith)"}


# -- link ------------------------------------------------------------------------------------


def test_link_to_an_administrator_needs_an_administrator(store: Store, core: Core) -> None:
    with seeded(store) as uow:
        make_person(uow, "Annie Walker", admin=True)
    view = send(core, "link Annie Walker", user="UEVE")
    assert is_refusal(view, "Annie Walker", "administrator")
    assert linked_person(store, "UEVE") is None
    view = send(core, "link Annie Walker", user="UADMIN", admin=True)
    assert isinstance(view, Notice) and view.level == "success"
    assert linked_person(store, "UADMIN") == "Annie Walker"


def test_link_refuses_a_person_with_another_e_mail(store: Store, core: Core) -> None:
    with seeded(store) as uow:
        make_person(uow, "Sally Threlfall", email="sally.threlfall@leeds.example")
    view = send(core, "link Sally Threlfall", user="UEVE", email="eve@evil.example")
    assert is_refusal(view, "Sally Threlfall", "e-mail")
    assert linked_person(store, "UEVE") is None
    # The same e-mail (in any case) links by itself.
    view = send(core, "whoami", user="US", email="SALLY.Threlfall@leeds.example")
    assert isinstance(view, Notice) and "You are Sally Threlfall" in view.text
    view = send(core, "link Sally Threlfall", user="UNOMAIL")
    assert is_refusal(view, "already linked")
    # With no reported e-mail, someone whose e-mail is on file is linked by an administrator
    # only: the platform could not say who is asking.
    with seeded(store) as uow:
        make_person(uow, "Fiona Smith", email="fiona.smith@leeds.example")
    view = send(core, "link Fiona Smith", user="UNOMAIL")
    assert is_refusal(view, "Fiona Smith has an e-mail on file", "administrator")
    assert linked_person(store, "UNOMAIL") is None
    with seeded(store) as uow:
        make_person(uow, "Sam Nomail")
    view = send(core, "link Sam Nomail", user="UNOMAIL", real_name="Samuel Nomail")
    assert isinstance(view, Notice) and view.level == "success"


# -- roles -----------------------------------------------------------------------------------


def test_iam_refuses_a_role_somebody_holds(store: Store, core: Core) -> None:
    send(core, "link Sally Threlfall", real_name="Sal Threlfall")
    view = send(core, "iam HOS")
    assert is_refusal(view, "Jackie Wilson", "administrator", "grant HOS to Sally Threlfall")
    view = send(core, "iam IRO/HOS")
    assert is_refusal(view, "Jackie Wilson")
    assert roles_of(store, "Sally Threlfall") == []
    assert audit(store, "person_role") == []
    # Once an administrator has added her, saying so again is harmless.
    send(core, "grant HOS to Sally Threlfall", user="UADMIN", admin=True)
    view = send(core, "iam HOS")
    assert isinstance(view, Notice) and "already hold HOS" in view.text


def test_iam_claims_a_free_role_and_gives_it_up_audited(store: Store, core: Core) -> None:
    send(core, "link Sally Threlfall", real_name="Sal Threlfall")
    view = send(core, "iam TM")
    assert isinstance(view, Notice) and view.level == "success"
    send(core, "iam not TM")
    assert roles_of(store, "Sally Threlfall") == []
    rows = audit(store, "person_role")
    assert [(change, actor) for change, actor, _, _ in rows] == [
        ("create", "slack:U1 (Sally Threlfall)"),
        ("delete", "slack:U1 (Sally Threlfall)"),
    ]
    link = {"role": "TM", "person": "Sally Threlfall"}
    assert rows[0][2] is None and link.items() <= rows[0][3].items()
    assert rows[1][3] is None and link.items() <= rows[1][2].items()


def test_a_role_that_owns_work_is_given_by_an_administrator(store: Store, core: Core) -> None:
    """Holding a role gives the right to change what it owns: claiming IRO (nobody holds it,
    and it owns an action) would let anyone linked close its actions or take
    them over, so only an administrator gives it."""
    send(core, "link Sally Threlfall", real_name="Sal Threlfall")
    view = send(core, "iam IRO")
    assert is_refusal(view, "IRO owns 1 outstanding action,", "grant IRO to")
    assert isinstance(view, Notice) and view.text.endswith("Nothing was changed."), view
    assert roles_of(store, "Sally Threlfall") == []
    assert audit(store, "person_role") == []
    view = send(core, "iam IRO", admin=True)
    assert isinstance(view, Notice) and view.level == "success", view


def test_an_administrator_may_claim_a_held_role(store: Store, core: Core) -> None:
    view = send(core, "link Sally Threlfall", admin=True)
    view = send(core, "iam HOS", admin=True)
    assert isinstance(view, Notice) and view.level == "success"
    assert roles_of(store, "Sally Threlfall") == ["HOS"]


def test_grant_and_revoke_are_for_administrators(store: Store, core: Core) -> None:
    send(core, "link Sally Threlfall", real_name="Sal Threlfall")
    for text in ("grant HOS to Sally Threlfall", "revoke HOS from Jackie Wilson"):
        assert is_refusal(send(core, text), "administrator"), text
    assert roles_of(store, "Sally Threlfall") == []
    assert roles_of(store, "Jackie Wilson") == ["HOS"]

    view = send(core, "grant HOS/IRO to Sally Threlfall", user="UADMIN", admin=True)
    assert isinstance(view, Notice) and view.level == "success", view
    assert "Sally Threlfall" in view.text and "HOS" in view.text and "IRO" in view.text
    view = send(core, "revoke head of service from Jackie Wilson", user="UADMIN", admin=True)
    assert isinstance(view, Notice) and view.level == "success", view
    assert roles_of(store, "Sally Threlfall") == ["HOS", "IRO"]
    assert roles_of(store, "Jackie Wilson") == []
    rows = audit(store, "person_role")
    assert [(c, a, (b or d)["person"], (b or d)["role"]) for c, a, b, d in rows] == [
        ("create", "slack:UADMIN (UADMIN)", "Sally Threlfall", "HOS"),
        ("create", "slack:UADMIN (UADMIN)", "Sally Threlfall", "IRO"),
        ("delete", "slack:UADMIN (UADMIN)", "Jackie Wilson", "HOS"),
    ]


def test_grant_and_revoke_say_what_was_wrong(store: Store, core: Core) -> None:
    admin = {"user": "UADMIN", "admin": True}
    view = send(core, "grant HOS to Jackie Wilson", **admin)
    assert isinstance(view, Notice) and "already" in view.text
    view = send(core, "revoke IRO from Fiona Smith", **admin)
    assert is_refusal(view, "Fiona Smith", "IRO")
    view = send(core, "grant HOS to Nobody Atall", **admin)
    assert is_refusal(view, "Nobody Atall")
    view = send(core, "grant Grand Wizard to Fiona Smith", **admin)
    assert is_refusal(view, "Grand Wizard")
    with seeded(store) as uow:
        make_person(uow, "Fiona Jones")
    view = send(core, "grant HOS to Fiona", **admin)
    assert isinstance(view, Question)
    assert [c.command for c in view.choices] == [
        "grant HOS to Fiona Jones",
        "grant HOS to Fiona Smith",
    ]
    assert roles_of(store, "Fiona Smith") == [] and roles_of(store, "Fiona Jones") == []


def test_console_roles(store: Store, frozen_now: datetime) -> None:
    leeds_world(store)
    chat = make_chat(store, frozen_now)
    assert "grant HOS to Fiona Smith" in chat.say("iam HOS", as_="Fiona Smith")
    assert "administrator" in chat.say("grant HOS to Fiona Smith", as_="Sally Threlfall")
    assert "Fiona Smith now holds HOS" in chat.say("grant HOS to Fiona Smith")
    assert "Jackie Wilson no longer holds HOS" in chat.say("revoke HOS from Jackie Wilson")
    assert roles_of(store, "Fiona Smith") == ["HOS"]
    assert roles_of(store, "Jackie Wilson") == []
    actors = {a for _, a, _, _ in audit(store, "person_role")}
    assert actors == {"console:operator (console operator)"}


def test_cli_say_refuses_a_held_role_and_lets_the_operator_grant_it(
    store: Store, database: Database
) -> None:
    leeds_world(store)
    env = {**os.environ, "DATABASE_URL": database.url}

    def say(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot.cli", "say", *args],
            env=env,
            text=True,
            capture_output=True,
            timeout=120,
        )

    refused = say("--as", "Fiona Smith", "iam HOS")
    assert refused.returncode == 0, refused.stderr
    assert "Jackie Wilson" in refused.stdout and "Nothing was changed" in refused.stdout
    granted = say("grant HOS to Fiona Smith")
    assert granted.returncode == 0 and "Fiona Smith now holds HOS" in granted.stdout
    assert roles_of(store, "Fiona Smith") == ["HOS"]
