"""The floor: a bare Bolt app on the same stack (Starlette + uvicorn) that only acks /actions.

Run: python -m bench.floor_app --port 3100 [--workers N]
(reads SLACK_SIGNING_SECRET, SLACK_API_URL)

With ``FLOOR_ANSWERS`` naming a JSON file of ``{command: message}``, it acks each command with
that fixed message instead of an empty ack: the cost of sending csbot's answer, with none of
the work of finding it (the benchmark's "answer only" reference).
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

import uvicorn
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route


def load_answers() -> dict[str, dict[str, Any]]:
    """The fixed answer per command from ``FLOOR_ANSWERS`` (none when it is not set)."""
    path = os.environ.get("FLOOR_ANSWERS")
    return json.loads(Path(path).read_text()) if path else {}


def build_app() -> Starlette:
    """A Starlette app whose Bolt app acknowledges slash commands and does nothing else (or
    acknowledges each with its fixed answer, see ``FLOOR_ANSWERS``)."""
    answers = load_answers()
    bolt = AsyncApp(
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        token="xoxb-floor",
        client=AsyncWebClient(
            token="xoxb-floor", base_url=os.environ.get("SLACK_API_URL") or "https://slack.com/api/"
        ),
        # The same Bolt settings as csbot's app (bot/slack/app.py), so the floor is comparable.
        process_before_response=True,
        raise_error_for_unhandled_request=False,
    )

    async def ack_only(ack) -> None:  # type: ignore[no-untyped-def]
        await ack()

    async def ack_with_answer(ack, command) -> None:  # type: ignore[no-untyped-def]
        await ack(**answers[command["command"]])

    for name in ("/actions", "/kpi", "/meeting"):
        bolt.command(name)(ack_with_answer if name in answers else ack_only)
    handler = AsyncSlackRequestHandler(bolt)

    async def events(request: Request) -> Response:
        return await handler.handle(request)

    async def healthz(_: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(
        routes=[Route("/slack/events", events, methods=["POST"]), Route("/healthz", healthz)]
    )


def main() -> None:
    """Serve the floor app."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=3100)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    uvicorn.run(
        "bench.floor_app:build_app",
        factory=True,
        workers=args.workers,
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
    )


if __name__ == "__main__":
    main()
