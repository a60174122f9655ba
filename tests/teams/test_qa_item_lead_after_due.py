"""``/meeting item add`` with the leads typed after the report date (``report due 20/1 lead
Fiona Smith``) says that ``lead`` goes first, rather than that ``20/1 lead Fiona Smith`` is
not a date; nothing is added."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import AgendaItem
from tests.factories import seeded
from tests.teams import activities as act
from tests.teams.conftest import Harness
from tests.teams.world import add_cpac


def test_leads_after_the_report_date_are_named_as_out_of_order(teams: Harness) -> None:
    add_cpac(teams.store)
    with seeded(teams.store, act.TENANT) as uow:
        jackie = uow.repos.people.person_by_key("jackie wilson")
        assert jackie is not None
        jackie.is_admin = True
    text = teams.say(
        "meeting item add CPAC 2016-01-05 Fostering & adoption report due 20/12 lead Fiona Smith"
    ).text
    assert "couldn't read" not in text
    assert "“lead Fiona Smith”" in text and "“20/12”" in text
    assert "`lead <leads>` goes before `report due <date>`" in text
    assert "Nothing was changed." in text
    with teams.store.session_factory() as s:
        titles = set(s.scalars(select(AgendaItem.title)))
    assert titles == {"Performance", "Mystery Shopping"}
    ok = teams.say(
        "meeting item add CPAC 2016-01-05 Fostering & adoption lead Fiona Smith report due 20/12"
    ).text
    assert "Fostering & adoption" in ok and "Nothing was changed." not in ok
