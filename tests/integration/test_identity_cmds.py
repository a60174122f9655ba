"""link, iam, iam not, whoami — from a chat platform and from the console."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from commands.core import Core
from commands.views import ActionList, Notice, Question
from storage.models import AuditEvent
from storage.unit_of_work import Store
from tests.factories import chat_message, leeds_world, link_chat_user, make_person, seeded
from tests.helpers import make_chat


@pytest.fixture
def core(store: Store, frozen_now: datetime) -> Core:
    leeds_world(store)
    return Core(store, clock=lambda: frozen_now)


def send(core: Core, text: str, user: str = "U1", **kw: object) -> object:
    outcome = core.handle(chat_message(user, **kw), text)  # type: ignore[arg-type]
    assert outcome is not None
    return outcome.reply


def linked_person(store: Store, user: str) -> str | None:
    with store.unit_of_work("local") as uow:
        chat_user = uow.repos.people.chat_user("slack", user)
        if chat_user is None or chat_user.person_id is None:
            return None
        person = uow.repos.people.person_by_id(chat_user.person_id)
        return person.name if person else None


def roles_of(store: Store, name: str) -> list[str]:
    with store.unit_of_work("local") as uow:
        person = uow.repos.people.person_by_key(name.lower())
        assert person is not None
        return sorted(r.key for r in person.roles)


def test_link_then_mine_shows_my_actions(store: Store, core: Core) -> None:
    # Slack's real name has Sally's surname, not exactly her name: no automatic link.
    view = send(core, "link sally threlfall", real_name="Sal Threlfall")
    assert isinstance(view, Notice) and view.level == "success"
    assert linked_person(store, "U1") == "Sally Threlfall"
    # Only an administrator may link to somebody of another surname.
    view = send(core, "link Jackie", real_name="Sal Threlfall", admin=True)
    assert isinstance(view, Notice) and "instead of Sally Threlfall" in view.text
    mine = send(core, "/actions mine")
    assert isinstance(mine, ActionList) and [i.ref for i in mine.items] == ["3.1", "2.3", "2.4"]
    with store.unit_of_work("local") as uow:
        actors = uow.session.scalars(
            select(AuditEvent.actor).where(
                AuditEvent.entity == "chat_user", AuditEvent.change == "update"
            )
        ).all()
    assert actors == ["slack:U1 (Sal Threlfall)", "slack:U1 (Sal Threlfall as Sally Threlfall)"]


def test_link_is_automatic_by_real_name(store: Store, core: Core) -> None:
    view = send(core, "whoami", user="U2", real_name="Fiona Smith")
    assert isinstance(view, Notice) and "You are Fiona Smith." in view.text
    assert linked_person(store, "U2") == "Fiona Smith"


def test_link_to_an_ambiguous_name_asks_which(store: Store, core: Core) -> None:
    with seeded(store) as uow:
        make_person(uow, "Fiona Jones", roles=["IRO"])
    view = send(core, "link Fiona")
    assert isinstance(view, Question)
    assert [c.command for c in view.choices] == ["link Fiona Jones", "link Fiona Smith"]
    assert view.choices[0].label == "Fiona Jones (IRO)"
    assert linked_person(store, "U1") is None


def test_link_never_links_on_a_spelling_guess(store: Store, core: Core) -> None:
    view = send(core, "link Jacky Wilson")
    assert isinstance(view, Question) and "Did you mean" in view.text
    assert [c.command for c in view.choices] == ["link Jackie Wilson"]
    assert linked_person(store, "U1") is None


def test_link_to_an_unknown_person_names_the_nearest(store: Store, core: Core) -> None:
    view = send(core, "link Sallie Thorogood")
    assert isinstance(view, Notice) and view.level == "error"
    assert "Sallie Thorogood" in view.text and "Sally Threlfall" in view.text
    assert linked_person(store, "U1") is None


def test_link_to_someone_already_linked_needs_an_administrator(store: Store, core: Core) -> None:
    with seeded(store) as uow:
        link_chat_user(uow, "slack", "UREAL", uow.repos.people.person_by_key("fiona smith"))
    view = send(core, "link Fiona Smith", user="UIMPOSTOR")
    assert isinstance(view, Notice) and "administrator" in view.text
    assert linked_person(store, "UIMPOSTOR") is None
    view = send(core, "link Fiona Smith", user="UADMIN", admin=True)
    assert isinstance(view, Notice) and view.level == "success"


def test_iam_grants_lists_and_revokes_roles(store: Store, core: Core) -> None:
    send(core, "link Sally Threlfall", real_name="Sal Threlfall")
    # Only a role nobody holds can be claimed: an administrator frees HOS first.
    send(core, "revoke HOS from Jackie Wilson", user="UADMIN", admin=True)
    # HOS and IRO own actions, which their holders may change: an administrator gives them.
    view = send(core, "iam head of service")
    assert isinstance(view, Notice) and view.level == "error", view
    assert view.text.startswith("HOS owns 1 outstanding action"), view.text
    assert "`grant HOS to Sally Threlfall`" in view.text, view.text
    assert roles_of(store, "Sally Threlfall") == []
    send(core, "grant head of service to Sally Threlfall", user="UADMIN", admin=True)
    send(core, "grant IRO to Sally Threlfall", user="UADMIN", admin=True)
    assert roles_of(store, "Sally Threlfall") == ["HOS", "IRO"]
    view = send(core, "iam")
    assert isinstance(view, Notice) and "HOS, IRO" in view.text
    mine = send(core, "/actions mine")
    assert isinstance(mine, ActionList) and {i.ref for i in mine.items} == {"3.1", "10"}
    view = send(core, "iam HOS")
    assert isinstance(view, Notice) and "already" in view.text
    send(core, "iam not hos")
    assert roles_of(store, "Sally Threlfall") == ["IRO"]
    view = send(core, "iam not HOS")
    assert isinstance(view, Notice) and view.level == "error"


def test_iam_creates_standard_roles_but_not_unknown_ones(store: Store, core: Core) -> None:
    send(core, "link Sally Threlfall", real_name="Sal Threlfall")
    send(core, "iam virtual school head")
    assert roles_of(store, "Sally Threlfall") == ["VSH"]
    view = send(core, "iam Grand Wizard")
    assert isinstance(view, Notice) and view.level == "error"
    assert "no role called" in view.text and "HOS" in view.text
    view = send(core, "iam Fiona Smith")
    assert isinstance(view, Notice) and "link Fiona Smith" in view.text
    assert roles_of(store, "Sally Threlfall") == ["VSH"]


def test_unlinked_users_are_told_to_link_first(store: Store, core: Core) -> None:
    for text in ("iam HOS", "iam not HOS", "iam"):
        view = send(core, text, user="UNEW")
        assert isinstance(view, Notice) and "link <your name>" in view.text, text
    view = send(core, "whoami", user="UNEW")
    assert isinstance(view, Notice) and "not linked" in view.text


def test_whoami_names_person_roles_and_account(store: Store, core: Core) -> None:
    send(core, "link Jackie Wilson", user="UJ", real_name="Jackie W. Wilson")
    view = send(core, "whoami", user="UJ")
    assert isinstance(view, Notice)
    assert view.text == "You are Jackie Wilson. Your roles: HOS. Chat account: slack UJ."


def test_console_identity(store: Store, frozen_now: datetime) -> None:
    leeds_world(store)
    chat = make_chat(store, frozen_now)
    assert "--as" in chat.say("link Fiona Smith")
    assert "--as" in chat.say("iam HOS")
    operator = chat.say("whoami")
    assert "administrator" in operator
    assert "iam" not in operator  # the operator holds no roles and cannot take one
    assert "You now hold TM" in chat.say("iam TM", as_="Fiona Smith")
    assert chat.say("whoami", as_="Fiona Smith") == "You are Fiona Smith. Your roles: TM."
