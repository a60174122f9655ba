"""`/meeting prep` asked long before a meeting: its actions arising come from the last meeting
actually held (as its figures do), and the summary says that the meeting just before the one
prepared is still to come, rather than asking for minutes of a meeting not held yet."""

from __future__ import annotations

from commands.views import ActionList
from storage.unit_of_work import Store
from tests.helpers import make_chat
from tests.integration.test_meeting_world import at, build_world, import_fixture_minutes

BEFORE_JANUARY = at("2015-12-01 10:00")  # October held (minutes loaded), January to come


def test_prep_long_before_takes_the_actions_arising_of_the_last_meeting_held(
    store: Store,
) -> None:
    build_world(store)
    import_fixture_minutes(store, at("2015-10-20 10:00"))
    chat = make_chat(store, BEFORE_JANUARY)
    text = chat.say("/meeting prep CPAC 2016-04-04")
    assert (
        "Actions arising from CPAC 2015-10-05, the last meeting held "
        "(CPAC 2016-01-05 is still to come; 5: 0 done or closed, 5 outstanding)"
    ) in text, text
    assert "not loaded yet" not in text and "/meeting minutes CPAC 2016-01-05" not in text
    more = chat.outcome("/meeting more arising CPAC 2016-04-04")
    assert more is not None and isinstance(more.reply, ActionList)
    assert more.reply.title.startswith(
        "Actions arising from CPAC 2015-10-05, the last meeting held (CPAC 2016-01-05 is still "
        "to come)"
    )
    assert len(more.reply.items) == 5
    # The meeting just before, once held: its own (missing) minutes, as before.
    held = make_chat(store, at("2016-01-10 10:00")).say("/meeting prep CPAC 2016-04-04")
    assert "Actions arising: minutes of CPAC 2016-01-05 not loaded yet" in held, held
    assert "still to come" not in held


def test_prep_before_any_meeting_is_held_says_so(store: Store) -> None:
    build_world(store)
    text = make_chat(store, at("2015-09-01 10:00")).say("/meeting prep CPAC 2016-04-04")
    assert (
        "No meeting of the committee has been held yet (CPAC 2016-01-05, the meeting before, "
        "is still to come)."
    ) in text, text
    assert "first meeting in csbot" not in text
