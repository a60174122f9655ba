"""Which action did you mean, in Slack? ``/actions update 2.3 <note>`` (or ``done``) typed
where 2.3 is in several plans is refused by the core; the answer keeps the refusal and adds a
button per candidate action ("Log on Leeds Improvement Plan"). A click runs the typed command
naming that plan's action (``/actions update leeds-improvement-plan:2.3 <note>``) through
the core, as if typed (same grammar, same permission checks), and replaces the message with
the result. It is carried out at most once per typed command, however often (and on
whichever candidate) it is clicked: the core call is keyed by the typed command's source
(see :meth:`PickChoice.request_key`; for an update typed as ``2.3: …`` in a direct message,
by the message and the pick's generation: an edit of the message before the click is answered
with a fresh pick, and the older one is refused as out of date, see
``commands/typed_message.py``). The candidates come from ``commands/action_pick.py``.

Button values are signed by no one: the author check compares the clicker with the user the
value names, so it only stops a click by someone else on a message they were shown (a user
forging a payload can only forge their own clicks, which the core checks like any command).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass

from bot.slack.blocks import BUTTON_VALUE, Block, Message, button, context, section
from bot.slack.context import is_slack_ts, slack_id
from bot.slack.mrkdwn import bold, code, escape_clip
from bot.slack.render import render
from bot.slack.runner import CoreFailure
from bot.slack.services import SlackServices
from commands.action_pick import MAX_CHOICES, Candidate, Pick, may_offer_pick, pick_for
from commands.context import MessageContext
from commands.handler_context import HandlerContext
from commands.typed_message import MAX_GENERATION
from commands.views import Notice, Outcome

PICK = "pick"
PICK_KEY_PREFIX = "pick:"
NOT_YOUR_PICK = (
    "Only the person who typed this update can choose where it is logged. Nothing was changed."
)
NOTE_SHOWN = 500
_SOURCE_HEX = 24


@dataclass(frozen=True)
class PickChoice:
    """What a pick button carries: the command to run (the note included), who typed it, and
    the typed command it answers (``source``, opaque)."""

    command: str
    author: str
    source: str
    # The ts of an update typed as ``4.3: …`` in a direct message ("" for anything else): the
    # update picked keeps that message (see commands/action_pick.py).
    message: str = ""
    # Which pick of that message this is (see commands/typed_message.py): 0 as first typed.
    generation: int = 0

    def value(self) -> str:
        """The button's value (compact JSON)."""
        data: dict[str, str | int] = {"c": self.command, "u": self.author, "s": self.source}
        if self.message:
            data["m"] = self.message
        if self.generation:
            data["g"] = self.generation
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def decode(cls, value: str) -> PickChoice | None:
        """The choice a button value carries; None when it is not one csbot could have made."""
        try:
            data = json.loads(value)
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        command, author, source = data.get("c"), data.get("u"), data.get("s")
        if not (isinstance(command, str) and command.startswith("/actions ")):
            return None
        if not (isinstance(source, str) and source and slack_id(author)):
            return None
        message, generation = data.get("m"), data.get("g", 0)
        if not (isinstance(generation, int) and 0 <= generation <= MAX_GENERATION):
            return None
        return cls(
            command=command,
            author=str(author),
            source=source[:64],
            message=str(message) if is_slack_ts(message) else "",
            generation=generation,
        )

    def request_key(self, team: str) -> str:
        """The ledger key of the typed command this pick answers: the same for every button
        of its message and every click of them, so the note is logged once."""
        raw = f"{team}|{self.author}|{self.source}"
        digest = hashlib.sha256(raw.encode()).hexdigest()
        return PICK_KEY_PREFIX + digest[: 64 - len(PICK_KEY_PREFIX)]


def source_of(*parts: str | None) -> str:
    """An opaque id of the typed command (its signed request, or its message); a random one
    when there is nothing to derive it from (a slash command over Socket Mode)."""
    if not all(parts):
        return secrets.token_hex(_SOURCE_HEX // 2)
    return hashlib.sha256("|".join(p or "" for p in parts).encode()).hexdigest()[:_SOURCE_HEX]


async def offer_pick(
    services: SlackServices,
    msg: MessageContext,
    outcome: Outcome | None,
    text: str,
    *,
    source: str,
    timeout: float | None = None,
) -> Message | None:
    """The pick answering ``text`` when the core refused it because its ref is in several
    plans; None for any other answer (or when finding the candidates failed or, given a
    ``timeout``, took longer: the refusal is then answered as it is)."""
    reply = outcome.reply if outcome is not None else None
    if not (isinstance(reply, Notice) and reply.level == "error"):
        return None
    if not may_offer_pick(services.core.registry, text):
        return None

    def find(h: HandlerContext) -> Pick | None:
        return pick_for(h, text)

    try:
        if timeout is None:
            pick = await services.runner.call(services.fetch, msg, find, what="pick", writes=False)
        else:
            pick, pending = await services.runner.within(
                timeout, services.fetch, msg, find, what="pick", writes=False
            )
            if pending is not None:
                services.background.spawn(pending, "pick")  # finishes unseen; failures logged
                return None
    except CoreFailure:
        return None
    if not isinstance(pick, Pick):
        return None
    message = (msg.message_id or "") if pick.from_message else ""
    return pick_message(reply, pick, author=msg.caller.user_id, source=source, message=message)


def pick_message(
    refusal: Notice, pick: Pick, *, author: str, source: str, message: str = ""
) -> Message:
    """The refusal, the note as typed, and a button per candidate action (the first few)."""
    update = pick.verb == "update"
    then = "your update is logged there" if update else "it is marked done there"
    blocks: list[Block] = [
        *render(Notice(level=refusal.level, text=refusal.text)).head,
        section(f"{bold('Nothing was changed yet.')} Pick the action and {then}:"),
    ]
    if pick.note:
        label = "Your update" if update else "Your note"
        blocks.append(context(f"{label}: {escape_clip(pick.note, NOTE_SHOWN)}"))
    shown, rest = pick.candidates[:MAX_CHOICES], pick.candidates[MAX_CHOICES:]
    for i, c in enumerate(shown):
        choice = PickChoice(c.with_note(pick.note), author, source, message, pick.generation)
        blocks.append(_candidate(c, i, pick, choice))
    if rest:
        names = escape_clip(", ".join(c.plan_name for c in rest), 1000)
        blocks.append(
            context(f"Also in {names}: write the ref with its plan, like {_typed(rest[0])}.")
        )
    return Message(text=escape_clip(refusal.text, 300), blocks=blocks)


def _candidate(c: Candidate, index: int, pick: Pick, choice: PickChoice) -> Block:
    """One candidate action, with its button carrying ``choice`` (or, when the command with
    the note is too long for a button, how to type it)."""
    update = pick.verb == "update"
    line = f"{bold(c.ref)}  {escape_clip(c.title, 1500)} — _{escape_clip(c.plan_name, 200)}_"
    value = choice.value()
    if len(value) > BUTTON_VALUE:
        return section(f"{line}\nToo long for a button: type {_typed(c)} with your note.")
    text = f"Log on {c.plan_name}" if update else f"Mark done in {c.plan_name}"
    said = (
        f"Log your update on {c.ref} of {c.plan_name}"
        if update
        else f"Mark {c.ref} of {c.plan_name} done"
    )
    return section(
        line,
        accessory=button(text, f"{PICK}:{index}", value, style="primary", accessibility_label=said),
    )


def _typed(c: Candidate) -> str:
    """The candidate's command as the user would type it, the note left out."""
    return code(f"{c.command} …")
