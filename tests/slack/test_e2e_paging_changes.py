"""Page buttons on a list that changes between clicks: no item is skipped unseen, and the
page says the list has changed."""

from __future__ import annotations

import json
from typing import Any

from bot.slack.blocks import BUTTON_VALUE
from bot.slack.pages import PAGE, PageRequest, item_keys, page_blocks
from bot.slack.render import render
from commands.views import ActionList, ActionSummary
from tests.factories import make_plan, seeded
from tests.slack.blockkit import validate_message
from tests.slack.conftest import TEAM, Harness

CHANGED = "The list has changed since the last page"


def _buttons(blocks: list[dict[str, Any]]) -> dict[str, PageRequest]:
    found: dict[str, PageRequest] = {}
    for block in blocks:
        for element in block.get("elements", []) if block["type"] == "actions" else []:
            request = PageRequest.decode(element.get("value", ""))
            if request is not None:
                found[element["text"]["text"]] = request
                assert len(element["value"]) <= BUTTON_VALUE
    return found


def _refs(blocks: list[dict[str, Any]]) -> list[str]:
    return [
        b["accessory"]["value"].rsplit(":", 1)[-1]
        for b in blocks
        if b.get("accessory", {}).get("value", "").startswith("/actions show")
    ]


def _view(refs: list[str]) -> ActionList:
    items = [
        ActionSummary(
            id=n,
            plan_slug="p",
            plan_name="P",
            ref=ref,
            title=f"Action {ref}: " + "words " * 40,
            status="on_track",
        )
        for n, ref in enumerate(refs, start=1)
    ]
    return ActionList(title="Mine", items=items)


def _page(
    refs: list[str], at: PageRequest | int, *, shareable: bool = False
) -> tuple[list[dict[str, Any]], int, int]:
    r = render(_view(refs))
    blocks, shown, pages = page_blocks(r, at, command="/actions mine", shareable=shareable)
    validate_message({"text": "t", "blocks": blocks})
    return blocks, shown, pages


ALL = [str(n) for n in range(1, 101)]


def test_next_continues_after_the_last_item_shown_when_items_before_it_went() -> None:
    first, _, _ = _page(ALL, 0)
    shown = _refs(first)
    assert 3 < len(shown) < 100
    nxt = _buttons(first)["Next ›"]
    # Two items of page 1 are marked done (they leave the list) before Next is pressed.
    now = [r for r in ALL if r not in (shown[1], shown[2])]
    second, number, pages = _page(now, nxt)
    assert _refs(second)[0] == ALL[len(shown)], "the page starts where page 1 stopped"
    assert number == 1 and pages >= 2
    assert CHANGED in json.dumps(second) and "(100 items then, 98 now)" in json.dumps(second)
    # Left unchanged, the same button shows the same page without the note.
    again, _, _ = _page(ALL, nxt)
    assert _refs(again)[0] == ALL[len(shown)] and CHANGED not in json.dumps(again)


def test_next_still_finds_its_place_when_the_last_item_shown_went() -> None:
    first, _, _ = _page(ALL, 0)
    shown = _refs(first)
    now = [r for r in ALL if r != shown[-1]]
    second, _, _ = _page(now, _buttons(first)["Next ›"])
    assert _refs(second)[0] == ALL[len(shown)]


def test_next_ignores_the_last_item_shown_when_it_moved_elsewhere() -> None:
    first, _, _ = _page(ALL, 0)
    shown = _refs(first)
    nxt = _buttons(first)["Next ›"]
    last = shown[-1]
    # Its due date changed: it went to the top of the list, then to the bottom.
    for now in ([last, *[r for r in ALL if r != last]], [*[r for r in ALL if r != last], last]):
        second, _, _ = _page(now, nxt)
        assert _refs(second)[0] == ALL[len(shown)], "carries on after the items still in place"


def test_previous_ends_just_before_the_first_item_shown() -> None:
    first, _, _ = _page(ALL, 0)
    second, _, _ = _page(ALL, _buttons(first)["Next ›"])
    on_second = _refs(second)
    previous = _buttons(second)["‹ Previous"]
    # Unchanged: the first page exactly.
    assert _refs(_page(ALL, previous)[0]) == _refs(first)
    # Two items join the top of the list: the page before still ends where page 2 began,
    # and the first page holds what is left before it.
    now = ["0a", "0b", *ALL]
    back, number, _ = _page(now, previous)
    assert _refs(back)[-1] == ALL[ALL.index(on_second[0]) - 1]
    assert CHANGED in json.dumps(back)
    seen = _refs(back)
    while number > 0:
        back, number, _ = _page(now, _buttons(back)["‹ Previous"])
        seen = _refs(back) + seen
    assert seen == now[: now.index(on_second[0])], "every item before page 2, once"


def test_walking_a_changing_list_loses_nothing() -> None:
    now = list(ALL)
    blocks, shown, pages = _page(now, 0)
    seen = _refs(blocks)
    while shown < pages - 1:
        # Before each click, the first item of the page just seen is marked done.
        now.remove(_refs(blocks)[0])
        blocks, shown, pages = _page(now, _buttons(blocks)["Next ›"])
        seen += _refs(blocks)
    assert sorted(seen, key=int) == ALL and len(seen) == len(set(seen))


def test_share_shares_the_page_shown() -> None:
    first, _, _ = _page(ALL, 0)
    second, _, _ = _page(ALL, _buttons(first)["Next ›"], shareable=True)
    share = _buttons(second)["Share in channel"]
    now = [r for r in ALL if r != _refs(first)[0]]
    blocks, _, _ = page_blocks(render(_view(now)), share, command="/actions mine", paging=False)
    assert _refs(blocks) == _refs(second)


def test_a_long_command_keeps_a_plain_page_button() -> None:
    command = "/actions mine " + "x" * (BUTTON_VALUE - 60)
    blocks, _, _ = page_blocks(render(_view(ALL)), 0, command=command)
    (nxt,) = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert len(nxt["value"]) <= BUTTON_VALUE
    assert PageRequest.decode(nxt["value"]) == PageRequest(command, 1)


def test_keys_follow_an_item_not_its_wording() -> None:
    before = render(_view(["1", "2"])).items
    after = render(
        ActionList(
            title="Mine",
            items=[
                ActionSummary(
                    id=1, plan_slug="p", plan_name="P", ref="1", title="New", status="at_risk"
                ),
                ActionSummary(
                    id=2, plan_slug="p", plan_name="P", ref="2", title="x", status="on_track"
                ),
            ],
        )
    ).items
    assert item_keys(before) == item_keys(after)
    assert len(set(item_keys([[{"type": "divider"}], [{"type": "divider"}]]))) == 2


def test_a_value_that_is_not_ours_is_ignored() -> None:
    assert PageRequest.decode('{"c":"/actions mine","p":1,"a":"<bad>.ok","n":"x"}') == (
        PageRequest("/actions mine", 1)
    )
    decoded = PageRequest.decode('{"c":"/actions mine","p":1,"a":"<bad>.ok","n":"x"}')
    assert decoded is not None and decoded.after == ("ok",) and decoded.total is None


# -- end to end: /actions mine, two items of page 1 marked done, then Next -----------------------


def test_next_after_items_were_done_shows_every_item(slack: Harness) -> None:
    with seeded(slack.store, TEAM) as uow:
        rows = [
            {"ref": str(n), "title": f"Big action {n}: " + "wording " * 30, "lead": "HOS"}
            for n in range(1, 68)
        ]
        make_plan(uow, "Big Plan", rows)
    first = slack.reply("/actions", "plan big-plan")
    before = _refs(first["blocks"])
    nxt = next(
        e["value"]
        for b in first["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"].startswith(PAGE)
    )
    slack.click(PAGE, nxt)
    slack.drain()
    (page_two,) = slack.fake.wait_for("response_url")
    originally = _refs(page_two.args["blocks"])
    slack.fake.clear()

    for ref in before[3:5]:
        slack.reply("/actions", f"done big-plan:{ref}")
    slack.click(PAGE, nxt)
    slack.drain()
    (again,) = slack.fake.wait_for("response_url")
    validate_message(again.args)
    now = _refs(again.args["blocks"])
    lost = [r for r in originally if r not in now and r not in before]
    assert lost == [] and now[0] == originally[0]
    assert CHANGED in json.dumps(again.args["blocks"])
