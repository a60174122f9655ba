"""Modals: update an action, add an action, log a message as an update, paste minutes,
and the small modal that shows a result. Plus reading their submitted values back."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.slack.blocks import MAX_VIEW_BLOCKS, Block, plain, section
from bot.slack.context import is_slack_id, is_slack_ts
from bot.slack.mrkdwn import clip, escape, escape_clip
from bot.slack.pages import unique_action_ids
from bot.slack.render import due_line, render
from commands.formatting import status_text
from commands.forms import PlanChoice, Shown, status_choices
from commands.handlers.actions_write import MAX_TITLE_CHARS
from commands.views import ActionDetail, View
from storage.models import STATUSES

UPDATE_ACTION = "update_action"
ADD_ACTION = "add_action"
LOG_UPDATE = "log_update"
MINUTES = "minutes"
RESULT = "result"

TITLE_MAX = 24
INPUT_MAX = 3000
OPTION_TEXT = 75
OPTION_VALUE = 150


def _modal(
    callback_id: str,
    title: str,
    blocks: list[Block],
    *,
    submit: str | None = "Save",
    close: str = "Cancel",
    metadata: dict[str, Any] | None = None,
) -> dict[str, Any]:
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title, TITLE_MAX),
        "close": plain(close, TITLE_MAX),
        "blocks": unique_action_ids(blocks[:MAX_VIEW_BLOCKS]),
    }
    if submit:
        view["submit"] = plain(submit, TITLE_MAX)
    if metadata:
        view["private_metadata"] = json.dumps(metadata, separators=(",", ":"))
    return view


def _option(value: str, text: str) -> dict[str, Any]:
    return {"text": plain(text, OPTION_TEXT), "value": value}


def _input(
    block_id: str,
    label: str,
    element: dict[str, Any],
    *,
    optional: bool = False,
    hint: str = "",
) -> Block:
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label, 2000),
        "element": element,
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def _text_input(
    action_id: str,
    *,
    initial: str = "",
    multiline: bool = False,
    placeholder: str = "",
    max_length: int = INPUT_MAX,
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": action_id,
        "multiline": multiline,
        "max_length": min(max_length, INPUT_MAX),
    }
    if initial:
        element["initial_value"] = clip(initial, INPUT_MAX)
    if placeholder:
        element["placeholder"] = plain(placeholder, 150)
    return element


def _static_select(
    action_id: str, options: list[dict[str, Any]], placeholder: str, initial: str | None
) -> dict[str, Any]:
    """A static select of ``options``, with the option whose value is ``initial`` chosen."""
    element: dict[str, Any] = {
        "type": "static_select",
        "action_id": action_id,
        "options": options,
        "placeholder": plain(placeholder, 150),
    }
    chosen = next((o for o in options if o["value"] == initial), None)
    if chosen is not None:
        element["initial_option"] = chosen
    return element


def _status_select(initial: str | None) -> dict[str, Any]:
    options = [_option(value, text) for value, text in status_choices()]
    return _static_select("status", options, "Choose a status", initial)


def _datepicker(initial: date | None) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "datepicker",
        "action_id": "due",
        "placeholder": plain("Pick a date", 150),
    }
    if initial is not None:
        element["initial_date"] = initial.isoformat()
    return element


def update_modal(
    detail: ActionDetail, *, channel_id: str | None, from_home: bool
) -> dict[str, Any]:
    """The form behind Update: status picker, due date picker and a note."""
    a = detail.action
    summary = (
        f"*{escape(a.ref)}*  {escape_clip(a.title, 1500)}\n"
        f"{status_text(a.status)} · {due_line(a)} · _{escape_clip(a.plan_name, 200)}_"
    )
    blocks = [
        section(summary),
        _input("status", "Status", _status_select(a.status)),
        _input("due", "Due date", _datepicker(a.due_date), optional=True),
        _input(
            "note",
            "What happened?",
            _text_input("note", multiline=True, placeholder="e.g. audit signed off at panel"),
            optional=True,
        ),
    ]
    # What the pickers start from ("s", "d"): a value submitted unchanged is not a change.
    due = a.due_date.isoformat() if a.due_date else None
    metadata = {"a": a.id, "c": channel_id, "h": from_home, "s": a.status, "d": due}
    return _modal(UPDATE_ACTION, f"Update {a.ref}", blocks, metadata=metadata)


def add_modal(
    plans: list[PlanChoice], preselected: str | None, *, channel_id: str | None, from_home: bool
) -> dict[str, Any]:
    """The form behind Add action: title, owners, due date and plan."""
    blocks: list[Block] = [
        _input(
            "title",
            "Action",
            _text_input("title", multiline=True, max_length=MAX_TITLE_CHARS),
        ),
        _input(
            "owners",
            "Owner(s)",
            _text_input("owners", placeholder="Fiona Smith/HOS"),
            hint="People and/or roles, as a plan's lead column would name them.",
        ),
        _input("due", "Due date", _datepicker(None), optional=True),
        _input(
            "due_text",
            "…or the timescale as written",
            _text_input("due_text", placeholder="end of March, w/c 11 Jan, TBC"),
            optional=True,
            hint="Used when no date is picked; leave both empty for TBC.",
        ),
    ]
    usable = [p for p in plans if len(p.slug) <= OPTION_VALUE][:100]
    if usable:
        options = [_option(p.slug, p.name) for p in usable]
        element = _static_select("plan", options, "Choose a plan", preselected)
        blocks.append(_input("plan", "Plan", element))
    else:
        blocks.append(section("There are no plans yet: import one first (`csbot import actions`)."))
    return _modal(ADD_ACTION, "Add an action", blocks, metadata={"c": channel_id, "h": from_home})


def log_update_modal(
    text: str,
    *,
    ref: str,
    status: str | None,
    channel_id: str,
    message_ts: str,
) -> dict[str, Any]:
    """The form behind the "Log as action update" message shortcut."""
    quoted = "> " + escape_clip(text, 2000).replace("\n", "\n> ") if text else "_(no text)_"
    blocks = [
        section(quoted),
        _input(
            "ref",
            "Action",
            _text_input("ref", initial=ref, placeholder="2.3 (or plan:2.3)"),
            hint="The action's ref, e.g. 2.3; add the plan as leeds:2.3 if several plans use it.",
        ),
        _input("status", "New status", _status_select(status), optional=True),
        _input(
            "note",
            "Update",
            _text_input("note", initial=text, multiline=True),
            hint=_shortened_hint(text),
        ),
    ]
    metadata = {"c": channel_id, "ts": message_ts}
    return _modal(LOG_UPDATE, "Log as update", blocks, submit="Log it", metadata=metadata)


def _shortened_hint(text: str) -> str:
    """Say so when the message is longer than a form's text box holds (Slack's limit):
    only what the box shows is logged."""
    if len(text) <= INPUT_MAX:
        return ""
    return (
        f"This message is {len(text):,} characters long and Slack lets this box hold "
        f"{INPUT_MAX:,}, so only the first {INPUT_MAX - 1:,} (ending in “…”) will be logged. "
        "Shorten it here if the cut falls in the wrong place."
    )


def minutes_modal(meeting_id: int, text: str) -> dict[str, Any]:
    """The form for pasting a meeting's minutes."""
    blocks = [
        section(escape_clip(text, 2900)),
        _input("minutes", "Minutes", _text_input("minutes", multiline=True)),
    ]
    return _modal(MINUTES, "Paste the minutes", blocks, submit="Import", metadata={"m": meeting_id})


def result_modal(view: View, title: str = "csbot") -> dict[str, Any]:
    """A modal showing a reply (after a form is saved, or a button clicked on the Home tab)."""
    r = render(view)
    blocks = r.all_blocks()
    if len(blocks) > MAX_VIEW_BLOCKS:
        blocks = [
            *blocks[: MAX_VIEW_BLOCKS - 1],
            section("_…and more: ask in chat to see it all._"),
        ]
    return _modal(RESULT, title, blocks, submit=None, close="Close")


# -- reading submissions ---------------------------------------------------------------------


@dataclass(frozen=True)
class Submitted:
    """The values of a submitted modal, by block id, and the metadata csbot gave it."""

    values: dict[str, dict[str, Any]]
    metadata: dict[str, Any]

    @classmethod
    def of(cls, view: dict[str, Any], metadata: dict[str, Any]) -> Submitted:
        """Read a ``view_submission`` payload's view (``metadata``: its checked metadata)."""
        state = (view.get("state") or {}).get("values") or {}
        return cls(values=state if isinstance(state, dict) else {}, metadata=metadata)

    def shown(self) -> Shown | None:
        """What the update form's pickers started from (None: not recorded)."""
        if "s" not in self.metadata or "d" not in self.metadata:
            return None
        due = self.metadata["d"]
        return Shown(status=self.metadata["s"], due=date.fromisoformat(due) if due else None)

    def _element(self, block_id: str) -> dict[str, Any]:
        block = self.values.get(block_id) or {}
        return next(iter(block.values()), {}) if block else {}

    def text(self, block_id: str) -> str:
        """A text input's value ('' when empty)."""
        return str(self._element(block_id).get("value") or "")

    def option(self, block_id: str) -> str | None:
        """A select's chosen value."""
        chosen = self._element(block_id).get("selected_option")
        return str(chosen["value"]) if isinstance(chosen, dict) and "value" in chosen else None

    def date(self, block_id: str) -> date | None:
        """A date picker's date (None when none was picked, or it is not a date)."""
        raw = self._element(block_id).get("selected_date")
        try:
            return date.fromisoformat(raw) if isinstance(raw, str) and raw else None
        except ValueError:
            return None

    def bad_date(self, block_id: str) -> str | None:
        """What a date picker sent when it is not a date (Slack sends YYYY-MM-DD)."""
        raw = self._element(block_id).get("selected_date")
        if raw in (None, ""):
            return None
        if isinstance(raw, str) and len(raw) == 10 and self.date(block_id) is not None:
            return None
        return str(raw)


# -- checking metadata -------------------------------------------------------------------------


def _channel(value: Any) -> bool:
    return is_slack_id(value) and str(value)[0] in "CDG"  # a channel, a DM, a private one


def _channel_or_none(value: Any) -> bool:
    return value is None or _channel(value)


def _row(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _flag(value: Any) -> bool:
    return isinstance(value, bool)


def _status(value: Any) -> bool:
    return value in STATUSES


def _iso_date_or_none(value: Any) -> bool:
    if value is None:
        return True
    try:
        return isinstance(value, str) and date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


Check = Callable[[Any], bool]
# Each form's metadata: (the keys it must have, the keys it may have), each with its check.
_SHAPES: dict[str, tuple[dict[str, Check], dict[str, Check]]] = {
    UPDATE_ACTION: (
        {"a": _row},
        {"c": _channel_or_none, "h": _flag, "s": _status, "d": _iso_date_or_none},
    ),
    ADD_ACTION: ({}, {"c": _channel_or_none, "h": _flag}),
    LOG_UPDATE: ({"c": _channel, "ts": is_slack_ts}, {}),
    MINUTES: ({"m": _row}, {}),
}


def metadata_fits(callback_id: str, metadata: dict[str, Any]) -> bool:
    """True when ``metadata`` has the shape csbot writes for the form ``callback_id``:
    every key it must have, no other keys, and each value of its kind."""
    shape = _SHAPES.get(callback_id)
    if shape is None:
        return False
    required, optional = shape
    checks = {**required, **optional}
    return (
        required.keys() <= metadata.keys()
        and metadata.keys() <= checks.keys()
        and all(checks[key](value) for key, value in metadata.items())
    )
