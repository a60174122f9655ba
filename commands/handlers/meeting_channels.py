"""/meeting channel and summaries: where a committee's summaries go, and when."""

from __future__ import annotations

from typing import Literal

from commands.errors import UserError
from commands.formatting import channel_as_text
from commands.grammar import Bindings
from commands.handler_context import HandlerContext
from commands.handlers.meetings_write import (
    MAX_SUMMARY_DAYS,
    channel_platform,
    days_before_words,
    require_committee_change,
    require_platform_channel,
    retry_words,
)
from commands.meeting_lookup import (
    find_committee,
    meeting_label,
)
from commands.meeting_store import (
    CHANNEL_RULE,
    Channel,
    Piece,
    channel_words,
    looks_like_channel,
    parse_channel,
)
from commands.registry import REGISTRY
from commands.views import MeetingNotice, Notice, View
from storage.models import Committee, Meeting


@REGISTRY.command(
    "meeting",
    "channel <committee...> <channel>",
    "Set the channel a committee's summaries are posted to.",
    writes=True,
    examples=("/meeting channel CPAC #cpac",),
)
def meeting_channel_set(h: HandlerContext, args: Bindings) -> View:
    """Post a committee's summaries to a channel."""
    require_committee_change(h, "change a committee's channel")
    committee_text, channel_text = _split_channel(str(args["committee"]), str(args["channel"]))
    channel = parse_channel(channel_text)
    if channel is None:
        typed = channel_as_text(channel_text)
        raise UserError(f"“{typed}” is not a channel: {CHANNEL_RULE}. Nothing was changed.")
    require_platform_channel(h, channel)
    # A committee is named in words; a channel mention before the channel reads as typed.
    committee = find_committee(h.repos, channel_as_text(committee_text))
    if committee.channel_id == channel and not _upcoming_off(h, committee, channel):
        retried = _retry_failed_summaries(h, committee)
        already = (f"{committee.name}'s summaries already go to ", Channel(channel), ".")
        if not retried:
            return _notice("info", [already, "Nothing was changed."])
        return _notice("success", [already, retry_words(retried)])
    old = committee.channel_id
    committee.channel_id, committee.channel_platform = channel, channel_platform(h)
    moved, kept = _move_upcoming(h, committee, old)
    retried = _retry_failed_summaries(h, committee)
    state = "already go" if old == channel else "now go"
    parts: list[Piece | tuple[Piece, ...]] = [
        (f"{committee.name}'s summaries {state} to ", Channel(channel), ".")
    ]
    if moved:
        labels = ", ".join(meeting_label(m) for m in moved)
        noun = "meeting" if len(moved) == 1 else "meetings"
        parts.append(
            (
                f"Moved its upcoming {noun} {labels} from ",
                Channel(old or ""),
                " to ",
                Channel(channel),
                ".",
            )
        )
    for meeting in kept:
        label = meeting_label(meeting)
        parts.append(
            (
                f"{label} keeps its own channel ",
                Channel(meeting.channel_id or ""),
                f"; move it with /meeting add {label} ",
                Channel(channel),
                ".",
            )
        )
    if retried:
        parts.append(retry_words(retried))
    return _notice("success", parts)


def _notice(
    level: Literal["info", "success"], sentences: list[Piece | tuple[Piece, ...]]
) -> MeetingNotice:
    """A notice of ``sentences`` that knows where it names channels."""
    text, channels = channel_words(sentences)
    return MeetingNotice(level=level, text=text, channels=channels)


def _split_channel(committee: str, channel: str) -> tuple[str, str]:
    """(committee, channel as typed): words from the first one written as a channel on are the
    channel (``CPAC #a b`` names the channel ``#a b``, which is refused, not a committee)."""
    words = committee.split()
    at = next((i for i, w in enumerate(words) if looks_like_channel(w)), None)
    if at is None or at == 0:
        return committee, channel
    return " ".join(words[:at]), " ".join([*words[at:], channel])


def _retry_failed_summaries(h: HandlerContext, committee: Committee) -> int:
    """Plan again the summaries of upcoming meetings that follow the committee's channel and
    that a channel refused (the bot was not in it, it was archived...): the channel has just
    been set, so they may go out now. How many."""
    return sum(
        h.repos.meetings.forget_failed_summaries(meeting, h.now)
        for meeting in _upcoming(h, committee)
        if meeting.channel_id in (None, committee.channel_id)
    )


def _upcoming(h: HandlerContext, committee: Committee) -> list[Meeting]:
    return [m for m in h.repos.meetings.meetings_of(committee.id) if m.starts_at > h.now]


def _upcoming_off(h: HandlerContext, committee: Committee, channel: str) -> list[Meeting]:
    """Upcoming meetings whose own channel is not ``channel``."""
    return [m for m in _upcoming(h, committee) if m.channel_id and m.channel_id != channel]


def _move_upcoming(
    h: HandlerContext, committee: Committee, old: str | None
) -> tuple[list[Meeting], list[Meeting]]:
    """Make upcoming meetings on the committee's old channel follow its new one.

    Imported meetings carry their own channel, which takes priority over the committee's;
    one that was on the old channel is moved (it follows the committee again), one with a
    channel of its own keeps it. Returns (moved, kept). Past meetings keep their record.
    """
    moved: list[Meeting] = []
    kept: list[Meeting] = []
    for meeting in _upcoming_off(h, committee, committee.channel_id or ""):
        if old is not None and meeting.channel_id == old:
            meeting.channel_id = None
            moved.append(meeting)
        else:
            kept.append(meeting)
    for meeting in _upcoming(h, committee):
        if meeting.channel_id == committee.channel_id:
            meeting.channel_id = None  # the same as the committee's: follow it from now on
    return moved, kept


@REGISTRY.command(
    "meeting",
    "summaries <committee...> off",
    "Stop posting a committee's pre-meeting summaries.",
    writes=True,
)
def meeting_summaries_off(h: HandlerContext, args: Bindings) -> View:
    """No scheduled summaries for this committee (``/meeting prep`` still works)."""
    require_committee_change(h, "turn a committee's summaries off")
    committee = find_committee(h.repos, str(args["committee"]))
    committee.summary_days_before = []
    return Notice(level="success", text=f"No more scheduled summaries for {committee.name}.")


@REGISTRY.command(
    "meeting",
    "summaries <committee...> days <days...>",
    "When summaries are posted: days before each meeting (default 7 and 1).",
    writes=True,
    examples=("/meeting summaries CPAC days 7 1",),
)
def meeting_summaries_days(h: HandlerContext, args: Bindings) -> View:
    """Set how many days before each meeting its summary is posted."""
    require_committee_change(h, "change when a committee's summaries go out")
    committee = find_committee(h.repos, str(args["committee"]))
    days: list[int] = []
    for word in str(args["days"]).replace(",", " ").replace("and", " ").split():
        if not word.isdigit() or not 0 <= int(word) <= MAX_SUMMARY_DAYS:
            raise UserError(
                f"“{word}” is not a number of days from 0 to {MAX_SUMMARY_DAYS}. "
                "Try `/meeting summaries CPAC days 7 1`."
            )
        days.append(int(word))
    committee.summary_days_before = [str(d) for d in sorted(set(days), reverse=True)]
    shown = days_before_words(committee.summary_days_before)
    return Notice(level="success", text=f"{committee.name}'s summaries go out {shown}.")
