"""Which action did you mean? A typed ``actions update 2.3 …`` (or ``actions done 2.3 …``)
whose ref is in several plans is refused by the core (it names no plan, and the message came
from no plan's channel). Teams then answers with the note as typed, in an input, and one button
per candidate action: a click runs the same command with the ref naming its plan
(``/actions update leeds:2.3 <note>``) through the core, exactly as if it were typed (same
grammar, same permission checks), and at most once for the typed message (see ``TeamsBot``).
Parsing the typed command and finding the candidates is platform-neutral
(``commands/action_pick.py``); this module draws the card.
"""

from __future__ import annotations

from microsoft_teams.cards.core import AdaptiveCard, CardElement, TextInput

from bot.seal import Seal
from bot.teams import card_actions as ca
from bot.teams.cards import Run, buttons, card, execute, para, subtle
from commands.action_pick import (
    MAX_CHOICES,
    NOTE_SLOTS,
    Candidate,
    Pick,
    may_offer_pick,
    pick_for,
)
from commands.core import MAX_COMMAND_CHARS

__all__ = [
    "MAX_CHOICES",
    "NOTE_SLOTS",
    "Candidate",
    "Pick",
    "may_offer_pick",
    "pick_card",
    "pick_for",
    "typed_message",
]


class PickSeal(Seal):
    """Signs what a pick button carries (the command, the typed message and its author), so
    that a click is taken only as csbot drew it: Teams relays a card's data as the client sends
    it, and the author check means nothing if the author can be rewritten. Keyed from the app's
    password, else its id."""

    PURPOSE = b"csbot teams pick v1"

    def valid(self, press: ca.CardAction) -> bool:
        """Whether a click's data is as csbot drew it."""
        return self.check(press.mac, press.cmd, press.source, press.author)


# How a pick's source names the message of an update typed as ``4.3: …`` in a personal chat:
# the update picked keeps that message (its edit or deletion then changes the update), as one
# logged straight away does. The source is sealed with the rest, so it cannot be changed.
# A pick drawn for the message as edited (its generation, see commands/typed_message.py)
# says which: ``typed@2:<id>``.
_TYPED_MESSAGE = "typed:"
_TYPED_AGAIN = "typed@"


def typed_message(source: str) -> tuple[str, int] | None:
    """The id of the typed update's message a pick's ``source`` names, and the pick's
    generation; None for a command."""
    if source.startswith(_TYPED_MESSAGE):
        return source.removeprefix(_TYPED_MESSAGE), 0
    generation, colon, message = source.removeprefix(_TYPED_AGAIN).partition(":")
    if source.startswith(_TYPED_AGAIN) and colon and generation.isdigit() and message:
        return message, int(generation)
    return None


def _typed_source(message: str, generation: int) -> str:
    """The source of a pick for the typed message ``message`` (see ``typed_message``)."""
    return f"{_TYPED_AGAIN}{generation}:{message}" if generation else _TYPED_MESSAGE + message


def pick_card(pick: Pick, *, source: str, author: str, seal: PickSeal) -> AdaptiveCard:
    """The note in an input and a button per candidate action (the first few); ``source`` is
    the typed message's activity id."""
    if pick.from_message:
        source = _typed_source(source, pick.generation)
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
                    ca.pick_data(
                        c.command,
                        source=source,
                        author=author,
                        mac=seal.sign(c.command, source, author),
                    ),
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
