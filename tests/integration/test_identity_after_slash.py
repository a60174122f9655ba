"""The commands about who you are (link, iam, whoami, grant, revoke) also work after
/actions, /kpi and /meeting: Slack has only those three slash commands. An indicator is still
looked up by any name that does not start with one of those exact words."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from commands.core import Core
from commands.views import Help, KpiCard, Notice
from storage.unit_of_work import Store
from tests.factories import add_monthly_indicator, chat_message, leeds_world, seeded
from tests.helpers import make_chat

SLASHES = ("/actions", "/kpi", "/meeting")


@pytest.fixture
def core(store: Store, frozen_now: datetime) -> Core:
    leeds_world(store)
    with seeded(store, "local") as uow:
        add_monthly_indicator(
            uow,
            "link-rate",
            "Linked placements",
            [("Nov 2015", date(2015, 11, 30), 80.0)],
            target=90,
        )
        add_monthly_indicator(
            uow, "iamr", "Iamr reviews", [("Nov 2015", date(2015, 11, 30), 50.0)], target=60
        )
    return Core(store, clock=lambda: frozen_now)


def send(core: Core, text: str, user: str = "U1", **kw: object) -> object:
    outcome = core.handle(chat_message(user, **kw), text)  # type: ignore[arg-type]
    assert outcome is not None
    assert outcome.understood, (text, outcome.reply)
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


@pytest.mark.parametrize("slash", SLASHES)
@pytest.mark.parametrize("platform", ["slack", "teams"])
def test_link_after_each_slash_command(store: Store, core: Core, slash: str, platform: str) -> None:
    view = send(core, f"{slash} link Sally Threlfall", platform=platform, real_name="Sal Threlfall")
    assert isinstance(view, Notice) and view.level == "success", view
    assert linked_person(store, "U1", platform) == "Sally Threlfall"
    view = send(core, f"{slash} whoami", platform=platform)
    assert isinstance(view, Notice) and view.text.startswith("You are Sally Threlfall."), view


@pytest.mark.parametrize("slash", SLASHES)
def test_iam_iam_not_and_grant_revoke_after_a_slash_command(
    store: Store, core: Core, slash: str
) -> None:
    send(core, f"{slash} link Sally Threlfall", real_name="Sal Threlfall")
    view = send(core, f"{slash} iam TM")
    assert isinstance(view, Notice) and "You now hold TM" in view.text, view
    view = send(core, f"{slash} iam")
    assert isinstance(view, Notice) and "TM" in view.text, view
    send(core, f"{slash} iam not TM")
    assert roles_of(store, "Sally Threlfall") == []
    send(core, f"{slash} grant VSH to Fiona Smith", user="UADMIN", admin=True)
    assert roles_of(store, "Fiona Smith") == ["VSH"]
    send(core, f"{slash} revoke VSH from Fiona Smith", user="UADMIN", admin=True)
    assert roles_of(store, "Fiona Smith") == []


def test_console_takes_them_after_a_slash_command_too(store: Store, frozen_now: datetime) -> None:
    leeds_world(store)
    chat = make_chat(store, frozen_now)
    assert "You now hold TM" in chat.say("/kpi iam TM", as_="Fiona Smith")
    assert chat.say("/meeting whoami", as_="Fiona Smith") == "You are Fiona Smith. Your roles: TM."


def test_indicator_names_are_still_looked_up(core: Core) -> None:
    for typed in ("/kpi link-rate", "/kpi linked placements", "/kpi iamr", "/kpi Iamr reviews"):
        view = send(core, typed)
        assert isinstance(view, KpiCard), (typed, view)
    assert isinstance(send(core, "/kpi help"), Help)


def test_the_group_keeps_its_own_commands_of_the_same_word(store: Store, core: Core) -> None:
    # /meeting link <meeting> plan <plan> is a meeting command: with its own words it is never
    # taken for `link <person>` (its mistakes get the meeting command's usage).
    outcome = core.handle(chat_message("U1"), "/meeting link CPAC plan")
    assert outcome is not None and not outcome.understood
    assert isinstance(outcome.reply, Notice)
    assert outcome.reply.suggestions[0].startswith("/meeting link <target...> plan")
    assert linked_person(store, "U1") is None
    # /actions link-channel is not `link`.
    outcome = core.handle(chat_message("U1"), "/actions link-channel")
    assert outcome is not None and not outcome.understood
    assert linked_person(store, "U1") is None


def test_a_slash_identity_command_missing_its_words_suggests_its_usage(core: Core) -> None:
    outcome = core.handle(chat_message("U1"), "/actions link")
    assert outcome is not None and not outcome.understood
    assert isinstance(outcome.reply, Notice)
    # Both forms of `link`, the more specific (an administrator's) first, as it is tried first.
    assert outcome.reply.suggestions[:2] == [
        "/actions link <user> to <person...>",
        "/actions link <person...>",
    ]
