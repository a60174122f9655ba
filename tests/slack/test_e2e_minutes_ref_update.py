"""An update to an action arising from minutes, written with a space after the committee's
initials ("CPAC 343/1: done, report circulated"), posted in the plan's channel as a signed
Slack event: logged on that action (it was not read as an update, so nothing happened)."""

from __future__ import annotations

import json

import pytest

from commands.meeting_lookup import committee_key
from storage.models import Committee
from storage.unit_of_work import Store
from tests.factories import add_action, seeded
from tests.slack.conftest import Harness, history
from tests.slack.signing import TEAM

CPAC = "Corporate Parenting Advisory Committee"
TS = "1449050400.000300"


@pytest.fixture
def minutes_action(world: Store) -> None:
    with seeded(world, TEAM) as uow:
        uow.session.add(
            Committee(workspace_id=uow.workspace.id, name=CPAC, name_key=committee_key(CPAC))
        )
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        row = {"ref": "CPAC343/1", "title": "Circulate the annual report", "lead": "Jackie Wilson"}
        add_action(uow, plan, row, position=99)


def test_a_spaced_minutes_ref_in_a_plan_channel_is_logged(
    slack: Harness, minutes_action: None
) -> None:
    response = slack.message("CPAC 343/1: done, report circulated", ts=TS)
    assert response.status_code == 200
    slack.drain()
    (reply,) = slack.fake.of("chat.postMessage")
    assert "Logged on *CPAC343/1*" in json.dumps(reply.args["blocks"], ensure_ascii=False)
    assert len(slack.fake.of("reactions.add")) == 1
    _, updates = history(slack.store, "CPAC343/1")
    assert [u.text for u in updates] == ["done, report circulated"]


def test_chat_naming_the_committee_is_left_alone(slack: Harness, minutes_action: None) -> None:
    assert slack.message("CPAC tomorrow: 10am", ts=TS).status_code == 200
    slack.drain()
    for method in ("chat.postMessage", "chat.postEphemeral", "reactions.add"):
        assert slack.fake.of(method) == []
    assert history(slack.store, "CPAC343/1")[1] == []
