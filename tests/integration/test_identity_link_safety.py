"""Nobody passes for a colleague with `link`: a non-administrator links only to a person whose
surname (or e-mail on file) is the one the platform reports; administrators link anyone's
account with `link <user> to <person>`; the audit trail keeps the platform's own name; and
`assign` to a role nobody holds says nobody will be reminded."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from commands.core import Core
from commands.views import ActionDetail, Notice, Question
from storage.models import AuditEvent
from storage.unit_of_work import Store
from tests.factories import chat_message, leeds_world, make_person, seeded
from tests.helpers import make_chat

EVE = "UEVE00001"
CATH = "UCATH0001"
ADMIN = {"user": "UADMIN001", "admin": True, "real_name": "Ann Admin"}
SLACK_TEAM = "T0LINK001"
TEAMS_ID = "0a1b2c3d-0000-4000-8000-00000000eeee"


@pytest.fixture
def core(store: Store, frozen_now: datetime) -> Core:
    leeds_world(store)
    with seeded(store) as uow:
        make_person(uow, "Catherine Marchant")
    return Core(store, clock=lambda: frozen_now)


def send(core: Core, text: str, user: str = EVE, **kw: Any) -> Any:
    kw.setdefault("real_name", "Eve Mallory")
    outcome = core.handle(chat_message(user, **kw), text)
    assert outcome is not None
    return outcome.reply


def linked(store: Store, user: str, platform: str = "slack", workspace: str = "local") -> Any:
    with store.unit_of_work(workspace) as uow:
        chat_user = uow.repos.people.chat_user(platform, user)
        if chat_user is None or chat_user.person_id is None:
            return None
        person = uow.repos.people.person_by_id(chat_user.person_id)
        return person.name if person else None


def audit(store: Store, entity: str, workspace: str = "local") -> list[tuple[str, str, Any]]:
    with store.unit_of_work(workspace) as uow:
        rows = uow.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity == entity, AuditEvent.actor != "test")
            .order_by(AuditEvent.id)
        ).all()
        return [(r.change, r.actor, r.after) for r in rows]


def person_id(store: Store, name: str, workspace: str = "local") -> int:
    with store.unit_of_work(workspace) as uow:
        person = uow.repos.people.person_by_key(name.lower())
        assert person is not None
        return person.id


def refused(view: Any, *words: str) -> bool:
    return (
        isinstance(view, Notice)
        and view.level == "error"
        and view.text.endswith("Nothing was changed.")
        and all(w in view.text for w in words)
    )


# -- link by a non-administrator -------------------------------------------------------------


def test_a_real_name_of_another_surname_cannot_link_to_a_colleague(
    store: Store, core: Core
) -> None:
    view = send(core, "/actions link Catherine Marchant")
    assert isinstance(view, Notice) and view.level == "error"
    assert view.text == (
        "Slack tells me you are Eve Mallory, not Catherine Marchant, so I can't link you: ask "
        "an administrator to link you with `link @you to Catherine Marchant`. "
        "Nothing was changed."
    )
    assert linked(store, EVE) is None
    # Unlinked, she claims no role either.
    view = send(core, "/actions iam DCS")
    assert isinstance(view, Notice) and view.level == "error"
    assert "don't know who you are" in view.text
    assert [a for a in audit(store, "chat_user") if a[0] == "update"] == []
    assert audit(store, "person_role") == []


def test_a_platform_that_gives_no_real_name_cannot_vouch_for_anyone(
    store: Store, core: Core
) -> None:
    view = send(core, "link Catherine Marchant", real_name="")
    assert refused(view, "Slack did not tell me your full name", "link @you to Catherine")
    # On Teams, mentions reach csbot as plain names: the advice names the account's id.
    view = send(core, "link Catherine Marchant", user=TEAMS_ID, platform="teams")
    assert refused(
        view, "Teams tells me you are Eve Mallory", f"`link {TEAMS_ID} to Catherine Marchant`"
    )
    assert linked(store, EVE) is None and linked(store, TEAMS_ID, "teams") is None


def test_the_same_surname_may_link_case_and_accents_aside(store: Store, core: Core) -> None:
    view = send(core, "link Catherine Marchant", user="UCATHY001", real_name="Cathy MÁRCHANT")
    assert isinstance(view, Notice) and view.level == "success", view
    assert linked(store, "UCATHY001") == "Catherine Marchant"
    # Slack's "Surname, Given (pronouns)" form is the same surname.
    view = send(
        core,
        "link Fiona Smith",
        user="UFI000001",
        real_name="Smith, Fi (she/her)",
        platform="teams",
    )
    assert isinstance(view, Notice) and view.level == "success", view


def test_the_e_mail_on_file_decides_before_the_name(store: Store, core: Core) -> None:
    with seeded(store) as uow:
        make_person(uow, "Eve Mallory")
        make_person(uow, "Dana Holt", email="dana.holt@leeds.example")
        make_person(uow, "Sam Holt", email="sam.holt@leeds.example")
    # Eve is linked to herself by her real name; Slack now reports Dana's e-mail for her
    # account (its e-mail was changed): the e-mail on file vouches for her, not the name.
    send(core, "whoami")
    assert linked(store, EVE) == "Eve Mallory"
    view = send(core, "link Dana Holt", email="Dana.Holt@leeds.example")
    assert isinstance(view, Notice) and view.level == "success", view
    assert linked(store, EVE) == "Dana Holt"
    # The same surname is no use against an e-mail on file that differs, or none reported.
    view = send(core, "link Sam Holt", user="UHOLT0001", real_name="S Holt", email="s@x.example")
    assert refused(view, "e-mail")
    view = send(core, "link Sam Holt", user="UHOLT0002", real_name="S Holt")
    assert refused(view, "has an e-mail on file")
    assert linked(store, "UHOLT0001") is None and linked(store, "UHOLT0002") is None


def test_the_buttons_offer_nobody_link_would_refuse(store: Store, core: Core) -> None:
    from commands.identity_prompt import identity_question

    msg = chat_message(EVE, real_name="Eve Mallory")
    view = core.run_view(msg, identity_question, writes=False).reply
    assert isinstance(view, Question) and view.choices == []
    msg = chat_message("UCATHY001", real_name="Cathy Marchant")
    view = core.run_view(msg, identity_question, writes=False).reply
    assert isinstance(view, Question)
    assert [c.command for c in view.choices] == ["link Catherine Marchant"]


# -- link by an administrator ----------------------------------------------------------------


def test_an_administrator_links_another_account_audited(store: Store, core: Core) -> None:
    # An account csbot has never met, by mention (as Slack sends it).
    view = send(core, f"/actions link <@{CATH}|cathy> to Catherine Marchant", **ADMIN)
    assert isinstance(view, Notice) and view.level == "success", view
    assert view.text == f"Slack account {CATH} is now linked to Catherine Marchant."
    assert linked(store, CATH) == "Catherine Marchant"
    catherine = person_id(store, "Catherine Marchant")
    rows = audit(store, "chat_user")
    assert ("create", "slack:UADMIN001 (Ann Admin)") in [(c, a) for c, a, _ in rows]
    assert ("update", "slack:UADMIN001 (Ann Admin)", {"person_id": catherine}) in rows
    # The account itself is then Catherine, whatever Slack calls it.
    view = send(core, "whoami", user=CATH, real_name="C. M.")
    assert isinstance(view, Notice) and view.text.startswith("You are Catherine Marchant.")

    # A second account (bare id) replaces the first; the first is named in the reply.
    view = send(core, "link UCATH0002 to Catherine Marchant", **ADMIN)
    assert isinstance(view, Notice) and view.level == "success", view
    assert "UCATH0002 is now linked to Catherine Marchant." in view.text
    assert f"No longer linked to Catherine Marchant: Slack account {CATH}" in view.text
    assert linked(store, CATH) is None and linked(store, "UCATH0002") == "Catherine Marchant"
    # Moving an account says whom it was linked to.
    view = send(core, "link <@UCATH0002> to Fiona Smith", **ADMIN)
    assert isinstance(view, Notice) and "(instead of Catherine Marchant)" in view.text
    view = send(core, "link <@UCATH0002> to Fiona Smith", **ADMIN)
    assert isinstance(view, Notice) and "already linked to Fiona Smith" in view.text


def test_a_non_administrator_cannot_link_another_account(store: Store, core: Core) -> None:
    send(core, "whoami", user="UFIONA001", real_name="Fiona Smith")
    for text in (f"link <@{EVE}> to Fiona Smith", f"/meeting link {CATH} to Catherine Marchant"):
        view = send(core, text, user="UFIONA001", real_name="Fiona Smith")
        assert refused(view, "Only an administrator can link someone else's chat account"), view
    assert linked(store, EVE) is None and linked(store, CATH) is None
    # Her own mention is her own `link`, with its checks.
    view = send(
        core, "link <@UCATHY001> to Catherine Marchant", user="UCATHY001", real_name="Cy Marchant"
    )
    assert isinstance(view, Notice) and view.level == "success", view
    # A first word that is no account is part of the name: `link <person>` as ever.
    view = send(core, "link Anh to Catherine", user="UANH00001")
    assert isinstance(view, Notice | Question) and "Only an administrator" not in str(view)
    assert linked(store, "UANH00001") is None


def test_an_administrator_is_told_what_is_not_an_account(store: Store, core: Core) -> None:
    view = send(core, "link @cathy to Catherine Marchant", **ADMIN)
    assert refused(view, "“@cathy” is not a Slack account", "mention them")
    view = send(core, "link <@UNOBODY01> to Nobody Atall", **ADMIN)
    assert refused(view, "Nobody Atall")
    assert linked(store, "UNOBODY01") is None
    # An ambiguous name asks which, each choice naming the account by its id.
    with seeded(store) as uow:
        make_person(uow, "Fiona Jones")
    view = send(core, "link <@UCATH0003|cathy> to Fiona", **ADMIN)
    assert isinstance(view, Question)
    assert [c.command for c in view.choices] == [
        "link UCATH0003 to Fiona Jones",
        "link UCATH0003 to Fiona Smith",
    ]
    assert linked(store, "UCATH0003") is None


def test_the_console_operator_links_accounts_of_the_workspace_platform(
    store: Store, frozen_now: datetime
) -> None:
    store.ensure_workspace(SLACK_TEAM, platform="slack", name="Leeds")
    leeds_world(store, SLACK_TEAM)
    chat = make_chat(store, frozen_now, SLACK_TEAM)
    reply = chat.say(f"link <@{CATH}> to Fiona Smith")
    assert f"Slack account {CATH} is now linked to Fiona Smith." in reply, reply
    assert linked(store, CATH, workspace=SLACK_TEAM) == "Fiona Smith"
    rows = audit(store, "chat_user", SLACK_TEAM)
    assert {a for _, a, _ in rows} == {"console:operator (console operator)"}
    # Someone speaking as a person who is no administrator may not.
    reply = make_chat(store, frozen_now, SLACK_TEAM).say(
        f"link {CATH} to Jackie Wilson", as_="Fiona Smith"
    )
    assert "Only an administrator" in reply
    # The console's own workspace has no chat accounts.
    local = make_chat(store, frozen_now)
    assert "not a Slack or Teams workspace" in local.say(f"link {CATH} to Fiona Smith")


def test_an_administrator_links_a_teams_account_by_its_id(store: Store, core: Core) -> None:
    view = send(core, f"link {TEAMS_ID.upper()} to Catherine Marchant", platform="teams", **ADMIN)
    assert isinstance(view, Notice) and view.level == "success", view
    assert linked(store, TEAMS_ID, "teams") == "Catherine Marchant"
    view = send(core, f"link {EVE} to Catherine Marchant", platform="teams", **ADMIN)
    assert refused(view, "not a Teams account")
    # A `29:` id is Teams' own only for a sender with no AAD object id: one csbot has not met
    # would make an account nobody writes from (and unlink the person's real one).
    view = send(core, "link 29:eve to Catherine Marchant", platform="teams", **ADMIN)
    assert refused(view, "I have not met the Teams account “29:eve”")
    assert linked(store, TEAMS_ID, "teams") == "Catherine Marchant"
    send(core, "whoami", user="29:guest", platform="teams")
    view = send(core, "link 29:guest to Catherine Marchant", platform="teams", **ADMIN)
    assert isinstance(view, Notice) and view.level == "success", view


# -- the audit trail keeps the platform's name -----------------------------------------------


def test_the_audit_trail_names_the_account_as_the_platform_does(store: Store, core: Core) -> None:
    send(core, f"link <@{EVE}> to Jackie Wilson", **ADMIN)  # an administrator's mistake
    view = send(core, "/actions due leeds:2.3 end of March")
    assert isinstance(view, Notice) and view.level == "success", view
    actors = {a for _, a, _ in audit(store, "action")}
    assert actors == {f"slack:{EVE} (Eve Mallory as Jackie Wilson)"}
    detail = send(core, "/actions show leeds:2.3")
    assert isinstance(detail, ActionDetail)
    assert "Eve Mallory as Jackie Wilson" in [u.author for u in detail.history]
    # The same name (as Slack spells it) adds nothing.
    send(core, "iam TM", user="UFIONA001", real_name="FIONA SMITH")
    assert {a for _, a, _ in audit(store, "person_role")} == {"slack:UFIONA001 (Fiona Smith)"}


# -- assign to a role nobody holds -----------------------------------------------------------


def test_assign_to_a_role_nobody_holds_warns(store: Store, frozen_now: datetime) -> None:
    leeds_world(store)
    chat = make_chat(store, frozen_now)
    reply = chat.say("/actions assign leeds:2.3 DCS")
    assert "2.3 is now owned by" in reply, reply
    assert (
        "Note: nobody holds DCS yet: `grant DCS to <person>` so that someone is reminded." in reply
    ), reply
    reply = chat.say("/actions assign leeds:2.3 HOS")
    assert "2.3 is now owned by" in reply and "nobody holds" not in reply, reply


def test_an_administrators_link_names_the_account_by_its_real_name(
    store: Store, core: Core
) -> None:
    # Eve calls herself "Catherine Marchant" in Slack: the reply must not echo that back.
    send(core, "whoami", display_name="Catherine Marchant")
    view = send(core, f"link <@{EVE}> to Catherine Marchant", **ADMIN)
    assert isinstance(view, Notice) and view.level == "success", view
    assert "(Eve Mallory)" in view.text and "(Catherine Marchant)" not in view.text, view.text


def test_an_account_linked_before_it_wrote_takes_its_platform_name(
    store: Store, core: Core
) -> None:
    view = send(core, f"link {TEAMS_ID} to Catherine Marchant", platform="teams", **ADMIN)
    assert isinstance(view, Notice) and view.level == "success", view
    assert f"account {TEAMS_ID} is now linked" in view.text  # no name known yet
    send(core, "whoami", user=TEAMS_ID, platform="teams", real_name="Cath Marchant")
    view = send(core, f"link {TEAMS_ID} to Catherine Marchant", platform="teams", **ADMIN)
    assert f"account {TEAMS_ID} (Cath Marchant) is already linked" in view.text, view.text
    # A name once known is kept: the account's own later choice does not replace it.
    send(core, "whoami", user=TEAMS_ID, platform="teams", real_name="", display_name="Boss")
    view = send(core, f"link {TEAMS_ID} to Catherine Marchant", platform="teams", **ADMIN)
    assert "(Cath Marchant)" in view.text, view.text


@pytest.mark.parametrize("account", ["<@U0999>", "U0999"])
def test_a_slack_id_too_short_to_be_one_is_refused(store: Store, core: Core, account: str) -> None:
    view = send(core, f"link {account} to Catherine Marchant", **ADMIN)
    assert not (isinstance(view, Notice) and view.level == "success"), view
    assert linked(store, "U0999") is None
