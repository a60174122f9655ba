"""Which action did you mean? A typed ``actions update 2.3 …`` (or ``actions done 2.3 …``)
whose ref is in several plans is refused by the core (it names no plan, and the message came
from no plan's channel). Teams then answers with the note as typed, in an input, and one button
per candidate action: a click runs the same command with the ref naming its plan
(``/actions update leeds:2.3 <note>``) through the core, exactly as if it were typed (same
grammar, same permission checks), and at most once for the typed message (see ``TeamsBot``).
"""

from __future__ import annotations

from dataclasses import dataclass

from microsoft_teams.cards.core import AdaptiveCard, CardElement, TextInput

from bot.teams import card_actions as ca
from bot.teams.cards import Run, buttons, card, execute, para, subtle
from commands.core import MAX_COMMAND_CHARS
from commands.errors import NotUnderstood, UserError
from commands.handler_context import HandlerContext
from commands.lookup import AmbiguousRef, find_action
from commands.registry import Registry

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


@dataclass(frozen=True)
class Pick:
    """The actions a typed update's ref may mean, and the note typed with it."""

    ref: str
    verb: str
    note: str
    candidates: list[Candidate]


def _note_command(registry: Registry, text: str) -> tuple[str, str, str] | None:
    """(verb, ref, note) when ``text`` is a command that logs a note on one action."""
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
    if found is None:
        return None
    verb, ref, note = found
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
        return Pick(ref=ref, verb=verb, note=note, candidates=candidates)
    except UserError:
        return None
    return None


def pick_card(pick: Pick, *, source: str, author: str) -> AdaptiveCard:
    """The note in an input and a button per candidate action (the first few)."""
    shown, rest = pick.candidates[:MAX_CHOICES], pick.candidates[MAX_CHOICES:]
    update = pick.verb == "update"
    question = "Which action is your update about?" if update else "Which action is done?"
    then = "your update is logged there" if update else "it is marked done there"
    body: list[CardElement] = [
        para(
            Run(f"{pick.ref} is in several plans. {question} ", bold=True),
            Run(f"Nothing was changed yet: pick the action and {then}."),
        )
    ]
    for c in shown:
        body.append(
            para(Run(c.ref, bold=True), Run(f"  {c.title}"), Run(f" — {c.plan_name}", subtle=True))
        )
    if rest:
        names = ", ".join(c.plan_name for c in rest)
        body.append(
            subtle(f"Also in {names}: write the ref with its plan, like {rest[0].command}.")
        )
    body.append(
        TextInput(
            id=ca.PICK_NOTE_INPUT,
            label="Your update" if update else "Your note",
            is_multiline=True,
            value=pick.note or None,
            max_length=MAX_COMMAND_CHARS,
            is_required=update or None,
            error_message="Write the update first." if update else None,
        )
    )
    body.append(
        buttons(
            [
                execute(
                    c.plan_name,
                    ca.VERB_PICK,
                    ca.pick_data(c.command, source=source, author=author),
                    style="positive",
                ).with_tooltip(_tooltip(c, update=update))
                for c in shown
            ]
        )
    )
    return card(body, fallback=f"{pick.ref} is in several plans. {question}")


def _tooltip(c: Candidate, *, update: bool) -> str:
    """What a button does, naming its action (the buttons' titles name only the plans)."""
    if update:
        return f"Log your update on {c.ref} of {c.plan_name}"
    return f"Mark {c.ref} of {c.plan_name} done"
