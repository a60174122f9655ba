"""The Block Kit renderer: every view kind, Slack's limits, escaping, pagination."""

from __future__ import annotations

import json
import typing

import pytest

from bot.slack.blocks import MAX_MESSAGE_BLOCKS, MAX_VIEW_BLOCKS
from bot.slack.home import home_view
from bot.slack.modals import add_modal, log_update_modal, minutes_modal, result_modal, update_modal
from bot.slack.pages import PAGE, SHARE, PageRequest, page_blocks, to_message
from bot.slack.render import render
from commands.forms import PlanChoice
from commands.views import ActionDetail, ActionList, Help, Reply, View
from tests.slack.blockkit import BlockKitError, validate_message, validate_view
from tests.slack.samples import SAMPLES, action, home_page

REPLY_KINDS: list[type[View]] = list(typing.get_args(typing.get_args(Reply)[0]))


def test_the_reply_union_is_read_correctly() -> None:
    assert ActionList in REPLY_KINDS and len(REPLY_KINDS) >= 13


@pytest.mark.parametrize("kind", REPLY_KINDS, ids=lambda k: k.__name__)
def test_every_reply_kind_has_a_slack_renderer(kind: type[View]) -> None:
    # A view kind added to commands.views.Reply without a Slack renderer fails here.
    assert render.dispatch(kind) is not render.dispatch(View), f"no Slack renderer for {kind}"
    assert kind in SAMPLES, f"add a sample {kind.__name__} to tests/slack/samples.py"


@pytest.mark.parametrize("kind", REPLY_KINDS, ids=lambda k: k.__name__)
def test_every_page_of_every_kind_is_valid_block_kit(kind: type[View]) -> None:
    view = SAMPLES[kind]()
    r = render(view)
    page, pages = 0, 1
    while page < pages:
        blocks, shown, pages = page_blocks(r, page, command="/actions mine", shareable=True)
        assert shown == page
        validate_message({"text": r.fallback, "blocks": blocks})
        page += 1


def test_a_long_list_is_split_into_pages_with_buttons() -> None:
    view = SAMPLES[ActionList]()
    first = to_message(view, 0, command="/actions mine", shareable=True)
    assert len(first.blocks) <= MAX_MESSAGE_BLOCKS
    assert "(page 1 of" in first.text
    buttons = [e for b in first.blocks if b["type"] == "actions" for e in b["elements"]]
    ids = [b["action_id"] for b in buttons]
    assert PAGE in ids and SHARE in ids and "‹ Previous" not in json.dumps(buttons)
    request = PageRequest.decode(next(b["value"] for b in buttons if b["action_id"] == PAGE))
    assert request == PageRequest("/actions mine", 1)
    # Every item appears on exactly one page.
    _, _, pages = page_blocks(render(view), 0, command="/actions mine")
    seen = []
    for n in range(pages):
        blocks, _, _ = page_blocks(render(view), n, command="/actions mine")
        seen += [b["text"]["text"].split("*")[1] for b in blocks if b.get("accessory")]
    assert len(seen) == 120 and len(set(seen)) == 120


def test_without_a_command_a_long_list_says_it_is_cut() -> None:
    message = to_message(SAMPLES[ActionList]())
    assert "too long to show here" in json.dumps(message.blocks)
    assert all(b["type"] != "actions" for b in message.blocks[-1:])


def test_user_text_cannot_notify_or_fake_links() -> None:
    # Plain text (headers, buttons) is shown literally; mrkdwn must have it escaped.
    for kind in REPLY_KINDS:
        mrkdwn = " ".join(_mrkdwn(render(SAMPLES[kind]()).all_blocks()))
        assert "<!channel>" not in mrkdwn, kind
        assert "<https://evil.example" not in mrkdwn, kind
        assert "<@U123ADMIN>" not in mrkdwn, kind
        assert "&lt;!channel&gt;" in mrkdwn, kind


def test_escaping_is_not_double_and_entities_are_not_cut() -> None:
    blocks = render(SAMPLES[ActionDetail]()).all_blocks()
    dumped = json.dumps(blocks)
    assert "&amp;amp;" not in dumped and "&amp;lt;" not in dumped
    for text in _texts(blocks):
        tail = text[text.rfind("&") :] if "&" in text else ""
        assert not tail or ";" in tail, f"an entity was cut: {tail[:10]!r}"


def test_every_message_has_fallback_text() -> None:
    for kind in REPLY_KINDS:
        message = to_message(SAMPLES[kind]())
        assert message.text.strip(), kind
        assert "<!channel>" not in message.text


def test_the_validator_refuses_what_slack_refuses() -> None:
    too_many = [{"type": "divider"}] * (MAX_MESSAGE_BLOCKS + 1)
    with pytest.raises(BlockKitError, match="51 blocks"):
        validate_message({"text": "x", "blocks": too_many})
    with pytest.raises(BlockKitError, match="fallback"):
        validate_message({"text": "", "blocks": []})
    long_section = {"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}
    with pytest.raises(BlockKitError):
        validate_message({"text": "x", "blocks": [long_section]})
    with pytest.raises(BlockKitError, match="101 blocks"):
        validate_view({"type": "home", "blocks": [{"type": "divider"}] * (MAX_VIEW_BLOCKS + 1)})


def test_help_is_packed_into_few_blocks() -> None:
    message = to_message(SAMPLES[Help](), command="/actions help")
    validate_message(message.payload())
    assert sum(1 for b in message.blocks if b["type"] == "section") <= 12


@pytest.mark.parametrize("known", [True, False])
def test_home_tab_stays_within_100_blocks(known: bool) -> None:
    view = home_view(home_page(actions=80, known=known))
    validate_view(view)
    assert len(view["blocks"]) <= MAX_VIEW_BLOCKS
    dumped = json.dumps(view)
    assert "<!channel>" not in " ".join(_mrkdwn(view))
    if known:
        assert "open_update" in dumped and "mark_done" in dumped and "open_add" in dumped
    else:
        assert "open_update" not in dumped and '"answer' in dumped  # "who are you?" buttons


def test_modals_are_valid() -> None:
    detail = SAMPLES[ActionDetail]()
    assert isinstance(detail, ActionDetail)
    validate_view(update_modal(detail, channel_id="C1", from_home=True))
    plans = [PlanChoice(f"plan-{i}", f"Plan {i} " * 20) for i in range(120)]
    validate_view(add_modal(plans, "plan-3", channel_id=None, from_home=False))
    validate_view(add_modal([], None, channel_id=None, from_home=False))
    validate_view(
        log_update_modal("x" * 5000, ref="2.3", status="at_risk", channel_id="C1", message_ts="1.2")
    )
    validate_view(minutes_modal(7, "Paste them"))
    for kind in REPLY_KINDS:
        validate_view(result_modal(SAMPLES[kind]()))


def test_an_action_item_offers_its_details() -> None:
    blocks = render(ActionList(title="Mine", items=[action(4)])).all_blocks()
    button = blocks[-1]["accessory"]
    assert button["value"] == "/actions show leeds-improvement-plan:2.4"


def _mrkdwn(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["text"]] if node.get("type") == "mrkdwn" else []
        return found + [t for v in node.values() for t in _mrkdwn(v)]
    if isinstance(node, list):
        return [t for v in node for t in _mrkdwn(v)]
    return []


def _texts(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["text"]] if isinstance(node.get("text"), str) else []
        return found + [t for v in node.values() for t in _texts(v)]
    if isinstance(node, list):
        return [t for v in node for t in _texts(v)]
    return []
