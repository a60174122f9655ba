"""Checks every Adaptive Card against the Adaptive Cards 1.5 JSON schema and Teams' size limit.

The schema is the copy of ``../shared/schemas/adaptive-card-1.5.schema.json`` in
``tests/schemas``. Teams' own ``msteams`` key (not part of the schema) is set aside before
validating.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "tests" / "schemas" / "adaptive-card-1.5.schema.json"
# Teams refuses messages over about 28 KB (the whole activity, card included).
TEAMS_MESSAGE_LIMIT = 28_000
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"


@cache
def validator() -> jsonschema.Draft6Validator:
    """The 1.5 schema's validator."""
    return jsonschema.Draft6Validator(json.loads(SCHEMA.read_text()))


def without_msteams(value: Any) -> Any:
    """The card with every ``msteams`` key removed."""
    if isinstance(value, dict):
        return {k: without_msteams(v) for k, v in value.items() if k != "msteams"}
    if isinstance(value, list):
        return [without_msteams(v) for v in value]
    return value


def card_problems(card: dict[str, Any]) -> list[str]:
    """What is wrong with a card (empty when it is valid and small enough)."""
    problems = [
        f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message[:300]}"
        for e in validator().iter_errors(without_msteams(card))
    ]
    if card.get("version") != "1.5":
        problems.append(f"card version is {card.get('version')!r}, not 1.5")
    size = len(json.dumps(card, ensure_ascii=False).encode("utf-8"))
    if size > TEAMS_MESSAGE_LIMIT:
        problems.append(f"card is {size} bytes, over Teams' limit")
    return problems


def assert_valid_card(card: dict[str, Any]) -> None:
    """Fail with every problem of the card."""
    problems = card_problems(card)
    assert not problems, "\n".join(problems)


def activity_problems(activity: dict[str, Any]) -> list[str]:
    """What is wrong with a message activity the bot sent (size and every card in it)."""
    problems: list[str] = []
    size = len(json.dumps(activity, ensure_ascii=False).encode("utf-8"))
    if size > TEAMS_MESSAGE_LIMIT:
        problems.append(f"activity is {size} bytes, over Teams' limit")
    for attachment in activity.get("attachments") or []:
        if attachment.get("contentType") == CARD_CONTENT_TYPE:
            problems += card_problems(attachment.get("content") or {})
    return problems
