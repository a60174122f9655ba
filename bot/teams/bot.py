"""The Teams adapter proper: one authenticated activity in, the core called, cards out.

- ``message``: a command (personal chat, or @mention in group chats and channels) or, in a
  channel linked to a plan, a progress update; the reply goes to the same chat or thread.
  With the opt-in ``TEAMS_READ_ALL_CHANNEL_MESSAGES`` (resource-specific consent), channel
  messages that do not @mention the bot are read too, but only progress updates are logged,
  and they are answered only when an update was logged, superseded or retracted: chatter
  that merely looks like an update ("10: things I hate about Mondays") gets no public
  refusal (it is logged at info level instead, without its text).
- ``messageUpdate`` / ``messageDelete``: an edited or deleted message supersedes or retracts
  its update (``Core.handle_edit`` / ``handle_delete``).
- ``invoke`` ``adaptiveCard/action``: Done, Update, paging and other buttons; answered in
  the HTTP response with the card that replaces the pressed one. A typed update whose ref is
  in several plans gets a button per candidate action (``bot/teams/pick.py``).
- ``conversationUpdate`` / ``installationUpdate``: the conversation reference is saved (or
  retired on removal) and the bot says hello (the personal view in a personal chat).

Everything that is not an invoke is acknowledged at once and handled after the response
(Teams wants an answer within seconds). The core is synchronous, so it runs in a thread.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any

from microsoft_teams.api import ActivityTypeAdapter
from microsoft_teams.cards.core import AdaptiveCard
from pydantic import ValidationError

from bot.failure_text import Failure, log_failure_of
from bot.teams import card_actions as ca
from bot.teams.cards import card_json
from bot.teams.channel_names import ChannelNames, channel_ids, with_channel_names
from bot.teams.connector import ConnectorSender, connector_unreachable
from bot.teams.context import (
    PLATFORM,
    Where,
    caller_of,
    command_text,
    is_bot_mentioned,
    mentioned_channels,
    message_context,
    tenants_named,
    where_of,
)
from bot.teams.pick import PickSeal, may_offer_pick, pick_card, pick_for, typed_message
from bot.teams.render import RenderOptions, render
from bot.teams.render_home import render_home
from commands.context import MessageContext
from commands.core import Core, new_error_id
from commands.identity import chat_actor
from commands.jobs.replies import queue_update_reply
from commands.progress import looks_like_progress
from commands.safe_log import log_failure
from commands.typed_message import pick_key
from commands.views import Notice, Outcome, UpdateLogged, View
from storage.teams_references import ConversationRef, ReferenceStore
from storage.unit_of_work import Store

log = logging.getLogger(__name__)

HOME_WORDS = ("home", "/home")
EMAIL_TTL_SECONDS = 24 * 60 * 60
SEEN_ACTIVITIES = 2000
TEAMS_KEY_PREFIX = "teams:"
NOT_UNDERSTOOD = (
    "I didn't catch that. Type help for what I can do, or home for your actions, KPIs and meetings."
)
NOT_A_PLAN_CHANNEL = (
    "That looks like a progress update, but this channel is not linked to a plan, so nothing "
    "was logged. Link it with @csbot actions link-channel <plan>, post it in the plan's "
    "channel, or use actions update <ref> <text>."
)

PICK_OUT_OF_DATE = (
    "This card is out of date or was not drawn by csbot: type the update again. "
    "Nothing was changed."
)
WRITE_THE_UPDATE = "Write the update first, then pick the action. Nothing was changed."
NOT_YOUR_PICK = (
    "Only the person who typed this update can choose where it is logged. Nothing was changed."
)

BACK_NOT_RUN = (
    "This button's way back was a command that changes things, so it was not run; "
    "what the button itself did is shown below."
)


@dataclass(frozen=True)
class Received:
    """What to answer Teams now, and what to do after answering."""

    status: int = 200
    body: dict[str, Any] | None = None
    later: Callable[[], Awaitable[None]] | None = None


def invoke_card(value: AdaptiveCard) -> dict[str, Any]:
    """The adaptiveCard/action response that replaces the pressed card."""
    return {
        "statusCode": 200,
        "type": "application/vnd.microsoft.card.adaptive",
        "value": card_json(value),
    }


def invoke_message(text: str) -> dict[str, Any]:
    """The adaptiveCard/action response that shows the user a short message."""
    return {"statusCode": 200, "type": "application/vnd.microsoft.activity.message", "value": text}


def invoke_error(status: int, message: str) -> dict[str, Any]:
    """The adaptiveCard/action response for a request that could not be handled."""
    code = "BadRequest" if status == 400 else "InternalServerError"
    return {
        "statusCode": status,
        "type": "application/vnd.microsoft.error",
        "value": {"code": code, "message": message},
    }


def banner_of(reply: View) -> Notice:
    """A one-line account of what a button did, shown above the redrawn card."""
    if isinstance(reply, Notice):
        return reply
    if isinstance(reply, UpdateLogged):
        a = reply.action
        return Notice(level="success", text=reply.message or f"Logged on {a.ref} ({a.plan_name}).")
    return Notice(level="success", text="Done.")


def reference_of(activity: Any, where: Where) -> ConversationRef:
    """The conversation reference an activity gives us."""
    personal = where.conversation_type == "personal"
    sender = activity.from_
    return ConversationRef(
        conversation_id=where.conversation_id,
        conversation_type=where.conversation_type,
        service_url=activity.service_url or "",
        bot_id=activity.recipient.id,
        user_aad_id=sender.aad_object_id if personal and sender is not None else None,
        user_id=sender.id if personal and sender is not None else None,
        team_id=where.team_id,
        name=_reference_name(where),
    )


def _reference_name(where: Where) -> str:
    """The name a conversation reference keeps: a channel's own name (never its team's, which
    would read as the channel's); the team's on its General channel, whose id is the team's
    and whose name Teams leaves out."""
    if where.conversation_type != "channel":
        return where.channel_name or where.team_name or ""
    if where.team_id and where.conversation_id == where.team_id:
        return where.team_name or ""
    return where.channel_name or ""


def actor_of(activity: Any) -> str:
    """How the audit trail names whoever sent an activity (``teams:<AAD id> (name)``)."""
    if activity.from_ is None or not activity.from_.id:
        return PLATFORM
    return chat_actor(caller_of(activity))


def request_key(activity: Any, where: Where) -> str:
    """The ledger key of one delivered activity: Teams delivers an activity again (same id,
    same conversation) when it did not hear back in time, and its work must not run twice.
    Activity ids are unique only within a conversation, so the key names both."""
    return activity_key(where, activity.type, activity.id)


def activity_key(where: Where, kind: str, activity_id: str) -> str:
    """The ledger key of the activity ``kind`` ``activity_id`` in ``where``'s conversation."""
    raw = f"{where.tenant_id}|{where.conversation_id}|{kind}|{activity_id}"
    return TEAMS_KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()[: 64 - len(TEAMS_KEY_PREFIX)]


@dataclass
class TeamsBot:
    """Handles the activities of every tenant the bot serves."""

    core: Core
    store: Store
    sender: ConnectorSender
    references: ReferenceStore
    allowed_tenants: frozenset[str] | None = None
    read_all_channel_messages: bool = False
    # Signs the pick buttons' data (see bot/teams/pick.py).
    pick_seal: PickSeal = field(default_factory=PickSeal.from_secrets)
    _emails: dict[tuple[str, str], tuple[str | None, float]] = field(
        default_factory=dict, init=False
    )
    _seen: OrderedDict[str, None] = field(default_factory=OrderedDict, init=False)
    # The last edit handled of each message (see ``_same_edit_again``).
    _edits: OrderedDict[str, str] = field(default_factory=OrderedDict, init=False)

    # -- entry point ----------------------------------------------------------------------------

    async def receive(self, payload: dict[str, Any]) -> Received:
        """Answer one authenticated activity."""
        try:
            activity = ActivityTypeAdapter.validate_python(payload)
        except ValidationError as exc:
            # Where and what is wrong, not the values (pydantic quotes them: message text).
            wrong = sorted({f"{'.'.join(map(str, e['loc']))} ({e['type']})" for e in exc.errors()})
            log.info(
                "refused a payload that is not a Bot Framework activity: %s",
                "; ".join(wrong[:5])[:300],
            )
            return Received(400, {"error": "not a Bot Framework activity"})
        where = where_of(activity)
        if where is None:
            return Received()  # no tenant, nothing we can file it under
        if not self._serves(activity):
            log.warning("refused an activity from tenant(s) %s", sorted(tenants_named(activity)))
            return Received(403, {"error": "this bot does not serve your organisation"})
        if activity.type == "invoke":
            if activity.name != "adaptiveCard/action":
                return Received()
            return Received(body=await self._guarded_invoke(activity, where))
        # Activity ids are unique only within a conversation (they are often timestamps).
        key = f"{activity.type}:{where.tenant_id}:{where.conversation_id}:{activity.id}"
        if activity.type == "messageUpdate":
            if self._same_edit_again(key, activity):
                return Received()
        elif self._duplicate(key):
            return Received()

        async def later() -> None:
            await self._guarded(self._dispatch(activity, where), activity)

        return Received(later=later)

    def _serves(self, activity: Any) -> bool:
        """Whether the bot serves the activity's tenant: any tenant, or (single tenant) only
        when every tenant id the activity names is the home one."""
        if self.allowed_tenants is None:
            return True
        return tenants_named(activity) <= self.allowed_tenants

    async def _dispatch(self, activity: Any, where: Where) -> None:
        await asyncio.to_thread(self._prepare, activity, where)
        kind = activity.type
        if kind == "message":
            await self._on_message(activity, where)
        elif kind == "conversationUpdate":
            await self._on_conversation_update(activity, where)
        elif kind == "installationUpdate":
            if str(activity.action).startswith("remove"):
                await asyncio.to_thread(
                    self.references.forget,
                    where.tenant_id,
                    where.conversation_id,
                    actor=actor_of(activity),
                )
        elif kind == "messageUpdate":
            await self._on_edit(activity, where)
        elif kind == "messageDelete":
            await self._on_delete(activity, where)

    def _prepare(self, activity: Any, where: Where) -> None:
        """Make sure the tenant has a workspace and the conversation's reference is saved."""
        self.store.ensure_workspace(
            where.tenant_id, platform="teams", name=where.team_name or where.tenant_id
        )
        removing = activity.type == "installationUpdate" and str(activity.action).startswith(
            "remove"
        )
        if activity.service_url and not removing:
            self.references.remember(
                where.tenant_id, reference_of(activity, where), actor=actor_of(activity)
            )

    # -- messages -------------------------------------------------------------------------------

    async def _on_message(self, activity: Any, where: Where) -> None:
        text = command_text(activity)
        addressed = where.conversation_type == "personal" or is_bot_mentioned(activity)
        if not addressed and not (
            self.read_all_channel_messages and where.conversation_type == "channel"
        ):
            return
        msg = message_context(activity, where, email=await self._email(activity, where))
        if addressed and text.lower() in HOME_WORDS:
            await self._reply(activity, where, await self._home_card(msg))
            return
        if addressed:
            key = request_key(activity, where)
            outcome = await asyncio.to_thread(self.core.handle, msg, text, request_key=key)
            if outcome is None:
                channel = where.conversation_type == "channel"
                text_back = (
                    NOT_A_PLAN_CHANNEL if channel and looks_like_progress(text) else NOT_UNDERSTOOD
                )
                outcome = Outcome(reply=Notice(text=text_back), understood=False)
            elif _is_error(outcome.reply) and may_offer_pick(self.core.registry, text):
                offered = await self._pick_card(msg, text, source=str(activity.id))
                if offered is not None:
                    await self._reply(activity, where, offered)
                    return
        else:
            outcome = await asyncio.to_thread(self.core.handle_channel_message, msg, text)
            if outcome is None or not _answer_unmentioned(activity, where, outcome.reply):
                return
        reply = await self._named(activity, where, outcome.reply)
        card = render(reply, RenderOptions(command=text))
        await self._answer(activity, where, outcome.reply, card)

    async def _pick_card(
        self, msg: MessageContext, text: str, *, source: str
    ) -> AdaptiveCard | None:
        """The card offering each action a refused update's ref may mean (None when its ref
        is not in several plans): the note is kept, one click logs it."""
        from commands.forms import fetch

        pick = await asyncio.to_thread(fetch, self.core, msg, lambda h: pick_for(h, text))
        if isinstance(pick, Notice) or pick is None:
            return None
        return pick_card(pick, source=source, author=msg.caller.user_id, seal=self.pick_seal)

    async def _on_edit(self, activity: Any, where: Where) -> None:
        msg = message_context(activity, where, email=await self._email(activity, where))
        text = command_text(activity)
        outcome = await asyncio.to_thread(self.core.handle_edit, msg, text)
        if outcome is None:
            return
        if msg.is_direct and _is_error(outcome.reply) and may_offer_pick(self.core.registry, text):
            # An update whose plan is still to be picked, edited: a fresh pick (the earlier
            # one is out of date, see commands/typed_message.py).
            offered = await self._pick_card(msg, text, source=str(activity.id))
            if offered is not None:
                await self._reply(activity, where, offered)
                return
        addressed = where.conversation_type == "personal" or is_bot_mentioned(activity)
        if addressed or _answer_unmentioned(activity, where, outcome.reply, edit=True):
            reply = await self._named(activity, where, outcome.reply)
            await self._answer(activity, where, outcome.reply, render(reply))

    async def _on_delete(self, activity: Any, where: Where) -> None:
        msg = message_context(activity, where)
        outcome = await asyncio.to_thread(self.core.handle_delete, msg)
        if outcome is not None:
            await self._reply(
                activity, where, render(await self._named(activity, where, outcome.reply))
            )

    async def _on_conversation_update(self, activity: Any, where: Where) -> None:
        bot_id = activity.recipient.id
        removed = [m.id for m in activity.members_removed or []]
        if bot_id in removed:
            await asyncio.to_thread(
                self.references.forget,
                where.tenant_id,
                where.conversation_id,
                actor=actor_of(activity),
            )
            return
        if bot_id not in [m.id for m in activity.members_added or []]:
            return
        if where.conversation_type == "personal":
            msg = message_context(activity, where, email=await self._email(activity, where))
            welcome = await self._home_card(msg)
        else:
            welcome = render(
                Notice(
                    text="Hello! Mention me with a command, e.g. @csbot actions mine or "
                    "@csbot meeting next. In a channel, @csbot actions link-channel <plan> "
                    "logs progress messages such as @csbot 2.3: recruited two IROs #on-track "
                    "against that plan. Type @csbot help for everything."
                )
            )
        await self._send(activity, where, welcome)

    async def _home_card(
        self, msg: MessageContext, page: int = 1, banner: Notice | None = None
    ) -> AdaptiveCard:
        """The personal view of the caller (``commands.home.home_page``)."""
        from commands.forms import fetch
        from commands.home import home_page

        result = await asyncio.to_thread(fetch, self.core, msg, home_page)
        if isinstance(result, Notice):
            return render(result)
        return render_home(result, RenderOptions(page=page, banner=banner))

    # -- buttons --------------------------------------------------------------------------------

    async def _guarded_invoke(self, activity: Any, where: Where) -> dict[str, Any]:
        try:
            await asyncio.to_thread(self._prepare, activity, where)
            return await self._on_card_action(activity, where)
        except ca.BadInput as exc:
            refusal = Notice(level="error", text=f"{exc} Nothing was changed.")
            return invoke_card(render(refusal))
        except ca.BadAction as exc:
            return invoke_error(400, str(exc))
        except Exception as exc:
            failed = _failure(exc, "Teams card action failed (error id %s)")
            return invoke_card(render(_oops(failed, writes=_press_writes(activity))))

    async def _on_card_action(self, activity: Any, where: Where) -> dict[str, Any]:
        value = activity.value
        press = ca.parse(value.action.verb, value.action.data)
        msg = message_context(
            activity,
            where,
            email=await self._email(activity, where),
            message_id=activity.reply_to_id or activity.id,
            source="button",
        )
        if press.verb == ca.VERB_HOME:
            return invoke_card(await self._home_card(msg, press.page))
        if press.verb == ca.VERB_PICK:
            return await self._on_pick(msg, where, press)
        outcome, opts = await asyncio.to_thread(
            self._press, msg, press, request_key(activity, where)
        )
        outcome = outcome.model_copy(
            update={"reply": await self._named(activity, where, outcome.reply)}
        )
        if press.mode == "reply":
            await self._send(activity, where, render(outcome.reply, opts), thread=True)
            return invoke_message("Posted in the conversation.")
        if press.back and outcome.understood and not _is_error(outcome.reply):
            banner = banner_of(outcome.reply)
            if press.back == ca.BACK_HOME:
                return invoke_card(await self._home_card(msg, press.page, banner))
            if not _writes(press.back):
                # Like a Page button, going back only re-shows a list: it never writes.
                back = await asyncio.to_thread(self.core.handle, msg, press.back, read_only=True)
                if back is not None and back.understood and not _is_error(back.reply):
                    opts = RenderOptions(page=press.page, command=press.back, banner=banner)
                    shown = await self._named(activity, where, back.reply)
                    return invoke_card(render(shown, opts))
            else:
                log.warning(
                    "ignored the %s button's way back: it is no command that only reads", press.verb
                )
                opts = replace(opts, banner=Notice(level="warning", text=BACK_NOT_RUN))
        return invoke_card(render(outcome.reply, opts))

    async def _on_pick(
        self, msg: MessageContext, where: Where, press: ca.CardAction
    ) -> dict[str, Any]:
        """A candidate action picked: the typed command runs again naming it, keyed like the
        typed message, so however often (and on whichever candidate) it is clicked, the note
        is logged once. A refusal is shown to the clicker and leaves the card, to pick again."""
        if not self.pick_seal.valid(press):
            return invoke_message(PICK_OUT_OF_DATE)
        if press.author != msg.caller.user_id:
            return invoke_message(NOT_YOUR_PICK)
        note = press.text_input(ca.PICK_NOTE_INPUT).strip()
        if not note and press.cmd.startswith("/actions update "):
            return invoke_message(WRITE_THE_UPDATE)  # the card requires it; a client may not
        command = f"{press.cmd} {note}".strip()
        key = activity_key(where, "message", press.source)
        # An update typed as `4.3: …` in this personal chat keeps its message; keyed by the
        # message and the pick (a later pick, for its edit, is another).
        typed = typed_message(press.source) if msg.is_direct else None
        generation = 0
        if typed is not None:
            message, generation = typed
            msg = msg.model_copy(update={"message_id": message})
            key = pick_key(msg, generation)
        outcome = await asyncio.to_thread(
            lambda: self.core.handle(
                msg,
                command,
                request_key=key,
                from_message=typed is not None,
                generation=generation,
            )
        )
        if outcome is None or not outcome.understood:
            return invoke_message(NOT_UNDERSTOOD)
        reply = outcome.reply
        if isinstance(reply, Notice) and reply.level in ("error", "warning"):
            return invoke_message(reply.text)
        return invoke_card(render(reply, RenderOptions(command=command)))

    def _press(
        self, msg: MessageContext, press: ca.CardAction, key: str
    ) -> tuple[Outcome, RenderOptions]:
        """Run what a button asks for through the core (in a worker thread), once per ``key``:
        a press Teams delivers again changes nothing the second time."""
        from commands.forms import mark_done, submit_action_update
        from commands.handlers.meetings import submit_minutes

        opts = RenderOptions(page=press.page, command=press.cmd)
        if press.verb in (ca.VERB_RUN, ca.VERB_PAGE):
            # Another page only re-shows an answer: it never runs a command that writes.
            outcome = self.core.handle(
                msg, press.cmd, read_only=press.verb == ca.VERB_PAGE, request_key=key
            )
            if outcome is None:
                outcome = Outcome(reply=Notice(text=NOT_UNDERSTOOD), understood=False)
            return outcome, opts
        if press.verb == ca.VERB_DONE:
            action_id = press.action_id or 0
            return self.core.run_view(msg, lambda h: mark_done(h, action_id), request_key=key), opts
        if press.verb == ca.VERB_UPDATE:
            action_id = press.action_id or 0
            note = press.text_input(ca.note_input(action_id))
            status = press.text_input(ca.status_input(action_id)) or None
            due = press.date_input(ca.due_input(action_id))
            due_sent = press.sent(ca.due_input(action_id))
            return self.core.run_view(
                msg,
                lambda h: submit_action_update(
                    h,
                    action_id,
                    note=note,
                    status=status,
                    due=due,
                    shown=press.shown,
                    due_sent=due_sent,
                ),
                request_key=key,
            ), opts
        minutes = press.text_input(ca.MINUTES_INPUT)
        if not minutes:
            return Outcome(reply=Notice(level="error", text="Paste the minutes first.")), opts
        return self.core.run_view(
            msg, lambda h: submit_minutes(h, press.meeting, minutes), request_key=key
        ), opts

    # -- sending --------------------------------------------------------------------------------

    async def _named(self, activity: Any, where: Where, view: View) -> View:
        """``view`` with the Teams channels its text names shown by name, not by id
        (``bot/teams/channel_names.py``); as it is when it names none."""
        ids = channel_ids(view)
        if not ids:
            return view
        refs = await asyncio.to_thread(
            self.references.known, where.tenant_id, ids | {where.conversation_id}
        )
        teams = {r.team_id for r in refs.values() if r.team_id} - set(refs)
        if teams:
            refs = {
                **refs,
                **await asyncio.to_thread(self.references.known, where.tenant_id, teams),
            }
        names = ChannelNames(
            here=where.conversation_id,
            here_team=where.team_name,
            mentioned=mentioned_channels(activity),
            refs=refs,
        )
        return with_channel_names(view, names.label)

    async def _reply(self, activity: Any, where: Where, card: AdaptiveCard) -> None:
        """Answer a message in its chat, or in its thread in a channel."""
        ref = reference_of(activity, where)
        await self.sender.post_card(
            ref,
            card,
            summary=card.fallback_text or "csbot",
            thread_id=_thread_of(activity, where),
            reply_to=activity.id,
        )

    async def _answer(self, activity: Any, where: Where, reply: View, card: AdaptiveCard) -> None:
        """Answer a message; when the answer says an update was logged and Teams cannot be
        reached, it is queued for the scheduler (``commands.jobs.replies``), so the author
        still learns that the update was kept rather than posting it again."""
        try:
            await self._reply(activity, where, card)
        except Exception as exc:
            if not (
                isinstance(reply, UpdateLogged)
                and reply.update_id is not None
                and connector_unreachable(exc)
            ):
                raise
            update_id = reply.update_id
            queued = await asyncio.to_thread(
                queue_update_reply,
                self.store,
                where.tenant_id,
                platform="teams",
                channel_id=where.conversation_id,
                message_ts=str(activity.id),
                thread_ts=_thread_of(activity, where),
                update_id=update_id,
                note=reply.message,
                now=self.core.clock(),
            )
            log.warning(
                "Teams did not take the answer to a progress update (%s): %s",
                type(exc).__name__,
                "queued for the scheduler" if queued else "queued already",
            )

    async def _send(
        self, activity: Any, where: Where, card: AdaptiveCard, *, thread: bool = False
    ) -> None:
        """Post a new message in the activity's conversation (its thread, when asked)."""
        thread_id = where.thread_id if thread and where.conversation_type == "channel" else None
        await self.sender.post_card(
            reference_of(activity, where),
            card,
            summary=card.fallback_text or "csbot",
            thread_id=thread_id,
        )

    async def _email(self, activity: Any, where: Where) -> str | None:
        """The sender's e-mail (asked of Teams once a day per user), for linking to a person."""
        sender = activity.from_
        if sender is None or not sender.id or not activity.service_url:
            return None
        if sender.email:
            return sender.email
        key = (where.tenant_id, sender.aad_object_id or sender.id)
        cached = self._emails.get(key)
        if cached is not None and cached[1] > time.monotonic():
            return cached[0]
        member = await self.sender.member(activity.service_url, where.conversation_id, sender.id)
        email = (member.email or member.user_principal_name) if member is not None else None
        self._emails[key] = (email, time.monotonic() + EMAIL_TTL_SECONDS)
        return email

    # -- safety ---------------------------------------------------------------------------------

    def _same_edit_again(self, key: str, activity: Any) -> bool:
        """True when this edit was already handled: Teams delivered the same ``messageUpdate``
        again. Every edit of a message has the message's id, so an edit is told from the last
        one handled of that message by its text and time; an edit back to an earlier text is
        a new edit and is handled (A, then B, then A again)."""
        text = activity.text if isinstance(activity.text, str) else ""
        raw = f"{activity.timestamp}|{activity.local_timestamp}|{text}"
        signature = hashlib.sha256(raw.encode()).hexdigest()
        if self._edits.get(key) == signature:
            return True
        self._edits[key] = signature
        self._edits.move_to_end(key)
        while len(self._edits) > SEEN_ACTIVITIES:
            self._edits.popitem(last=False)
        return False

    def _duplicate(self, key: str) -> bool:
        """True when this activity was already handled (Teams redelivers on timeouts)."""
        if key in self._seen:
            return True
        self._seen[key] = None
        while len(self._seen) > SEEN_ACTIVITIES:
            self._seen.popitem(last=False)
        return False

    async def _guarded(self, work: Awaitable[None], activity: Any) -> None:
        """Run deferred work; an unexpected error is logged with an id the user is shown."""
        try:
            await work
        except Exception as exc:
            failed = _failure(exc, "Teams activity %s failed (error id %s)", activity.type)
            where = where_of(activity)
            if where is None or activity.type != "message":
                return
            try:
                oops = _oops(failed, writes=_message_writes(activity))
                await self._reply(activity, where, render(oops))
            except Exception as told:
                log_failure(
                    log, "could not tell the user about error %s", failed.error_id, exc=told
                )


def _thread_of(activity: Any, where: Where) -> str | None:
    """The reply chain an answer to ``activity`` goes in: its own in a channel, none in a chat."""
    if where.conversation_type != "channel":
        return None
    return str(where.thread_id or activity.id)


def _answer_unmentioned(activity: Any, where: Where, reply: View, *, edit: bool = False) -> bool:
    """Whether a channel message that does not mention the bot is answered: only when it
    logged an update (an edit: or superseded or retracted one, an informational notice).
    A refusal is logged instead, without the message's text (it is chatter more often than
    not, and the channel would see the refusal)."""
    if isinstance(reply, UpdateLogged):
        return True
    if edit and isinstance(reply, Notice) and reply.level == "info":
        return True  # "Retracted the update on 2.3: …"
    level = reply.level if isinstance(reply, Notice) else "-"
    log.info(
        "unmentioned channel message %s in %s not answered: %s (%s)",
        activity.id,
        where.conversation_id,
        type(reply).__name__,
        level,
    )
    return False


def _failure(exc: BaseException, message: str, *args: object) -> Failure:
    """Log a failure (``message`` ends with the error id's ``%s``; a conflict at WARNING)
    and describe it."""
    failed = Failure.of(exc, new_error_id())
    log_failure_of(log, failed, exc, message, *args, failed.error_id)
    return failed


def _oops(failed: Failure, *, writes: bool = True) -> Notice:
    """What the user is told about a failure (the same words as on Slack); ``writes`` False
    for a request that only reads."""
    return Notice(level="error", text=failed.text(writes=writes))


def _message_writes(activity: Any) -> bool:
    """Whether a message asks for a change: a command that writes, or a progress update
    (anything that is no command); False for a command that only reads."""
    try:
        text = command_text(activity)
    except Exception:
        return True
    if text.lower() in HOME_WORDS:
        return False
    return _writes(text)


def _press_writes(activity: Any) -> bool:
    """Whether a button press asks for a change (see ``TeamsBot._press``)."""
    try:
        value = activity.value
        press = ca.parse(value.action.verb, value.action.data)
    except Exception:
        return True
    if press.verb in (ca.VERB_HOME, ca.VERB_PAGE):
        return False
    if press.verb == ca.VERB_RUN:
        return _writes(press.cmd)
    return True


def _writes(text: str) -> bool:
    from commands.registry import REGISTRY

    return REGISTRY.writes_of(text) is not False


def _is_error(reply: View) -> bool:
    return isinstance(reply, Notice) and reply.level == "error"
