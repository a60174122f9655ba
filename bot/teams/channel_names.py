"""Teams channels as people read them in a reply, never as their ids (``19:…@thread.tacv2``).

The core writes a stored channel as ``#`` and its id, and says where (``ChannelSpan``); Slack
turns those into channel links. Teams has no such link in card text, so each is replaced here
by the channel's name when csbot knows it: from the message's own channel mention, or from the
conversation reference saved when Teams told csbot about the channel (a channel's name comes
with the events that create or rename it; a team's with the app's install, on the row of its
General channel, whose id is the team's). Otherwise a readable stand-in: ``this channel``,
``a channel of <team>``, ``a Teams channel``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from commands.meeting_store import is_teams_channel
from commands.views import ChannelSpan, MeetingAgenda, MeetingNotice, View
from storage.teams_references import ConversationRef

GENERAL = "General"
SOME_CHANNEL = "a Teams channel"
THIS_CHANNEL = "this channel"


@dataclass(frozen=True)
class ChannelNames:
    """What csbot knows of the channels one reply names (see the module docstring)."""

    here: str = ""  # the conversation the reply goes to
    here_team: str | None = None  # the team's name, when this activity gave it
    mentioned: Mapping[str, str] = field(default_factory=dict)  # channel id -> mention's name
    refs: Mapping[str, ConversationRef] = field(default_factory=dict)  # channels and teams

    def team_name(self, team_id: str | None) -> str:
        """The name of the team ``team_id`` ("" when unknown)."""
        if not team_id:
            return ""
        team = self.refs.get(team_id)
        if team is not None and team.name:
            return team.name
        here = self.refs.get(self.here)
        if here is not None and here.team_id == team_id and self.here_team:
            return self.here_team
        return ""

    def label(self, channel_id: str) -> str:
        """The channel as a reply names it: ``#cpac``, ``the General channel of Leeds``,
        ``this channel``, ``a channel of Leeds`` or ``a Teams channel``."""
        if not is_teams_channel(channel_id):
            return f"#{channel_id}"  # a name typed before Teams channels had to be mentioned
        if self.mentioned.get(channel_id):
            return f"#{self.mentioned[channel_id]}"
        ref = self.refs.get(channel_id)
        team_id = ref.team_id if ref is not None else None
        team = self.team_name(team_id)
        if ref is not None and channel_id == team_id:
            return f"the {GENERAL} channel" + (f" of {team}" if team else "")
        # A reference saved before channel names were kept apart holds the team's name.
        if ref is not None and ref.name and ref.name != team:
            return f"#{ref.name}"
        if channel_id == self.here:
            return THIS_CHANNEL
        return f"a channel of {team}" if team else SOME_CHANNEL


def channel_ids(view: View) -> set[str]:
    """The ids of the stored channels ``view`` names in its text."""
    if isinstance(view, MeetingNotice):
        return {_id_at(view.text, span) for span in view.channels}
    if isinstance(view, MeetingAgenda):
        return {_id_at(view.message, span) for span in view.message_channels}
    return set()


def with_channel_names(view: View, label: Callable[[str], str]) -> View:
    """``view`` with each stored channel its text names shown as ``label`` gives it."""
    if isinstance(view, MeetingNotice) and view.channels:
        text = _relabelled(view.text, view.channels, label)
        return view.model_copy(update={"text": text, "channels": []})
    if isinstance(view, MeetingAgenda) and view.message_channels:
        message = _relabelled(view.message, view.message_channels, label)
        return view.model_copy(update={"message": message, "message_channels": []})
    return view


def _id_at(text: str, span: ChannelSpan) -> str:
    return text[span.start : span.end].removeprefix("#")


def _relabelled(text: str, spans: list[ChannelSpan], label: Callable[[str], str]) -> str:
    out: list[str] = []
    at = 0
    for span in sorted(spans, key=lambda s: s.start):
        out += [text[at : span.start], label(_id_at(text, span))]
        at = span.end
    return "".join(out) + text[at:]
