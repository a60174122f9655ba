"""Running the (synchronous) core from Bolt's event loop, and the adapter's one error handler.

The core uses synchronous SQLAlchemy, so every call runs in a worker thread. Slack wants an
answer within 3 seconds: :meth:`CoreRunner.within` waits up to a deadline and otherwise hands
back the still-running task, so the listener can acknowledge and finish after the ack.
Unexpected errors are logged with a short id that the user is shown, the command's name and
the kind of failure: never what the user typed after the command, nor the data in the error
(see ``commands.safe_log``).
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import aiohttp
from slack_sdk.errors import SlackApiError

from bot.failure_text import BUG, CONFLICT, UNREACHABLE, Failure, log_failure_of
from commands.core import new_error_id
from commands.errors import NotUnderstood
from commands.grammar import Literal, compile_pattern
from commands.safe_log import describe_error, log_failure
from commands.views import Notice

log = logging.getLogger(__name__)

T = TypeVar("T")

# A connection to Slack that failed or timed out (aiohttp's connection errors are OSErrors).
UNREACHABLE_ERRORS: tuple[type[BaseException], ...] = (
    aiohttp.ClientConnectionError,
    ConnectionError,
    TimeoutError,
)

# What Slack answers when it cannot do something *now* (after the client's own retries).
SLACK_BUSY_ERRORS = frozenset(
    {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)


def slack_unreachable(exc: BaseException) -> bool:
    """True when a Web API call failed because Slack could not be reached or was too busy
    (a dropped connection, a time-out, HTTP 5xx or 429): trying again later may work."""
    if isinstance(exc, UNREACHABLE_ERRORS):
        return True
    if not isinstance(exc, SlackApiError):
        return False
    status = getattr(exc.response, "status_code", 200)
    return status >= 500 or status == 429 or exc.response.get("error") in SLACK_BUSY_ERRORS


# Slack waits 3 s; leave room for the network and Bolt.
ACK_DEADLINE = 2.3
# What the look-ups before the core (users.info, chat.getPermalink) leave for the core itself
# and the answer: they are given up on this long before the deadline.
CORE_RESERVE = 0.8
# Where the adapter notes when a request arrived (in Bolt's request context).
ARRIVED = "csbot_arrived"


@dataclass(frozen=True)
class Deadline:
    """When Slack's answer is due, counted from the request's arrival (``time.monotonic``)."""

    at: float

    @classmethod
    def of(cls, context: Mapping[str, Any] | None) -> Deadline:
        """The deadline of the request whose Bolt context this is (its arrival was noted by
        the HTTP adapter; otherwise, as over Socket Mode, from now)."""
        arrived = (context or {}).get(ARRIVED)
        start = arrived if isinstance(arrived, float) else time.monotonic()
        return cls(start + ACK_DEADLINE)

    def left(self) -> float:
        """Seconds until the answer is due (never below zero)."""
        return max(0.0, self.at - time.monotonic())

    def for_lookups(self) -> float:
        """Seconds a look-up before the core may still take (never below zero)."""
        return max(0.0, self.at - CORE_RESERVE - time.monotonic())


class CoreFailure(Exception):
    """The core (or the database under it) failed; ``notice`` is what the user is told,
    ``failure`` what kind of failure it was (``bot.failure_text``), ``database`` whether the
    database failed (a channel message is then answered with HTTP 500, for Slack's retry)."""

    def __init__(
        self,
        notice: Notice,
        *,
        database: bool,
        error_id: str,
        failure: Failure | None = None,
    ) -> None:
        super().__init__(notice.text)
        self.notice = notice
        self.database = database
        self.error_id = error_id
        self.failure = failure or Failure(UNREACHABLE if database else BUG, error_id)

    def notice_for(self, *, writes: bool) -> Notice:
        """What the user is told, worded for a request that changes things or only reads
        (for a listener that knows better than the call that failed)."""
        return Notice(level="error", text=self.failure.text(writes=writes))


# What the adapter names its own work (``mark done``, ``update form``): logged as it is. Any
# other text that is no command may be what somebody typed, so it is not.
_LABEL_RE = re.compile(
    r"(?:[a-z-]+ ){0,2}(?:form|reply|notice|release|set-up)|request|identity|home|button|mark done"
)


def command_name(what: str) -> str:
    """What a log line may say about a request: the command's name (``/actions update``,
    ``link``) from typed text, never the words after it (a ref, a name, an update's text);
    the adapter's own labels (``mark done``) as they are; otherwise ``request``."""
    import commands.handlers  # noqa: F401  (registers every command on REGISTRY)
    from commands.registry import REGISTRY

    try:
        split = REGISTRY.split_group(what)
    except NotUnderstood:
        return "request"
    if split is None:
        return what if _LABEL_RE.fullmatch(what) else "request"
    group, words = split
    typed = [w.lower() for w in words]
    best: list[str] = []
    for command in REGISTRY.in_group(group):
        literals: list[str] = []
        for element, word in zip(compile_pattern(command.usage), typed, strict=False):
            if not isinstance(element, Literal) or word not in element.words:
                break
            literals.append(word)
        if len(literals) > len(best):
            best = literals
    head = [f"/{group}"] if group else []
    return " ".join(head + best) or "request"


def command_writes(text: str) -> bool | None:
    """Whether typed ``text`` is a command that changes things (False: it only reads);
    None when it is no command (a channel message, an adapter's label)."""
    import commands.handlers  # noqa: F401  (registers every command on REGISTRY)
    from commands.registry import REGISTRY

    return REGISTRY.writes_of(text)


def failure(exc: BaseException, what: str = "request", writes: bool | None = None) -> CoreFailure:
    """Log an unexpected error with a new id and describe it for the user. ``what`` may be
    the text the user typed: only the command's name is logged (:func:`command_name`).
    ``writes`` says whether the request changes things; when None, it is the command's own
    (typed text in ``what``), else taken to write. The words fit the failure (see
    ``bot.failure_text``): a conflict, a database that did not answer, or one that refused."""
    error_id = new_error_id()
    if writes is None:
        writes = command_writes(what)
    described = Failure.of(exc, error_id)
    what = command_name(what)
    if described.kind == CONFLICT:
        message = "database conflict %s during %s"
    elif described.database:
        message = "database error %s during %s"
    else:
        message = "unexpected error %s during %s"
    log_failure_of(log, described, exc, message, error_id, what)
    notice = Notice(level="error", text=described.text(writes=writes is not False))
    return CoreFailure(notice, database=described.database, error_id=error_id, failure=described)


class CoreRunner:
    """Runs core functions in worker threads, turning failures into :class:`CoreFailure`."""

    async def call(
        self,
        fn: Callable[..., T],
        *args: Any,
        what: str = "request",
        writes: bool | None = None,
        **kwargs: Any,
    ) -> T:
        """Run ``fn(*args, **kwargs)`` in a thread; raise CoreFailure when it fails (worded
        for a request that ``writes``, see :func:`failure`)."""
        try:
            return await asyncio.to_thread(fn, *args, **kwargs)
        except Exception as exc:
            raise failure(exc, what, writes) from exc

    async def within(
        self,
        deadline: float,
        fn: Callable[..., T],
        *args: Any,
        what: str = "request",
        writes: bool | None = None,
    ) -> tuple[T | None, asyncio.Task[T] | None]:
        """``(result, None)`` when ``fn`` finished within ``deadline`` seconds, else
        ``(None, task)`` with the task still running (await it after acknowledging)."""
        task: asyncio.Task[T] = asyncio.ensure_future(
            self.call(fn, *args, what=what, writes=writes)
        )
        done, _ = await asyncio.wait({task}, timeout=max(0.05, deadline))
        if task in done:
            return task.result(), None
        return None, task


class Background:
    """Work started after Slack was answered; failures are logged, never lost silently."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, work: Coroutine[Any, Any, Any] | Awaitable[Any], what: str) -> None:
        """Run ``work`` in the background; ``what`` may be typed text: only the command's name
        is kept (it names the task in logs)."""
        what = command_name(what)
        task = asyncio.ensure_future(self._guard(work, what))
        task.set_name(what)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _guard(self, work: Awaitable[Any], what: str) -> None:
        try:
            await work
        except UNREACHABLE_ERRORS as exc:
            # Slack (or the network to it) did not answer: expected now and then, and not a
            # bug, so one line without a traceback.
            log.warning(
                "background work failed: %s: %s (Slack unreachable)", what, describe_error(exc)
            )
        except Exception as exc:
            log_failure(log, "background work failed: %s", what, exc=exc)

    async def drain(self, timeout: float = 10.0) -> None:
        """Wait for the work started so far (tests, and graceful shutdown)."""
        while self._tasks:
            pending = list(self._tasks)
            done, _ = await asyncio.wait(pending, timeout=timeout)
            if not done:
                log.warning(
                    "%d background tasks still running at shutdown: %s",
                    len(pending),
                    ", ".join(sorted(t.get_name() for t in pending)),
                )
                return
