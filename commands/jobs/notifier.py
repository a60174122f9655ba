"""Where scheduled posts go: a target, the notifier protocol and one notifier per platform.

The scheduler composes a view-model and hands it to the notifier registered for the
target's platform. A notifier raises on failure; the job then leaves the post pending and
retries it on a later run, so nothing is lost, unless the platform's answer says no retry
can work (``permanent_error``: a deactivated user, an archived channel...), when the post is
marked failed at once.

Contract for platform adapters: a module ``bot.<platform>.notifier`` (``bot.slack.notifier``,
``bot.teams.notifier``) exposes ``build_notifier(settings, store) -> Notifier | None``
(None when that platform is not configured). ``bot.jobs_cli.build_notifiers`` collects them
into a NotifierRegistry keyed by platform ("slack", "teams"); "console" always prints.
A notifier's ``send`` returns the platform's id of the message it posted (Slack's ``ts``,
the Teams activity id) when the platform says it, else None: the audit trail records it.
A Target with ``channel_id`` posts in that channel; one with ``user_id`` (the chat_user's
``external_id`` on that platform) is a direct message to that user. One with ``thread_ts``
replies in that thread, and one with ``reply_to`` also marks that message as acknowledged
(Slack: a ✅ reaction), as the answer to a progress update does.

A notifier that cannot reach the target *yet* (no conversation with it because the app is not
installed there, e.g. Teams' ``NoConversation``, Slack's ``NoSlackToken``) raises a
``LookupError``: the post then waits, without using up an attempt, until it can be sent or
it expires. A notifier writing to a local file raises ``LocalOutputError`` when it cannot:
the run stops and the posts are given back untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from commands.views import View


@dataclass(frozen=True)
class Target:
    """Where a post goes: a channel, or a person's direct messages (``user_id``)."""

    workspace: str
    platform: str
    channel_id: str | None = None
    user_id: str | None = None
    # A reply to a chat message: the thread it goes in, and the message it marks as done with
    # (a reaction, where the platform has them).
    thread_ts: str | None = None
    reply_to: str | None = None

    def describe(self) -> str:
        """A short human label, e.g. ``slack:#C123`` or ``console:@fiona``."""
        where = f"#{self.channel_id}" if self.channel_id else f"@{self.user_id}"
        return f"{self.platform}:{where}"


# Slack's answers that no retry can change: the person left or was deactivated, the channel
# is gone, archived, or csbot is not in it, the user is a bot.
PERMANENT_SLACK_ERRORS = frozenset(
    {
        "user_disabled",
        "account_inactive",
        "user_not_found",
        "users_not_found",
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "cannot_dm_bot",
    }
)
# The Bot Connector's HTTP statuses that say the same: forbidden (the bot was removed or
# blocked) and not found (the conversation is gone).
PERMANENT_HTTP_STATUSES = frozenset({403, 404})


def permanent_error(exc: BaseException) -> str | None:
    """Why a failed send will fail the same way however often it is retried (e.g.
    ``Slack said user_disabled``), or None when a retry may work.

    Reads the platform's answer without importing the platforms' SDKs: a Slack API error
    carries the Web API's ``error`` code in its response; an HTTP error (Teams) its status.
    """
    response = getattr(exc, "response", None)
    if response is None:
        return None
    data = getattr(response, "data", None)
    if isinstance(data, dict):  # a SlackResponse
        code = data.get("error")
        return f"Slack said {code}" if code in PERMANENT_SLACK_ERRORS else None
    status = getattr(response, "status_code", None)
    if isinstance(status, int) and status in PERMANENT_HTTP_STATUSES:
        return f"the platform answered HTTP {status}"
    return None


def not_reachable_yet(exc: BaseException) -> bool:
    """True when the notifier could not reach the target yet (it raised a LookupError of its
    own, not a KeyError or IndexError from a bug): nothing was tried on the platform."""
    return isinstance(exc, LookupError) and not isinstance(exc, KeyError | IndexError)


class LocalOutputError(Exception):
    """A post could not be written to a local file (``--to-file``): the run stops."""


class Notifier(Protocol):
    """Sends one view to one target; raises on failure (the job retries later). Returns the
    platform's id of the message posted, or None when there is none to give."""

    def send(self, target: Target, view: View) -> str | None: ...


@dataclass(frozen=True)
class Sent:
    """One post a RecordingNotifier received."""

    target: Target
    view: View


@dataclass
class RecordingNotifier:
    """Keeps every post in memory (tests and the console platform)."""

    sent: list[Sent] = field(default_factory=list)
    fail_times: int = 0

    def send(self, target: Target, view: View) -> str | None:
        """Record the post; raise instead while ``fail_times`` is above zero."""
        if self.fail_times > 0:
            self.fail_times -= 1
            raise RuntimeError("recording notifier told to fail")
        self.sent.append(Sent(target, view))
        return None

    def to(self, *, channel_id: str | None = None, user_id: str | None = None) -> list[View]:
        """The views sent to one channel or one user, in order."""
        return [
            s.view
            for s in self.sent
            if (channel_id is None or s.target.channel_id == channel_id)
            and (user_id is None or s.target.user_id == user_id)
        ]


@dataclass
class PrintingNotifier:
    """Writes each post as text (the console platform in ``csbot jobs run-due``)."""

    render: Callable[[View], str]
    write: Callable[[str], None] = print

    def send(self, target: Target, view: View) -> str | None:
        """Render the view and write it under a header naming the target."""
        self.write(f"--- to {target.describe()} ---\n{self.render(view)}")
        return None


class NotifierRegistry:
    """Notifiers per platform ("slack", "teams", "console")."""

    def __init__(self, notifiers: dict[str, Notifier] | None = None) -> None:
        self._by_platform: dict[str, Notifier] = dict(notifiers or {})

    def register(self, platform: str, notifier: Notifier) -> None:
        """Use ``notifier`` for every target on ``platform``."""
        self._by_platform[platform] = notifier

    def has(self, platform: str) -> bool:
        """True when a notifier is registered for ``platform``."""
        return platform in self._by_platform

    def platforms(self) -> list[str]:
        """The platforms that have a notifier."""
        return sorted(self._by_platform)

    def send(self, target: Target, view: View) -> str | None:
        """Send through the target platform's notifier; LookupError when there is none. The
        platform's id of the message posted, when its notifier gives one."""
        try:
            notifier = self._by_platform[target.platform]
        except KeyError:
            raise LookupError(f"no notifier for platform {target.platform!r}") from None
        sent = notifier.send(target, view)
        return sent if isinstance(sent, str) and sent else None

    def outcome(self, target: Target) -> tuple[str, str]:
        """How a run's report says a post went, as (verb, where): ``("sent", "slack:#C1")``,
        or what the platform's notifier says instead (``("wrote", "out.jsonl (for …)")``)."""
        describe = getattr(self._by_platform.get(target.platform), "outcome", None)
        if callable(describe):
            verb, where = describe(target)
            return str(verb), str(where)
        return "sent", target.describe()


@dataclass
class JsonLinesNotifier:
    """Appends each post to a file as one JSON line (dry runs, and tests across processes)."""

    path: str

    def check(self) -> None:
        """Raise LocalOutputError unless the file can be appended to (creating it if need be)."""
        try:
            with open(self.path, "a", encoding="utf-8"):
                pass
        except OSError as exc:
            raise LocalOutputError(_os_words(exc)) from exc

    def outcome(self, target: Target) -> tuple[str, str]:
        """("wrote", "posts.jsonl (for slack:#C1)"): the post went to the file, not to chat."""
        return "wrote", f"{self.path} (for {target.describe()})"

    def send(self, target: Target, view: View) -> str | None:
        """Append ``{"target": ..., "view": ...}`` under an exclusive file lock."""
        import fcntl
        import json
        from dataclasses import asdict

        line = json.dumps({"target": asdict(target), "view": view.model_dump(mode="json")})
        try:
            with open(self.path, "a", encoding="utf-8") as fh:
                fcntl.flock(fh, fcntl.LOCK_EX)
                try:
                    fh.write(line + "\n")
                    fh.flush()
                finally:
                    fcntl.flock(fh, fcntl.LOCK_UN)
        except OSError as exc:
            raise LocalOutputError(_os_words(exc)) from exc
        return None


def _os_words(exc: OSError) -> str:
    """``Is a directory``: the reason of a file error, without the path repeated."""
    return exc.strerror or str(exc)
