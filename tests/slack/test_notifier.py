"""Scheduled posts through the Slack notifier: channels, DMs, failures and many workspaces."""

from __future__ import annotations

import json

import pytest
from pydantic import SecretStr
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store.models.installation import Installation

from bot.config import Settings
from bot.jobs_cli import build_notifiers
from bot.slack.installation_store import DbInstallationStore
from bot.slack.notifier import NoSlackToken, SlackNotifier, build_notifier
from commands.jobs.notifier import Target
from commands.views import MeetingSummary, Notice, Reminder
from storage.unit_of_work import Store
from tests.slack.fake_slack import TEAM, FakeSlack
from tests.slack.samples import SAMPLES, action


def _notifier(fake: FakeSlack) -> SlackNotifier:
    return SlackNotifier(api_url=fake.api_url, bot_token="xoxb-notify")


def test_posts_to_a_channel_and_dms_a_person(fake: FakeSlack) -> None:
    notifier = _notifier(fake)
    posted = notifier.send(Target(TEAM, "slack", channel_id="C0CPAC"), SAMPLES[MeetingSummary]())
    reminder = Reminder(reason="overdue", title="Overdue: 2.3", actions=[action(3)], total=1)
    dm_posted = notifier.send(Target(TEAM, "slack", user_id="UJACKIE01"), reminder)
    (opened,) = fake.of("conversations.open")
    assert opened.args["users"] == "UJACKIE01"
    summary, dm = fake.of("chat.postMessage")
    assert summary.args["channel"] == "C0CPAC"
    assert dm.args["channel"] == "DJACKIE01" and "Overdue: 2.3" in dm.args["text"]
    assert summary.headers["authorization"] == "Bearer xoxb-notify"
    # A long summary is paginated; its buttons re-run the summary's command.
    assert "/meeting prep CPAC 2016-01-05" in json.dumps(summary.args["blocks"])
    assert fake.invalid == []
    # Each message's ts, for the audit trail of what the scheduler posted.
    assert posted and dm_posted and posted != dm_posted
    assert posted.startswith("1449050500.") and dm_posted.startswith("1449050500.")


def test_failures_raise_so_the_job_retries_later(fake: FakeSlack) -> None:
    fake.fail("chat.postMessage", status=200, body={"ok": False, "error": "channel_not_found"})
    with pytest.raises(SlackApiError):
        _notifier(fake).send(Target(TEAM, "slack", channel_id="CGONE"), Notice(text="hello"))


def test_rate_limits_are_waited_out(fake: FakeSlack) -> None:
    fake.fail("chat.postMessage", status=429, headers={"Retry-After": "0"})
    _notifier(fake).send(Target(TEAM, "slack", channel_id="C1"), Notice(text="hello"))
    assert len(fake.of("chat.postMessage")) == 2


def test_many_workspaces_use_each_installation_token(store: Store, fake: FakeSlack) -> None:
    settings = Settings(
        database_url="sqlite://",
        slack_client_id="1111.2222",
        slack_client_secret="s",
        slack_api_url=fake.api_url,
    )
    notifier = build_notifier(settings, store)
    assert notifier is not None
    with pytest.raises(NoSlackToken):
        notifier.send(Target("T0NOTHERE", "slack", channel_id="C1"), Notice(text="x"))
    DbInstallationStore(store, "1111.2222").save(
        Installation(
            app_id="A1",
            team_id="T0INST001",
            team_name="Haringey",
            bot_token="xoxb-haringey",
            bot_id="B1",
            bot_user_id="U1",
            bot_scopes="chat:write",
            user_id="UADMIN",
        )
    )
    assert "T0INST001" in store.workspace_keys()
    notifier.send(Target("T0INST001", "slack", channel_id="C1"), Notice(text="x"))
    assert fake.of("chat.postMessage")[0].headers["authorization"] == "Bearer xoxb-haringey"


def test_the_scheduler_gets_a_slack_notifier_only_when_slack_is_configured(
    store: Store, fake: FakeSlack, slack_env: None
) -> None:
    bare = Settings(database_url="sqlite://")
    assert not build_notifiers(bare, store).has("slack")
    configured = Settings(
        database_url="sqlite://", slack_bot_token="xoxb-x", slack_api_url=fake.api_url
    )
    assert build_notifiers(configured, store).has("slack")


def test_many_workspaces_ignore_a_bot_token_left_set(store: Store, fake: FakeSlack) -> None:
    """SLACK_BOT_TOKEN left set beside SLACK_CLIENT_ID: requests used each workspace's own
    token, but scheduled posts went out with that one workspace's token everywhere (refused
    by Slack, so marked failed) and kept going after a council uninstalled the app."""
    settings = Settings(
        database_url="sqlite://",
        slack_bot_token=SecretStr("xoxb-left-from-one-workspace"),
        slack_client_id="1111.2222",
        slack_client_secret=SecretStr("s"),
        slack_api_url=fake.api_url,
    )
    notifier = build_notifier(settings, store)
    assert notifier is not None
    with pytest.raises(NoSlackToken):  # not installed (or uninstalled): the post waits
        notifier.send(Target("T0INST001", "slack", channel_id="C1"), Notice(text="x"))
    DbInstallationStore(store, "1111.2222").save(
        Installation(
            app_id="A1",
            team_id="T0INST001",
            bot_token="xoxb-haringey",
            bot_id="B1",
            bot_user_id="U1",
            user_id="UADMIN",
        )
    )
    notifier.send(Target("T0INST001", "slack", channel_id="C1"), Notice(text="x"))
    assert [c.headers["authorization"] for c in fake.of("chat.postMessage")] == [
        "Bearer xoxb-haringey"
    ]
