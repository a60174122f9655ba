"""Teams replies name a committee's channel as people know it, never by its id
(``19:…@thread.tacv2``): by the name Teams gave csbot for it (a channel mention, or the
events that create and rename channels), else "this channel", "a channel of <team>" or
"the General channel of <team>" (a team's name comes with the app's install)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from storage.models import Committee
from storage.unit_of_work import Store
from tests.factories import seeded
from tests.teams import activities as act
from tests.teams.conftest import Harness
from tests.teams.world import add_cpac

TEAM = "Leeds Children's Services"


def _make_admin(store: Store) -> None:
    with seeded(store, act.TENANT) as uow:
        jackie = uow.repos.people.person_by_key("jackie wilson")
        assert jackie is not None
        jackie.is_admin = True


def _in_channel(channel_id: str, *, name: str | None, team_name: str | None) -> dict[str, Any]:
    """Where a channel message happens, with the names a real Teams message mostly leaves out."""
    where = act.channel(channel_id=channel_id, thread=act.next_id())
    data = where["channel_data"]
    data["channel"] = {"id": channel_id, **({"name": name} if name else {})}
    data["team"] = {"id": act.TEAM_ID, **({"name": team_name} if team_name else {})}
    return where


def _say_in(teams: Harness, where: dict[str, Any], text: str) -> str:
    return teams.deliver(act.message(teams.fake.url, text, where=where, mention=True)).text


def test_the_channel_is_named_in_meeting_add_and_list(teams: Harness) -> None:
    add_cpac(teams.store)
    _make_admin(teams.store)
    where = act.channel(channel_id=act.CPAC_CHANNEL_ID, name="cpac", thread=act.next_id())
    text = _say_in(teams, where, "meeting add CPAC 2016-02-02 10:00")
    assert "Summaries go to #cpac" in text and "19:" not in text
    text = teams.say("meeting list CPAC").text
    assert "· #cpac" in text and "19:" not in text


def test_an_unnamed_channel_reads_as_this_channel_then_as_a_channel_of_its_team(
    teams: Harness,
) -> None:
    add_cpac(teams.store)
    _make_admin(teams.store)
    general = _in_channel(act.TEAM_ID, name=None, team_name=TEAM)
    teams.deliver(act.installed(teams.fake.url, where=general))  # the team's name is kept
    where = _in_channel(act.CPAC_CHANNEL_ID, name=None, team_name=None)
    text = _say_in(teams, where, "meeting add CPAC 2016-02-02 10:00")
    assert "Summaries go to this channel" in text and "19:" not in text
    text = teams.say("meeting list CPAC").text
    assert f"· a channel of {TEAM}" in text and "19:" not in text
    with seeded(teams.store, act.TENANT) as uow:  # summaries to the team's General channel
        committee = uow.session.scalars(select(Committee)).one()
        committee.channel_id = act.TEAM_ID
    text = teams.say("meeting list CPAC").text
    assert f"· the General channel of {TEAM}" in text and "19:" not in text


def test_a_mentioned_channel_is_named_as_the_mention_reads(teams: Harness) -> None:
    add_cpac(teams.store)
    _make_admin(teams.store)
    other = "19:chan-corporate-parenting@thread.tacv2"
    where = _in_channel(act.CHANNEL_ID, name=None, team_name=None)
    activity = act.message(teams.fake.url, "x", where=where, mention=True)
    activity["text"] = "<at>csbot</at> meeting channel CPAC <at>corporate parenting</at>"
    activity["entities"].append(
        {
            "type": "mention",
            "text": "<at>corporate parenting</at>",
            "mentioned": {"id": other, "name": "corporate parenting"},
        }
    )
    text = teams.deliver(activity).text
    assert "summaries now go to #corporate parenting." in text
    assert "19:" not in text


def test_a_channel_csbot_never_saw_is_a_teams_channel(teams: Harness) -> None:
    add_cpac(teams.store)
    text = teams.say("meeting list CPAC").text
    assert "· a Teams channel" in text and "19:" not in text
