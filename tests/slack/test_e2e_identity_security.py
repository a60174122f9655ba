"""Through Slack: a profile someone can edit never makes them somebody else."""

from __future__ import annotations

import json

from sqlalchemy import select

from storage.models import AuditEvent
from tests.slack.conftest import FIONA, Harness, blocks_text, chat_user_person
from tests.slack.fake_slack import TEAM

IMPOSTOR = "UEVE00001"
SECOND = "UFIONA002"


def test_a_display_name_set_to_someone_else_does_not_link(slack: Harness) -> None:
    slack.fake.add_user(IMPOSTOR, "Eve Mallory", display="Jackie Wilson")
    payload = slack.reply("/actions", "mine", user=IMPOSTOR)
    # Jackie Wilson, whose e-mail is on file, is not even offered: Eve's is unknown.
    assert "know who you are" in blocks_text(payload)
    assert "link Jackie Wilson" not in json.dumps(payload)
    assert chat_user_person(slack.store, IMPOSTOR) is None


def test_a_second_account_with_the_same_real_name_does_not_link(slack: Harness) -> None:
    slack.reply("/actions", "mine", user=FIONA)
    assert chat_user_person(slack.store, FIONA) == "Fiona Smith"
    slack.fake.add_user(SECOND, "Fiona Smith", display="fiona")
    payload = slack.reply("/actions", "mine", user=SECOND)
    assert "Outstanding actions for Fiona Smith" not in blocks_text(payload)
    assert chat_user_person(slack.store, SECOND) is None
    with slack.store.unit_of_work(TEAM) as uow:
        actors = set(
            uow.session.scalars(
                select(AuditEvent.actor).where(AuditEvent.entity == "chat_user")
            ).all()
        )
    assert actors == {f"slack:{FIONA} (Fiona Smith)", f"slack:{SECOND} (Fiona Smith)"}
