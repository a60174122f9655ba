"""Through Slack: somebody from another organisation (Slack Connect), a guest or a stranger
chooses their own name, and their own organisation's admin flag means nothing here. They are
never linked to a person by name, only by e-mail, and never made a csbot administrator."""

from __future__ import annotations

import itertools
import json

import pytest

from tests.slack import signing
from tests.slack.conftest import Harness, blocks_text, chat_user_person
from tests.slack.fake_slack import TEAM

OUTSIDER = "UEXT00001"
OTHER_TEAM = "TEXTERN99"
DM = "D0EXT0001"
_TS = itertools.count(1)


def _dm(slack: Harness, text: str) -> str:
    """What csbot answers to ``text`` in the outsider's DM with it."""
    before = len(slack.fake.of("chat.postMessage"))
    ts = f"1449050600.{next(_TS):06d}"
    event = signing.message_event(text, user=OUTSIDER, channel=DM, ts=ts, channel_type="im")
    assert slack.event(event).status_code == 200
    slack.drain()
    posted = slack.fake.of("chat.postMessage")[before:]
    assert [p.args["channel"] for p in posted] == [DM]
    return json.dumps([posted[0].args.get("text"), posted[0].args.get("blocks")])


def _outsider(slack: Harness, flags: dict[str, object], *, email: str | None = None) -> None:
    """A users.info answer for somebody named like the member Fiona Smith (not yet linked),
    who is an administrator (and owner) of their own Slack."""
    slack.fake.add_user(OUTSIDER, "Fiona Smith", email=email, display="Fiona Smith")
    slack.fake.users[OUTSIDER].update(is_admin=True, is_owner=True)
    slack.fake.users[OUTSIDER].update(flags)


OUTSIDERS = {
    "another organisation": {"team_id": OTHER_TEAM},
    "multi-channel guest": {"is_restricted": True},
    "single-channel guest": {"is_ultra_restricted": True},
    "stranger": {"is_stranger": True, "team_id": OTHER_TEAM},
}


@pytest.mark.parametrize("flags", OUTSIDERS.values(), ids=list(OUTSIDERS))
def test_an_outsider_named_like_a_person_is_not_linked_nor_an_administrator(
    slack: Harness, flags: dict[str, object]
) -> None:
    _outsider(slack, flags)
    mine = blocks_text(slack.reply("/actions", "mine", user=OUTSIDER))
    assert "Outstanding actions for Fiona Smith" not in mine
    assert chat_user_person(slack.store, OUTSIDER) is None
    assert "You are an administrator" not in _dm(slack, "whoami")
    # An administrator's command is refused.
    _dm(slack, "grant HOS to Fiona Smith")
    with slack.store.unit_of_work(TEAM) as uow:
        fiona = uow.repos.people.person_by_key("fiona smith")
        assert fiona is not None and "HOS" not in [r.key for r in fiona.roles]


@pytest.mark.parametrize("flags", OUTSIDERS.values(), ids=list(OUTSIDERS))
def test_an_outsiders_link_by_name_is_refused_saying_why(
    slack: Harness, flags: dict[str, object]
) -> None:
    """Slack gave a name, but a guest's is their own to choose: the refusal says so, rather
    than that Slack did not give one."""
    _outsider(slack, flags)
    refused = _dm(slack, "link Fiona Smith")
    assert (
        "You are a guest here (or from another organisation), and a guest's name on Slack is "
        "their own to choose, so it is not checked against Fiona Smith" in refused
    ), refused
    assert "did not tell me your full name" not in refused
    assert chat_user_person(slack.store, OUTSIDER) is None


def test_an_outsider_is_linked_by_e_mail(slack: Harness) -> None:
    _outsider(slack, {"team_id": OTHER_TEAM}, email="jackie.wilson@leeds.example")
    mine = blocks_text(slack.reply("/actions", "mine", user=OUTSIDER))
    assert "Outstanding actions for Jackie Wilson" in mine
    assert chat_user_person(slack.store, OUTSIDER) == "Jackie Wilson"
    assert "You are an administrator" not in _dm(slack, "whoami")


def test_a_member_of_the_team_is_still_linked_by_name_and_an_administrator(
    slack: Harness,
) -> None:
    _outsider(slack, {})  # the workspace's own team: a member
    assert "Outstanding actions for Fiona Smith" in blocks_text(
        slack.reply("/actions", "mine", user=OUTSIDER)
    )
    assert "You are an administrator." in _dm(slack, "whoami")
