"""Two workspaces with the same refs and people: nothing crosses from one to the other."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from commands.core import Core
from commands.views import ActionDetail, ActionList, Notice, UpdateLogged
from storage.unit_of_work import Store
from tests.factories import (
    add_action,
    chat_message,
    leeds_world,
    link_chat_user,
    make_person,
    make_plan,
    seeded,
)
from tests.helpers import Chat, make_chat


@pytest.fixture
def world(store: Store, frozen_now: datetime) -> tuple[Chat, Chat]:
    store.ensure_workspace("other", name="Other council")
    leeds_world(store)
    leeds_world(store, "other")
    with seeded(store, "other") as uow:
        plan = make_plan(uow, "Other Secret Plan")
        add_action(uow, plan, {"ref": "9.9", "title": "Secret other action"}, position=1)
        make_person(uow, "Olive Otherton", roles=["SECRETROLE"])
        link_chat_user(uow, "slack", "UOTHER", uow.repos.people.person_by_key("olive otherton"))
    return make_chat(store, frozen_now), make_chat(store, frozen_now, workspace="other")


def snapshot(store: Store, workspace: str) -> dict[str, Any]:
    """Everything a command could change in a workspace, as plain data."""
    with store.unit_of_work(workspace) as uow:
        repos = uow.repos
        actions = {}
        for plan in repos.plans.all():
            for a in repos.actions.in_plan(plan.id):
                actions[(plan.slug, a.ref)] = (
                    a.title,
                    a.status,
                    a.due_date,
                    a.due_text,
                    a.last_update_at,
                    [(o.person_id, o.role_id) for o in a.owners],
                    [
                        (u.text, u.retracted_at, u.superseded_by_id)
                        for u in repos.actions.history(a.id)
                    ],
                )
        return {
            "actions": actions,
            "people": [(p.name, sorted(r.key for r in p.roles)) for p in repos.people.all_people()],
            "roles": [r.key for r in repos.people.all_roles()],
            "channels": sorted(
                (c.platform, c.channel_id, c.plan_id)
                for plan in repos.plans.all()
                for c in repos.plans.channels_of(plan.id)
            ),
            "chat_users": [
                (u.external_id, u.person_id)
                for p in repos.people.all_people()
                for u in repos.people.chat_users_of(p.id)
            ],
        }


def reply(chat: Chat, text: str, **kw: Any) -> Any:
    outcome = chat.outcome(text, **kw)
    assert outcome is not None
    return outcome.reply


def test_reads_never_show_the_other_workspace(world: tuple[Chat, Chat]) -> None:
    local, other = world
    for text in ("/actions show 9.9", "/actions plan other secret", "/actions for Olive Otherton"):
        view = reply(local, text)
        assert isinstance(view, Notice) and view.level == "error", text
        shown = view.text + " ".join(view.suggestions)
        for leak in ("Secret other action", "Other Secret Plan", "other-secret-plan", "SECRETROLE"):
            assert leak not in shown, (text, shown)
    assert isinstance(reply(other, "/actions show 9.9"), ActionDetail)
    search = reply(local, "/actions search secret")
    assert isinstance(search, ActionList) and search.items == []
    assert isinstance(reply(local, "/actions for SECRETROLE"), Notice)

    local_ids = {i.id for i in reply(local, "/actions plan leeds").items}
    other_ids = {i.id for i in reply(other, "/actions plan leeds").items}
    assert local_ids and other_ids and not local_ids & other_ids
    for text, kw in (
        ("/actions mine", {"as_": "Jackie Wilson"}),
        ("/actions for Jackie Wilson", {}),
        ("/actions for HOS", {}),
        ("/actions overdue", {}),
        ("/actions overdue", {"channel": "leeds"}),
        ("/actions search ensure", {}),
    ):
        ids = {i.id for i in reply(local, text, **kw).items}
        assert ids and ids <= local_ids, text
    shown = reply(local, "/actions show 2.3", channel="leeds")
    assert isinstance(shown, ActionDetail) and shown.action.id in local_ids


def test_writes_never_touch_the_other_workspace(store: Store, world: tuple[Chat, Chat]) -> None:
    local, _ = world
    before = snapshot(store, "other")
    jackie = {"as_": "Jackie Wilson", "channel": "leeds"}
    for text in (
        "/actions update 2.3 recruited #at-risk",
        "/actions done 2.4 briefed",
        "/actions assign 2.4 Sally Threlfall",
        "/actions due 2.3 end of June",
        "/actions add New local action owner Fiona Smith due May 2016",
        "2.3: channel update #done",
        "iam TM",  # a role that owns nothing (one that owns work is an administrator's)
        "iam not HOS",
    ):
        view = reply(local, text, **jackie)
        assert not (isinstance(view, Notice) and view.level == "error"), (text, view)
    # Re-pointing a linked channel is an administrator's (the console operator's) change.
    view = reply(local, "/actions link-channel haringey", channel="leeds")
    assert isinstance(view, Notice) and view.level == "success", view
    assert isinstance(reply(local, "/actions update 9.9 hello"), Notice)
    assert snapshot(store, "other") == before


def test_chat_identity_and_messages_stay_in_their_workspace(
    store: Store, world: tuple[Chat, Chat]
) -> None:
    local, _ = world
    core: Core = local.core
    before = snapshot(store, "other")
    # The same chat user id in "local" is a different, unlinked user.
    out = core.handle(chat_message("UOTHER"), "whoami")
    assert out is not None and "not linked" in out.reply.text  # type: ignore[union-attr]
    out = core.handle(chat_message("UOTHER"), "link Olive Otherton")
    assert out is not None and isinstance(out.reply, Notice) and out.reply.level == "error"
    assert snapshot(store, "other") == before

    with seeded(store) as uow:
        link_chat_user(uow, "console", "UJW", uow.repos.people.person_by_key("jackie wilson"))
    with seeded(store, "other") as uow:
        link_chat_user(uow, "console", "UJW", uow.repos.people.person_by_key("jackie wilson"))
    # The same channel and message id in both workspaces: two separate updates.
    for workspace in ("local", "other"):
        msg = chat_message(
            "UJW", workspace=workspace, platform="console", channel="leeds", message_id="77.7"
        )
        out = core.handle(msg, "2.3: same message #at-risk")
        assert out is not None and isinstance(out.reply, UpdateLogged)
    after_other = snapshot(store, "other")
    out = core.handle_delete(
        chat_message("UJW", platform="console", channel="leeds", message_id="77.7")
    )
    assert out is not None
    assert snapshot(store, "other") == after_other
    leeds_23 = snapshot(store, "local")["actions"][("leeds-improvement-plan", "2.3")]
    assert leeds_23[1] == "on_track"
    assert snapshot(store, "other")["actions"][("leeds-improvement-plan", "2.3")][1] == "at_risk"
