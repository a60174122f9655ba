"""An administrator links a colleague's Teams account by mentioning them (``link @Pat
Newcomer to Fiona Smith``): a Teams mention names the colleague by their ``29:`` id, while
csbot keys Teams accounts by AAD object id, so csbot keeps the ``29:`` id of everyone who
sends it a command and a mention finds their account. A colleague csbot never met is named in a
refusal saying how to proceed, and nothing is written."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.models import ChatUser, Person
from storage.unit_of_work import Store
from tests.factories import seeded
from tests.teams import activities as act
from tests.teams.conftest import Harness


def _make_admin(store: Store) -> None:
    with seeded(store, act.TENANT) as uow:
        jackie = uow.repos.people.person_by_key("jackie wilson")
        assert jackie is not None
        jackie.is_admin = True


def _mentioning(teams: Harness, who: act.User, text: str, *, by: act.User = act.JACKIE) -> str:
    """A channel message from ``by`` mentioning the bot and ``who`` (``text`` has ``@``
    where ``who`` is mentioned); the text of its reply."""
    tag = f"<at>{who.name}</at>"
    activity = act.channel_message(teams.fake.url, text.replace("@", tag, 1), user=by)
    activity["entities"].append(
        {"type": "mention", "text": tag, "mentioned": {"id": who.id, "name": who.name}}
    )
    return teams.deliver(activity).text


def _account(store: Store, aad: str) -> tuple[str | None, str | None]:
    """(the person linked to, the mention id kept) of the account with this AAD object id."""
    with store.session_factory() as s:
        row = s.execute(
            select(Person.name, ChatUser.mention_id)
            .select_from(ChatUser)
            .outerjoin(Person, Person.id == ChatUser.person_id)
            .where(ChatUser.external_id == aad)
        ).one_or_none()
        return (row[0], row[1]) if row is not None else (None, None)


def _accounts(store: Store) -> int:
    with store.session_factory() as s:
        return int(s.scalar(select(func.count()).select_from(ChatUser)) or 0)


def test_a_colleague_who_wrote_to_csbot_is_linked_by_mention(teams: Harness) -> None:
    _make_admin(teams.store)
    teams.say("whoami", user=act.NEWBIE)
    assert _account(teams.store, act.NEWBIE.aad) == (None, act.NEWBIE.id)
    text = _mentioning(teams, act.NEWBIE, "link @ to Fiona Smith")
    assert f"Teams account {act.NEWBIE.aad} (Pat Newcomer) is now linked to Fiona Smith" in text
    assert _account(teams.store, act.NEWBIE.aad)[0] == "Fiona Smith"
    assert _account(teams.store, act.JACKIE.aad) == ("Jackie Wilson", act.JACKIE.id)
    # The `29:` id a mention gives can be typed too.
    teams.say("whoami", user=act.FIONA)
    text = teams.say(f"link {act.FIONA.id} to Fiona Smith").text
    assert f"Teams account {act.FIONA.aad} (Fiona Smith) is now linked to Fiona Smith" in text


def test_a_colleague_csbot_never_met_is_named_with_what_to_do(teams: Harness) -> None:
    _make_admin(teams.store)
    before = _accounts(teams.store)
    text = _mentioning(teams, act.NEWBIE, "link @ to Fiona Smith")
    assert "I have not met Pat Newcomer yet" in text
    assert (
        "ask them to send me a command such as `whoami`" in text and "Nothing was changed." in text
    )
    assert '"verb": "run"' not in text
    assert _accounts(teams.store) == before
    assert _account(teams.store, act.NEWBIE.aad) == (None, None)


def test_the_mention_id_is_kept_for_an_account_linked_already(teams: Harness) -> None:
    _make_admin(teams.store)
    teams.say("whoami")  # linked by e-mail: the quick look-up must still record the id
    with seeded(teams.store, act.TENANT) as uow:  # as a row from before ids were kept
        user = uow.repos.people.chat_user("teams", act.JACKIE.aad)
        assert user is not None and user.mention_id == act.JACKIE.id
        user.mention_id = None
    assert "You are Jackie Wilson" in teams.say("whoami").text
    assert _account(teams.store, act.JACKIE.aad) == ("Jackie Wilson", act.JACKIE.id)
    text = _mentioning(teams, act.JACKIE, "link @ to Jackie Wilson")  # herself
    assert "You are already linked to Jackie Wilson" in text


def test_only_an_administrator_links_a_colleague_by_mention(teams: Harness) -> None:
    teams.say("whoami", user=act.NEWBIE)
    text = _mentioning(teams, act.NEWBIE, "link @ to Fiona Smith")
    assert "Only an administrator can link someone else's chat account" in text
    assert _account(teams.store, act.NEWBIE.aad) == (None, act.NEWBIE.id)
