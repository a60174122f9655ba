"""The scheduled pre-meeting summary of a meeting with a 45-item agenda is one Slack post:
actions arising, overdue items and indicators are in it, not on a page 2 only a clicker sees."""

from __future__ import annotations

import json
from datetime import date

from bot.slack.notifier import SlackNotifier
from bot.slack.pages import PAGE
from commands.jobs.notifier import NotifierRegistry
from commands.jobs.runner import run_due
from commands.meeting_store import add_agenda_item
from storage.models import MeetingLink
from storage.unit_of_work import Store
from tests.factories import make_plan, seeded
from tests.integration.test_meeting_world import (
    CHANNEL,
    add_kpi,
    at,
    build_world,
    import_fixture_minutes,
)
from tests.slack.blockkit import validate_message
from tests.slack.fake_slack import FakeSlack

TOPICS = (
    "Fostering recruitment and retention update",
    "Care leavers' accommodation and staying put arrangements",
    "Health of looked after children: annual report",
)


def _long_agenda(store: Store, meeting_id: int) -> None:
    """Items 4 to 45 on the January agenda (which has 3), two leads each, most with a report
    due."""
    with seeded(store) as uow:
        meeting = uow.repos.meetings.meeting_by_id(meeting_id)
        assert meeting is not None
        for n in range(4, 46):
            title = f"{TOPICS[n % 3]} ({n})"
            due = date(2015, 12, 30) if n % 3 else None
            add_agenda_item(uow.repos, meeting, title, "Jon Abbey/Fiona Smith", due)


def _followed_plan(store: Store, committee_id: int) -> None:
    """A plan of 12 actions overdue on 29 Dec 2015, followed by the committee."""
    rows = [
        {
            "ref": f"{n}.1",
            "title": f"Refresh the placement sufficiency strategy, part {n}",
            "lead": "Jon Abbey",
            "due": date(2015, 11, n),
            "status": "not_started",
        }
        for n in range(1, 13)
    ]
    with seeded(store) as uow:
        plan = make_plan(uow, "Corporate Parenting Strategy", rows)
        uow.session.add(
            MeetingLink(workspace_id=uow.workspace.id, committee_id=committee_id, plan_id=plan.id)
        )


def test_a_45_item_agenda_summary_is_one_post_with_every_section(
    store: Store, fake: FakeSlack
) -> None:
    world = build_world(store)
    import_fixture_minutes(store, at("2015-10-20 10:00"))
    _followed_plan(store, world.committee_id)
    for n in range(4):
        add_kpi(
            store,
            f"kpi-{n}",
            f"Indicator number {n} of the committee",
            [("Nov 2015", date(2015, 11, 30), 60.0 + n)],
            target=90,
            committee_id=world.committee_id,
        )
    _long_agenda(store, world.january_id)

    notifiers = NotifierRegistry({"slack": SlackNotifier(api_url=fake.api_url, bot_token="x")})
    run_due(store, notifiers, now=at("2015-12-29 09:00"))  # the 7-day summary is due

    [post] = [c.args for c in fake.of("chat.postMessage") if c.args["channel"] == CHANNEL]
    assert post["text"] == "Pre-meeting summary: CPAC 2016-01-05 (in 7 days)"  # no "(page 1 of 2)"
    validate_message(post)
    assert fake.invalid == []
    blocks = json.dumps(post["blocks"], ensure_ascii=False)
    assert "Page 1 of" not in blocks
    assert not [b for b in post["blocks"] if b["type"] == "actions" and PAGE in json.dumps(b)]
    assert "*Agenda* (45 items, 0 reports in, 2 late; 10 shown" in blocks
    assert "Health of looked after children: annual report (45)" not in blocks
    assert "… and 35 more" in blocks and "/meeting agenda CPAC 2016-01-05" in blocks
    assert "*Actions arising from CPAC 2015-10-05*" in blocks
    assert "CPAC343/2" in blocks
    assert "*Overdue and at risk in the plans followed*" in blocks
    assert "/meeting more plans CPAC 2016-01-05" in blocks
    assert "*Indicators*" in blocks and "kpi-0" in blocks and "kpi-3" in blocks
    assert "*Also no update for 30 days*" in blocks
