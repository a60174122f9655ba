"""Teams refusals name a channel as people know it, never by its id (``19:…@thread.tacv2``)."""

from __future__ import annotations

from tests.teams import activities as act
from tests.teams.conftest import Harness
from tests.teams.test_e2e_channel_names import _in_channel, _make_admin
from tests.teams.world import add_cpac


def test_a_move_given_a_channel_mention_names_no_channel_id(teams: Harness) -> None:
    add_cpac(teams.store)
    _make_admin(teams.store)
    teams.say("meeting add CPAC 2016-02-02 10:00")
    other = "19:chan-corporate-parenting@thread.tacv2"
    where = _in_channel(act.CHANNEL_ID, name=None, team_name=None)
    activity = act.message(teams.fake.url, "x", where=where, mention=True)
    activity["text"] = (
        "<at>csbot</at> meeting move CPAC 2016-02-02 to 2016-02-09 <at>corporate parenting</at>"
    )
    activity["entities"].append(
        {
            "type": "mention",
            "text": "<at>corporate parenting</at>",
            "mentioned": {"id": other, "name": "corporate parenting"},
        }
    )
    text = teams.deliver(activity).text
    assert "19:" not in text
    assert "`/meeting add CPAC 2016-02-02` and a mention of the channel" in text
