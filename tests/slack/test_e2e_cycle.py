"""A committee's cycle through the real Slack notifier, against the fake Slack Web API.

The scheduler's decisions are covered in tests/integration/test_jobs_cycle.py; this test
proves the posts themselves: each lands once, in the right channel or DM, as valid Block Kit,
and the summary of a committee whose plan holds 500 actions fits one readable message.
"""

from __future__ import annotations

import json
import time
from datetime import datetime

from starlette.testclient import TestClient

from bot.config import Settings
from bot.server import build_app
from bot.slack.notifier import SlackNotifier
from bot.slack.pages import to_message
from commands.core import Core
from commands.jobs.notifier import NotifierRegistry
from commands.jobs.runner import run_due
from storage.unit_of_work import Store
from tests.helpers import make_chat
from tests.integration.test_meeting_summary import SUMMARY_AT, _big_plan, _summary
from tests.integration.test_meeting_world import CHANNEL, at, build_world, import_fixture_minutes
from tests.slack.blockkit import validate_message
from tests.slack.fake_slack import FakeSlack


class SlackCycle:
    """Runs due work at chosen moments; returns the Slack posts each run made."""

    def __init__(self, store: Store, fake: FakeSlack) -> None:
        self.store = store
        self.fake = fake
        notifier = SlackNotifier(api_url=fake.api_url, bot_token="xoxb-cycle")
        self.notifiers = NotifierRegistry({"slack": notifier})

    def run(self, now: datetime) -> list[tuple[str, str]]:
        """(channel, fallback text) of each chat.postMessage made by the run at ``now``."""
        self.fake.clear()
        report = run_due(self.store, self.notifiers, now=now)
        posts = [(c.args["channel"], c.args["text"]) for c in self.fake.of("chat.postMessage")]
        assert report.messages == len(posts)
        return posts


def _in(posts: list[tuple[str, str]], channel: str) -> list[str]:
    return [text for c, text in posts if c == channel]


def test_reminders_and_summaries_land_once_each_in_slack(store: Store, fake: FakeSlack) -> None:
    build_world(store)
    import_fixture_minutes(store, at("2015-10-20 10:00"))
    cycle = SlackCycle(store, fake)

    # Report reminders go to the two leads as DMs (opened with conversations.open).
    posts = cycle.run(at("2015-12-10 09:30"))
    dm_users = sorted(c.args["users"] for c in fake.of("conversations.open"))
    assert {"U-DOM", "U-MARG"} <= set(dm_users)
    assert _in(posts, CHANNEL) == []
    assert any("Your report for CPAC 2016-01-05 is due" in text for _, text in posts)
    assert fake.invalid == []
    assert cycle.run(at("2015-12-10 15:00")) == []

    make_chat(store, at("2015-12-15 10:00")).say("/meeting report in 1 CPAC 2016-01-05")

    # The 7-day summary: one post to the committee's channel, then nothing on a second run.
    posts = cycle.run(at("2015-12-29 09:00"))
    [seven] = _in(posts, CHANNEL)
    assert seven.startswith("Pre-meeting summary: CPAC 2016-01-05 (in 7 days)")
    [call] = [c for c in fake.of("chat.postMessage") if c.args["channel"] == CHANNEL]
    blocks = json.dumps(call.args["blocks"])
    assert "Mystery Shopping" in blocks and "Performance" in blocks
    assert fake.invalid == []
    assert _in(cycle.run(at("2015-12-29 15:00")), CHANNEL) == []

    # The 1-day summary, once.
    [one_day] = _in(cycle.run(at("2016-01-04 09:00")), CHANNEL)
    assert one_day.startswith("Pre-meeting summary: CPAC 2016-01-05 (tomorrow)")
    assert _in(cycle.run(at("2016-01-04 17:00")), CHANNEL) == []
    assert fake.invalid == []


def test_a_500_action_summary_is_one_valid_readable_slack_message(store: Store) -> None:
    world = build_world(store)
    _big_plan(store, world.committee_id)
    view = _summary(store, world.january_id, SUMMARY_AT)

    message = to_message(view, command=view.full_command).payload()
    validate_message(message)  # under 50 blocks, valid Block Kit, fallback text
    text = json.dumps(message["blocks"], ensure_ascii=False)
    # The most overdue items are shown, then a pointer to the rest, not 500 rows.
    first = view.plans.items[0]
    assert first.ref in text and f"{first.days_overdue}" in text
    assert "343 more" in text and "/meeting more plans CPAC 2016-01-05" in text
    assert "144 more" in text
    assert text.count("Improvement action number") <= 20


def test_csbot_serve_runs_the_scheduler(store: Store, fake: FakeSlack, settings: Settings) -> None:
    build_world(store)
    now = at("2015-12-29 09:00")  # the 7-day summary of CPAC's January meeting is due
    app = build_app(settings, store, core=Core(store, clock=lambda: now), scheduler=True)
    with TestClient(app):
        assert app.state.scheduler is not None and app.state.scheduler.running
        deadline = time.monotonic() + 30  # a loaded machine may take a while to start it
        while not [c for c in fake.calls if c.args.get("channel") == CHANNEL]:
            assert time.monotonic() < deadline, "the scheduler posted nothing"
            time.sleep(0.05)
        scheduler = app.state.scheduler
    assert not scheduler.running
    [summary] = [c for c in fake.of("chat.postMessage") if c.args["channel"] == CHANNEL]
    assert summary.args["text"].startswith("Pre-meeting summary: CPAC 2016-01-05 (in 7 days)")
    assert fake.invalid == []
