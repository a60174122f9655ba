"""Which action did you mean? A typed ``actions update 2.3 …`` (or ``actions done 2.3 …``,
or ``2.3: …`` sent to the bot in a direct message) whose ref is in several plans is refused
by the core (it names no plan, and the message came from no plan's channel). An adapter may
then answer with the note as typed and one choice per candidate action: picking one runs the
same command with the ref naming its plan (``/actions update leeds:2.3 <note>``) through the
core, exactly as if it were typed (same grammar, same permission checks). Platform-neutral:
the Teams card is in ``bot/teams/pick.py``, the Slack buttons in ``bot/slack/pick.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from commands.errors import NotUnderstood, UserError
from commands.handler_context import HandlerContext
from commands.lookup import AmbiguousRef, find_action
from commands.progress import typed_update
from commands.registry import Registry
from commands.typed_message import current_generation

MAX_CHOICES = 5
# The commands that carry a note, and the slot that holds it.
NOTE_SLOTS = {
    ("actions", "update <ref> <text...>"): "text",
    ("actions", "done <ref> [<note...>]"): "note",
}


@dataclass(frozen=True)
class Candidate:
    """One action the ref may mean, and the command (without the note) that picks it."""

    ref: str
    title: str
    plan_name: str
    command: str

    def with_note(self, note: str) -> str:
        """The command that logs ``note`` on this action."""
        return f"{self.command} {note}".strip()


@dataclass(frozen=True)
class Pick:
    """The actions a typed update's ref may mean, and the note typed with it."""

    ref: str
    verb: str
    note: str
    candidates: list[Candidate]
    # Typed as ``4.3: …`` in a direct message: the update picked keeps that message (its
    # edit or deletion then changes the update), as one logged straight away does.
    from_message: bool = False
    # ... and which pick of that message this is (see ``commands/typed_message.py``): a click
    # names it, and is refused once the message was edited since (or deleted).
    generation: int = 0


def _note_command(registry: Registry, text: str) -> tuple[str, str, str] | None:
    """(verb, ref, note) when ``text`` is a command that logs a note on one action, or a
    progress update sent to the bot (``4.3: note``: an update in a direct message)."""
    typed = None if text.lstrip().startswith("/") else typed_update(text)
    if typed is not None:
        return "update", *typed
    try:
        split = registry.split_group(text)
        if split is None or not split[1]:
            return None
        command, bindings = registry.resolve(*split)
    except NotUnderstood:
        return None
    slot = NOTE_SLOTS.get((command.group, command.usage))
    if slot is None:
        return None
    return command.usage.split()[0], str(bindings["ref"]), str(bindings.get(slot) or "")


def may_offer_pick(registry: Registry, text: str) -> bool:
    """Whether a refusal of ``text`` may be answered with a pick (reads no data)."""
    return _note_command(registry, text) is not None


def pick_for(h: HandlerContext, text: str) -> Pick | None:
    """The pick for a typed update whose ref is in several plans; None for anything else."""
    found = _note_command(h.registry, text)
    if found is None or (not h.msg.is_direct and typed_update(text) is not None):
        return None  # a progress update in a channel is the channel's, never picked
    verb, ref, note = found
    from_message = typed_update(text) is not None  # in a direct message (see above)
    try:
        find_action(h, ref)
    except AmbiguousRef as exc:
        candidates = [
            Candidate(
                ref=a.ref,
                title=a.title,
                plan_name=a.plan.name,
                command=f"/actions {verb} {a.plan.slug}:{a.ref}",
            )
            for a in exc.actions
        ]
        return Pick(
            ref=ref,
            verb=verb,
            note=note,
            candidates=candidates,
            from_message=from_message,
            generation=current_generation(h) if from_message else 0,
        )
    except UserError:
        return None
    return None
