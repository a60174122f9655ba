"""Instructions per request, csbot against the floor, counted by valgrind: a figure that does
not move with the machine's speed or with whatever else it is doing.

    python bench/instructions.py [--requests N]

It builds a quick-scale SQLite data set, then runs each app in a process of its own under
``valgrind --tool=callgrind``: its ASGI app is sent signed slash commands in-process, one at a
time (no network), first none and then N of them, and the difference over N is what one
request costs. The apps are csbot serving ``/kpi pep`` and ``/actions mine`` (its core run on
the calling thread, so that one thread's work is counted whole) and the bare Bolt app of
``bench/floor_app.py``. Under 16 requests at once on two CPUs the end-to-end p99 follows the
CPU each request costs (see bench/RESULTS.md), so these ratios are the ones to bring down.
It takes several minutes: valgrind runs Python some 50 times slower.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import MutableMapping
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECRET = "bench-signing-secret"
COMMANDS = {"kpi": ("/kpi", "pep"), "actions_mine": ("/actions", "mine")}
WARMUP = 30


def _body(command: str, text: str, subject: dict[str, str]) -> str:
    return urlencode(
        {
            "token": "x",
            "team_id": subject["workspace"],
            "team_domain": "bench",
            "channel_id": "CBENCH",
            "channel_name": "bench",
            "user_id": subject["user"],
            "user_name": "bench",
            "command": command,
            "text": text,
            "api_app_id": "ABENCH",
            "is_enterprise_install": "false",
            "response_url": "http://127.0.0.1:9/response/x",
            "trigger_id": "1.2.3",
        }
    )


async def _call(app: Any, body: str) -> int:
    """One signed POST to the ASGI app; its HTTP status."""
    ts = str(int(time.time()))
    signature = hmac.new(SECRET.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256)
    headers = [
        (b"host", b"127.0.0.1"),
        (b"content-type", b"application/x-www-form-urlencoded"),
        (b"x-slack-request-timestamp", ts.encode()),
        (b"x-slack-signature", f"v0={signature.hexdigest()}".encode()),
        (b"content-length", str(len(body)).encode()),
    ]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/slack/events",
        "raw_path": b"/slack/events",
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 3000),
    }
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body.encode(), "more_body": False}
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    status = 0

    async def send(message: MutableMapping[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def _serve_requests(app_name: str, scenario: str, n: int, subject: dict[str, str]) -> None:
    """The child's work: start the app (its lifespan too), warm it up, send ``n`` requests."""
    from bench.fake_slack import FakeSlack

    fake = FakeSlack()
    await fake.start()
    os.environ["SLACK_API_URL"] = fake.api_url
    if app_name == "floor":
        from bench.floor_app import build_app

        app = build_app()
    else:
        import bot.slack.runner as runner
        from bot.config import Settings
        from bot.server import build_app as build_csbot

        async def on_this_thread(
            self: Any, fn: Any, *args: Any, what: str = "", writes: Any = None, **kwargs: Any
        ) -> Any:
            return fn(*args, **kwargs)

        runner.CoreRunner.call = on_this_thread  # type: ignore[method-assign]
        app = build_csbot(Settings(), scheduler=False)
    queue: asyncio.Queue[dict[str, str]] = asyncio.Queue()
    await queue.put({"type": "lifespan.startup"})
    started = asyncio.Event()

    async def lifespan_send(message: MutableMapping[str, Any]) -> None:
        if message["type"].startswith("lifespan.startup"):
            started.set()

    lifespan = asyncio.ensure_future(
        app({"type": "lifespan", "asgi": {"version": "3.0"}}, queue.get, lifespan_send)
    )
    await started.wait()
    body = _body(*COMMANDS[scenario], subject)
    for _ in range(WARMUP):
        if await _call(app, body) != 200:
            raise SystemExit(f"{app_name} {scenario}: the warm-up request failed")
    for _ in range(n):
        await _call(app, body)
    lifespan.cancel()
    await fake.stop()


def _count(
    app_name: str, scenario: str, n: int, subject: dict[str, str], env: dict[str, str]
) -> int:
    """Instructions valgrind counts for a child process that sends ``n`` requests."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        cmd = [
            *("valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"),
            *(sys.executable, __file__, "--child", app_name, scenario, str(n)),
            json.dumps(subject),
        ]
        done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"{app_name} {scenario} failed under valgrind:\n{done.stderr[-2000:]}")
        found = re.search(r"Collected\s*:\s*(\d+)", done.stderr)
        if found is None:
            raise SystemExit(f"valgrind gave no count for {app_name} {scenario}")
        return int(found.group(1))


def main() -> int:
    """Build the data, count, print the table (and JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="requests counted (default 200)")
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        app_name, scenario, n, subject = args.child
        asyncio.run(_serve_requests(app_name, scenario, int(n), json.loads(subject)))
        return 0
    if args.requests < 1:
        parser.error(f"--requests must be 1 or more, not {args.requests}")
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: it counts the instructions.", file=sys.stderr)
        return 1
    from bench.core_scenarios import pick_subject
    from bench.generate import Scale
    from bench.run import build
    from storage.unit_of_work import Store

    with tempfile.TemporaryDirectory() as tmp:
        url, _ = build("sqlite", "instructions", Scale().scaled(1 / 15), Path(tmp), date.today())
        store = Store.from_url(url, upgrade=False)
        picked = pick_subject(store)
        store.engine.dispose()
        subject = {"workspace": picked.workspace, "user": picked.user_id}
        env = {
            **os.environ,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "DATABASE_URL": url,
        }
        figures: dict[str, float] = {}
        for app_name, scenario in (("floor", "kpi"), ("csbot", "kpi"), ("csbot", "actions_mine")):
            base = _count(app_name, scenario, 0, subject, env)
            more = _count(app_name, scenario, args.requests, subject, env)
            name = "floor" if app_name == "floor" else scenario
            figures[name] = (more - base) / args.requests
            print(f"{name:<14} {figures[name] / 1e6:8.2f} M instructions per request", flush=True)
    ratios = {k: v / figures["floor"] for k, v in figures.items() if k != "floor"}
    for name, ratio in ratios.items():
        print(f"{name:<14} {ratio:8.2f}x the floor's")
    if args.json:
        result = {"instructions_per_request": figures, "ratio_to_floor": ratios}
        Path(args.json).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
