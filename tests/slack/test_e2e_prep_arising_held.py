"""A signed `/meeting prep` long before the meeting (Wednesday 2 December 2015): its actions
arising are those of the last meeting held (CPAC 2015-10-05), and the summary says that the
meeting just before (CPAC 2016-01-05) is still to come."""

from __future__ import annotations

from datetime import date

from commands.importers.minutes import import_minutes
from commands.meeting_store import get_or_create_committee, get_or_create_meeting, starts_at
from tests.factories import seeded
from tests.integration.test_meeting_world import MINUTES, TZ, at
from tests.slack.conftest import TEAM, Harness, blocks_text


def test_prep_takes_actions_arising_from_the_last_meeting_held(slack: Harness) -> None:
    with seeded(slack.store, TEAM) as uow:
        committee, _ = get_or_create_committee(uow.repos, "Corporate Parenting Advisory Committee")
        for on in (date(2015, 10, 5), date(2016, 1, 5), date(2016, 4, 4)):
            get_or_create_meeting(uow.repos, committee, on, starts_at(on, None, TZ))
    with slack.store.unit_of_work(TEAM, actor="test", now=at("2015-10-20 10:00")) as uow:
        import_minutes(uow, MINUTES, meeting="CPAC 2015-10-05", today=date(2015, 10, 20))
        uow.commit()
    payload = slack.reply("/meeting", "prep CPAC 2016-04-04")
    shown = blocks_text(payload)
    assert "Actions arising from CPAC 2015-10-05, the last meeting held" in shown, shown
    assert "CPAC 2016-01-05 is still to come" in shown
    assert "not loaded yet" not in shown and "CPAC343/2" in shown
