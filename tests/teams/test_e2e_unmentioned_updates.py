"""With TEAMS_READ_ALL_CHANNEL_MESSAGES, a channel message that does not mention the bot is
answered only when it logged (or superseded, or retracted) an update: chatter that merely
looks like one ("10: things I hate about Mondays") gets no public refusal."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from bot.config import Settings
from bot.server import build_app
from commands.core import Core
from storage.unit_of_work import Store
from tests.teams import activities as act
from tests.teams.conftest import Harness
from tests.teams.fake_connector import FakeConnector

CHATTER = "10: things I hate about Mondays"


@pytest.fixture
def reading_all(
    settings: Settings, world: Store, core: Core, fake: FakeConnector
) -> Iterator[Harness]:
    """Every channel message reaches the bot (resource-specific consent)."""
    opted = settings.model_copy(update={"teams_read_all_channel_messages": True})
    app = build_app(opted, world, core=core)
    with TestClient(app) as client:
        yield Harness(client, app, fake, world)


def test_unmentioned_chatter_like_an_update_is_not_answered(
    reading_all: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.teams")
    chatter = act.channel_message(reading_all.fake.url, CHATTER, mention=False)
    assert reading_all.post(chatter).status_code == 200
    not_mine = act.channel_message(
        reading_all.fake.url, "2.3: done the audit", mention=False, user=act.NEWBIE
    )
    assert reading_all.post(not_mine).status_code == 200
    assert reading_all.fake.posted == []
    refusals = [r for r in caplog.records if "not answered" in r.getMessage()]
    assert len(refusals) == 2 and all(r.levelno == logging.INFO for r in refusals)
    assert not any("Mondays" in r.getMessage() or "audit" in r.getMessage() for r in refusals)


def test_unmentioned_update_is_still_logged_and_answered(reading_all: Harness) -> None:
    post = reading_all.deliver(
        act.channel_message(reading_all.fake.url, "2.3: caseloads down to 18", mention=False)
    )
    assert "Logged on 2.3" in post.text


def test_unmentioned_edits_answer_supersede_and_retract_only(reading_all: Harness) -> None:
    url = reading_all.fake.url
    chatter = act.channel_message(url, "see you all at 10", mention=False)
    assert reading_all.post(chatter).status_code == 200
    assert reading_all.post(act.edited(url, chatter, CHATTER)).status_code == 200
    assert reading_all.fake.posted == []
    update = act.channel_message(url, "2.3: caseloads down to 18", mention=False)
    reading_all.deliver(update)
    post = reading_all.deliver(act.edited(url, update, "2.3: caseloads down to 17"))
    assert "Updated from your edited message: 2.3" in post.text
    post = reading_all.deliver(act.edited(url, update, "never mind"))
    assert "Retracted the update on 2.3" in post.text


def test_mentioned_chatter_is_still_refused(reading_all: Harness) -> None:
    post = reading_all.deliver(act.channel_message(reading_all.fake.url, CHATTER))
    assert "There is no action 10" in post.text
