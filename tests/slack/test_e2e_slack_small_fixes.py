"""Small Slack fixes: "who are you?" said once, no double full stops in errors, and the Update
button refusing at once someone who may not change the action."""

from __future__ import annotations

import json
from typing import Any

from tests.factories import make_person, seeded
from tests.slack.conftest import FIONA, NEWBIE, Harness, blocks_text
from tests.slack.fake_slack import TEAM
from tests.slack.signing import text_value


def _action_id(slack: Harness, ref: str) -> int:
    with slack.store.unit_of_work(TEAM) as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        return int(uow.repos.actions.by_ref(ref, plan.id)[0].id)


def _view(call: Any) -> dict[str, Any]:
    view = call.args["view"]
    return json.loads(view) if isinstance(view, str) else view


def test_an_unlinked_user_is_told_who_are_you_once(slack: Harness) -> None:
    with seeded(slack.store, TEAM) as uow:  # too many people to offer as buttons
        for n in range(12):
            make_person(uow, f"Colleague Number{n}")
    payload = slack.reply("/actions", "update leeds-improvement-plan:2.3 a note", user=NEWBIE)
    text = blocks_text(payload)
    assert text.count("know who you are") == 1, text
    assert "link &lt;your name&gt;" in text


def test_errors_end_with_one_full_stop(slack: Harness) -> None:
    with seeded(slack.store, TEAM) as uow:  # importing minutes is the committee clerk's job
        people = uow.repos.people
        jackie = people.person_by_key("jackie wilson")
        assert jackie is not None
        people.grant_role(jackie, people.get_or_create_role("CLERK", "Committee Clerk"))
    answer = slack.submit(
        "minutes",
        {"minutes": {"minutes": text_value("3. Stability\nA report.\nAction: Fiona Smith\n")}},
        metadata={"m": 7},
    ).json()
    assert answer["response_action"] == "errors", answer
    error = answer["errors"]["minutes"]
    assert "id 7" in error and ".." not in error, error
    assert error.endswith("Nothing was changed.")


def test_the_update_button_refuses_at_once_who_may_not_change_the_action(
    slack: Harness,
) -> None:
    action_id = _action_id(slack, "2.3")  # Jackie's
    assert slack.click("open_update:1", str(action_id), user=FIONA).status_code == 200
    slack.drain()
    assert slack.fake.of("views.open") == []
    (answer,) = slack.fake.wait_for("response_url")
    shown = json.dumps(answer.args, ensure_ascii=False)
    assert "Only the owners of 2.3 (Jackie Wilson) or an administrator can change it." in shown


def test_the_update_button_still_opens_the_form_for_an_owner(slack: Harness) -> None:
    assert slack.click("open_update:1", str(_action_id(slack, "2.3"))).status_code == 200
    slack.drain()
    assert _view(slack.fake.wait_for("views.open")[0])["callback_id"] == "update_action"
