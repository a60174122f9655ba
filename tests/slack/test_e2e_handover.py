"""`/actions handover` over signed Slack requests: a workspace administrator hands Fiona's work
to Jackie (Fiona named by her Slack mention); Jackie, not an administrator, cannot."""

from __future__ import annotations

from sqlalchemy import select

from commands.status import OUTSTANDING_STATUSES
from storage.models import Action, ActionOwner, Person
from tests.slack.blockkit import validate_message
from tests.slack.conftest import FIONA, JACKIE, Harness, blocks_text


def _owned_by(slack: Harness, name: str) -> list[str]:
    """The refs of the outstanding actions the person owns in person."""
    with slack.store.session_factory() as s:
        return sorted(
            s.scalars(
                select(Action.ref)
                .join(ActionOwner, ActionOwner.action_id == Action.id)
                .join(Person, Person.id == ActionOwner.person_id)
                .where(Person.name == name, Action.status.in_(OUTSTANDING_STATUSES))
            )
        )


ADMIN = "UADMIN001"


def test_an_administrator_hands_fionas_work_to_jackie_and_jackie_cannot(slack: Harness) -> None:
    fionas = _owned_by(slack, "Fiona Smith")
    assert fionas
    assert "Fiona Smith" in blocks_text(slack.reply("/actions", "whoami", user=FIONA))  # linked
    refused = slack.reply("/actions", "handover Fiona Smith to Sally Threlfall", user=JACKIE)
    assert "Only an administrator can hand over someone" in blocks_text(refused)
    assert _owned_by(slack, "Fiona Smith") == fionas
    slack.fake.add_user(ADMIN, "Ada Admin", display="ada")
    slack.fake.users[ADMIN].update(is_admin=True)
    answer = slack.reply("/actions", f"handover <@{FIONA}> to Jackie Wilson", user=ADMIN)
    validate_message(answer)
    text = blocks_text(answer)
    assert "Handed Fiona Smith" in text and "to Jackie Wilson" in text
    assert _owned_by(slack, "Fiona Smith") == []
    assert set(fionas) <= set(_owned_by(slack, "Jackie Wilson"))
