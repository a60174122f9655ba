"""Two requests at the same moment: `link` and `iam` take turns (the person's or role's row is
locked), and work that clashed on a unique key is run again, whole, in a new transaction.

The races are forced: a look-up the handler makes is made to wait (up to a moment) for the
other request to reach it too. Without the locks both requests pass the check together; with
them the second waits for the first to commit, the wait gives up, and the second then sees the
first's change. Each test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from commands import core as core_module
from commands.core import ALREADY_DONE, Core
from commands.errors import ConflictError
from commands.handler_context import HandlerContext
from commands.handlers import actions_write
from commands.views import Notice, View
from storage.models import Action, ChatUser, Person, PersonRole, Role
from storage.repositories.people import PeopleRepository
from storage.unit_of_work import Store
from tests.factories import chat_message, leeds_world, link_chat_user, seeded

# How long a request waits at the forced race for the other one to get there too.
MEET_TIMEOUT = 1.5


@pytest.fixture
def core(store: Store, frozen_now: datetime, monkeypatch: pytest.MonkeyPatch) -> Core:
    leeds_world(store)
    monkeypatch.setattr(core_module, "RETRY_PAUSE", 0.0)
    return Core(store, clock=lambda: frozen_now)


def meet_after(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> None:
    """Make ``owner.name`` wait, after it has run, until a second caller has run it too (or
    a moment has passed: the other is held up, by a lock)."""
    barrier = threading.Barrier(2)
    original = getattr(owner, name)

    def waiting(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=MEET_TIMEOUT)
        return result

    monkeypatch.setattr(owner, name, waiting)


def at_once(core: Core, *requests: tuple[str, str], real_name: str = "") -> list[str]:
    """Send each ``(user, text)`` at the same moment (from accounts whose platform reports
    ``real_name``); their replies' texts, in order."""

    def send(request: tuple[str, str]) -> str:
        outcome = core.handle(chat_message(request[0], real_name=real_name), request[1])
        assert outcome is not None
        assert isinstance(outcome.reply, Notice)
        return outcome.reply.text

    with ThreadPoolExecutor(len(requests)) as pool:
        return list(pool.map(send, requests))


def known(core: Core, *users: str) -> None:
    """The users have written before (their chat accounts exist)."""
    for user in users:
        assert core.handle(chat_message(user), "whoami") is not None


def test_two_accounts_linking_to_one_person_at_once_link_only_one(
    core: Core, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    known(core, "U1", "U2")
    meet_after(monkeypatch, PeopleRepository, "chat_users_of")

    # Both have Fiona's surname, as `link` requires (and not her exact name, which would link
    # them automatically).
    replies = at_once(
        core, ("U1", "link Fiona Smith"), ("U2", "link Fiona Smith"), real_name="Fi Smith"
    )

    with seeded(store) as uow:
        linked = uow.session.scalars(
            select(ChatUser.external_id)
            .join(Person, Person.id == ChatUser.person_id)
            .where(Person.name == "Fiona Smith")
        ).all()
    assert len(linked) == 1, replies
    assert sum("You are now linked to Fiona Smith" in r for r in replies) == 1
    assert sum("already linked to another Slack account" in r for r in replies) == 1


def test_an_automatic_link_under_the_person_lock_links_one_account(
    core: Core, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a first contact's automatic link does (lock, check, link), by two accounts."""
    known(core, "U1", "U2")
    with seeded(store) as uow:
        person = uow.repos.people.person_by_key("sally threlfall")
        assert person is not None
        person_id = person.id
    meet_after(monkeypatch, PeopleRepository, "chat_users_of")

    def auto_link(user_id: str) -> bool:
        with store.unit_of_work("local") as uow:
            user = uow.repos.people.chat_user("slack", user_id)
            assert user is not None
            if not uow.repos.people.lock_unlinked_person(person_id, user):
                return False
            user.person_id = person_id
            uow.commit()
            return True

    with ThreadPoolExecutor(2) as pool:
        linked = list(pool.map(auto_link, ["U1", "U2"]))
    assert sorted(linked) == [False, True]


def test_two_people_claiming_one_role_at_once_give_it_to_one(
    core: Core, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    with seeded(store) as uow:
        people = uow.repos.people
        link_chat_user(uow, "slack", "U1", people.person_by_key("jackie wilson"))
        link_chat_user(uow, "slack", "U2", people.person_by_key("fiona smith"))
        people.get_or_create_role("TM", "Team Manager")
    meet_after(monkeypatch, PeopleRepository, "holders")

    replies = at_once(core, ("U1", "iam TM"), ("U2", "iam TM"))

    with seeded(store) as uow:
        holders = uow.session.scalars(
            select(Person.name)
            .join(PersonRole, PersonRole.person_id == Person.id)
            .join(Role, Role.id == PersonRole.role_id)
            .where(Role.key == "TM")
        ).all()
    assert len(holders) == 1, replies
    assert sum(r.startswith("You now hold TM") for r in replies) == 1
    assert sum("TM is held by" in r for r in replies) == 1


def test_two_actions_added_to_one_plan_at_once_both_get_a_ref(
    core: Core, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both compute the same next ref; the second's insert clashes and is run again."""
    with seeded(store) as uow:
        people = uow.repos.people
        link_chat_user(uow, "slack", "U1", people.person_by_key("jackie wilson"))
        link_chat_user(uow, "slack", "U2", people.person_by_key("fiona smith"))
    meet_after(monkeypatch, actions_write, "next_ref")
    add = "/actions add {} owner Jackie Wilson due 31 Mar 2016 plan Leeds Improvement Plan"

    replies = at_once(
        core, ("U1", add.format("Recruit two more IROs")), ("U2", add.format("Audit PEPs"))
    )

    assert all(r.startswith("Added ") for r in replies), replies
    with seeded(store) as uow:
        refs = uow.session.scalars(
            select(Action.ref).where(Action.title.in_(["Recruit two more IROs", "Audit PEPs"]))
        ).all()
    assert len(set(refs)) == 2


# -- the retry itself ------------------------------------------------------------------------


def run(core: Core, fn: Callable[[HandlerContext], View], **kw: Any) -> Any:
    return core.run_view(chat_message("U9"), fn, **kw).reply


def unique_clash() -> IntegrityError:
    """What a flush raises when a concurrent request took the key first (as SQLite says it)."""
    orig = sqlite3.IntegrityError("UNIQUE constraint failed: role.workspace_id, role.key")
    return IntegrityError("INSERT INTO role …", {}, orig)


def test_work_that_clashed_with_a_committed_row_runs_again_and_sees_it(
    core: Core, store: Store
) -> None:
    known(core, "U9")
    attempts: list[int] = []

    def make_role(h: HandlerContext) -> View:
        attempts.append(1)
        if len(attempts) == 1:  # another request creates the role meanwhile, and commits
            with store.unit_of_work("local") as other:
                other.repos.people.get_or_create_role("QA", "Quality Assurance")
                other.commit()
            h.uow.session.add(Role(workspace_id=h.uow.workspace_id, key="QA", title="Q"))
            h.uow.session.flush()
        role = h.repos.people.get_or_create_role("QA", "Quality Assurance")
        return Notice(text=f"role {role.title}")

    assert run(core, make_role).text == "role Quality Assurance"
    assert len(attempts) == 2
    with seeded(store) as uow:
        assert uow.session.scalar(select(func.count()).where(Role.key == "QA")) == 1


def test_a_request_key_claimed_by_a_clashing_attempt_is_claimed_again(core: Core) -> None:
    known(core, "U9")
    attempts: list[int] = []

    def clash_once(h: HandlerContext) -> View:
        attempts.append(1)
        if len(attempts) == 1:
            raise unique_clash()
        return Notice(text="done")

    assert run(core, clash_once, request_key="req-1").text == "done"
    assert len(attempts) == 2
    again = run(core, clash_once, request_key="req-1")
    assert again.text == ALREADY_DONE
    assert len(attempts) == 2


def test_work_that_clashes_every_time_stops_with_a_conflict(core: Core) -> None:
    known(core, "U9")
    attempts: list[int] = []

    def always(h: HandlerContext) -> View:
        attempts.append(1)
        raise unique_clash()

    with pytest.raises(ConflictError) as raised:
        run(core, always)
    assert len(attempts) == core_module.ATTEMPTS
    assert "someone else changed the same thing at the same moment" in raised.value.message
    assert "Nothing was changed" in raised.value.message


def test_a_broken_constraint_that_no_retry_mends_is_not_retried(core: Core) -> None:
    known(core, "U9")
    attempts: list[int] = []

    def no_title(h: HandlerContext) -> View:
        attempts.append(1)
        h.uow.session.add(Role(workspace_id=h.uow.workspace_id, key="QB", title=None))
        h.uow.session.flush()
        return Notice(text="never")

    with pytest.raises(IntegrityError):
        run(core, no_title)
    assert len(attempts) == 1
