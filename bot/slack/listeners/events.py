"""Events API: channel messages (progress updates, edits, deletions), direct messages and
@-mentions (commands), and App Home opening.

Progress messages are logged before Slack gets its answer, so a database failure can answer
500 and Slack delivers the event again; the update's source key (the message) and the event
ledger (keyed by the message for a new one and by the edit for an edit, so a delivery under
a new event id counts too) make that retry log it once and reply once. Reactions and thread
replies are sent after the answer, in the message's thread; refusals go to the author only.
Messages from bots (ourselves included) are never acted on.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import context as ctx
from bot.slack.home import home_error_view, home_view
from bot.slack.mrkdwn import command_plain, mentioned_users, strip_leading_mention, to_plain
from bot.slack.pages import to_message
from bot.slack.pick import offer_pick, source_of
from bot.slack.reactions import LOGGED_REACTION
from bot.slack.runner import CoreFailure, Deadline, command_writes, slack_unreachable
from bot.slack.services import SlackServices
from commands.context import MessageContext
from commands.home import HomePage, home_page
from commands.jobs.replies import queue_update_reply
from commands.progress import looks_like_channel_update
from commands.safe_log import describe_error
from commands.views import Notice, Outcome, UpdateLogged, View

log = logging.getLogger(__name__)

NEW_MESSAGE_SUBTYPES = (None, "thread_broadcast", "file_share")
PERMALINK_TIMEOUT = 1.5
LAST_RETRY = 3
LEDGER_KEY_MAX = 64
HINT = "I didn't catch that. Type `help` to see what I understand."


def register(app: AsyncApp, services: SlackServices) -> None:
    """Listen to message, app_mention and app_home_opened events."""
    events = ChannelEvents(services)
    app.event("message")(events.on_message)
    app.event("app_mention")(events.on_mention)
    app.event("app_home_opened")(events.on_home_opened)


def retry_number(request: AsyncBoltRequest) -> int:
    """Slack's ``X-Slack-Retry-Num`` (0 for the first delivery)."""
    values = request.headers.get("x-slack-retry-num") or ["0"]
    try:
        return int(values[0])
    except (ValueError, IndexError):
        return 0


def thread_of(message: dict[str, Any], ts: str) -> str:
    """Where replies about a message go: its thread when it is a reply in one, else itself."""
    return str(message.get("thread_ts") or ts)


def message_key(team: str, channel: str, ts: str) -> str:
    """The ledger key of one channel message, whatever event delivers it (Slack can deliver a
    message again under a new event id); hashed when too long for the ledger's column."""
    return _ledger_key("msg", team, channel, ts)


def edit_key(team: str, channel: str, ts: str, new: dict[str, Any], old: dict[str, Any]) -> str:
    """The ledger key of one edit of a message, whatever event delivers it: the message, when
    it was edited (``edited.ts``) and the texts before and after. Editing back to an earlier
    text is another edit (a later ``edited.ts``); a redelivery of the same edit is not."""
    edited = new.get("edited")
    when = edited.get("ts") if isinstance(edited, dict) else None
    parts = (when, old.get("text"), new.get("text"))
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:16]
    return _ledger_key("edit", team, channel, ts, digest)


def _ledger_key(kind: str, *parts: str) -> str:
    key = ":".join((kind, *parts))
    if len(key) <= LEDGER_KEY_MAX:
        return key
    return f"{kind}:" + hashlib.sha256(key.encode()).hexdigest()[: LEDGER_KEY_MAX - len(kind) - 1]


def failed_response() -> BoltResponse:
    """A 500 answer: Slack delivers the event again (up to three times)."""
    return BoltResponse(status=500, body="")


class ChannelEvents:
    """The Events API listeners."""

    def __init__(self, services: SlackServices) -> None:
        self.s = services

    # -- message events ------------------------------------------------------------------------

    async def on_message(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
        request: AsyncBoltRequest,
    ) -> BoltResponse | None:
        """A message was posted, edited or deleted in a channel the bot is in, or in its DM."""
        subtype = event.get("subtype")
        if event.get("bot_id") or subtype == "bot_message":
            return None
        if subtype in NEW_MESSAGE_SUBTYPES:
            return await self._new_message(body, event, client, context, request)
        if subtype == "message_changed":
            return await self._edited(
                body, event, client, request, Deadline.of(context), context.bot_user_id
            )
        if subtype == "message_deleted":
            return await self._deleted(body, event, client, request, context.bot_user_id)
        return None

    async def _new_message(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        client: AsyncWebClient,
        bolt: AsyncBoltContext,
        request: AsyncBoltRequest,
    ) -> BoltResponse | None:
        text = str(event.get("text") or "")
        user = ctx.slack_id(event.get("user"))
        if not user:
            return None
        deadline = Deadline.of(bolt)
        if event.get("channel_type") == "im" or ctx.is_direct(event.get("channel")):
            return await self._command(body, event, client, request, text, deadline)
        if bolt.bot_user_id and f"<@{bolt.bot_user_id}" in text:
            return None  # an @-mention: on_mention answers it
        if not looks_like_channel_update(to_plain(text)):
            return None
        return await self._progress(body, event, client, request, text, user, deadline)

    async def _progress(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        client: AsyncWebClient,
        request: AsyncBoltRequest,
        text: str,
        user: str,
        deadline: Deadline,
    ) -> BoltResponse | None:
        channel, ts = ctx.slack_id(event.get("channel")), str(event.get("ts"))
        try:
            ran = await self._once(
                body,
                event,
                client,
                user=user,
                text=text,
                ts=ts,
                deadline=deadline,
                kind="message",
                handle=self.s.core.handle_channel_message,
                # Keyed by the message, not the event: a new message is answered once even
                # when Slack delivers it again under a new event id.
                key=message_key(ctx.team_of(body), channel, ts),
            )
        except CoreFailure as failed:
            thread = thread_of(event, ts)
            self._tell_failure(client, channel, user, failed, retry_number(request), thread)
            return failed_response()
        if ran is not None:
            msg, outcome = ran
            self.s.background.spawn(
                self._after_progress(client, msg, outcome, channel, ts, user), "progress reply"
            )
        return None

    async def _once(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        client: AsyncWebClient,
        *,
        user: str,
        text: str,
        ts: str,
        deadline: Deadline,
        kind: str,
        handle: Callable[[MessageContext, str], Outcome | None],
        key: str | None = None,
    ) -> tuple[MessageContext, Outcome] | None:
        """Run a channel message (new or edited) through the core once per ledger key (the
        event id unless ``key`` is given): None when it was handled already, the core ignored
        it, or another delivery of it won the claim. Raises CoreFailure (the key is then left
        unclaimed, for Slack's retry).

        The author, the users mentioned and (only in a plan's channel, where it will be
        logged) the message's permalink are asked of Slack at once, and given up on in time
        for Slack's deadline: a mention then stays an id, the update has no link."""
        event_id = key or str(body.get("event_id") or "")
        team = ctx.team_of(body)
        channel = ctx.slack_id(event.get("channel"))
        seen, linked = await self.s.runner.call(
            self.s.ledger.seen_and_linked, event_id, team, channel
        )
        if seen:
            return None
        wants_link = linked and looks_like_channel_update(to_plain(text))
        caller, names, permalink = await asyncio.gather(
            self.s.caller(client, team, user, deadline),
            self.s.directory.names(client, team, mentioned_users(text), deadline.for_lookups()),
            fetch_permalink(client, channel, ts, deadline) if wants_link else _nothing(),
        )
        plain = to_plain(text, names)
        # Only a progress update keeps its message's link (an edit may no longer be one).
        if not looks_like_channel_update(plain):
            permalink = None
        msg = ctx.for_message(team, event, caller, ts=ts, permalink=permalink)
        outcome = await self.s.runner.call(handle, msg, plain)
        if outcome is None:
            return None
        if event_id and not await self.s.runner.call(
            self.s.ledger.claim, event_id, team_id=team, kind=kind
        ):
            return None
        return msg, outcome

    async def _after_progress(
        self,
        client: AsyncWebClient,
        msg: MessageContext,
        outcome: Outcome,
        channel: str,
        ts: str,
        user: str,
    ) -> None:
        reply = outcome.reply
        thread = msg.thread_id or ts
        if isinstance(reply, UpdateLogged):
            await self._acknowledge(client, msg, reply, channel, ts, thread)
            return
        await self._tell_author(client, msg, reply, channel, thread, user)

    async def _acknowledge(
        self,
        client: AsyncWebClient,
        msg: MessageContext,
        reply: UpdateLogged,
        channel: str,
        ts: str,
        thread: str,
    ) -> None:
        """The ✅ on the message and "Logged" in its thread. When Slack cannot be reached, both
        are queued for the scheduler (``commands.jobs.replies``), so the author still sees that
        the update was kept rather than posting it again."""
        try:
            await self._react(client, channel, ts)
            message = to_message(reply)
            await client.chat_postMessage(channel=channel, thread_ts=thread, **message.payload())
        except Exception as exc:
            if not slack_unreachable(exc) or reply.update_id is None:
                raise
            queued = await self.s.runner.call(
                lambda: queue_update_reply(
                    self.s.store,
                    msg.workspace,
                    platform="slack",
                    channel_id=channel,
                    message_ts=ts,
                    thread_ts=thread,
                    update_id=reply.update_id or 0,
                    note=reply.message,
                    now=self.s.core.clock(),
                ),
                what="progress reply",
            )
            log.warning(
                "Slack did not take the answer to a progress update (%s): %s",
                describe_error(exc),
                "queued for the scheduler" if queued else "queued already",
            )

    async def _tell_author(
        self,
        client: AsyncWebClient,
        msg: MessageContext,
        reply: View,
        channel: str,
        thread: str,
        user: str,
    ) -> None:
        """A refusal or a question about a channel message: shown to its author only."""
        views = await self._with_identity(msg, reply)
        message = to_message(views)
        await client.chat_postEphemeral(
            channel=channel, user=user, thread_ts=thread, **message.payload()
        )

    async def _edited(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        client: AsyncWebClient,
        request: AsyncBoltRequest,
        deadline: Deadline,
        bot_user_id: str | None,
    ) -> BoltResponse | None:
        """A message was edited. A message that starts by mentioning csbot (``@csbot 2.3: …``,
        logged by on_mention) is read without that mention, as it was when it was posted:
        with it, the edited text would no longer read as an update, and its update would be
        retracted rather than superseded."""
        new = event.get("message") or {}
        old = event.get("previous_message") or {}
        user = ctx.slack_id(new.get("user"))
        if new.get("bot_id") or not user or new.get("text") == old.get("text"):
            return None  # bots, and link unfurls (same text)
        channel, ts = ctx.slack_id(event.get("channel")), str(new.get("ts"))
        edited = strip_leading_mention(str(new.get("text") or ""), bot_user_id)
        try:
            ran = await self._once(
                body,
                event,
                client,
                user=user,
                text=edited,
                ts=ts,
                deadline=deadline,
                kind="message_changed",
                handle=self.s.core.handle_edit,
                # Keyed by the edit, not the event: Slack can deliver one again under a new
                # event id, and it must not be answered twice.
                key=edit_key(ctx.team_of(body), channel, ts, new, old),
            )
        except CoreFailure as failed:
            thread = thread_of(new, ts)
            self._tell_failure(client, channel, user, failed, retry_number(request), thread)
            return failed_response()
        if ran is not None:
            msg, outcome = ran
            text = command_plain(edited)
            self.s.background.spawn(
                self._after_edit(client, msg, outcome, channel, ts, user, text), "edit reply"
            )
        return None

    async def _after_edit(
        self,
        client: AsyncWebClient,
        msg: MessageContext,
        outcome: Outcome,
        channel: str,
        ts: str,
        user: str,
        text: str,
    ) -> None:
        """The update logged or superseded, or retracted: said in the thread for everyone (as
        the first "Logged" was); anything else (a refusal, an unknown ref) to the editor only.
        In a direct message, every answer is a message of the conversation (as the first was),
        and an update whose plan is still to be picked, edited, is offered a fresh pick (the
        earlier one is out of date: see commands/typed_message.py)."""
        reply = outcome.reply
        if msg.is_direct:
            source = source_of(msg.workspace, channel, ts)
            offered = await offer_pick(self.s, msg, outcome, text, source=source)
            message = offered or to_message(await self._with_identity(msg, reply))
            await client.chat_postMessage(channel=channel, **message.payload())
            return
        thread = msg.thread_id or ts
        if isinstance(reply, UpdateLogged):
            await self._acknowledge(client, msg, reply, channel, ts, thread)
            return
        if isinstance(reply, Notice) and reply.level == "info":
            await self._unreact(client, channel, ts)
        else:
            await self._tell_author(client, msg, reply, channel, thread, user)
            return
        message = to_message(reply)
        await client.chat_postMessage(channel=channel, thread_ts=thread, **message.payload())

    async def _deleted(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        client: AsyncWebClient,
        request: AsyncBoltRequest,
        bot_user_id: str | None,
    ) -> BoltResponse | None:
        """A message was deleted: its update is retracted. One csbot has not logged is
        remembered by the core, so that Slack's retry of it (when csbot did not answer its
        delivery in time) logs nothing."""
        old = event.get("previous_message") or {}
        user = ctx.slack_id(old.get("user"))
        if old.get("bot_id") or not user:
            return None
        channel = ctx.slack_id(event.get("channel"))
        ts = str(event.get("deleted_ts") or old.get("ts") or "")
        if not ts:
            return None
        team = ctx.team_of(body)
        try:
            caller = await self.s.caller(client, team, user)
            msg = ctx.for_message(team, event, caller, ts=ts)
            outcome = await self.s.runner.call(self.s.core.handle_delete, msg)
        except CoreFailure as failed:
            log.warning("retracting the update of deleted message %r failed", ts)
            if retry_number(request) >= LAST_RETRY:
                self._tell_failure(client, channel, user, failed, LAST_RETRY, None)
            return failed_response()
        text = str(old.get("text") or "")
        if outcome is None and bot_user_id and f"<@{bot_user_id}" in text:
            # A message @-mentioning csbot (answered by on_mention, whatever the core says):
            # its delivery still to come is dropped by its ledger key, not answered "I didn't
            # catch that".
            await self._claim_quietly(message_key(team, channel, ts), team, "message_deleted")
        if outcome is not None:
            message = to_message(outcome.reply)
            notice = (
                client.chat_postMessage(channel=channel, **message.payload())
                if msg.is_direct
                else client.chat_postEphemeral(channel=channel, user=user, **message.payload())
            )
            self.s.background.spawn(notice, "retraction notice")
        return None

    # -- commands by DM or @-mention -----------------------------------------------------------

    async def on_mention(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
        request: AsyncBoltRequest,
    ) -> BoltResponse | None:
        """``@csbot kpi pep`` in a channel: a command, or a progress update, answered in thread."""
        if event.get("bot_id") or not ctx.slack_id(event.get("user")):
            return None
        text = strip_leading_mention(str(event.get("text") or ""), context.bot_user_id)
        return await self._command(body, event, client, request, text, Deadline.of(context))

    async def _command(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        client: AsyncWebClient,
        request: AsyncBoltRequest,
        text: str,
        deadline: Deadline,
    ) -> BoltResponse | None:
        """A command typed in a DM or after an @-mention (claimed first: it may write).

        Claimed by the message, not the event: Slack can deliver one message again under a
        new event id, and it must not be carried out twice."""
        team = ctx.team_of(body)
        user = ctx.slack_id(event.get("user"))
        channel, ts = ctx.slack_id(event.get("channel")), str(event.get("ts") or "")
        event_id = message_key(team, channel, ts) if ts else str(body.get("event_id") or "")
        command = command_plain(text)
        # Not a command (None): a progress update, which writes.
        writes = command_writes(command) is not False
        claimed = False
        try:
            if event_id:
                claimed = await self.s.runner.call(
                    self.s.ledger.claim, event_id, team_id=team, kind=str(event.get("type"))
                )
                if not claimed:
                    return None
            linked = False
            if looks_like_channel_update(command) and not ctx.is_direct(channel):
                # Logged (and so worth a permalink) only in a plan's channel.
                _, linked = await self.s.runner.call(
                    self.s.ledger.seen_and_linked, "", team, channel
                )
            caller, permalink = await asyncio.gather(
                self.s.caller(client, team, user, deadline),
                fetch_permalink(client, channel, ts, deadline) if linked else _nothing(),
            )
            msg = ctx.for_message(team, event, caller, ts=ts, permalink=permalink)
            outcome = await self.s.runner.call(
                self.s.handle, msg, command, what=command[:60], writes=writes
            )
        except CoreFailure as failed:
            if claimed:
                await self._release(event_id)
            retry = retry_number(request)
            self._tell_failure(client, channel, user, failed, retry, None, writes=writes)
            return failed_response()
        self.s.background.spawn(
            self._answer(client, msg, outcome, channel, ts, user, command), "command reply"
        )
        return None

    async def _answer(
        self,
        client: AsyncWebClient,
        msg: MessageContext,
        outcome: Outcome | None,
        channel: str,
        ts: str,
        user: str,
        command: str,
    ) -> None:
        direct = ctx.is_direct(channel)
        if outcome is None:
            hint = to_message(Notice(text=HINT))
            if direct:
                await client.chat_postMessage(channel=channel, **hint.payload())
            else:
                await client.chat_postEphemeral(channel=channel, user=user, **hint.payload())
            return
        if isinstance(outcome.reply, UpdateLogged) and not direct:
            await self._react(client, channel, ts)
        # A refusal of an update whose ref is in several plans offers each plan's action.
        source = source_of(msg.workspace, channel, ts)
        offered = await offer_pick(self.s, msg, outcome, command, source=source)
        message = offered or to_message(await self._with_identity(msg, outcome.reply))
        thread = None if direct else (msg.thread_id or ts)
        await client.chat_postMessage(channel=channel, thread_ts=thread, **message.payload())

    # -- App Home --------------------------------------------------------------------------------

    async def on_home_opened(
        self, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """Publish the Home tab each time it is opened (it is built from live data)."""
        user = ctx.slack_id(event.get("user"))
        if event.get("tab", "home") != "home" or not user:
            return
        self.s.background.spawn(publish_home(self.s, client, ctx.team_of(body), user), "home")

    # -- helpers ---------------------------------------------------------------------------------

    async def _with_identity(self, msg: MessageContext, reply: View) -> list[View]:
        try:
            return await self.s.with_identity(msg, reply)
        except CoreFailure:
            return [reply]

    async def _claim_quietly(self, event_id: str, team: str, kind: str) -> None:
        try:
            await self.s.runner.call(
                self.s.ledger.claim, event_id, team_id=team, kind=kind, what="event claim"
            )
        except CoreFailure:
            log.warning("could not claim event %r: Slack's retry may be answered", event_id)

    async def _release(self, event_id: str) -> None:
        try:
            await self.s.runner.call(self.s.ledger.release, event_id, what="event release")
        except CoreFailure:
            log.warning("could not release event %r: Slack's retry will be ignored", event_id)

    async def _react(self, client: AsyncWebClient, channel: str, ts: str) -> None:
        try:
            await client.reactions_add(channel=channel, timestamp=ts, name=LOGGED_REACTION)
        except SlackApiError as exc:
            if exc.response.get("error") != "already_reacted":
                raise

    async def _unreact(self, client: AsyncWebClient, channel: str, ts: str) -> None:
        try:
            await client.reactions_remove(channel=channel, timestamp=ts, name=LOGGED_REACTION)
        except SlackApiError as exc:
            if exc.response.get("error") != "no_reaction":
                raise

    def _tell_failure(
        self,
        client: AsyncWebClient,
        channel: str,
        user: str,
        failed: CoreFailure,
        retry: int,
        ts: str | None,
        *,
        writes: bool = True,
    ) -> None:
        """Tell the author their message was not saved (on the first and the last attempt),
        in words that fit the failure (``bot.failure_text``) and the message: ``writes``
        False for a command that only reads."""
        if retry not in (0, LAST_RETRY):
            return
        text = failed.failure.text_before_redelivery(writes=writes, last=retry == LAST_RETRY)
        message = to_message(Notice(level="error", text=text))
        self.s.background.spawn(
            client.chat_postEphemeral(
                channel=channel, user=user, thread_ts=ts, **message.payload()
            ),
            "failure notice",
        )


async def _nothing() -> None:
    return None


async def fetch_permalink(
    client: AsyncWebClient, channel: str, ts: str, deadline: Deadline
) -> str | None:
    """The message's permalink; None when Slack fails or does not answer within
    PERMALINK_TIMEOUT or in time for ``deadline`` (a missing link is not worth a late answer)."""
    if not channel or not ts:
        return None
    timeout = min(PERMALINK_TIMEOUT, deadline.for_lookups())
    try:
        response = await asyncio.wait_for(
            client.chat_getPermalink(channel=channel, message_ts=ts), timeout
        )
    except Exception as exc:  # any failure (or no answer in time): no link, never fatal
        log.warning("chat.getPermalink failed for %r/%r: %s", channel, ts, describe_error(exc))
        return None
    link = response.get("permalink")
    return str(link) if link else None


async def publish_home(
    services: SlackServices, client: AsyncWebClient, team: str, user: str
) -> None:
    """Build and publish one person's Home tab."""
    try:
        caller = await services.caller(client, team, user)
        msg = MessageContext(workspace=team, caller=caller, source="home")
        page = await services.runner.call(services.fetch, msg, home_page, what="home", writes=False)
    except CoreFailure as failed:
        view = home_error_view(failed.notice)
    else:
        view = home_view(page) if isinstance(page, HomePage) else home_error_view(page)
    await client.views_publish(user_id=user, view=view)
