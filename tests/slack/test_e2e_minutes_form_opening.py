"""The minutes button (``open_minutes``) refuses at once someone who may not import minutes,
in the words every Slack answer uses (``/actions grant CLERK to <person>``), and still opens
the form for the committee clerk."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from commands.meeting_store import get_or_create_committee, get_or_create_meeting, starts_at
from commands.owners import person_key
from tests.factories import seeded
from tests.slack.conftest import FIONA, Harness
from tests.slack.fake_slack import TEAM
from tests.slack.signing import form_metadata


def _meeting(slack: Harness, *, clerk: str | None = None) -> int:
    """A held CPAC meeting (and, when named, the committee clerk); its id."""
    with seeded(slack.store, TEAM) as uow:
        committee, _ = get_or_create_committee(uow.repos, "Corporate Parenting Advisory Committee")
        on = date(2015, 11, 20)
        meeting, _ = get_or_create_meeting(
            uow.repos, committee, on, starts_at(on, None, "Europe/London")
        )
        if clerk is not None:
            people = uow.repos.people
            person = people.person_by_key(person_key(clerk))
            assert person is not None
            people.grant_role(person, people.get_or_create_role("CLERK", "Committee Clerk"))
        return int(meeting.id)


def _view(call: Any) -> dict[str, Any]:
    view = call.args["view"]
    return json.loads(view) if isinstance(view, str) else view


def test_the_minutes_button_refuses_at_once_who_may_not_import_minutes(slack: Harness) -> None:
    meeting_id = _meeting(slack)
    assert slack.click("open_minutes:1", str(meeting_id), user=FIONA).status_code == 200
    slack.drain()
    assert slack.fake.of("views.open") == []
    (answer,) = slack.fake.wait_for("response_url")
    shown = json.dumps(answer.args, ensure_ascii=False)
    assert "Only an administrator or the Committee Clerk" in shown, shown
    assert "`/actions grant CLERK to &lt;person&gt;`" in shown, shown


def test_the_minutes_button_still_opens_the_form_for_the_clerk(slack: Harness) -> None:
    meeting_id = _meeting(slack, clerk="Jackie Wilson")
    assert slack.click("open_minutes:1", str(meeting_id)).status_code == 200
    slack.drain()
    modal = _view(slack.fake.wait_for("views.open")[0])
    assert modal["callback_id"] == "minutes"
    assert form_metadata(modal["private_metadata"])["m"] == meeting_id


def test_the_minutes_button_for_a_meeting_gone_says_so(slack: Harness) -> None:
    _meeting(slack, clerk="Jackie Wilson")
    assert slack.click("open_minutes:1", "999").status_code == 200
    slack.drain()
    assert slack.fake.of("views.open") == []
    (answer,) = slack.fake.wait_for("response_url")
    assert "There is no meeting with id 999" in json.dumps(answer.args, ensure_ascii=False)
