"""Guests from other organisations choose their own Teams names: they are never linked to a
person by name, only by e-mail (or by hand with ``link <name>``, which has its own checks)."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import ChatUser
from tests.teams import activities as act
from tests.teams.conftest import JACKIE_EMAIL, Harness

# Both call themselves "Fiona Smith", as the member Fiona Smith (not yet linked) is named.
GUEST = act.User("29:guest", "aad-0100-guest", "Fiona Smith", user_role="guest")
EXTERNAL = act.User("29:external", "aad-0101-ext", "Fiona Smith", tenant=act.OTHER_TENANT)


def _person_of(harness: Harness, user: act.User) -> int | None:
    with harness.store.session_factory() as s:
        chat_user = s.scalar(
            select(ChatUser).where(ChatUser.platform == "teams", ChatUser.external_id == user.aad)
        )
        return chat_user.person_id if chat_user is not None else None


def test_a_guest_is_not_linked_by_their_name(teams: Harness) -> None:
    post = teams.say("actions mine", user=GUEST)
    assert "Outstanding actions for Fiona Smith" not in post.text
    assert "I don't know who you are yet" in post.text
    assert _person_of(teams, GUEST) is None


def test_a_user_of_another_tenant_is_not_linked_by_their_name(teams: Harness) -> None:
    post = teams.say("actions mine", user=EXTERNAL)
    assert "Outstanding actions for Fiona Smith" not in post.text
    assert _person_of(teams, EXTERNAL) is None


def test_a_member_of_the_tenant_is_still_linked_by_name(teams: Harness) -> None:
    member = act.User("29:fiona", "aad-0002-fiona", "Fiona Smith", "user", act.TENANT)
    post = teams.say("actions mine", user=member)
    assert "Outstanding actions for Fiona Smith" in post.text


def test_a_guest_is_still_linked_by_e_mail(teams: Harness) -> None:
    guest = act.User("29:jw-guest", "aad-0102-jw", "JW (Leeds)", user_role="guest")
    teams.fake.add_member(guest.id, guest.name, email=JACKIE_EMAIL, aad=guest.aad)
    post = teams.say("actions mine", user=guest)
    assert "Outstanding actions for Jackie Wilson" in post.text
