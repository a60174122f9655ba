"""Buttons, the "Log as action update" message shortcut, and form submissions.

Button clicks are acknowledged at once and carried out after the acknowledgement (opening
a modal must happen within 3 s of the click, which leaves ample time). Form submissions run
the core before answering, so a refusal or a database failure is shown in the form itself.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import context as ctx
from bot.slack.blocks import context as context_block
from bot.slack.form_seal import OUT_OF_DATE, FormSeal
from bot.slack.home import OPEN_ADD
from bot.slack.listeners.events import fetch_permalink, publish_home
from bot.slack.modals import (
    ADD_ACTION,
    LOG_UPDATE,
    MINUTES,
    UPDATE_ACTION,
    Submitted,
    add_modal,
    log_update_modal,
    metadata_fits,
    minutes_modal,
    result_modal,
    update_modal,
)
from bot.slack.mrkdwn import to_plain, user_mention
from bot.slack.pages import PAGE, SHARE, PageRequest, to_message
from bot.slack.pick import NOT_YOUR_PICK, PICK, PickChoice
from bot.slack.render import ANSWER, MARK_DONE, OPEN_UPDATE, as_typed_in_slack
from bot.slack.render_meetings import OPEN_MINUTES
from bot.slack.rendered import CMD
from bot.slack.reply import answer
from bot.slack.runner import CoreFailure, Deadline
from bot.slack.services import SlackServices
from commands.context import MessageContext
from commands.forms import (
    action_by_id,
    action_form,
    log_message_as_update,
    mark_done,
    plan_choices,
    submit_action_update,
    submit_new_action,
)
from commands.handler_context import HandlerContext
from commands.handlers.meetings import minutes_form, submit_minutes
from commands.permissions import require_can_change_action
from commands.progress import parse_progress
from commands.typed_message import pick_key
from commands.views import ActionDetail, MinutesForm, Notice, Outcome, View

log = logging.getLogger(__name__)

_Form = TypeVar("_Form")

# Ids are INTEGER columns: a larger number (or one below 1) names no row. Such a button value
# becomes NO_SUCH_ID, which no row has either, so the core says the thing no longer exists.
MAX_ID = 2**31 - 1
NO_SUCH_ID = 0
LOG_SHORTCUT = "log_action_update"
MINUTES_TEXT = (
    "Paste the minutes below. Every `Action: <name(s)>` line becomes an action arising, owned "
    "by those people. (Slack allows 3,000 characters here; import longer minutes with "
    "`csbot import minutes FILE --meeting ID`.)"
)


def action_pattern(name: str) -> re.Pattern[str]:
    """Matches an action id and its ``:n`` variants (see pages.unique_action_ids)."""
    return re.compile(rf"^{re.escape(name)}(:\d+)?$")


def register(app: AsyncApp, services: SlackServices, seal: FormSeal) -> None:
    """Listen to our buttons, the message shortcut and the forms (``seal`` signs and checks
    the forms' metadata)."""
    i = Interactions(services, seal)
    app.action(action_pattern(CMD))(i.on_command_button)
    app.action(action_pattern(ANSWER))(i.on_command_button)
    app.action(action_pattern(PAGE))(i.on_page)
    app.action(action_pattern(SHARE))(i.on_share)
    app.action(action_pattern(MARK_DONE))(i.on_done)
    app.action(action_pattern(OPEN_UPDATE))(i.on_open_update)
    app.action(action_pattern(OPEN_ADD))(i.on_open_add)
    app.action(action_pattern(OPEN_MINUTES))(i.on_open_minutes)
    app.action(action_pattern(PICK))(i.on_pick)
    app.message_shortcut(LOG_SHORTCUT)(i.on_log_shortcut)
    app.view_submission(UPDATE_ACTION)(i.on_update_submitted)
    app.view_submission(ADD_ACTION)(i.on_add_submitted)
    app.view_submission(LOG_UPDATE)(i.on_log_submitted)
    app.view_submission(MINUTES)(i.on_minutes_submitted)
    # Anything else interactive (a link button, an old message's button): acknowledge only.
    app.action(re.compile(".*"))(i.on_other)


def _value(body: dict[str, Any]) -> str:
    actions = body.get("actions") or [{}]
    return str(actions[0].get("value") or "")


def _from_home(body: dict[str, Any]) -> bool:
    return (body.get("view") or {}).get("type") == "home"


def _in_view(body: dict[str, Any]) -> bool:
    return (body.get("container") or {}).get("type") == "view"


def _is_ephemeral(body: dict[str, Any]) -> bool:
    return bool((body.get("container") or {}).get("is_ephemeral"))


def _is_refusal(outcome: Outcome) -> bool:
    """An answer that is an error or warning, or to a command not understood."""
    reply = outcome.reply
    return not outcome.understood or (
        isinstance(reply, Notice) and reply.level in ("error", "warning")
    )


class Interactions:
    """The listeners for buttons, shortcuts and forms."""

    def __init__(self, services: SlackServices, seal: FormSeal) -> None:
        self.s = services
        self.seal = seal

    def _sealed(self, body: dict[str, Any], modal: dict[str, Any]) -> dict[str, Any]:
        """``modal`` with its metadata signed for the user who is opening it."""
        return self.seal.seal(modal, team=ctx.team_of(body), user=ctx.user_of(body))

    def _form(self, body: dict[str, Any]) -> Submitted | None:
        """A submitted form, or None when its metadata is not what csbot wrote for this
        form and user (missing, unsigned, altered) or not of the form's shape."""
        view = body.get("view") or {}
        metadata = self.seal.open(view, team=ctx.team_of(body), user=ctx.user_of(body))
        if metadata is None or not metadata_fits(str(view.get("callback_id") or ""), metadata):
            log.warning("refused a form submission whose metadata csbot did not write")
            return None
        return Submitted.of(view, metadata)

    async def _msg(
        self,
        body: dict[str, Any],
        client: AsyncWebClient,
        channel_id: str | None = None,
        deadline: Deadline | None = None,
    ) -> MessageContext:
        caller = await self.s.caller(client, ctx.team_of(body), ctx.user_of(body), deadline)
        return ctx.for_interaction(body, caller, channel_id)

    # -- showing results -------------------------------------------------------------------------

    async def _show(
        self,
        body: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
        views: list[View],
        *,
        replace: bool = False,
        command: str | None = None,
        page: int | PageRequest = 0,
    ) -> None:
        """Show a reply where the click happened: a modal over the Home tab or a modal, an
        ephemeral message (replacing an ephemeral original when asked) in a conversation."""
        if _in_view(body):
            modal = result_modal(views[0])
            trigger = body.get("trigger_id")
            if _from_home(body):
                await client.views_open(trigger_id=trigger, view=modal)
            else:
                await client.views_push(trigger_id=trigger, view=modal)
            return
        message = to_message(views, page, command=command, shareable=False)
        await answer(
            respond,
            client,
            body,
            response_type="ephemeral",
            replace_original=replace and _is_ephemeral(body),
            **message.payload(),
        )

    async def _views(self, msg: MessageContext, outcome: Outcome | None) -> list[View]:
        if outcome is None:
            return [Notice(level="error", text="I didn't understand that.")]
        try:
            return await self.s.with_identity(msg, outcome.reply)
        except CoreFailure:
            return [outcome.reply]

    async def _views_of(self, msg: MessageContext, reply: View) -> list[View]:
        try:
            return await self.s.with_identity(msg, reply)
        except CoreFailure:
            return [reply]

    def _later(self, work: Any, what: str) -> None:
        self.s.background.spawn(work, what)

    # -- buttons ---------------------------------------------------------------------------------

    async def on_command_button(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
        request: AsyncBoltRequest,
    ) -> None:
        """A button that runs a command (Details, History, a question's answer...)."""
        await ack()
        action_id = str((body.get("actions") or [{}])[0].get("action_id", ""))
        replace = action_id.startswith(ANSWER)
        key = ctx.request_key(request.headers)
        self._later(
            self._run_command(body, client, respond, _value(body), replace, request_key=key),
            "button",
        )

    async def _run_command(
        self,
        body: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
        command: str,
        replace: bool,
        page: int | PageRequest = 0,
        read_only: bool = False,
        request_key: str | None = None,
    ) -> None:
        try:
            msg = await self._msg(body, client)
            outcome = await self.s.runner.call(
                self.s.handle,
                msg,
                command,
                read_only=read_only,
                request_key=request_key,
                what=command[:60],
                writes=False if read_only else None,
            )
            views = await self._views(msg, outcome)
        except CoreFailure as failed:
            views = [failed.notice]
        await self._show(body, client, respond, views, replace=replace, command=command, page=page)
        if _from_home(body) and replace:
            await publish_home(self.s, client, ctx.team_of(body), ctx.user_of(body))

    async def on_pick(
        self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        """A candidate action picked for an update whose ref is in several plans (see
        bot/slack/pick.py): the typed command runs naming it, once per typed command."""
        await ack()
        choice = PickChoice.decode(_value(body))
        if choice is not None:
            self._later(self._pick(body, client, respond, choice), "pick")

    async def _pick(
        self,
        body: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
        choice: PickChoice,
    ) -> None:
        """The result replaces the message (its buttons go); a refusal is shown beside it,
        which is left as it was, to pick another."""
        if choice.author != ctx.user_of(body):
            await self._tell_clicker(
                body, client, respond, [Notice(level="warning", text=NOT_YOUR_PICK)]
            )
            return
        try:
            msg = await self._msg(body, client)
            # An update typed as `4.3: …` in this direct message keeps that message.
            from_message = bool(choice.message) and msg.is_direct
            key = choice.request_key(ctx.team_of(body))
            if from_message:
                msg = msg.model_copy(update={"message_id": choice.message})
                # Keyed by the message and the pick (a later pick, for its edit, is another).
                key = pick_key(msg, choice.generation)
            outcome = await self.s.runner.call(
                self.s.handle,
                msg,
                choice.command,
                request_key=key,
                from_message=from_message,
                generation=choice.generation,
                what=choice.command[:60],
                writes=True,
            )
            views = await self._views(msg, outcome)
        except CoreFailure as failed:
            await self._tell_clicker(body, client, respond, [failed.notice])
            return
        if outcome is None or _is_refusal(outcome):
            await self._tell_clicker(body, client, respond, views)
            return
        message = to_message(views, command=choice.command, shareable=False)
        kind = "ephemeral" if _is_ephemeral(body) else "in_channel"
        await answer(
            respond, client, body, response_type=kind, replace_original=True, **message.payload()
        )

    async def on_page(
        self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        """Previous / Next: re-run the list's command and show the page asked for."""
        await ack()
        request = PageRequest.decode(_value(body))
        if request is None:
            return
        self._later(
            self._run_command(
                body, client, respond, request.command, True, request, read_only=True
            ),
            "page",
        )

    async def on_share(
        self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        """Share in channel: post the same answer for everyone, saying who shared it."""
        await ack()
        request = PageRequest.decode(_value(body))
        if request is not None:
            self._later(self._share(body, client, respond, request), "share")

    async def _share(
        self,
        body: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
        request: PageRequest,
    ) -> None:
        try:
            msg = await self._msg(body, client)
            outcome = await self.s.runner.call(
                self.s.handle, msg, request.command, read_only=True, writes=False
            )
        except CoreFailure as failed:
            await self._tell_clicker(body, client, respond, [failed.notice])
            return
        if outcome is None or outcome.changed:
            return  # only answers that changed nothing are re-run for sharing
        if _is_refusal(outcome):
            # Never shared: the clicker alone sees why, and keeps the answer they had.
            await self._tell_clicker(body, client, respond, await self._views(msg, outcome))
            return
        # The caption names the page and the command; no Previous / Next in the channel.
        message = to_message(outcome.reply, request, command=request.command, paging=False)
        shared_by = context_block(f"Shared by {user_mention(ctx.user_of(body))}")
        await answer(
            respond,
            client,
            body,
            response_type="in_channel",
            replace_original=False,
            text=message.text,
            blocks=[*message.blocks, shared_by],
        )
        if _is_ephemeral(body):
            await answer(respond, client, body, delete_original=True)

    async def _tell_clicker(
        self,
        body: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
        views: list[View],
    ) -> None:
        """An ephemeral message beside the clicked one (which is left as it was)."""
        message = to_message(views).payload()
        await answer(
            respond, client, body, response_type="ephemeral", replace_original=False, **message
        )

    async def on_done(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
        request: AsyncBoltRequest,
    ) -> None:
        """Mark done: the same as ``/actions done <ref>``."""
        await ack()
        action_id = _row_id(_value(body))
        if action_id is not None:
            key = ctx.request_key(request.headers)
            self._later(self._done(body, client, respond, action_id, key), "mark done")

    async def _done(
        self,
        body: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
        action_id: int,
        request_key: str | None,
    ) -> None:
        try:
            msg = await self._msg(body, client)
            outcome = await self.s.runner.call(
                self.s.run_view,
                msg,
                lambda h: mark_done(h, action_id),
                request_key=request_key,
                what="mark done",
                writes=True,
            )
            views = await self._views(msg, outcome)
        except CoreFailure as failed:
            views = [failed.notice]
        await self._show(body, client, respond, views, replace=True)
        if _from_home(body):
            await publish_home(self.s, client, ctx.team_of(body), ctx.user_of(body))

    async def on_open_update(
        self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        """Update: open the form with the action's status and due date."""
        await ack()
        action_id = _row_id(_value(body))
        if action_id is not None:
            self._later(self._open_update(body, client, respond, action_id), "open update form")

    async def _open_update(
        self, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond, action_id: int
    ) -> None:
        found = await self._form_data(
            body, client, respond, lambda h: update_form(h, action_id), "update form", ActionDetail
        )
        if found is not None:
            msg, detail = found
            modal = update_modal(detail, channel_id=msg.channel_id, from_home=_from_home(body))
            await self._open(body, client, modal)

    async def _form_data(
        self,
        body: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
        fetch: Callable[[HandlerContext], object],
        what: str,
        wanted: type[_Form],
    ) -> tuple[MessageContext, _Form] | None:
        """What a form is opened with, read by the core: the message's context and the data
        when it is a ``wanted``; anything else the core answered (a refusal, who-are-you) is
        shown where the click happened, and None returned."""
        try:
            msg = await self._msg(body, client)
            found = await self.s.runner.call(self.s.fetch, msg, fetch, what=what, writes=False)
        except CoreFailure as failed:
            await self._show(body, client, respond, [failed.notice])
            return None
        if not isinstance(found, wanted):
            await self._show(body, client, respond, await self._views_of(msg, found))
            return None
        return msg, found

    async def _open(
        self, body: dict[str, Any], client: AsyncWebClient, modal: dict[str, Any]
    ) -> None:
        trigger = body.get("trigger_id")
        modal = self._sealed(body, modal)
        if (body.get("view") or {}).get("type") == "modal":
            await client.views_push(trigger_id=trigger, view=modal)
        else:
            await client.views_open(trigger_id=trigger, view=modal)

    async def on_open_add(
        self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        """Add action: open the form, with this channel's plan (or the only plan) chosen."""
        await ack()
        self._later(self._open_add(body, client, respond), "open add form")

    async def _open_add(
        self, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        found = await self._form_data(body, client, respond, plan_choices, "add form", tuple)
        if found is not None:
            msg, (plans, preselected) = found
            modal = add_modal(
                plans, preselected, channel_id=msg.channel_id, from_home=_from_home(body)
            )
            await self._open(body, client, modal)

    async def on_open_minutes(
        self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        """Paste the minutes: open the form for the meeting the button names, or say why not
        (only administrators and the committee clerk may import minutes)."""
        await ack()
        meeting_id = _row_id(_value(body))
        if meeting_id is not None:
            self._later(self._open_minutes(body, client, respond, meeting_id), "minutes")

    async def _open_minutes(
        self, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond, meeting_id: int
    ) -> None:
        found = await self._form_data(
            body,
            client,
            respond,
            lambda h: minutes_form(h, meeting_id),
            "minutes form",
            MinutesForm,
        )
        if found is not None:
            await self._open(body, client, minutes_modal(found[1].meeting_id, MINUTES_TEXT))

    async def on_other(self, ack: AsyncAck) -> None:
        """Any other interaction: acknowledged, nothing to do."""
        await ack()

    # -- the message shortcut ----------------------------------------------------------------------

    async def on_log_shortcut(
        self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """ "Log as action update" on any message: open the form, prefilled from the message."""
        await ack()
        message = body.get("message") or {}
        channel = str((body.get("channel") or {}).get("id") or "")
        ts = str(message.get("ts") or body.get("message_ts") or "")
        text = to_plain(str(message.get("text") or ""))
        parsed = parse_progress(text)
        modal = log_update_modal(
            parsed.text if parsed else text,
            ref=parsed.ref if parsed else "",
            status=parsed.status if parsed else None,
            channel_id=channel,
            message_ts=ts,
        )
        modal = self._sealed(body, modal)
        self._later(client.views_open(trigger_id=body.get("trigger_id"), view=modal), "log form")

    # -- form submissions --------------------------------------------------------------------------

    async def _submit(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        client: AsyncWebClient,
        form: Submitted,
        fn: Callable[[HandlerContext], View],
        *,
        error_block: str,
        channel_id: str | None,
        what: str,
        request: AsyncBoltRequest,
        alongside: Awaitable[None] | None = None,
    ) -> None:
        """Run a form's core function (once per signed request: a replay is told it was
        done); show a refusal in the form (under the field the core says it is about),
        a success in its place. ``alongside`` runs with the caller's look-up (both
        bounded by the deadline, which counts from the request's arrival)."""
        key = ctx.request_key(request.headers)
        deadline = Deadline.of(request.context)
        try:
            msg, _ = await asyncio.gather(
                self._msg(body, client, channel_id, deadline), alongside or _nothing()
            )
            outcome, pending = await self.s.runner.within(
                deadline.left(), self.s.run_view, msg, fn, key, what=what, writes=True
            )
        except CoreFailure as failed:
            await ack(response_action="errors", errors={error_block: failed.notice.text[:1900]})
            return
        if pending is not None:
            await ack()
            self._later(self._finish_slowly(body, client, pending), what)
            return
        assert outcome is not None
        reply = outcome.reply
        if isinstance(reply, Notice) and reply.level == "error":
            field = reply.field
            block = field if field and field in form.values else error_block
            await ack(
                response_action="errors", errors={block: as_typed_in_slack(reply.text)[:1900]}
            )
            return
        await ack(response_action="update", view=result_modal(reply, "Saved"))
        if form.metadata.get("h"):
            self._later(
                publish_home(self.s, client, ctx.team_of(body), ctx.user_of(body)), "home refresh"
            )

    async def _finish_slowly(
        self, body: dict[str, Any], client: AsyncWebClient, pending: Any
    ) -> None:
        """The form closed before the core finished: tell the user by DM how it went."""
        try:
            outcome = await pending
            reply: View = outcome.reply
        except CoreFailure as failed:
            reply = failed.notice
        await client.chat_postMessage(channel=ctx.user_of(body), **to_message(reply).payload())

    async def on_update_submitted(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        client: AsyncWebClient,
        request: AsyncBoltRequest,
    ) -> None:
        """The update form: note, status and due date (a picker left as the form showed it
        changes nothing: someone else may have changed the action since)."""
        form = self._form(body)
        if form is None:
            await ack(response_action="errors", errors={"note": OUT_OF_DATE})
            return
        action_id = _row_id(str(form.metadata["a"])) or NO_SUCH_ID
        bad_date = _bad_date(form, "due")
        if bad_date is not None:
            await ack(response_action="errors", errors=bad_date)
            return
        note, status, due = form.text("note"), form.option("status"), form.date("due")
        shown = form.shown()
        await self._submit(
            ack,
            body,
            client,
            form,
            lambda h: submit_action_update(
                h, action_id, note=note, status=status, due=due, shown=shown
            ),
            error_block="note",
            channel_id=form.metadata.get("c"),
            what="update form",
            request=request,
        )

    async def on_add_submitted(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        client: AsyncWebClient,
        request: AsyncBoltRequest,
    ) -> None:
        """The add form: title, owners, due date and plan."""
        form = self._form(body)
        if form is None:
            await ack(response_action="errors", errors={"title": OUT_OF_DATE})
            return
        bad_date = _bad_date(form, "due")
        if bad_date is not None:
            await ack(response_action="errors", errors=bad_date)
            return
        title, owners, due = form.text("title"), form.text("owners"), form.date("due")
        due_text, plan = form.text("due_text"), form.option("plan")
        await self._submit(
            ack,
            body,
            client,
            form,
            lambda h: submit_new_action(
                h, title=title, owners=owners, due=due, due_text=due_text, plan=plan
            ),
            error_block="title",
            channel_id=form.metadata.get("c"),
            what="add form",
            request=request,
        )

    async def on_log_submitted(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        client: AsyncWebClient,
        request: AsyncBoltRequest,
    ) -> None:
        """The "Log as action update" form (its channel and message as csbot signed them)."""
        form = self._form(body)
        if form is None:
            await ack(response_action="errors", errors={"ref": OUT_OF_DATE})
            return
        channel, ts = str(form.metadata["c"]), str(form.metadata["ts"])
        ref, note, status = form.text("ref"), form.text("note"), form.option("status")
        link: dict[str, str | None] = {}

        async def look_up_link() -> None:
            link["permalink"] = await fetch_permalink(
                client, channel, ts, Deadline.of(request.context)
            )

        await self._submit(
            ack,
            body,
            client,
            form,
            lambda h: log_message_as_update(
                h,
                ref=ref,
                text=note,
                status=status,
                channel_id=channel,
                message_ts=ts,
                permalink=link.get("permalink"),
            ),
            error_block="ref",
            channel_id=channel,
            what="log form",
            request=request,
            alongside=look_up_link(),
        )

    async def on_minutes_submitted(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        client: AsyncWebClient,
        request: AsyncBoltRequest,
    ) -> None:
        """The minutes form."""
        form = self._form(body)
        if form is None:
            await ack(response_action="errors", errors={"minutes": OUT_OF_DATE})
            return
        meeting, text = str(form.metadata["m"]), form.text("minutes")
        await self._submit(
            ack,
            body,
            client,
            form,
            lambda h: submit_minutes(h, meeting, text),
            error_block="minutes",
            channel_id=None,
            what="minutes form",
            request=request,
        )


async def _nothing() -> None:
    return None


def update_form(h: HandlerContext, action_id: int) -> ActionDetail:
    """The action for the update form, refused (as submitting it would be) to someone who may
    not change it: they learn it before typing, not after."""
    require_can_change_action(h.me, action_by_id(h, action_id))
    return action_form(h, action_id)


def _int(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def _row_id(value: str) -> int | None:
    """The row id a button or form carries: None when it is not a number at all."""
    number = _int(value)
    if number is None:
        return None
    return number if 0 < number <= MAX_ID else NO_SUCH_ID


def _bad_date(form: Submitted, block_id: str) -> dict[str, str] | None:
    """The errors to show when a date picker sent something that is not a date."""
    raw = form.bad_date(block_id)
    if raw is None:
        return None
    return {block_id: f"“{raw[:40]}” is not a date. Nothing was changed."}
