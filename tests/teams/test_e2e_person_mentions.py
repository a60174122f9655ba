"""Every command that takes a person reads a Teams @mention as the person the mentioned user is
linked to, not as the display name Teams puts in the text (which may be nobody's name here, or
read as two people): ``/actions assign``, ``/actions for``, ``admin add`` and the rest. A user
linked to nobody is read by their name, as before; when that names nobody either, the reply
says the mention could not be resolved, and nothing is written."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Action, ActionOwner, Person, Plan, Role
from storage.unit_of_work import Store
from tests.factories import seeded
from tests.teams import activities as act
from tests.teams.conftest import Harness

# Teams names that are not the name csbot knows the person by (NEWBIE's "Pat Newcomer" too):
# both are linked to Fiona Smith in the tests below.
LISTED = act.User("29:newcomer-p", "aad-0004-pat", "Newcomer, Pat (Children's Services)")
SALLY = act.User("29:sally", "aad-0005-sally", "Sally Threlfall")


def _make_admin(store: Store) -> None:
    with seeded(store, act.TENANT) as uow:
        jackie = uow.repos.people.person_by_key("jackie wilson")
        assert jackie is not None
        jackie.is_admin = True


def _mentioning(teams: Harness, text: str, *users: act.User, by: act.User = act.JACKIE) -> str:
    """A channel message from ``by`` mentioning the bot and ``users`` in turn (``text`` has
    an ``@`` where each is mentioned); the text of its reply."""
    entities = []
    for user in users:
        tag = f"<at>{user.name}</at>"
        text = text.replace("@", tag, 1)
        entities.append(
            {"type": "mention", "text": tag, "mentioned": {"id": user.id, "name": user.name}}
        )
    activity = act.channel_message(teams.fake.url, text, user=by)
    activity["entities"] += entities
    return teams.deliver(activity).text


def _link(teams: Harness, user: act.User, person: str) -> None:
    """``user`` writes to csbot once (so it knows their account), then an administrator links
    them to ``person`` by mentioning them."""
    teams.say("whoami", user=user)
    assert f"is now linked to {person}" in _mentioning(teams, f"link @ to {person}", user)


def _owners(store: Store, ref: str) -> list[str]:
    """The owners of the Leeds plan's action ``ref``, people and roles, in order."""
    with store.session_factory() as s:
        action = s.scalars(
            select(Action)
            .join(Plan, Plan.id == Action.plan_id)
            .where(Plan.slug == "leeds-improvement-plan", Action.ref == ref)
        ).one()
        rows = s.scalars(
            select(ActionOwner)
            .where(ActionOwner.action_id == action.id)
            .order_by(ActionOwner.position)
        )
        names = []
        for row in rows:
            if row.person_id is not None:
                names.append(s.get_one(Person, row.person_id).name)
            else:
                names.append(s.get_one(Role, row.role_id).key)
        return names


def _people(store: Store) -> list[str]:
    with store.session_factory() as s:
        return sorted(s.scalars(select(Person.name)))


def test_assign_reads_a_mention_as_the_linked_person(teams: Harness) -> None:
    _make_admin(teams.store)
    _link(teams, act.NEWBIE, "Fiona Smith")
    people = _people(teams.store)
    text = _mentioning(teams, "actions assign 2.3 @", act.NEWBIE)
    assert "2.3 is now owned by Fiona Smith (was Jackie Wilson)" in text
    assert _owners(teams.store, "2.3") == ["Fiona Smith"]
    assert _people(teams.store) == people  # nobody "Pat Newcomer" was made up


def test_a_mentioned_name_with_a_comma_is_one_owner(teams: Harness) -> None:
    _make_admin(teams.store)
    _link(teams, LISTED, "Fiona Smith")
    text = _mentioning(teams, "actions assign 2.3 @/HOS", LISTED)
    assert "2.3 is now owned by Fiona Smith, " in text
    assert _owners(teams.store, "2.3") == ["Fiona Smith", "HOS"]


def test_actions_for_a_mention_lists_the_linked_persons_actions(teams: Harness) -> None:
    _make_admin(teams.store)
    _link(teams, act.NEWBIE, "Fiona Smith")
    text = _mentioning(teams, "actions for @", act.NEWBIE)
    assert "Audit of personal education plans" in text  # 4.2, Fiona's
    assert "I don't know anyone" not in text


def test_admin_add_by_mention_makes_the_linked_person_one(teams: Harness) -> None:
    _make_admin(teams.store)
    _link(teams, act.NEWBIE, "Fiona Smith")
    text = _mentioning(teams, "admin add @", act.NEWBIE)
    assert "Fiona Smith is now a csbot administrator" in text
    with teams.store.session_factory() as s:
        admins = sorted(s.scalars(select(Person.name).where(Person.is_admin.is_(True))))
    assert admins == ["Fiona Smith", "Jackie Wilson"]


def test_a_mentioned_user_linked_to_nobody_is_read_by_their_name(teams: Harness) -> None:
    _make_admin(teams.store)
    teams.say("whoami", user=SALLY)  # met, not linked (no e-mail, the name proves nothing)
    text = _mentioning(teams, "admin add @", SALLY)
    assert "Sally Threlfall is now a csbot administrator" in text


def test_a_mention_that_names_nobody_is_refused_and_nothing_is_written(teams: Harness) -> None:
    _make_admin(teams.store)
    people = _people(teams.store)
    for command in ("actions assign 2.3 @", "admin add @", "actions for @"):
        text = _mentioning(teams, command, act.NEWBIE)
        assert "Pat Newcomer, whom you mentioned, is not linked to anyone here" in text, command
        assert "link @Pat Newcomer to <person>" in text
    assert _owners(teams.store, "2.3") == ["Jackie Wilson"]
    assert _people(teams.store) == people
