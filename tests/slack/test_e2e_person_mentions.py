"""Slack user mentions (``<@U123|fiona>``, as Slack escapes them in slash commands) name the
person their account is linked to in every command that takes a person, over signed Slack
requests. ``grant``, ``revoke`` and ``people`` read them as a name before (nobody); assign,
``/actions for`` and ``admin add`` already read them, and still do. A mention of an account
linked to nobody is refused, and nothing is written."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Person
from tests.slack.conftest import FIONA, NEWBIE, Harness, blocks_text

ADMIN = "UADMIN001"
MENTION = f"<@{FIONA}|fiona>"


def _admin(slack: Harness) -> None:
    slack.fake.add_user(ADMIN, "Ada Admin", display="ada")
    slack.fake.users[ADMIN].update(is_admin=True)
    assert "Fiona Smith" in blocks_text(slack.reply("/actions", "whoami", user=FIONA))  # linked


def _say(slack: Harness, text: str) -> str:
    return blocks_text(slack.reply("/actions", text, user=ADMIN))


def _roles(slack: Harness, name: str) -> list[str]:
    with slack.store.session_factory() as s:
        person = s.scalars(select(Person).where(Person.name == name)).one()
        return sorted(r.key for r in person.roles)


def test_grant_and_revoke_read_a_mention_as_the_linked_person(slack: Harness) -> None:
    _admin(slack)
    assert "Fiona Smith now holds IRO" in _say(slack, f"grant IRO to {MENTION}")
    assert _roles(slack, "Fiona Smith") == ["IRO"]
    assert "Fiona Smith no longer holds IRO" in _say(slack, f"revoke IRO from {MENTION}")
    assert _roles(slack, "Fiona Smith") == []


def test_people_lists_the_person_a_mention_names(slack: Harness) -> None:
    _admin(slack)
    text = _say(slack, f"people {MENTION}")
    assert "Fiona Smith" in text and "Jackie Wilson" not in text
    assert "People matching" in text


def test_assign_for_and_admin_add_read_a_mention_too(slack: Harness) -> None:
    _admin(slack)
    assert "is now owned by Fiona Smith" in _say(
        slack, f"assign leeds-improvement-plan:2.3 {MENTION}"
    )
    assert "Audit of personal education plans" in _say(slack, f"for {MENTION}")
    assert "Fiona Smith is now a csbot administrator" in _say(slack, f"admin add {MENTION}")


def test_a_mention_of_an_account_linked_to_nobody_is_refused(slack: Harness) -> None:
    _admin(slack)
    blocks_text(slack.reply("/actions", "whoami", user=NEWBIE))  # met, linked to nobody
    text = _say(slack, f"grant IRO to <@{NEWBIE}|pat>")
    assert "has not linked their chat account to a person: name the person instead" in text
    assert "Nothing was changed" in text
    with slack.store.session_factory() as s:
        assert all(not p.roles for p in s.scalars(select(Person)) if p.name != "Jackie Wilson")
