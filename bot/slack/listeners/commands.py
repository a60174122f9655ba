"""/actions, /kpi and /meeting: everything in the core grammar, answered ephemerally.

The answer goes in the acknowledgement itself when the core is quick (it nearly always is);
otherwise the command is acknowledged at the deadline and answered through response_url.
Read-only answers carry a "Share in channel" button; long lists have page buttons.
"""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import context
from bot.slack.blocks import Message
from bot.slack.mrkdwn import command_plain
from bot.slack.pages import to_message
from bot.slack.pick import offer_pick, source_of
from bot.slack.reply import answer
from bot.slack.runner import CoreFailure, Deadline, command_writes
from bot.slack.services import SlackServices
from commands.context import MessageContext
from commands.views import Notice, Outcome, Question

SLASH_COMMANDS = ("/actions", "/kpi", "/meeting")


def register(app: AsyncApp, services: SlackServices) -> None:
    """Listen to the three slash commands."""

    async def on_command(
        ack: AsyncAck,
        body: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
        request: AsyncBoltRequest,
    ) -> None:
        await answer_command(services, ack, body, client, respond, request)

    for name in SLASH_COMMANDS:
        app.command(name)(on_command)


def command_text(body: dict[str, Any]) -> str:
    """What the user typed, with the command: ``/actions update 2.3 done & dusted``. A channel
    mention reads ``#cpac``, but stays as Slack wrote it (``<#C123|cpac>``) in the commands that
    read a channel (``/meeting channel``, ``/meeting add``), which store it by its id."""
    command = str(body.get("command", ""))
    return f"{command} {command_plain(str(body.get('text') or ''), command)}".strip()


async def answer_command(
    services: SlackServices,
    ack: AsyncAck,
    body: dict[str, Any],
    client: AsyncWebClient,
    respond: AsyncRespond,
    request: AsyncBoltRequest | None = None,
) -> None:
    """Run one slash command and answer it (in the ack, or after it when slow). A command
    that writes is carried out once per signed request (a replay is told it was done)."""
    deadline = Deadline.of(request.context if request is not None else None)
    text = command_text(body)
    try:
        caller = await services.caller(
            client, context.team_of(body), context.user_of(body), deadline
        )
        msg = context.for_command(body, caller)
        key = context.request_key(request.headers) if request is not None else None
        outcome, pending = await services.runner.within(
            deadline.left(),
            services.handle,
            msg,
            text,
            False,
            key,
            what=text[:60],
        )
    except CoreFailure as failed:
        notice = failed.notice_for(writes=_writes(text))
        await ack(response_type="ephemeral", **to_message(notice).payload())
        return
    # A refusal of an update whose ref is in several plans offers each plan's action.
    source = source_of(msg.workspace, key)
    if pending is None:
        offered = await offer_pick(
            services, msg, outcome, text, source=source, timeout=deadline.left()
        )
        message = offered or await reply_message(services, msg, outcome, text)
        await ack(response_type="ephemeral", **message.payload())
        return
    await ack()
    services.background.spawn(
        _answer_later(services, msg, pending, text, respond, client, body, source),
        text[:60],
    )


def _writes(text: str) -> bool:
    """Whether a failure of ``text`` is worded as of a change ("Not saved") rather than of a
    read ("I couldn't read that"): worked out only when something failed, as it parses the
    command again."""
    return command_writes(text) is not False


async def _answer_later(
    services: SlackServices,
    msg: MessageContext,
    pending: asyncio.Task[Outcome | None],
    text: str,
    respond: AsyncRespond,
    client: AsyncWebClient,
    body: dict[str, Any],
    source: str,
) -> None:
    """The answer to a slow command, through response_url (else the Web API: see
    :func:`bot.slack.reply.answer`)."""
    try:
        outcome = await pending
    except CoreFailure as failed:
        notice = failed.notice_for(writes=_writes(text))
        await answer(
            respond, client, body, response_type="ephemeral", **to_message(notice).payload()
        )
        return
    offered = await offer_pick(services, msg, outcome, text, source=source)
    message = offered or await reply_message(services, msg, outcome, text)
    await answer(
        respond,
        client,
        body,
        response_type="ephemeral",
        replace_original=False,
        **message.payload(),
    )


async def reply_message(
    services: SlackServices, msg: MessageContext, outcome: Outcome | None, text: str
) -> Message:
    """The message answering ``text``: the reply (plus "who are you?" after an error for an
    unlinked user), with page buttons and, for answers that changed nothing, Share."""
    if outcome is None:
        reply = Notice(level="error", text="I didn't understand that. Try `/actions help`.")
        return to_message(reply)
    try:
        views = await services.with_identity(msg, outcome.reply)
    except CoreFailure:
        views = [outcome.reply]
    shareable = (
        outcome.understood
        and not outcome.changed
        and not isinstance(outcome.reply, Question)
        and not (isinstance(outcome.reply, Notice) and outcome.reply.level in ("error", "warning"))
    )
    return to_message(views, command=text, shareable=shareable)
