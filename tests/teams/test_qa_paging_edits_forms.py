"""QA findings: pages of a list too big for 8 a page start where the previous one ended (every
item reachable with Previous / Next), a redelivered edit posts nothing, and a date that does
not exist in the Update form is refused with a card."""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import func, select

from bot.teams.cards import MAX_CARD_BYTES, card_bytes, card_json
from bot.teams.render import RenderOptions, render
from bot.teams.render_home import render_home
from commands.views import ActionList, Notice
from storage.models import Action, Update
from storage.unit_of_work import Store
from tests.teams import activities as act
from tests.teams.cardcheck import assert_valid_card
from tests.teams.conftest import Harness
from tests.teams.samples import action, home, update

COMMAND = "/actions plan leeds-improvement-plan"
BIG = "Very long update text with ü & < > ** " * 100


def _mixed_list() -> ActionList:
    """30 actions: the first 12 short, the rest so long that 8 of them overflow a card (5
    fit), as on a plan where a few actions carry long texts."""
    items = [action(f"1.{n}", id=n) for n in range(1, 13)]
    items += [
        action(
            f"8.{n}",
            title=("Long ü title &<>*_[x](y) " * 40)[:1000],
            id=100 + n,
            last_update=update(BIG[:3900]),
        )
        for n in range(1, 19)
    ]
    return ActionList(title="Leeds", items=items, query=COMMAND)


def _ids(card: dict[str, Any]) -> list[int]:
    """The actions a card shows, by their Done buttons."""
    text = json.dumps(card)
    return [int(i) for i in re.findall(r'"title": "Done"[^{}]*"data": \{"action_id": (\d+)', text)]


def _pages(card: dict[str, Any]) -> tuple[int, int]:
    number, count = re.findall(r"Page (\d+) of (\d+)", json.dumps(card))[0]
    return int(number), int(count)


def test_every_page_of_a_list_has_the_same_size_and_every_item_is_reachable() -> None:
    view = _mixed_list()
    shown: list[int] = []
    counts = set()
    for number in range(1, 40):
        card = card_json(render(view, RenderOptions(page=number, command=COMMAND)))
        assert_valid_card(card)
        assert len(json.dumps(card, ensure_ascii=False).encode()) <= MAX_CARD_BYTES
        page, count = _pages(card)
        counts.add(count)
        if page != number:
            break  # past the last page (shown again)
        shown += _ids(card)
    assert len(counts) == 1  # the page count does not depend on the page asked for
    assert shown == [item.id for item in view.items]  # each item once, in order


def test_next_buttons_walk_the_whole_list() -> None:
    view = _mixed_list()
    shown: list[int] = []
    page: int | None = 1
    while page is not None:
        card = card_json(render(view, RenderOptions(page=page, command=COMMAND)))
        shown += _ids(card)
        nexts = re.findall(
            r'"title": "Next ▶"[^{}]*"data": \{"cmd": "[^"]*", "page": (\d+)\}',
            json.dumps(card, ensure_ascii=False),
        )
        page = int(nexts[0]) if nexts else None
    assert shown == [item.id for item in view.items]


def test_a_banner_does_not_change_the_pages() -> None:
    view = _mixed_list()
    for number in (1, 3, 5):
        plain = card_json(render(view, RenderOptions(page=number, command=COMMAND)))
        banner = Notice(level="success", text="Logged on 1.1 (Leeds Improvement Plan).")
        with_banner = render(view, RenderOptions(page=number, command=COMMAND, banner=banner))
        assert card_bytes(with_banner) <= MAX_CARD_BYTES
        assert _ids(card_json(with_banner)) == _ids(plain)
        assert "Logged on 1.1" in json.dumps(card_json(with_banner))


def test_home_pages_reach_every_action() -> None:
    page = home(30)
    big = [
        a.model_copy(update={"title": "Long ü title " * 80, "last_update": update(BIG)})
        for a in page.actions[10:]
    ]
    page = page.model_copy(update={"actions": [*page.actions[:10], *big]})
    page = page.model_copy(
        update={"actions": [a.model_copy(update={"id": i + 1}) for i, a in enumerate(page.actions)]}
    )
    shown: list[int] = []
    for number in range(1, 40):
        card = card_json(render_home(page, RenderOptions(page=number)))
        assert_valid_card(card)
        if _pages(card)[0] != number:
            break
        shown += _ids(card)
    assert shown == [a.id for a in page.actions]


# -- a redelivered edit ----------------------------------------------------------------------


def _updates(store: Store) -> int:
    with store.session_factory() as s:
        return s.scalar(select(func.count()).select_from(Update)) or 0


def test_a_redelivered_edit_posts_nothing(teams: Harness) -> None:
    url = teams.fake.url
    original = act.channel_message(url, "2.3: supervision audit done #on-track")
    teams.deliver(original)
    edit = act.edited(url, original, "2.3: edited note #on-track")
    assert "Updated from your edited message: 2.3" in teams.deliver(edit).text
    posted, updates = len(teams.fake.posted), _updates(teams.store)
    assert teams.post(edit).status_code == 200  # Teams delivers the same edit again
    assert len(teams.fake.posted) == posted and _updates(teams.store) == updates
    # A new edit is handled, and so is an edit back to an earlier text.
    again = act.edited(url, original, "2.3: second edit #at-risk")
    assert "Updated from your edited message: 2.3" in teams.deliver(again).text
    assert "Updated from your edited message: 2.3" in teams.deliver(edit).text


# -- a date that does not exist in the Update form ---------------------------------------------


def test_a_date_that_does_not_exist_is_refused_with_a_card(teams: Harness) -> None:
    with teams.store.session_factory() as s:
        found = s.scalar(
            select(Action).where(
                Action.ref == "2.3", Action.plan.has(slug="leeds-improvement-plan")
            )
        )
        assert found is not None
        action_id, due, status = found.id, found.due_date, found.status
    before = _updates(teams.store)
    body = teams.press(
        "update",
        {
            "action_id": action_id,
            "back": "/actions mine",
            "page": 1,
            f"note_{action_id}": "x",
            f"due_{action_id}": "2027-02-30",
        },
    )
    assert body["statusCode"] == 200
    assert body["type"] == "application/vnd.microsoft.card.adaptive"
    assert_valid_card(body["value"])
    text = json.dumps(body["value"], ensure_ascii=False)
    assert "“2027-02-30” is not a date. Nothing was changed." in text
    assert '"color": "Attention"' in text  # shown like the other refusals
    with teams.store.session_factory() as s:
        after = s.get(Action, action_id)
        assert after is not None and after.due_date == due and after.status == status
    assert _updates(teams.store) == before
