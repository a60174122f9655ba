"""The floor: a bare Bolt app on the same stack (Starlette + uvicorn) that only acks /actions.

Run: python -m bench.floor_app --port 3100 [--workers N]
(reads SLACK_SIGNING_SECRET, SLACK_API_URL)
"""

from __future__ import annotations

import argparse
import os

import uvicorn
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route


def build_app() -> Starlette:
    """A Starlette app whose Bolt app acknowledges slash commands and does nothing else."""
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

    for name in ("/actions", "/kpi", "/meeting"):
        bolt.command(name)(ack_only)
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
