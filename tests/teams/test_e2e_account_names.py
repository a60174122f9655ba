"""Replies that name Teams accounts (``link``, ``people``, ``admin add``, a refused merge) name
them by the user's name, never by the raw ``29:`` id Teams gives a user (csbot keys an account
by it when Teams sends no AAD object id); an account keyed by its AAD object id is shown with
its name beside the id."""

from __future__ import annotations

from storage.unit_of_work import Store
from tests.factories import seeded
from tests.teams import activities as act
from tests.teams.conftest import Harness

KIM = act.User("29:kim-noaad", "", "Kim Noaad")  # Teams gave no AAD object id


def _make_admin(store: Store) -> None:
    with seeded(store, act.TENANT) as uow:
        jackie = uow.repos.people.person_by_key("jackie wilson")
        assert jackie is not None
        jackie.is_admin = True


def _mentioning(teams: Harness, text: str, who: act.User) -> str:
    """A channel message from Jackie mentioning the bot and ``who`` (at the ``@``)."""
    tag = f"<at>{who.name}</at>"
    activity = act.channel_message(teams.fake.url, text.replace("@", tag, 1))
    activity["entities"].append(
        {"type": "mention", "text": tag, "mentioned": {"id": who.id, "name": who.name}}
    )
    return teams.deliver(activity).text


def test_link_people_and_admin_add_name_a_teams_account_by_its_name(teams: Harness) -> None:
    _make_admin(teams.store)
    teams.say("whoami", user=KIM)
    linked = _mentioning(teams, "link @ to Sally Threlfall", KIM)
    assert "Teams account Kim Noaad is now linked to Sally Threlfall" in linked
    teams.say("whoami", user=act.NEWBIE)
    _mentioning(teams, "link @ to Fiona Smith", act.NEWBIE)
    listed = teams.say("people").text
    assert "Teams Kim Noaad" in listed
    assert f"Teams {act.NEWBIE.aad} (Pat Newcomer)" in listed
    made = teams.say("admin add Sally Threlfall").text
    assert "acts as one: Teams account Kim Noaad." in made
    refused = teams.say("merge Fiona Smith into Sally Threlfall").text
    assert f"Fiona Smith is linked to Teams account {act.NEWBIE.aad} (Pat Newcomer)" in refused
    assert "and Sally Threlfall to @Kim Noaad" in refused
    for text in (linked, listed, made, refused):
        assert KIM.id not in text


def test_link_advice_names_an_account_known_by_its_29_id_by_a_mention(teams: Harness) -> None:
    text = teams.say("link Sally Threlfall", user=KIM).text
    assert "ask an administrator to link you with `link @Kim Noaad to Sally Threlfall`" in text
    assert KIM.id not in text
