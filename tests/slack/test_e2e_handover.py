"""`/actions handover` over signed Slack requests: Fiona hands her own work to Jackie; Jackie,
not an administrator, cannot hand over Fiona's."""

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


def test_fiona_hands_her_work_to_jackie_and_jackie_cannot_take_it_back(slack: Harness) -> None:
    fionas = _owned_by(slack, "Fiona Smith")
    assert fionas
    refused = slack.reply("/actions", "handover Fiona Smith to Sally Threlfall", user=JACKIE)
    assert "Only an administrator, or Fiona Smith themselves" in blocks_text(refused)
    assert _owned_by(slack, "Fiona Smith") == fionas
    answer = slack.reply("/actions", "handover Fiona Smith to Jackie Wilson", user=FIONA)
    validate_message(answer)
    assert "Handed Fiona Smith" in blocks_text(answer) and "to Jackie Wilson" in blocks_text(answer)
    assert _owned_by(slack, "Fiona Smith") == []
    assert set(fionas) <= set(_owned_by(slack, "Jackie Wilson"))
