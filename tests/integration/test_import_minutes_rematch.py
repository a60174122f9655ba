"""Re-importing corrected minutes keeps each action's ref and history; choosing the meeting."""

from __future__ import annotations

from datetime import date

import pytest

from commands.importers.minutes import import_minutes
from commands.importers.report import ImportFailed, ImportReport
from storage.unit_of_work import Store
from tests.helpers import make_chat
from tests.integration.test_meeting_world import at, build_world

NOW = at("2015-10-20 10:00")
FIRST = """CPAC370. PERFORMANCE

Virtual School to audit PEP quality.

Action: Fiona Smith

Head of Service to review pathway plans.

Action: Jon Abbey
"""
INSERTED = """CPAC370. PERFORMANCE

Director to write to schools about exclusions.

Action: Jon Abbey

Virtual School to audit PEP quality.

Action: Fiona Smith

Head of Service to review pathway plans.

Action: Jon Abbey
"""


def _import(store: Store, text: str, meeting: str = "CPAC 2015-10-05") -> ImportReport:
    with store.unit_of_work("local", actor="test", now=NOW) as uow:
        report = import_minutes(uow, text, meeting=meeting, today=NOW.date())
        uow.commit()
        return report


def _by_title(store: Store) -> dict[str, tuple[str, str, list[str]]]:
    with store.unit_of_work("local") as uow:
        return {
            a.title: (a.ref, a.status, [o.person.name for o in a.owners if o.person])
            for a in uow.repos.actions.arising_from(
                uow.repos.actions.by_ref("CPAC370/1")[0].meeting_id
            )
        }


def test_an_action_inserted_earlier_does_not_move_statuses_onto_other_actions(
    store: Store,
) -> None:
    build_world(store)
    _import(store, FIRST)
    with store.unit_of_work("local") as uow:
        uow.repos.actions.by_ref("CPAC370/1")[0].status = "on_track"
        uow.commit()
    report = _import(store, INSERTED)
    assert (report.created, report.updated, report.unchanged) == (1, 0, 2)
    actions = _by_title(store)
    assert actions["Virtual School to audit PEP quality."] == (
        "CPAC370/1",
        "on_track",
        ["Fiona Smith"],
    )
    assert actions["Head of Service to review pathway plans."][0] == "CPAC370/2"
    assert actions["Director to write to schools about exclusions."] == (
        "CPAC370/3",
        "not_started",
        ["Jon Abbey"],
    )


def test_an_action_dropped_from_the_minutes_is_reported_and_kept(store: Store) -> None:
    build_world(store)
    _import(store, INSERTED)
    report = _import(store, FIRST)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert "no longer in these minutes" in report.summary()
    assert "was dropped): CPAC370/1 “Director to write" in report.summary()
    assert "Director to write to schools about exclusions." in _by_title(store)


def test_a_reworded_action_keeps_its_ref_even_when_another_is_inserted(store: Store) -> None:
    build_world(store)
    _import(store, FIRST)
    reworded = INSERTED.replace("audit PEP quality.", "audit the quality of PEPs.")
    report = _import(store, reworded)
    assert (report.created, report.updated, report.unchanged) == (1, 1, 1)
    actions = _by_title(store)
    assert actions["Virtual School to audit the quality of PEPs."][0] == "CPAC370/1"
    assert actions["Director to write to schools about exclusions."][0] == "CPAC370/3"


def test_a_committee_alone_means_its_last_meeting_held(store: Store) -> None:
    world = build_world(store)
    _import(store, FIRST, meeting="CPAC")
    with store.unit_of_work("local") as uow:
        assert uow.repos.actions.by_ref("CPAC370/1")[0].meeting_id == world.october_id


def test_minutes_of_a_meeting_not_yet_held_are_refused(store: Store) -> None:
    build_world(store)
    with pytest.raises(ImportFailed, match="CPAC 2016-01-05 has not been held yet"):
        _import(store, FIRST, meeting="CPAC 2016-01-05")


def test_a_timescale_after_the_owner_is_the_due_date_not_part_of_the_name(store: Store) -> None:
    build_world(store)
    _import(store, "CPAC370. PERFORMANCE\n\nAudit PEP quality.\n\nAction: Fiona Smith (by March)\n")
    with store.unit_of_work("local") as uow:
        (action,) = uow.repos.actions.by_ref("CPAC370/1")
        assert [o.person.name for o in action.owners if o.person] == ["Fiona Smith"]
        assert not [o for o in action.owners if o.role]
        assert (action.lead_text, action.due_text) == ("Fiona Smith", "by March")
        assert action.due_date == date(2016, 3, 31)


def test_action_n_a_names_nobody(store: Store) -> None:
    build_world(store)
    with pytest.raises(ImportFailed, match="names nobody"):
        _import(store, "CPAC370. PERFORMANCE\n\nAudit PEP quality.\n\nAction: n/a\n")


def test_the_same_minutes_filed_against_another_meeting_are_refused_plainly(
    store: Store,
) -> None:
    build_world(store)
    _import(store, FIRST, meeting="CPAC 2015-10-05")
    later = at("2016-01-20 10:00")  # the January meeting has been held too
    with (
        pytest.raises(ImportFailed, match="CPAC370/1 already arose from CPAC 2015-10-05"),
        store.unit_of_work("local", actor="test", now=later) as uow,
    ):
        import_minutes(uow, FIRST, meeting="CPAC 2016-01-05", today=later.date())
    with store.unit_of_work("local") as uow:
        assert len(uow.repos.actions.by_ref("CPAC370/1")) == 1


def test_corrected_minutes_pass_over_a_ref_taken_by_an_action_added_in_chat(
    store: Store,
) -> None:
    """`/actions add` in the actions-arising plan takes its next ref (CPAC370/3); corrected
    minutes with a third action under the same minute give theirs the next free number, where
    they were refused as if they were another meeting's minutes."""
    build_world(store)
    _import(store, FIRST)
    chat = make_chat(store, NOW)
    added = chat.say(
        "/actions add Chase the school places owner Fiona Smith due 31 Dec 2015 "
        "plan cpac-actions-arising"
    )
    assert "Added CPAC370/3" in added, added
    report = _import(store, INSERTED)
    assert (report.created, report.unchanged) == (1, 2), report.summary()
    assert _by_title(store) == {
        "Virtual School to audit PEP quality.": ("CPAC370/1", "not_started", ["Fiona Smith"]),
        "Head of Service to review pathway plans.": ("CPAC370/2", "not_started", ["Jon Abbey"]),
        "Director to write to schools about exclusions.": (
            "CPAC370/4",
            "not_started",
            ["Jon Abbey"],
        ),
    }
    with store.unit_of_work("local") as uow:
        (kept,) = uow.repos.actions.by_ref("CPAC370/3")
        assert (kept.title, kept.source_key) == ("Chase the school places", "chat")
    # Imported again, nothing changes.
    again = _import(store, INSERTED)
    assert (again.created, again.updated) == (0, 0), again.summary()


def test_a_title_changed_in_chat_stands_until_the_minutes_reword_the_action(
    store: Store,
) -> None:
    build_world(store)
    _import(store, FIRST)
    chat = make_chat(store, NOW)
    new = "Virtual School to audit the quality of PEPs"
    assert "is now" in chat.say(f"/actions title CPAC370/1 {new}", as_="Fiona Smith")
    again = _import(store, FIRST)
    assert (again.created, again.updated) == (0, 0), again.summary()
    assert _by_title(store)[new][0] == "CPAC370/1"
    # Corrected minutes with other wording for it: their wording, on the same action.
    reworded = FIRST.replace(
        "Virtual School to audit PEP quality.", "Virtual School to audit PEPs."
    )
    changed = _import(store, reworded)
    assert changed.updated == 1, changed.summary()
    assert _by_title(store)["Virtual School to audit PEPs."][0] == "CPAC370/1"


def test_an_action_added_in_chat_before_the_minutes_is_the_minutes_action(store: Store) -> None:
    build_world(store)
    _import(store, FIRST)
    chat = make_chat(store, NOW)
    chat.say(
        "/actions add Director to write to schools about exclusions owner Jon Abbey due 31 Dec "
        "2015 plan cpac-actions-arising"
    )
    report = _import(store, INSERTED)
    assert (report.created, report.updated) == (0, 1), report.summary()
    with store.unit_of_work("local") as uow:
        found = uow.repos.actions.by_ref("CPAC370/3")
        assert len(found) == 1 and found[0].title.startswith("Director to write")
        assert not uow.repos.actions.by_ref("CPAC370/4")
    assert "Director to write to schools about exclusions" in _by_title(store)
    assert (_import(store, INSERTED).created, _import(store, INSERTED).updated) == (0, 0)


def test_an_adopted_action_takes_the_minutes_fields_at_once(store: Store) -> None:
    build_world(store)
    _import(store, FIRST)
    make_chat(store, NOW).say(
        "/actions add Director to write to schools about exclusions owner Jon Abbey due 31 Dec "
        "2015 plan cpac-actions-arising"
    )
    assert _import(store, INSERTED).updated == 1
    again = _import(store, INSERTED)
    assert (again.created, again.updated) == (0, 0), again.summary()
    with store.unit_of_work("local") as uow:
        (adopted,) = uow.repos.actions.by_ref("CPAC370/3")
        assert adopted.extra.get("Minute"), adopted.extra


def test_an_action_reworded_to_the_title_of_one_added_in_chat_is_reported(
    store: Store,
) -> None:
    build_world(store)
    _import(store, FIRST)
    chat = make_chat(store, NOW)
    added = chat.say(
        "/actions add Chase the school places owner Fiona Smith due 31 Dec 2015 "
        "plan cpac-actions-arising"
    )
    assert "Added CPAC370/3" in added, added
    reworded = FIRST.replace("Virtual School to audit PEP quality.", "Chase the school places.")
    report = _import(store, reworded)
    assert report.updated == 1, report.summary()
    assert (
        "⚠️ CPAC370/1 is now worded “Chase the school places.”, as the action CPAC370/3 added "
        "in chat is: if they are one action, close CPAC370/3 (`/actions done CPAC370/3`) or "
        "give it its own title (`/actions title CPAC370/3 …`)."
    ) in report.summary(), report.summary()
