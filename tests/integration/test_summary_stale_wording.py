"""The stale section's empty text counts added items as well as updated ones."""

from __future__ import annotations

from storage.unit_of_work import Store
from tests.factories import add_update, seeded
from tests.integration.test_meeting_summary import SUMMARY_AT, _build, _summary


def test_empty_stale_section_says_updated_or_added(store: Store) -> None:
    world = _build(store)
    titles = [item.title for item in _summary(store, world.january_id).stale.items]
    assert titles
    with seeded(store) as uow:
        for title in titles:
            for action in uow.repos.actions.search([title]):
                add_update(uow, action, "checked", at=SUMMARY_AT)
    stale = _summary(store, world.january_id).stale
    assert not stale.items
    assert stale.empty_text == "Every other item has been updated or added in the last 30 days."
