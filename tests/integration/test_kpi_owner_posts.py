"""An indicator owned by a post shows the post as actions and agenda items name it: its title
("Head of Service, Children in Care"), or its abbreviation when that is how it is known (VSH),
never a key in capitals ("HEAD OF SERVICE CHILDREN IN CARE")."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from commands.importers import run_import
from storage.unit_of_work import Store
from tests.helpers import make_chat


def test_a_posts_title_is_the_owner_shown(
    store: Store, tmp_path: Path, frozen_now: datetime
) -> None:
    path = tmp_path / "owners.csv"
    path.write_text(
        "Indicator,Slug,Period,Value,Unit,Owner\n"
        'Care plans up to date,care-plans,Oct 2015,80,%,"Head of Service, Children in Care"\n'
        "PEPs up to date,pep,Oct 2015,62,%,Virtual School Head\n"
        "Pathway plans,pathway-plans,Oct 2015,70,%,Fiona Smith / Performance Team\n",
        encoding="utf-8",
    )
    run_import(store, "local", "kpis", path)
    chat = make_chat(store, frozen_now)
    # By its short name (a plain read) and by its name (matched among all): the same owner.
    for typed in ("care-plans", "care plans up to date"):
        assert "Owner: Head of Service, Children in Care" in chat.say(f"/kpi {typed}")
    assert "Owner: VSH" in chat.say("/kpi pep")
    assert "Owner: Fiona Smith, Performance Team" in chat.say("/kpi pathway plans")
