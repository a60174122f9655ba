"""An administrator who links a colleague's account the Teams way, by mentioning them
(``link @Pat Newcomer to Fiona Smith``), of a colleague csbot has not met, is told how to
proceed; csbot no longer offers a "Did you mean Fiona Smith" button that ran ``link Fiona
Smith`` and re-linked the administrator's own account to Fiona Smith. (A colleague csbot has
met is linked: tests/teams/test_e2e_link_by_mention.py.)"""

from __future__ import annotations

from sqlalchemy import select

from storage.models import ChatUser
from storage.unit_of_work import Store
from tests.factories import seeded
from tests.teams import activities as act
from tests.teams.conftest import Harness


def _make_admin(store: Store) -> None:
    with seeded(store, act.TENANT) as uow:
        jackie = uow.repos.people.person_by_key("jackie wilson")
        assert jackie is not None
        jackie.is_admin = True


def _person_of(store: Store, aad: str) -> int | None:
    with store.session_factory() as s:
        return s.scalar(select(ChatUser.person_id).where(ChatUser.external_id == aad))


def test_a_mentioned_colleague_is_not_read_as_the_caller(teams: Harness) -> None:
    _make_admin(teams.store)
    teams.say("hello", user=act.NEWBIE)
    jackie_before = _person_of(teams.store, act.JACKIE.aad)
    activity = act.channel_message(teams.fake.url, "link <at>Pat Newcomer</at> to Fiona Smith")
    activity["entities"].append(
        {
            "type": "mention",
            "text": "<at>Pat Newcomer</at>",
            "mentioned": {"id": act.NEWBIE.id, "name": act.NEWBIE.name},
        }
    )
    post = teams.deliver(activity)
    assert '"verb": "run"' not in post.text  # no button that would link Jackie herself
    assert "I have not met Pat Newcomer yet" in post.text
    assert "Nothing was changed." in post.text
    assert _person_of(teams.store, act.JACKIE.aad) == jackie_before
    assert _person_of(teams.store, act.NEWBIE.aad) is None


def test_a_member_typing_it_is_told_the_same(teams: Harness) -> None:
    text = teams.say("link Pat Newcomer to Fiona Smith", user=act.NEWBIE).text
    assert "mention them (`link @them to Fiona Smith`) or give their Teams user id" in text
    assert '"verb": "run"' not in text


def test_linking_oneself_still_works(teams: Harness) -> None:
    _make_admin(teams.store)
    assert "You are already linked to Jackie Wilson" in teams.say("link Jackie Wilson").text
    assert "Did you mean" in teams.say("link Jackie Wilsen").text  # a guess is still offered
