"""Teams posts to a channel by its id: a committee's channel typed by name there (``#cpac``)
is refused with how to name it (mention it, or type the command in it), instead of being
stored as a channel no summary can ever reach."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from storage.models import Committee, Meeting
from storage.unit_of_work import Store
from tests.factories import seeded
from tests.teams import activities as act
from tests.teams.conftest import Harness
from tests.teams.world import add_cpac


def _make_admin(store: Store) -> None:
    with seeded(store, act.TENANT) as uow:
        jackie = uow.repos.people.person_by_key("jackie wilson")
        assert jackie is not None
        jackie.is_admin = True


def _in_cpac_channel(teams: Harness, text: str) -> str:
    where = act.channel(channel_id=act.CPAC_CHANNEL_ID, name="cpac", thread=act.next_id())
    return teams.deliver(act.message(teams.fake.url, text, where=where, mention=True)).text


def _channels(store: Store) -> tuple[str | None, list[str | None]]:
    with store.session_factory() as s:
        committee = s.scalars(select(Committee)).one()
        return committee.channel_id, list(s.scalars(select(Meeting.channel_id)))


def test_a_channel_name_is_refused_and_the_summaries_stay_where_they_were(
    teams: Harness,
) -> None:
    add_cpac(teams.store)
    _make_admin(teams.store)
    before = _channels(teams.store)
    text = _in_cpac_channel(teams, "meeting channel CPAC #cpac")
    assert "now go to" not in text
    assert "mention" in text and "Nothing was changed." in text
    text = _in_cpac_channel(teams, "meeting add CPAC 2016-02-02 10:00 #cpac")
    assert "Added" not in text and "Nothing was changed." in text
    assert _channels(teams.store) == before
    with teams.store.session_factory() as s:
        assert s.scalar(select(Meeting).where(Meeting.meeting_date == date(2016, 2, 2))) is None


def test_a_mentioned_channel_is_still_taken(teams: Harness) -> None:
    add_cpac(teams.store)
    _make_admin(teams.store)
    where = act.channel(thread=act.next_id())
    activity = act.message(teams.fake.url, "meeting channel CPAC x", where=where, mention=True)
    other = "19:chan-corporate-parenting@thread.tacv2"
    activity["text"] = "<at>csbot</at> meeting channel CPAC <at>corporate parenting</at>"
    activity["entities"].append(
        {
            "type": "mention",
            "text": "<at>corporate parenting</at>",
            "mentioned": {"id": other, "name": "corporate parenting"},
        }
    )
    assert "summaries now go to" in teams.deliver(activity).text
    assert _channels(teams.store)[0] == other
