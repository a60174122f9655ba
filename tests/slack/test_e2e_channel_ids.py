"""A channel picked from Slack's autocomplete reaches csbot as ``<#C0123ABCD|cpac>``: the
commands that name a committee's or a meeting's channel store it by its id (it survives a
rename, and a private channel can be posted to), and every Slack answer or post naming a channel
stored by id shows it as a channel link (``<#C0123ABCD>``, which Slack shows by its current
name). A channel stored by name (before this, or typed in the console) still reads ``#cpac``;
channel mentions in free text (an update, an agenda item's title) are kept as text."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from bot.slack.mrkdwn import channel_link, escape, escape_clip, escape_clip_channels
from bot.slack.notifier import SlackNotifier
from commands.jobs.notifier import NotifierRegistry
from commands.jobs.runner import run_due
from commands.meeting_store import (
    Channel,
    add_agenda_item,
    channel_words,
    get_or_create_committee,
    get_or_create_meeting,
    starts_at,
)
from storage.models import AgendaItem, Committee, Meeting
from tests.factories import make_person, seeded
from tests.slack import signing
from tests.slack.blockkit import validate_message
from tests.slack.conftest import CHANNEL, JACKIE, Harness, blocks_text, history
from tests.slack.fake_slack import TEAM

CPAC_ID = "C0123ABCD"  # the shape of Slack's channel ids: C and 8 to 10 letters and digits
JANUARY_ID = "C0JAN2016"
NEW_ID = "C0NEW0001"
CPAC_NAME = "Corporate Parenting Advisory Committee"


def _cpac(slack: Harness, *, channel: str | None = None, location: str = "") -> None:
    """CPAC (its channel ``channel`` as stored, if any), meeting on 5 Jan 2016 and 2 Feb 2016
    (after "now", 2 Dec 2015), and Jackie, who may change committees."""
    with seeded(slack.store, TEAM) as uow:
        make_person(
            uow, "Jackie Wilson", roles=["HOS", "CLERK"], email="jackie.wilson@leeds.example"
        )
        committee, _ = get_or_create_committee(uow.repos, CPAC_NAME)
        if channel is not None:
            committee.channel_id, committee.channel_platform = channel, "slack"
        for on in (date(2016, 1, 5), date(2016, 2, 2)):
            meeting, _ = get_or_create_meeting(
                uow.repos, committee, on, starts_at(on, None, "Europe/London")
            )
            meeting.location = location
        add_agenda_item(uow.repos, meeting, "Performance", "Jackie Wilson", date(2016, 1, 20))


def _stored(slack: Harness) -> tuple[str | None, dict[date, str | None]]:
    """The committee's channel and each meeting's own, as stored."""
    with slack.store.session_factory() as session:
        (committee,) = session.scalars(select(Committee)).all()
        meetings = session.scalars(select(Meeting)).all()
        return committee.channel_id, {m.meeting_date: m.channel_id for m in meetings}


def _said(payload: dict[str, Any]) -> str:
    """The text of an answer's blocks and its notification text."""
    return f"{payload.get('text', '')}\n{blocks_text(payload)}"


def test_a_channel_picked_in_slack_is_stored_by_its_id_and_answered_as_a_link(
    slack: Harness,
) -> None:
    _cpac(slack)
    said = _said(slack.reply("/meeting", f"channel CPAC <#{CPAC_ID}|cpac>"))
    assert _stored(slack)[0] == CPAC_ID
    with slack.store.session_factory() as session:
        (committee,) = session.scalars(select(Committee)).all()
        assert committee.channel_platform == "slack"
    assert f"{CPAC_NAME}'s summaries now go to <#{CPAC_ID}>." in said
    assert f"#{CPAC_ID}" not in said.replace(f"<#{CPAC_ID}>", "")  # never the bare id
    again = _said(slack.reply("/meeting", f"channel CPAC <#{CPAC_ID}|cpac>"))
    assert f"summaries already go to <#{CPAC_ID}>. Nothing was changed." in again
    # The agenda's "when and where" line and the calendar link it too.
    agenda = _said(slack.reply("/meeting", "agenda CPAC 2016-01-05"))
    assert f"Tue 5 Jan 2016, 18:30 · <#{CPAC_ID}>" in agenda
    listed = _said(slack.reply("/meeting", "list CPAC"))
    assert f"CPAC 2016-01-05 — Tue 5 Jan 2016, 18:30 · <#{CPAC_ID}>" in listed
    assert f"CPAC 2016-02-02 — Tue 2 Feb 2016, 18:30 · <#{CPAC_ID}> · 1 agenda item" in listed


def test_a_meetings_own_channel_and_a_move_name_every_channel_as_a_link(
    slack: Harness,
) -> None:
    _cpac(slack, channel=CPAC_ID)
    added = slack.reply("/meeting", f"add CPAC 2016-01-05 <#{JANUARY_ID}|cpac-jan>")
    assert _stored(slack) == (CPAC_ID, {date(2016, 1, 5): JANUARY_ID, date(2016, 2, 2): None})
    said = _said(added)
    assert f"Summaries go to <#{JANUARY_ID}> 7 and 1 days before." in said
    assert f"Tue 5 Jan 2016, 18:30 · <#{JANUARY_ID}>" in said  # the agenda under the reply
    moved = _said(slack.reply("/meeting", f"channel CPAC <#{NEW_ID}|cpac-new>"))
    assert _stored(slack) == (NEW_ID, {date(2016, 1, 5): JANUARY_ID, date(2016, 2, 2): None})
    assert (
        f"CPAC 2016-01-05 keeps its own channel <#{JANUARY_ID}>; move it with "
        f"/meeting add CPAC 2016-01-05 <#{NEW_ID}>."
    ) in moved
    # The meeting follows the committee again: named by the channel the committee had.
    slack.reply("/meeting", f"add CPAC 2016-01-05 <#{CPAC_ID}|cpac>")
    again = _said(slack.reply("/meeting", f"channel CPAC <#{CPAC_ID}|cpac>"))
    assert _stored(slack) == (CPAC_ID, {date(2016, 1, 5): None, date(2016, 2, 2): None})
    assert f"summaries now go to <#{CPAC_ID}>." in again


def test_a_channel_is_kept_as_text_where_it_is_not_a_channel_setting(slack: Harness) -> None:
    _cpac(slack)
    slack.reply("/meeting", f"channel CPAC <#{CPAC_ID}|cpac>")
    assert _stored(slack)[0] == CPAC_ID
    # An update and an agenda item's title read the channel's name, as typed.
    logged = slack.reply("/actions", f"update 2.3 raised in <#{CPAC_ID}|cpac>", channel=CHANNEL)
    assert "Logged on" in blocks_text(logged)
    assert [u.text for u in history(slack.store, "2.3")[1]] == ["raised in #cpac"]
    added = slack.reply(
        "/meeting", f"item add CPAC 2016-01-05 Report to <#{CPAC_ID}|cpac> lead Jackie Wilson"
    )
    assert "Report to #cpac" in blocks_text(added)
    with slack.store.session_factory() as session:
        titles = set(session.scalars(select(AgendaItem.title)))
    assert "Report to #cpac" in titles
    # A refusal repeats what was typed as people read it, not Slack's markup.
    refused = _said(slack.reply("/meeting", f"channel CPAC <#{CPAC_ID}|cpac> later"))
    assert "“#cpac later” is not a channel" in refused and "|cpac" not in refused
    refused = _said(slack.reply("/meeting", f"add CPAC <#{CPAC_ID}|cpac> 2016-01-05"))
    assert "“#cpac 2016-01-05” is not a channel" in refused and "|cpac" not in refused
    # /meeting move reads no channel: its advice names the channel as typed.
    moving = _said(slack.reply("/meeting", f"move CPAC 2016-01-05 to 2016-01-06 <#{NEW_ID}|x>"))
    assert "`/meeting add CPAC 2016-01-05 #x`" in moving
    assert _stored(slack)[0] == CPAC_ID


def test_prep_in_the_channel_finds_committees_stored_by_name_or_by_id(slack: Harness) -> None:
    # Stored by name (as csbot did before): shown as the name, found from the channel's name.
    _cpac(slack, channel="cpac")
    listed = _said(slack.reply("/meeting", "list CPAC"))
    assert "Tue 5 Jan 2016, 18:30 · #cpac" in listed and "<#cpac>" not in listed
    here = {"channel": CPAC_ID, "channel_name": "cpac"}
    prep = slack.reply("/meeting", "prep", **here)
    assert prep["text"].startswith("Pre-meeting summary: CPAC 2016-01-05")
    assert "Tue 5 Jan 2016, 18:30 · #cpac" in blocks_text(prep)
    # Named again from Slack: stored by id, and still found there (after a rename too).
    slack.reply("/meeting", f"channel CPAC <#{CPAC_ID}|cpac>")
    assert _stored(slack)[0] == CPAC_ID
    prep = slack.reply("/meeting", "prep", channel=CPAC_ID, channel_name="corporate-parenting")
    assert prep["text"].startswith("Pre-meeting summary: CPAC 2016-01-05")
    assert f"Tue 5 Jan 2016, 18:30 · <#{CPAC_ID}>" in blocks_text(prep)


def test_the_summary_is_posted_to_the_channel_id_and_links_it(slack: Harness) -> None:
    _cpac(slack)
    slack.reply("/meeting", f"channel CPAC <#{CPAC_ID}|cpac>")
    slack.fake.clear()
    notifiers = NotifierRegistry(
        {"slack": SlackNotifier(api_url=slack.fake.api_url, bot_token="xoxb-test-token")}
    )
    run_due(slack.store, notifiers, now=datetime(2015, 12, 29, 9, 0, tzinfo=UTC))
    [post] = [c.args for c in slack.fake.of("chat.postMessage") if c.args["channel"] == CPAC_ID]
    assert post["text"] == "Pre-meeting summary: CPAC 2016-01-05 (in 7 days)"
    validate_message(post)
    assert f"Tue 5 Jan 2016, 18:30 · <#{CPAC_ID}>" in json.dumps(post["blocks"], ensure_ascii=False)


def test_only_the_channels_csbot_names_become_links(slack: Harness) -> None:
    # Text that looks like a channel id, or like Slack's markup, in a committee's details is
    # escaped as all user text is; only the channel the view says it names is a link.
    _cpac(slack, channel=CPAC_ID, location=f"Room #{CPAC_ID} <!channel> & <#{NEW_ID}>")
    agenda = blocks_text(slack.reply("/meeting", "agenda CPAC 2016-01-05"))
    assert (
        f"Tue 5 Jan 2016, 18:30 · Room #{CPAC_ID} &lt;!channel&gt; &amp; &lt;#{NEW_ID}&gt; · "
        f"<#{CPAC_ID}>"
    ) in agenda
    assert f"<#{NEW_ID}>" not in agenda and "<!channel>" not in agenda


def test_channel_links_and_clipping() -> None:
    assert channel_link(CPAC_ID) == f"<#{CPAC_ID}>"
    assert channel_link("G0PRIVATE1") == "<#G0PRIVATE1>"
    # Names (lower case in Slack), short or odd ids and Teams ids stay text, escaped.
    for stored in ("cpac", "CPAC", "C0CPAC", "U0123ABCD", "19:abc@thread.tacv2", "a<b>&c"):
        assert channel_link(stored) == escape(f"#{stored}")
    text, spans = channel_words([("A&B <go> to ", Channel(CPAC_ID), "."), "Done & dusted."])
    assert text == f"A&B <go> to #{CPAC_ID}. Done & dusted."
    pairs = [(s.start, s.end) for s in spans]
    assert escape_clip_channels(text, pairs, 2900) == (
        f"A&amp;B &lt;go&gt; to <#{CPAC_ID}>. Done &amp; dusted."
    )
    # Without spans, or with spans that do not name a channel, the text is escaped as before.
    for broken in ([], [(0, 3)], [(12, 99)], [(12, 13)]):
        assert escape_clip_channels(text, broken, 2900) == escape_clip(text, 2900)
    assert escape_clip_channels(text, [*pairs, (13, 20)], 2900).count("<#") == 1  # overlaps
    # Clipped: never a link cut in half, never an entity cut in half.
    for limit in range(1, len(text) + 10):
        clipped = escape_clip_channels(text, pairs, limit)
        assert len(clipped) <= limit, (limit, clipped)
        assert "<" not in clipped.replace(f"<#{CPAC_ID}>", "")
        assert ">" not in clipped.replace(f"<#{CPAC_ID}>", "")
        assert "&amp" not in clipped.replace("&amp;", "")
        assert "&lt" not in clipped.replace("&lt;", "")
        assert "&gt" not in clipped.replace("&gt;", "")
    assert escape_clip_channels(text, pairs, 25) == "A&amp;B &lt;go&gt; to…"
    assert escape_clip_channels(text, pairs, 35) == f"A&amp;B &lt;go&gt; to <#{CPAC_ID}>…"


def test_a_channel_picked_in_a_direct_message_command_is_stored_by_its_id(
    slack: Harness,
) -> None:
    _cpac(slack)
    dm = signing.message_event(
        f"meeting channel CPAC <#{CPAC_ID}|cpac>",
        user=JACKIE,
        channel="D0JACKIE1",
        ts="1449050400.000100",
        channel_type="im",
    )
    assert slack.event(dm).status_code == 200
    slack.drain()
    assert _stored(slack)[0] == CPAC_ID
    (answer,) = slack.fake.of("chat.postMessage")
    assert f"summaries now go to <#{CPAC_ID}>." in json.dumps(answer.args["blocks"])


def test_a_command_not_understood_repeats_a_channel_as_people_read_it(slack: Harness) -> None:
    # `/meeting channel` keeps Slack's mention for the core; a refusal never shows its markup.
    said = _said(slack.reply("/meeting", f"channel <#{CPAC_ID}|cpac>"))
    assert "I didn't understand `/meeting channel #cpac`" in said, said
    assert CPAC_ID not in said
