"""Work started after Slack was answered: drained at shutdown, and named when it is not."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.slack.runner import Background


def test_drain_waits_for_work_and_names_what_is_still_running(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def scenario() -> list[str]:
        background = Background()
        finished: list[str] = []

        async def quick() -> None:
            await asyncio.sleep(0)
            finished.append("quick")

        background.spawn(quick(), "quick reply")
        background.spawn(asyncio.sleep(30), "progress reply")
        with caplog.at_level(logging.WARNING, logger="bot.slack.runner"):
            await background.drain(timeout=0.05)
        return finished

    assert asyncio.run(scenario()) == ["quick"]
    assert "1 background tasks still running at shutdown: progress reply" in caplog.text
