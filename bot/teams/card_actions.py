"""What Action.Execute buttons carry, and reading it back from an adaptiveCard/action invoke.

The data is whatever the card said plus the values of its inputs, all sent by the client, so
everything is checked here before it reaches the core; a command carried by a button runs
exactly as if the user had typed it (same grammar, same permissions).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from commands.forms import Shown
from storage.models import STATUSES

VERB_RUN = "run"
VERB_PAGE = "page"
VERB_DONE = "done"
VERB_UPDATE = "update"
VERB_MINUTES = "minutes"
VERB_HOME = "home"
VERB_PICK = "pick"
VERBS = (VERB_RUN, VERB_PAGE, VERB_DONE, VERB_UPDATE, VERB_MINUTES, VERB_HOME, VERB_PICK)
# ``back`` naming the personal view rather than a command: show it again after Done / Update.
BACK_HOME = "home"
MAX_COMMAND = 500
MAX_PAGE = 1000
# Row ids are 32-bit on every backend; a bigger number cannot name a row (and would overflow).
MAX_ID = 2**31 - 1
# What an update card's status and due date inputs showed when it was drawn: a value sent back
# unchanged is then no change (see ``commands.forms.submit_action_update``).
SHOWN_STATUS = "shown_status"
SHOWN_DUE = "shown_due"

Mode = Literal["replace", "reply"]


class BadAction(ValueError):
    """The invoke does not carry what its verb needs."""


class BadInput(BadAction):
    """A value the user typed or picked in a card's form is not valid (a date that does not
    exist): answered with a card that says so, like any other refusal, not with an error."""


@dataclass(frozen=True)
class CardAction:
    """One button press, checked."""

    verb: str
    cmd: str = ""
    page: int = 1
    mode: Mode = "replace"
    action_id: int | None = None
    back: str = ""
    meeting: str = ""
    # A pick (see bot/teams/pick.py): the typed message it answers, and who typed it.
    source: str = ""
    author: str = ""
    mac: str = ""
    # None: a card drawn before csbot recorded what its inputs showed.
    shown: Shown | None = None
    inputs: dict[str, str] = field(default_factory=dict)

    def text_input(self, name: str) -> str:
        """A text input's value ('' when empty or absent)."""
        return self.inputs.get(name, "").strip()

    def sent(self, name: str) -> bool:
        """Whether the client sent the input ``name`` at all (a client may leave out one its
        user did not touch; an emptied one is sent as '')."""
        return name in self.inputs

    def date_input(self, name: str) -> date | None:
        """A date input's value (Teams sends ``YYYY-MM-DD``), None when empty."""
        raw = self.text_input(name)
        if not raw:
            return None
        try:
            return date.fromisoformat(raw[:10])
        except ValueError as exc:
            raise BadInput(f"“{raw}” is not a date.") from exc


# -- building (renderers) ---------------------------------------------------------------------


def run_data(cmd: str, *, mode: Mode = "replace") -> dict[str, Any]:
    """Run a command (a suggestion, a choice, "show all")."""
    return {"cmd": cmd, "mode": mode}


def page_data(cmd: str, page: int) -> dict[str, Any]:
    """Show another page of the list ``cmd`` makes."""
    return {"cmd": cmd, "page": page}


def action_data(action_id: int, *, back: str = "", page: int = 1) -> dict[str, Any]:
    """Done on one action (and the start of Update's, see ``update_data``); ``back`` is the
    list to show again afterwards."""
    data: dict[str, Any] = {"action_id": action_id}
    if back:
        data["back"] = back
        data["page"] = page
    return data


def update_data(
    action_id: int, *, status: str, due: date | None, back: str = "", page: int = 1
) -> dict[str, Any]:
    """Save an update card, which shows ``status`` and ``due`` in its inputs."""
    data = action_data(action_id, back=back, page=page)
    data[SHOWN_STATUS] = status
    data[SHOWN_DUE] = due.isoformat() if due else ""
    return data


def minutes_data(meeting: str) -> dict[str, Any]:
    """Submit the pasted minutes of a meeting."""
    return {"meeting": meeting}


def pick_data(command: str, *, source: str, author: str, mac: str) -> dict[str, Any]:
    """Run a typed command again with the action picked (``command`` names it with its plan,
    the note input completes it), carried out at most once for the ``source`` message;
    ``mac`` signs the three (see ``bot.teams.pick.PickSeal``)."""
    return {"cmd": command, "source": source, "author": author, "mac": mac}


def note_input(action_id: int) -> str:
    """Input id of an action's update note (unique within a card)."""
    return f"note_{action_id}"


def status_input(action_id: int) -> str:
    """Input id of an action's new status."""
    return f"status_{action_id}"


def due_input(action_id: int) -> str:
    """Input id of an action's new due date."""
    return f"due_{action_id}"


MINUTES_INPUT = "minutes"
PICK_NOTE_INPUT = "pick_note"


# -- reading (invoke) -------------------------------------------------------------------------


def parse(verb: object, data: object) -> CardAction:
    """The button press an invoke describes; BadAction when it is not one of ours."""
    if not isinstance(verb, str) or verb not in VERBS:
        raise BadAction(f"unknown card action {verb!r}")
    if not isinstance(data, Mapping):
        raise BadAction("card action carries no data")
    inputs = {str(k): v for k, v in data.items() if isinstance(v, str)}
    cmd = _text(data, "cmd")
    page = _int(data, "page", default=1)
    if not 1 <= page <= MAX_PAGE:
        raise BadAction(f"page {page} is out of range")
    mode = data.get("mode", "replace")
    if mode not in ("replace", "reply"):
        raise BadAction(f"unknown mode {mode!r}")
    action_id = _int(data, "action_id", default=0) or None
    meeting = _text(data, "meeting")
    source, author, mac = _text(data, "source"), _text(data, "author"), _text(data, "mac")
    if verb in (VERB_RUN, VERB_PAGE, VERB_PICK) and not cmd:
        raise BadAction(f"“{verb}” needs a command")
    if verb in (VERB_DONE, VERB_UPDATE) and action_id is None:
        raise BadAction(f"“{verb}” needs an action")
    if verb == VERB_MINUTES and not meeting:
        raise BadAction("“minutes” needs a meeting")
    if verb == VERB_PICK and not (source and author):
        raise BadAction("“pick” needs the message it answers and its author")
    return CardAction(
        verb=verb,
        cmd=cmd,
        page=page,
        mode=mode,
        action_id=action_id,
        back=_text(data, "back"),
        meeting=meeting,
        source=source,
        author=author,
        mac=mac,
        shown=_shown(data),
        inputs=inputs,
    )


def _shown(data: Mapping[str, Any]) -> Shown | None:
    """What an update card showed: a known status and an ISO date or ''; both or neither."""
    if SHOWN_STATUS not in data and SHOWN_DUE not in data:
        return None
    status, due = data.get(SHOWN_STATUS), data.get(SHOWN_DUE)
    if status not in STATUSES:
        raise BadAction(f"{SHOWN_STATUS} must be a status")
    if due == "":
        return Shown(status=status, due=None)
    try:
        day = date.fromisoformat(due) if isinstance(due, str) else None
    except ValueError:
        day = None
    if day is None or day.isoformat() != due:
        raise BadAction(f"{SHOWN_DUE} must be a date (YYYY-MM-DD) or empty")
    return Shown(status=status, due=day)


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadAction(f"{key} must be text")
    if len(value) > MAX_COMMAND:
        raise BadAction(f"{key} is too long")
    return value.strip()


def _int(data: Mapping[str, Any], key: str, *, default: int) -> int:
    value = data.get(key, default)
    if isinstance(value, bool):
        raise BadAction(f"{key} must be a number")
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and abs(value) <= MAX_ID:
        return value
    raise BadAction(f"{key} must be a number")
