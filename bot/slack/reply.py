"""Answering whoever typed a command or clicked a button, after Slack was acknowledged.

The answer goes through the request's ``response_url``. When that fails (Slack's hook is
unreachable, refuses the post, or has expired: it takes five answers within 30 minutes), the
work itself is done, so the user must still learn how it went: the answer is posted with the
Web API instead, as an ephemeral message in the conversation (a shared answer as a message
there), else as a direct message. The failure is expected and logged as one warning line,
without a traceback or the hook's address.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import context as ctx
from bot.slack.blocks import MAX_MESSAGE_BLOCKS

log = logging.getLogger(__name__)

SLACK_HOOKS_HOST = "hooks.slack.com"

# What a post over the network fails with when the other end is unreachable or too slow
# (asyncio.TimeoutError is TimeoutError; aiohttp's connection errors are also OSErrors).
NETWORK_ERRORS: tuple[type[BaseException], ...] = (aiohttp.ClientError, TimeoutError, OSError)
# ...and what a Web API call fails with besides (the bot is not in the channel, say).
POST_ERRORS: tuple[type[BaseException], ...] = (SlackApiError, *NETWORK_ERRORS)


def channel_of(body: dict[str, Any]) -> str | None:
    """The conversation a command was typed or a button clicked in (None: the Home tab)."""
    channel = body.get("channel")
    container = body.get("container")
    found = (
        body.get("channel_id")
        or (channel.get("id") if isinstance(channel, dict) else None)
        or (container.get("channel_id") if isinstance(container, dict) else None)
    )
    return str(found) if found else None


def thread_of(body: dict[str, Any]) -> str | None:
    """The thread a button was clicked in (None: not in a thread)."""
    for part in (body.get("container"), body.get("message")):
        thread = part.get("thread_ts") if isinstance(part, dict) else None
        if isinstance(thread, str) and thread:
            return thread
    return None


async def answer(
    respond: AsyncRespond, client: AsyncWebClient, body: dict[str, Any], **message: Any
) -> None:
    """Send ``message`` (``respond``'s arguments) through response_url; when that fails, post
    it with the Web API so the user still sees it (see the module's docstring)."""
    failed = await _through_response_url(respond, message, client)
    if failed is None:
        return
    if message.get("delete_original"):
        log.warning("could not delete the original message through response_url (%s)", failed)
        return
    used = await _post(client, body, message)
    if used is not None:
        log.warning("response_url failed (%s): answered with %s instead", failed, used)
    else:
        log.warning("response_url failed (%s), and so did every other way to answer", failed)


def is_slacks_hook(url: str, client: AsyncWebClient) -> bool:
    """Whether ``url`` is a response_url csbot may post to: on Slack's hooks host, or on the
    Web API's own host when SLACK_API_URL points elsewhere (a local fake in tests). A signed
    request's response_url is otherwise not trusted: csbot's answer would go wherever it said."""
    target = urlsplit(url)
    if target.scheme == "https" and target.hostname == SLACK_HOOKS_HOST:
        return True
    api = urlsplit(client.base_url)
    if api.hostname in (None, "slack.com"):
        return False
    return (target.scheme, target.hostname) == (api.scheme, api.hostname)


async def _through_response_url(
    respond: AsyncRespond, message: dict[str, Any], client: AsyncWebClient
) -> str | None:
    """None when the post went through, else what went wrong (for the log)."""
    if not respond.response_url:
        return "no response_url"
    if not is_slacks_hook(respond.response_url, client):
        return "a response_url not on Slack's hooks host"
    try:
        response = await respond(**message)
    except NETWORK_ERRORS as exc:
        return type(exc).__name__
    if 200 <= response.status_code < 300:
        return None
    return f"HTTP {response.status_code}"


async def _post(
    client: AsyncWebClient, body: dict[str, Any], message: dict[str, Any]
) -> str | None:
    """Post ``message`` the first way that works; returns the Web API method used."""
    user = ctx.user_of(body)
    channel = channel_of(body)
    content = {k: message[k] for k in ("text", "blocks") if message.get(k) is not None}
    in_thread = {"thread_ts": thread} if (thread := thread_of(body)) else {}
    attempts: list[tuple[str, dict[str, Any]]] = []
    if channel and message.get("response_type") == "in_channel":
        attempts.append(("chat.postMessage", {"channel": channel, **in_thread}))
    if channel and user:
        attempts.append(("chat.postEphemeral", {"channel": channel, "user": user, **in_thread}))
    if user:
        attempts.append(("chat.postMessage", {"channel": user}))  # a DM from the bot
    shared = message.get("response_type") == "in_channel"
    for method, where in attempts:
        in_channel = shared and method == "chat.postMessage" and where.get("channel") == channel
        try:
            posted = content if in_channel or not shared else _not_shared(content)
            if method == "chat.postEphemeral":
                await client.chat_postEphemeral(**where, **posted)
            else:
                await client.chat_postMessage(**where, **posted)
        except POST_ERRORS:
            continue
        return method + (" (direct message)" if where.get("channel") == user else "")
    return None


NOT_SHARED = (
    "⚠️ This could not be posted in the channel, so only you can see it. Is csbot in the "
    "channel? Invite it with `/invite @csbot`, then share again."
)


def _not_shared(content: dict[str, Any]) -> dict[str, Any]:
    """A shared answer shown to its sharer alone, saying the channel never saw it."""
    blocks = list(content.get("blocks") or [])
    notice = {"type": "context", "elements": [{"type": "mrkdwn", "text": NOT_SHARED}]}
    text = f"{NOT_SHARED} {content.get('text') or ''}".strip()
    if len(blocks) < MAX_MESSAGE_BLOCKS:
        blocks = [notice, *blocks]
    return {**content, "text": text, **({"blocks": blocks} if blocks else {})}
