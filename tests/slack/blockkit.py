"""Validate Block Kit payloads through ``slack_sdk.models`` and Slack's documented limits."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.slack.blocks import MAX_MESSAGE_BLOCKS, MAX_VIEW_BLOCKS

# Slack refuses a message whose blocks are much over ~13,000 characters (msg_blocks_too_long).
MESSAGE_BLOCK_CHARS = 13000


class BlockKitError(AssertionError):
    """A payload Slack would refuse (or render without a fallback)."""


def _blocks(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, str):
        value = json.loads(value) if value else []
    if not isinstance(value, list):
        raise BlockKitError(f"blocks must be a list, got {type(value).__name__}")
    return value


def validate_blocks(blocks: list[dict[str, Any]], limit: int) -> None:
    """Each block parses as a known Block Kit block and passes slack_sdk's validation."""
    if len(blocks) > limit:
        raise BlockKitError(f"{len(blocks)} blocks (the limit is {limit})")
    action_ids: dict[str, int] = {}
    for i, raw in enumerate(blocks):
        block = Block.parse(raw)
        if block is None or type(block) is Block:
            raise BlockKitError(f"block {i} has an unknown type: {raw.get('type')!r}")
        try:
            block.validate_json()
        except SlackObjectFormationError as exc:
            raise BlockKitError(f"block {i} ({raw.get('type')}): {exc}") from exc
        _check_texts(raw, f"block {i}")
        for element in _interactive(raw):
            aid = element["action_id"]
            action_ids[aid] = action_ids.get(aid, 0) + 1
            if len(aid) > 255:
                raise BlockKitError(f"action_id over 255 characters in block {i}")
            if len(str(element.get("value", ""))) > 2000:
                raise BlockKitError(f"button value over 2,000 characters in block {i}")
    repeated = [a for a, n in action_ids.items() if n > 1]
    if repeated:
        raise BlockKitError(f"repeated action_ids: {repeated}")


def _interactive(block: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    accessory = block.get("accessory")
    if isinstance(accessory, dict) and "action_id" in accessory:
        found.append(accessory)
    if block.get("type") == "actions":
        found.extend(e for e in block.get("elements", []) if "action_id" in e)
    element = block.get("element")
    if isinstance(element, dict) and "action_id" in element:
        found.append(element)
    return found


def _check_texts(node: Any, where: str) -> None:
    """No empty text objects (Slack refuses them)."""
    if isinstance(node, dict):
        if node.get("type") in ("plain_text", "mrkdwn") and not str(node.get("text", "")).strip():
            raise BlockKitError(f"empty {node['type']} text in {where}")
        for value in node.values():
            _check_texts(value, where)
    elif isinstance(node, list):
        for value in node:
            _check_texts(value, where)


def validate_message(payload: dict[str, Any]) -> None:
    """A message (chat.postMessage, a response, an ack body): fallback text and valid blocks."""
    text = str(payload.get("text") or "")
    if not text.strip():
        raise BlockKitError("message without fallback text")
    blocks = _blocks(payload.get("blocks") or [])
    validate_blocks(blocks, MAX_MESSAGE_BLOCKS)
    size = len(json.dumps(blocks, ensure_ascii=False))
    if size > MESSAGE_BLOCK_CHARS:
        raise BlockKitError(f"blocks hold {size} characters (Slack refuses ~13,000)")


def validate_view(view: dict[str, Any]) -> None:
    """A modal or Home tab view."""
    if view.get("type") not in ("modal", "home"):
        raise BlockKitError(f"unknown view type {view.get('type')!r}")
    blocks = _blocks(view.get("blocks") or [])
    validate_blocks(blocks, MAX_VIEW_BLOCKS)
    try:
        View(**view).validate_json()
    except (SlackObjectFormationError, TypeError) as exc:
        raise BlockKitError(f"view: {exc}") from exc
