"""Page buttons of a list whose command is nearly as long as a button value may be: they still
find their place again by the items shown, and when even that cannot fit, the page says so
rather than silently showing a page counted afresh."""

from __future__ import annotations

import base64
import hashlib
import json
import random
import zlib
from typing import Any

from bot.slack.blocks import BUTTON_VALUE
from bot.slack.pages import PAGE, SHARE, PageRequest, item_keys, page_blocks
from bot.slack.render import render
from commands.views import ActionList, ActionSummary
from tests.factories import make_plan, seeded
from tests.slack.blockkit import validate_message
from tests.slack.conftest import TEAM, Harness

CHANGED = "The list has changed since the last page"
MOVED = "items may have moved between pages"
TOO_LONG = "too long to show here"


def _elements(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def _buttons(blocks: list[dict[str, Any]]) -> dict[str, str]:
    """Page and share buttons by their text, as the values Slack sends back."""
    found: dict[str, str] = {}
    for element in _elements(blocks):
        if element["action_id"].split(":")[0] in (PAGE, SHARE):
            assert len(element["value"]) <= BUTTON_VALUE
            found[element["text"]["text"]] = element["value"]
    return found


def _request(value: str) -> PageRequest:
    request = PageRequest.decode(value)
    assert request is not None
    return request


def _refs(blocks: list[dict[str, Any]]) -> list[str]:
    return [
        b["accessory"]["value"].rsplit(":", 1)[-1]
        for b in blocks
        if b.get("accessory", {}).get("value", "").startswith("/actions show")
    ]


def _noise(length: int, seed: int = 1) -> str:
    """Text that does not compress (URL-safe base64 of random bytes), ``length`` long."""
    raw = random.Random(seed).randbytes(length)
    return base64.urlsafe_b64encode(raw).decode("ascii")[:length]


def _command(length: int) -> str:
    """A search command of exactly ``length`` characters that no compression shortens."""
    head = "/actions search "
    return head + _noise(length - len(head))


def _plain_room(command: str) -> int:
    """How many characters a button value has left beside the command and a page number."""
    return BUTTON_VALUE - len(PageRequest(command, 9).encode())


def _view(refs: list[str], command: str) -> ActionList:
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
    return ActionList(title="Found", items=items, query=command)


def _page(
    refs: list[str], at: PageRequest | int, command: str
) -> tuple[list[dict[str, Any]], int, int]:
    blocks, shown, pages = page_blocks(render(_view(refs, command)), at, command=command)
    validate_message({"text": "t", "blocks": blocks})
    return blocks, shown, pages


ALL = [str(n) for n in range(1, 101)]


# -- end to end: a long /actions search, two items of page 1 leave the list, then Next -----------

# Words every action's title holds (hex, so never "hos"): the search is long but compresses.
# As many as a search takes (MAX_SEARCH_WORDS, with "hos"), each long enough for the command.
WORDS = [f"q{hashlib.sha256(str(n).encode()).hexdigest()[:38]}" for n in range(48)]


def test_a_long_search_still_pages_by_the_items_shown(slack: Harness) -> None:
    words = " ".join(WORDS)
    with seeded(slack.store, TEAM) as uow:
        rows = [
            {"ref": str(n), "title": f"Big action {n}: {words}", "lead": "HOS"}
            for n in range(1, 41)
        ]
        make_plan(uow, "Big Plan", rows)
    command = f"/actions search {words} hos"
    # Nearly as long as a button value may be: room for a page number, not for the anchor.
    assert 0 < _plain_room(command) < 60
    first = slack.reply("/actions", command.removeprefix("/actions "))
    before = _refs(first["blocks"])
    assert 3 < len(before) < 40
    nxt = _buttons(first["blocks"])["Next ›"]
    assert '"z":' in nxt and _request(nxt).command == command  # carried compressed
    assert _request(nxt).after, "Next carries the items it continues after"

    # Two items of page 1 leave the list (handed to the IRO, they no longer match "hos").
    for ref in before[1:3]:
        assert "now owned by" in json.dumps(slack.reply("/actions", f"assign big-plan:{ref} IRO"))
    slack.fake.clear()
    slack.click(PAGE, nxt)
    slack.drain()
    (page_two,) = slack.fake.wait_for("response_url")
    validate_message(page_two.args)
    shown = json.dumps(page_two.args["blocks"])
    assert _refs(page_two.args["blocks"])[0] == str(len(before) + 1), "no item skipped"
    assert CHANGED in shown and "carries on after the last item you were shown" in shown


# -- what a button keeps when the command leaves little room --------------------------------------


def test_an_incompressible_long_command_keeps_the_nearest_anchor_keys() -> None:
    # Room for the page number, the list's digest and size, and two keys: not all five.
    command = _command(BUTTON_VALUE - 75)
    first, _, _ = _page(ALL, 0, command)
    shown = _refs(first)
    nxt = _request(_buttons(first)["Next ›"])
    assert nxt.command == command and 1 <= len(nxt.after) < 5
    # The last item shown, then the one before it, is gone when Next is pressed.
    now = [r for r in ALL if r not in shown[-2:]]
    second, number, _ = _page(now, nxt, command)
    assert _refs(second)[0] == ALL[len(shown)] and number == 1
    assert "carries on after the last item you were shown" in json.dumps(second)


def test_previous_keeps_the_first_items_shown() -> None:
    command = _command(BUTTON_VALUE - 75)
    first, _, _ = _page(ALL, 0, command)
    second, _, _ = _page(ALL, _request(_buttons(first)["Next ›"]), command)
    on_second = _refs(second)
    previous = _request(_buttons(second)["‹ Previous"])
    # It keeps the keys nearest the page: page 2's first item first.
    keys = item_keys(render(_view(ALL, command)).items)
    assert 1 <= len(previous.before) < 5
    assert previous.before == tuple(keys[ALL.index(on_second[0]) :][: len(previous.before)])
    now = ["0a", "0b", *ALL]
    back, _, _ = _page(now, previous, command)
    assert _refs(back)[-1] == ALL[ALL.index(on_second[0]) - 1]


def test_without_room_for_an_anchor_a_changed_list_says_so() -> None:
    # Room for the list's digest and size, not for one key.
    command = _command(BUTTON_VALUE - 38)
    first, _, _ = _page(ALL, 0, command)
    shown = _refs(first)
    nxt = _request(_buttons(first)["Next ›"])
    assert nxt.command == command and nxt.page == 1 and not nxt.after and nxt.version
    unchanged, _, _ = _page(ALL, nxt, command)
    assert _refs(unchanged)[0] == ALL[len(shown)] and CHANGED not in json.dumps(unchanged)
    now = [r for r in ALL if r not in shown[1:3]]
    second, _, _ = _page(now, nxt, command)
    text = json.dumps(second)
    assert CHANGED in text and MOVED in text, "never a page counted afresh without a word"


def test_without_room_to_tell_a_change_there_are_no_page_buttons() -> None:
    # Room for a page number only: a button could not tell whether the list changed.
    command = _command(BUTTON_VALUE - 24)
    assert _plain_room(command) > 0
    first, _, pages = _page(ALL, 0, command)
    assert pages > 1 and not _buttons(first)
    assert TOO_LONG + " (its command is too long for page buttons)" in json.dumps(first)


def test_a_long_page_names_its_command_clipped_and_fits_in_a_message() -> None:
    command = _command(BUTTON_VALUE - 75)
    first, _, _ = _page(ALL, 0, command)
    nxt = _request(_buttons(first)["Next ›"])
    second, _, _ = _page(ALL[3:], nxt, command)
    caption = " ".join(e["text"] for b in second if b["type"] == "context" for e in b["elements"])
    assert command[:150] in caption and command[-50:] not in caption
    assert "Run it again to see it whole as it is now." in caption


def test_a_packed_command_comes_back_whole_and_nothing_else_unpacks() -> None:
    command = "/actions search Zoë café " + "placement stability " * 120
    value = PageRequest(command, 2, after=("abc",), version="AAAAAAAA", total=9).fitted()
    assert value is not None and '"z":' in value and len(value) < len(command)
    decoded = _request(value)
    assert (decoded.command, decoded.page, decoded.after) == (command, 2, ("abc",))
    bomb = base64.urlsafe_b64encode(zlib.compress(b"/actions mine " * 100_000)).decode()
    for bad in ("!!!", "AAAA", bomb, 7, None):
        assert PageRequest.decode(json.dumps({"z": bad, "p": 1})) is None


def test_a_page_number_out_of_range_is_not_ours() -> None:
    # JSON allows 1e999 (infinity as a float): int() of it raised OverflowError (a 500).
    for page in ("1e999", "-1e999", "NaN", '"x"', "[1]"):
        assert PageRequest.decode('{"c": "/actions mine", "p": ' + page + "}") is None
