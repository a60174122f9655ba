"""The pre-meeting summary, composed from live data when it is sent or asked for.

Sections: the agenda (leads, and whether each report is in); actions arising from the
committee's last meeting held (status and last update; when the meeting just before is still
to come, the summary says so; when the minutes of the one held are not loaded yet,
the actions still outstanding from earlier minutes, each naming its meeting); actions arising
from earlier minutes still overdue (each naming its meeting, whether or not the committee
follows the plan they are in), then overdue and at-risk items of the plans the committee
follows; the indicators it follows (value, target, RAG and the change since the figure the
committee could have seen at its last meeting; off target first, then those that moved); and
items with no update for 30 days. Each list is capped so that a plan with hundreds of actions,
or an agenda of 40 items, still gives a readable message: the items to see to first, a count
of the rest, and the command that lists them all. The lists also share one budget (see
:func:`share_room`), so that the summary is always one message on every platform, whatever
the length of its titles: a channel would see only the first page of a longer one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from commands.formatting import clip, kpi_change_words, role_label
from commands.jobs.working_days import day_words, not_working_words, previous_working_day
from commands.kpi_logic import change_trend, is_provisional, split_series
from commands.kpi_logic import rag as kpi_rag
from commands.meeting_lookup import meeting_label, previous_meeting
from commands.presenters import action_summaries
from commands.status import is_outstanding
from commands.views import (
    ActionSection,
    ActionSummary,
    AgendaEntry,
    KpiChange,
    KpiSection,
    MeetingRef,
    MeetingSummary,
)
from storage.models import (
    OUTSTANDING_STATUSES,
    Action,
    AgendaItem,
    AgendaItemOwner,
    Indicator,
    IndicatorValue,
    Meeting,
)
from storage.repositories import Repositories

MAX_ACTIONS_PER_SECTION = 8
MAX_AGENDA_ITEMS = 10
MAX_KPIS = 12
STALE_DAYS = 30
_RAG_ORDER = {"red": 0, "amber": 1, "green": 2, "none": 3}
_STATUS_ORDER = {"off_track": 0, "at_risk": 1}
SECTIONS = ("arising", "plans", "stale", "kpis")

# One message on every platform. A summary's texts are clipped (the full ones are a click
# away: Details, /meeting agenda), and its lists share a budget sized for the smallest message
# of the platforms, Slack's (50 blocks, about 11,000 characters of Block Kit; a Teams card of
# about 24 KB holds what fits in it, though Teams' markup is twice as long). The agenda's
# items come first (in at most half of the room), then the lists of actions and indicators
# take turns (see :func:`share_room`). An item weighs the room its markup and button take plus
# its texts' (see :func:`text_weight`), as Slack draws it; the lists' titles and notes, and a
# long meeting name, place or channel, take theirs from the budget first.
# tests/integration/test_summary_one_message.py renders the worst case as one Slack page and
# one Teams card.
SUMMARY_TITLE = 200  # characters of an action's or an agenda item's title
SUMMARY_NAMES = 150  # of an action's owners (or lead, or due date in words), an item's leads
SUMMARY_UPDATE = 200  # of an action's last update
SUMMARY_ENTRIES = 24  # actions and indicators in all (Slack gives each a block of its 50)
SUMMARY_ROOM = 7800  # the weight of every list's items, titles and notes
ACTION_ROOM = 300  # an action's status, due date, markup and Details button
UPDATE_ROOM = 30  # its last update's date and markup
KPI_ROOM = 75  # an indicator's markup, besides its slug, name and figures
AGENDA_ROOM = 80  # an agenda item's number, report deadline and publication date
LABEL_USES = 16  # how often the meeting's name appears (headings, commands on buttons)
LABEL_ROOM = 15  # the length of a usual meeting name (``CPAC 2016-01-05``)


# -- small pieces -----------------------------------------------------------------------------


def local_start(starts_at: datetime, tz: str) -> str:
    """``Tue 5 Jan 2016, 18:30`` in the workspace time zone."""
    local = starts_at.astimezone(ZoneInfo(tz))
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M}"


def meeting_channel(meeting: Meeting) -> str:
    """The channel a meeting's posts go to: its own, else its committee's ('' when none)."""
    return meeting.channel_id or meeting.committee.channel_id or ""


def meeting_ref(meeting: Meeting, tz: str) -> MeetingRef:
    """A meeting as views show it."""
    return MeetingRef(
        id=meeting.id,
        label=meeting_label(meeting),
        committee=meeting.committee.name,
        starts_at=meeting.starts_at,
        local_start=local_start(meeting.starts_at, tz),
        location=meeting.location,
        channel=meeting_channel(meeting),
    )


def report_state(item: AgendaItem, today: date, *, held: bool = False) -> str:
    """``received``, ``late`` (deadline passed), ``awaited`` or ``none`` (no deadline); for a
    meeting ``held`` (started), a report still not in is ``not_received``: it can no longer be
    late for the meeting, and how long ago its deadline passed is no alarm any more."""
    if item.report_received_at is not None:
        return "received"
    if item.report_due is None:
        return "none"
    if held:
        return "not_received"
    return "late" if today > item.report_due else "awaited"


def is_held(meeting: Meeting, now: datetime) -> bool:
    """Whether ``meeting`` has started (as ``/meeting list`` counts the meetings held)."""
    return meeting.starts_at <= now


def _lead_name(owner: AgendaItemOwner) -> str | None:
    """How an agenda item's lead is shown: the person, or the role's title."""
    if owner.person is not None:
        return owner.person.name
    if owner.role is not None:
        return role_label(owner.role.key, owner.role.title)
    return None


def agenda_entry(item: AgendaItem, today: date, *, held: bool = False) -> AgendaEntry:
    """An agenda item as views show it (of a meeting ``held``: see :func:`report_state`)."""
    leads = [lead for o in item.owners if (lead := _lead_name(o)) is not None]
    report = report_state(item, today, held=held)
    return AgendaEntry(
        position=item.position,
        title=item.title,
        leads=leads,
        lead_text=item.lead_text,
        report_due=item.report_due,
        report_day_off=_day_off_words(item.report_due) if report == "awaited" else "",
        publication_date=item.publication_date,
        report=report,  # type: ignore[arg-type]
        report_received_at=item.report_received_at,
    )


def _day_off_words(report_due: date | None) -> str:
    """``a bank holiday: send by Thu 24 Dec`` for a deadline that is not a working day (as
    the report's reminder says); "" for one that is."""
    why = not_working_words(report_due) if report_due is not None else None
    if report_due is None or why is None:
        return ""
    return f"{why}: send by {day_words(previous_working_day(report_due))}"


def _agenda_priority(entry: AgendaEntry) -> tuple[int, date, int]:
    """Reports late (or, at a meeting held, not received) first, the longest late first, then
    those awaited (the nearest deadline first), then the other items in agenda order."""
    if entry.report in ("late", "not_received", "awaited") and entry.report_due is not None:
        return (1 if entry.report == "awaited" else 0, entry.report_due, entry.position)
    return (2, date.max, entry.position)


def agenda_shown(
    entries: Sequence[AgendaEntry], limit: int = MAX_AGENDA_ITEMS
) -> list[AgendaEntry]:
    """The agenda items a summary shows, in agenda order: all of them, or of a longer agenda
    the ``limit`` to see to first (see :func:`_agenda_priority`)."""
    if len(entries) <= limit:
        return list(entries)
    chosen = sorted(entries, key=_agenda_priority)[:limit]
    return sorted(chosen, key=lambda e: e.position)


def agenda_note(
    entries: Sequence[AgendaEntry], shown: Sequence[AgendaEntry], *, held: bool = False
) -> str:
    """``45 items, 3 reports in, 2 late; 10 shown in agenda order, late and awaited reports
    chosen first``; of a meeting ``held``, ``4 items, 1 report in, 3 not received; …``."""
    n = len(entries)
    received = sum(1 for e in entries if e.report == "received")
    missing = "not_received" if held else "late"
    late = sum(1 for e in entries if e.report == missing)
    note = (
        f"{n} item{'s' if n != 1 else ''}, {received} report{'s' if received != 1 else ''} in, "
        f"{late} {'not received' if held else 'late'}"
    )
    if len(shown) < n:
        waiting = any(e.report in ("late", "awaited", "not_received") for e in entries)
        which = "reports not received" if held else "late and awaited reports"
        chosen = f", {which} chosen first" if waiting else ""
        note += f"; {len(shown)} shown in agenda order{chosen}"
    return note


def days_phrase(days: int) -> str:
    """``today``, ``tomorrow``, ``yesterday``, ``in 7 days`` or ``3 days ago``."""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {days} days" if days > 0 else f"{-days} days ago"


def summary_heading(label: str, days: int, *, held: bool) -> str:
    """``Pre-meeting summary: CPAC 2016-01-05 (in 7 days)``; of a meeting that has started,
    ``Summary of CPAC 2015-10-05, held 62 days ago`` (``held today``, ``held yesterday``)."""
    if held:
        return f"Summary of {label}, held {days_phrase(days)}"
    return f"Pre-meeting summary: {label} ({days_phrase(days)})"


def more_command(meeting: Meeting, section: str) -> str:
    """The command listing every item of a section."""
    return f"/meeting more {section} {meeting_label(meeting)}"


# -- indicators -------------------------------------------------------------------------------


def rag(value: float | None, target: float | None, polarity: str, tolerance: float | None) -> str:
    """RAG of a value against its target, as an indicator's card judges it (see
    :func:`commands.kpi_logic.rag`); none without a value."""
    return "none" if value is None else kpi_rag(value, target, polarity, tolerance)


def direction(before: float | None, latest: float | None, polarity: str) -> str:
    """Whether ``latest`` improves on ``before`` for an indicator of this polarity, by the
    rule of the indicator's card (:func:`commands.kpi_logic.change_trend`: a change under 1%
    is steady, and is not one that moved)."""
    if before is None or latest is None:
        return "none"
    return change_trend(before, latest, polarity)


def kpi_change(
    indicator: Indicator,
    values: Sequence[IndicatorValue],
    since: date | None,
    since_label: str = "",
    today: date | None = None,
    *,
    seen_at: datetime | None = None,
) -> KpiChange:
    """An indicator's latest value and its change since ``since`` (the last meeting's date).

    The value "at the last meeting" is the one the committee could have seen: of the values
    recorded by ``seen_at`` (the meeting's start), the latest period's. When that is still the
    latest value, there is no new figure to compare (``unchanged_since`` names the meeting,
    ``since_label``). When none was recorded by then (a series loaded after the meeting, as
    when csbot is set up), it is the value for the latest period that ended before ``since``;
    when that is the latest value, it has nothing to compare with (and the meeting may never
    have seen it). Only values of the indicator's series' kind of period count (a quarterly
    figure is never compared with a monthly one, nor an academic year's with a financial
    year's: see ``split_series``). A latest figure whose period is not over on ``today`` is
    provisional and not judged: its previous value is shown, without a change or direction.
    """
    values, _ = split_series(values, indicator.frequency)
    latest = values[0] if values else None
    before, known = value_at_meeting(values, since, seen_at)
    unchanged = latest is not None and before is latest
    if unchanged:
        before = None
    provisional = latest is not None and is_provisional(latest, today)
    # A figure for a period not over yet is not judged against a full period's: no change,
    # no direction (the words say it is not compared until its period is over).
    judged = before if not provisional else None
    target = latest.target if latest is not None and latest.target is not None else None
    target = target if target is not None else indicator.target
    change = latest.value - judged.value if latest is not None and judged is not None else None
    return KpiChange(
        slug=indicator.slug,
        name=indicator.name,
        unit=indicator.unit,
        polarity=indicator.polarity,  # type: ignore[arg-type]
        value=latest.value if latest else None,
        period_label=latest.period_label if latest else "",
        target=target,
        rag=rag(  # type: ignore[arg-type]
            latest.value if latest else None, target, indicator.polarity, indicator.amber_tolerance
        ),
        previous_value=before.value if before else None,
        previous_period_label=before.period_label if before else "",
        change=change,
        direction=direction(  # type: ignore[arg-type]
            judged.value if judged else None, latest.value if latest else None, indicator.polarity
        ),
        unchanged_since=(since_label or "the last meeting") if unchanged and known else "",
        first_meeting=since is None,
        provisional=provisional,
    )


def value_at_meeting(
    newest_first: Sequence[IndicatorValue], since: date | None, seen_at: datetime | None
) -> tuple[IndicatorValue | None, bool]:
    """The value an indicator had at the last meeting, and whether it was recorded by then.

    Of the values recorded by ``seen_at``, the latest period's (``True``); when none was,
    the value for the latest period that ended before ``since`` (``False``: by period only).
    """
    if since is None:
        return None, False
    if seen_at is not None:
        for value in newest_first:
            if value.recorded_at is not None and value.recorded_at <= seen_at:
                return value, True
    return next((v for v in newest_first if v.period_end < since), None), False


def kpi_priority(k: KpiChange) -> tuple[int, int, int, str]:
    """Off target first, and of each part those that moved since the last meeting first (a
    steady one, an unchanged figure, or a new one with nothing to compare, after them); then
    by RAG, slug."""
    off_target = k.rag in ("red", "amber")
    moved = k.direction in ("improving", "worsening")
    return (0 if off_target else 1, 0 if moved else 1, _RAG_ORDER[k.rag], k.slug)


def linked_kpis(
    repos: Repositories,
    indicator_ids: list[int],
    previous: Meeting | None,
    today: date | None = None,
) -> list[KpiChange]:
    """The indicators the committee follows (``indicator_ids``, see :func:`linked_ids`) in
    :func:`kpi_priority` order; a latest figure whose period is not over on ``today`` is
    provisional."""
    since = previous.meeting_date if previous is not None else None
    seen_at = previous.starts_at if previous is not None else None
    label = meeting_label(previous) if previous is not None else ""
    indicators = repos.indicators.by_ids(indicator_ids)
    values = repos.indicators.values_of(list(indicators))
    changes = [
        kpi_change(indicators[i], values[i], since, label, today, seen_at=seen_at)
        for i in dict.fromkeys(indicator_ids)
        if i in indicators
    ]
    changes.sort(key=kpi_priority)
    return changes


def kpi_section(
    repos: Repositories,
    meeting: Meeting,
    previous: Meeting | None,
    indicator_ids: list[int],
    today: date,
    *,
    limit: int | None = MAX_KPIS,
) -> KpiSection:
    """The summary's indicators: the first ``limit`` (None: all) of :func:`linked_kpis`."""
    kpis = linked_kpis(repos, indicator_ids, previous, today)
    return kpis_shown(meeting, previous, kpis, len(kpis) if limit is None else limit)


def kpis_shown(
    meeting: Meeting, previous: Meeting | None, kpis: Sequence[KpiChange], limit: int
) -> KpiSection:
    """The first ``limit`` of the indicators ``kpis`` (in :func:`kpi_priority` order), and the
    command listing them all when that leaves some out."""
    shown = list(kpis[:limit])
    more = more_command(meeting, "kpis")
    empty = "No indicators are linked. Link one with /meeting link <meeting> kpi <kpi>."
    return KpiSection(
        title="Indicators",
        items=shown,
        total=len(kpis),
        since=meeting_label(previous) if previous is not None else "",
        more_command=more if len(shown) < len(kpis) else "",
        empty_text=_none_shown(len(kpis), more) if kpis else empty,
    )


# -- actions ----------------------------------------------------------------------------------


def linked_ids(repos: Repositories, meeting: Meeting) -> tuple[list[int], list[int]]:
    """The plans and the indicators the committee follows (one query)."""
    links = repos.meetings.links(meeting.committee_id)
    plan_ids = [link.plan_id for link in links if link.plan_id]
    indicator_ids = [link.indicator_id for link in links if link.indicator_id is not None]
    return plan_ids, indicator_ids


@dataclass(frozen=True)
class Arising:
    """The actions arising a summary shows.

    Normally every action arising from the meeting before (``previous``). When that meeting's
    minutes are not loaded yet (``missing``), the actions still outstanding from earlier
    meetings' minutes instead, each with the meeting it came from in ``origin``.
    """

    previous: Meeting | None
    actions: list[Action]
    missing: bool = False
    origin: dict[int, str] = field(default_factory=dict)
    # The meeting just before the one prepared when it is still to come: ``previous`` is
    # then the last meeting held before it (or None when none has been held).
    to_come: Meeting | None = None


@dataclass(frozen=True)
class MeetingsBefore:
    """The meeting just before the one prepared (``before``) and the last one held by now
    (``held``): the same meeting unless the one before is still to come."""

    before: Meeting | None
    held: Meeting | None

    @property
    def to_come(self) -> Meeting | None:
        """The meeting just before, when it has not been held yet."""
        return self.before if self.before is not self.held else None


def meetings_before(repos: Repositories, meeting: Meeting, now: datetime) -> MeetingsBefore:
    """The committee's meeting before ``meeting`` and the last one held by ``now``: actions
    arising and figures "since the last meeting" come from a meeting actually held. The
    meetings are read a second time only when the one before has not started yet."""
    before = previous_meeting(repos, meeting)
    if before is None or before.starts_at <= now:
        return MeetingsBefore(before, before)
    return MeetingsBefore(before, previous_meeting(repos, meeting, held_by=now))


def arising_actions(
    repos: Repositories, previous: Meeting | None, today: date, *, to_come: Meeting | None = None
) -> Arising:
    """Actions arising from the previous meeting held: outstanding (overdue first), then the
    rest; or, when its minutes are not loaded yet, those still outstanding from earlier
    minutes. ``to_come``: the meeting just before the one prepared, when it is still to come
    (the summary says so)."""
    if previous is None:
        return Arising(None, [], to_come=to_come)
    actions = list(repos.actions.arising_from(previous.id))
    if actions or previous.minutes_hash is not None:
        ordered = sorted(actions, key=lambda a: _attention_key(a, today))
        return Arising(previous, ordered, to_come=to_come)
    origin: dict[int, str] = {}
    carried: list[Action] = []
    for earlier in repos.meetings.meetings_of(previous.committee_id):
        if earlier.starts_at >= previous.starts_at or earlier.minutes_hash is None:
            continue
        for action in repos.actions.arising_from(earlier.id):
            if is_outstanding(action.status):
                carried.append(action)
                origin[action.id] = meeting_label(earlier)
    carried.sort(key=lambda a: _attention_key(a, today))
    return Arising(previous, carried, missing=True, origin=origin, to_come=to_come)


def with_origin(items: Sequence[ActionSummary], origin: dict[int, str]) -> list[ActionSummary]:
    """Action summaries whose titles name the meeting each came from (when carried forward)."""
    return [
        item.model_copy(update={"title": f"From {origin[item.id]}: {item.title}"})
        if item.id in origin
        else item
        for item in items
    ]


def earlier_overdue(
    repos: Repositories, previous: Meeting | None, today: date, exclude: set[int]
) -> tuple[list[Action], dict[int, str]]:
    """Overdue actions arising from the committee's minutes before ``previous`` (the meeting
    before), most overdue first, and the meeting each arose at; ``exclude``: already shown.

    They are the committee's own: listed whether or not it follows the plan they are in.
    """
    if previous is None:
        return [], {}
    earlier = {
        m.id: m
        for m in repos.meetings.meetings_of(previous.committee_id)
        if m.starts_at < previous.starts_at and m.minutes_hash is not None
    }
    found: list[Action] = []
    origin: dict[int, str] = {}
    for action in repos.actions.arising_due_before(earlier, today):
        if action.id not in exclude and _is_overdue(action, today) and action.meeting_id:
            found.append(action)
            origin[action.id] = meeting_label(earlier[action.meeting_id])
    found.sort(key=lambda a: _attention_key(a, today))
    return found, origin


def plan_problems(
    repos: Repositories,
    plan_ids: Iterable[int],
    today: date,
    exclude: set[int],
    *,
    outstanding: Sequence[Action] | None = None,
) -> list[Action]:
    """Overdue, off-track and at-risk actions of the linked plans: overdue first.

    ``outstanding``: the plans' outstanding actions when the caller has them already.
    """
    if outstanding is None:
        outstanding = outstanding_in_plans(repos, plan_ids)
    found = [
        action
        for action in outstanding
        if action.id not in exclude
        and (_is_overdue(action, today) or action.status in _STATUS_ORDER)
    ]
    return sorted(found, key=lambda a: _attention_key(a, today))


def stale_actions(repos: Repositories, candidates: Iterable[Action], now: datetime) -> list[Action]:
    """Outstanding actions with no update for STALE_DAYS days, longest silent first."""
    cutoff = now - timedelta(days=STALE_DAYS)
    seen: set[int] = set()
    stale: list[Action] = []
    for action in candidates:
        if action.id in seen or not is_outstanding(action.status):
            continue
        seen.add(action.id)
        if _last_touched(action) < cutoff:
            stale.append(action)
    return sorted(stale, key=lambda a: (_last_touched(a), a.plan_id, a.position))


def outstanding_in_plans(repos: Repositories, plan_ids: Iterable[int]) -> list[Action]:
    """Every outstanding action of the linked plans (plan by plan, in plan order)."""
    return list(repos.actions.in_plans(list(plan_ids), OUTSTANDING_STATUSES, with_owners=False))


def _last_touched(action: Action) -> datetime:
    return action.last_update_at or action.created_at


def _is_overdue(action: Action, today: date) -> bool:
    return bool(action.due_date and action.due_date < today and is_outstanding(action.status))


def _attention_key(action: Action, today: date) -> tuple[int, int, date, int, int]:
    if _is_overdue(action, today):
        rank = 0
    elif is_outstanding(action.status):
        rank = 1 + _STATUS_ORDER.get(action.status, 2)
    else:
        rank = 9
    due = action.due_date or date.max
    return (rank, 0, due, action.plan_id, action.position)


def section(
    repos: Repositories,
    key: str,
    title: str,
    actions: Sequence[Action],
    today: date,
    *,
    note: str,
    more: str,
    empty: str,
    limit: int = MAX_ACTIONS_PER_SECTION,
    origin: dict[int, str] | None = None,
    loaded: Sequence[ActionSummary] | None = None,
) -> ActionSection:
    """A capped section of actions; the latest updates are loaded for the shown ones only.

    ``origin``: the meeting each carried-forward action arose at, shown in its title.
    ``loaded``: the shown actions as the summary shows them, when the caller has them (see
    :func:`_candidates`).
    """
    shown = list(actions[:limit])
    if loaded is None:
        items = with_origin(action_summaries(repos.actions, shown, today), origin or {})
    else:
        items = list(loaded[: len(shown)])
    return ActionSection(
        key=key,
        title=title,
        items=items,
        total=len(actions),
        note=note,
        more_command=more if len(actions) > len(shown) else "",
        empty_text=empty,
    )


def _arising_note(actions: Sequence[Action], today: date) -> str:
    if not actions:
        return ""
    outstanding = sum(1 for a in actions if is_outstanding(a.status))
    overdue = sum(1 for a in actions if _is_overdue(a, today))
    parts = [
        f"{len(actions)}: {len(actions) - outstanding} done or closed",
        f"{outstanding} outstanding",
    ]
    if overdue:
        parts.append(f"{overdue} overdue")
    return ", ".join(parts)


def _carried_note(actions: Sequence[Action], today: date) -> str:
    if not actions:
        return "none still outstanding from earlier meetings"
    overdue = sum(1 for a in actions if _is_overdue(a, today))
    note = f"{len(actions)} still outstanding from earlier meetings"
    return note + (f", {overdue} overdue" if overdue else "")


def section_empty(key: str, plan_ids: Sequence[int]) -> str:
    """What the ``plans`` or ``stale`` section says when it has no action, in the summary
    and in ``/meeting more`` alike."""
    if key == "plans":
        if not plan_ids:
            return "No plans are linked. Link one with /meeting link <meeting> plan <plan>."
        return "Nothing overdue or at risk. 🎉"
    if key != "stale":
        raise ValueError(f"unknown section {key!r}")
    if not plan_ids:
        return "No plans are linked."
    return f"Every other item has been updated or added in the last {STALE_DAYS} days."


def arising_empty(arising: Arising) -> str:
    """What the section of actions arising says when it has none, in the summary and in
    ``/meeting more arising`` alike."""
    if arising.previous is None and arising.to_come is not None:
        return (
            f"No meeting of the committee has been held yet ({meeting_label(arising.to_come)}, "
            "the meeting before, is still to come)."
        )
    if arising.previous is None:
        return "This is the committee's first meeting in csbot."
    label = meeting_label(arising.previous)
    if arising.missing:
        return (
            "Nothing is outstanding from earlier meetings' minutes. Load the minutes with "
            f"/meeting minutes {label}."
        )
    return f"No actions arose from {label}."


def arising_section(
    repos: Repositories,
    meeting: Meeting,
    arising: Arising,
    today: date,
    *,
    loaded: Sequence[ActionSummary] | None = None,
) -> ActionSection:
    """The summary's section of actions arising (see :class:`Arising`); ``loaded`` as for
    :func:`section`."""
    previous = arising.previous
    more = more_command(meeting, "arising")
    if previous is None:
        return section(
            repos,
            "arising",
            "Actions arising",
            [],
            today,
            note="",
            more=more,
            empty=arising_empty(arising),
        )
    label = meeting_label(previous)
    if arising.missing:
        return section(
            repos,
            "arising",
            f"Actions arising: minutes of {label} not loaded yet",
            arising.actions,
            today,
            note=_to_come_note(arising, _carried_note(arising.actions, today)),
            more=more,
            empty=arising_empty(arising),
            origin=arising.origin,
            loaded=loaded,
        )
    return section(
        repos,
        "arising",
        f"Actions arising from {label}{_held_words(arising)}",
        arising.actions,
        today,
        note=_to_come_note(arising, _arising_note(arising.actions, today)),
        more=more,
        empty=arising_empty(arising),
        loaded=loaded,
    )


def _held_words(arising: Arising) -> str:
    """``, the last meeting held`` when the meeting just before the one prepared has not been
    held yet; else nothing."""
    return ", the last meeting held" if arising.to_come is not None else ""


def _to_come_note(arising: Arising, note: str) -> str:
    """``note`` led by ``CPAC 2027-01-05 is still to come`` when the meeting just before the
    one prepared has not been held yet (its actions arising are not known yet)."""
    if arising.to_come is None:
        return note
    to_come = f"{meeting_label(arising.to_come)} is still to come"
    return f"{to_come}; {note}" if note else to_come


def _problems_note(actions: Sequence[Action], earlier: int, today: date) -> str:
    """The plans' note, after the count of overdue actions from earlier minutes (the first
    ``earlier`` of ``actions``)."""
    plans = _plans_note(actions[earlier:], today)
    if not earlier:
        return plans
    head = f"{earlier} overdue from earlier minutes"
    return f"{head}; in the plans followed: {plans}" if plans else head


def problems_title(earlier: int, plan_ids: Sequence[int]) -> str:
    """The title of the overdue section: ``earlier`` of its actions arose at earlier minutes."""
    if not earlier:
        return "Overdue and at risk in the plans followed"
    if not plan_ids:
        return "Overdue from earlier minutes"
    return "Overdue from earlier minutes, and overdue or at risk in the plans followed"


def _plans_note(actions: Sequence[Action], today: date) -> str:
    if not actions:
        return ""
    overdue = [a for a in actions if _is_overdue(a, today)]
    flagged = sum(1 for a in overdue if a.status in _STATUS_ORDER)
    risky = len(actions) - len(overdue)  # listed for their status alone
    parts: list[str] = []
    if overdue:
        also = f", {flagged} of them also at risk or off track" if flagged else ""
        parts.append(f"{len(overdue)} overdue{also}")
    if risky:
        more = "more " if overdue else ""
        parts.append(f"{risky} {more}at risk or off track, not yet overdue")
    return "; ".join(parts)


# -- one message --------------------------------------------------------------------------------

# Characters a message escapes, and how many more it takes them: Slack's mrkdwn entities
# (``&amp;``), JSON's escapes (``\"``, ``\n``).
_ESCAPED = {"&": 4, "<": 3, ">": 3, '"': 1, "\\": 1, "\n": 1}


def text_weight(text: str) -> int:
    """The most room ``text`` takes in a message: its UTF-8 bytes (what Teams counts), each
    character that Slack or JSON escapes (``&``, ``<``, ``>``, quotes...) as what it becomes."""
    return len(text.encode("utf-8")) + sum(n * text.count(ch) for ch, n in _ESCAPED.items())


def _names(names: Sequence[str]) -> list[str]:
    """Names as a summary shows them: when together longer than SUMMARY_NAMES, one string of
    them all, clipped (renderers join names with ", ")."""
    joined = ", ".join(names)
    return list(names) if len(joined) <= SUMMARY_NAMES else [clip(joined, SUMMARY_NAMES)]


def clipped_action(item: ActionSummary) -> ActionSummary:
    """An action as a summary shows it: its title, owners (or lead), due date in words and
    last update clipped (Details shows them whole)."""
    update = item.last_update
    if update is not None and len(update.text) > SUMMARY_UPDATE:
        update = update.model_copy(update={"text": clip(update.text, SUMMARY_UPDATE)})
    if (
        update is item.last_update
        and len(item.title) <= SUMMARY_TITLE
        and max(len(item.lead_text), len(item.due_text), len(", ".join(item.owners)))
        <= SUMMARY_NAMES
    ):
        return item
    return item.model_copy(
        update={
            "title": clip(item.title, SUMMARY_TITLE),
            "owners": _names(item.owners),
            "lead_text": clip(item.lead_text, SUMMARY_NAMES),
            "due_text": clip(item.due_text, SUMMARY_NAMES),
            "last_update": update,
        }
    )


def clipped_agenda(entry: AgendaEntry) -> AgendaEntry:
    """An agenda item as a summary shows it: its title and leads clipped."""
    if (
        len(entry.title) <= SUMMARY_TITLE
        and max(len(entry.lead_text), len(", ".join(entry.leads))) <= SUMMARY_NAMES
    ):
        return entry
    return entry.model_copy(
        update={
            "title": clip(entry.title, SUMMARY_TITLE),
            "leads": _names(entry.leads),
            "lead_text": clip(entry.lead_text, SUMMARY_NAMES),
        }
    )


def action_weight(item: ActionSummary, *, with_plan: bool) -> int:
    """The room an action takes in a summary (see :func:`text_weight`); ``with_plan``: its
    list names each action's plan (its actions are in more than one)."""
    owners = ", ".join(item.owners) or item.lead_text or "no owner"
    due = item.due_text if item.due_date is None else ""  # a date is shown as a date
    texts = [item.ref, item.ref, item.plan_slug, item.title, owners, due]
    if with_plan:
        texts.append(item.plan_name)
    weight = ACTION_ROOM + sum(map(text_weight, texts))
    if item.last_update is not None:
        weight += UPDATE_ROOM + text_weight(item.last_update.text)
    return weight


def list_weights(items: Sequence[ActionSummary]) -> list[int]:
    """The weights of a list's candidate actions (see :func:`action_weight`)."""
    with_plan = len({i.plan_slug for i in items}) > 1
    return [action_weight(i, with_plan=with_plan) for i in items]


def kpi_weight(k: KpiChange) -> int:
    """The room an indicator takes in a summary."""
    w = kpi_change_words(k)
    texts = (k.slug, k.name, w.value, w.period, w.target, w.change)
    return KPI_ROOM + sum(map(text_weight, texts))


def agenda_weight(entry: AgendaEntry) -> int:
    """The room an agenda item takes in a summary."""
    leads = ", ".join(entry.leads) or entry.lead_text
    return AGENDA_ROOM + text_weight(entry.title) + text_weight(leads)


def _heading_weight(title: str, note: str, empty: str) -> int:
    """The room of a list's title and note, and of what it says when it is empty."""
    return text_weight(title) + text_weight(note) + text_weight(empty)


def summary_room(meeting: Meeting, headings: Iterable[tuple[str, str, str]]) -> int:
    """The room of a summary's items: SUMMARY_ROOM less its lists' ``headings`` (title, note,
    and the text shown when empty), and what a long meeting name and the place and channel
    take."""
    label = text_weight(meeting_label(meeting))
    where = text_weight(meeting.location) + text_weight(meeting_channel(meeting))
    room = SUMMARY_ROOM - LABEL_USES * max(0, label - LABEL_ROOM) - where
    return room - sum(_heading_weight(*h) for h in headings)


def share_room(
    weights: Sequence[Sequence[int]],
    room: int,
    entries: int = SUMMARY_ENTRIES,
    *,
    firsts: bool = False,
) -> list[int]:
    """How many items of each list a summary shows. The lists take turns, each giving its
    next item (in its own order: the ones to see to first) while that fits in what is left of
    ``room`` and fewer than ``entries`` are shown in all; a list whose next item does not fit
    gives no more (a later item never jumps ahead of it). ``weights``: each list's candidates,
    as many as the list may show at most. ``firsts``: every list that has items shows its
    first, whatever room it takes (the caller has set that room aside)."""
    counts = [1 if firsts and w else 0 for w in weights]
    room -= sum(w[0] for w, n in zip(weights, counts, strict=True) if n)
    open_ = [len(w) > n for w, n in zip(weights, counts, strict=True)]
    shown = sum(counts)
    while shown < entries and any(open_):
        for i, candidates in enumerate(weights):
            if not open_[i] or shown >= entries:
                continue
            weight = candidates[counts[i]]
            if weight > room:
                open_[i] = False
                continue
            room -= weight
            counts[i] += 1
            shown += 1
            open_[i] = counts[i] < len(candidates)
    return counts


def _cut(meeting: Meeting, listed: ActionSection, count: int) -> ActionSection:
    """``listed`` showing its first ``count`` items, with the command for them all when that
    leaves some out (and, when it shows none of them, saying so where it would say it has
    none)."""
    more = more_command(meeting, listed.key)
    update: dict[str, object] = {
        "items": listed.items[:count],
        "more_command": more if count < listed.total else "",
    }
    if count == 0 and listed.total:
        update["empty_text"] = _none_shown(listed.total, more)
    return listed.model_copy(update=update)


def _none_shown(total: int, more: str) -> str:
    """What a list says when it has items but none fitted in the summary (texts too long to
    show even one): never that it has none."""
    return f"{total} item{'s' if total != 1 else ''}, too long to show here: {more}."


# -- the summary --------------------------------------------------------------------------------


def compose_summary(
    repos: Repositories, meeting: Meeting, *, now: datetime, today: date, tz: str
) -> MeetingSummary:
    """The pre-meeting summary of ``meeting`` as of ``now``: one message however long its
    lists and titles (see SUMMARY_ROOM)."""
    before = meetings_before(repos, meeting, now)
    previous, seen = before.before, before.held
    plan_ids, indicator_ids = linked_ids(repos, meeting)
    parts = _action_sections(repos, before, plan_ids, now, today)
    stale = parts.stale
    label = meeting_label(meeting)
    held = is_held(meeting, now)
    agenda = [
        clipped_agenda(agenda_entry(i, today, held=held)) for i in repos.meetings.agenda(meeting.id)
    ]
    first = sorted(agenda, key=_agenda_priority)[:MAX_AGENDA_ITEMS]
    arising_items, problem_items, stale_items = _candidates(repos, parts, today)
    arising = arising_section(repos, meeting, parts.arising, today, loaded=arising_items)
    plans = section(
        repos,
        "plans",
        problems_title(parts.earlier, plan_ids),
        parts.problems,
        today,
        note=_problems_note(parts.problems, parts.earlier, today),
        more=more_command(meeting, "plans"),
        loaded=problem_items,
        empty=section_empty("plans", plan_ids),
    )
    stale_section = section(
        repos,
        "stale",
        f"Also no update for {STALE_DAYS} days",
        stale,
        today,
        note=f"{len(stale)} more item{'s' if len(stale) != 1 else ''} in the plans"
        if stale
        else "",
        more=more_command(meeting, "stale"),
        loaded=stale_items,
        empty=section_empty("stale", plan_ids),
    )
    # Figures move "since the last meeting" the committee has held, not one later today.
    kpis = linked_kpis(repos, indicator_ids, seen, today)
    kpi_list = kpis_shown(meeting, seen, kpis, MAX_KPIS)
    lists = (arising, plans, stale_section)
    room = summary_room(
        meeting,
        [
            ("", agenda_note(agenda, first, held=held), ""),
            *((s.title, s.note or str(s.total), s.empty_text) for s in lists),
            (kpi_list.title, kpi_list.since, kpi_list.empty_text),
        ],
    )
    # The lists take turns in this order: overdue and at-risk items are cut last.
    weights = [
        list_weights(plans.items),
        list_weights(arising.items),
        [kpi_weight(k) for k in kpi_list.items],
        list_weights(stale_section.items),
    ]
    # Each list's first item is set aside first (a list shown empty would read as all clear);
    # the agenda then takes at most half of what is left, and the lists share the rest.
    reserved = sum(w[0] for w in weights if w)
    agenda_room = max(0, room - reserved) // 2
    [agenda_count] = share_room([[agenda_weight(e) for e in first]], agenda_room, len(first))
    agenda_count = max(agenda_count, min(1, len(first)))  # a summary never hides its agenda
    room -= sum(agenda_weight(e) for e in first[:agenda_count])
    # Only texts too long for the message even one item a list go without (_none_shown).
    plans_count, arising_count, kpi_count, stale_count = share_room(
        weights, room, firsts=reserved <= room
    )
    shown = agenda_shown(agenda, agenda_count)
    return MeetingSummary(
        meeting=meeting_ref(meeting, tz),
        heading=summary_heading(label, (meeting.meeting_date - today).days, held=held),
        previous=meeting_ref(previous, tz) if previous else None,
        agenda=shown,
        agenda_total=len(agenda),
        agenda_note=agenda_note(agenda, shown, held=held),
        agenda_more_command=f"/meeting agenda {label}" if len(shown) < len(agenda) else "",
        arising=_cut(meeting, arising, arising_count),
        plans=_cut(meeting, plans, plans_count),
        kpis=kpis_shown(meeting, seen, kpis, kpi_count),
        stale=_cut(meeting, stale_section, stale_count),
        generated_at=now,
        full_command=f"/meeting prep {label}",
    )


def _candidates(
    repos: Repositories, parts: ActionParts, today: date
) -> tuple[list[ActionSummary], list[ActionSummary], list[ActionSummary]]:
    """The actions each list of a summary may show (the first MAX_ACTIONS_PER_SECTION of each),
    as it shows them: carried-forward ones naming their meeting, texts clipped. Owners and
    latest updates are loaded for all of them at once."""
    lists = [
        parts.arising.actions[:MAX_ACTIONS_PER_SECTION],
        parts.problems[:MAX_ACTIONS_PER_SECTION],
        parts.stale[:MAX_ACTIONS_PER_SECTION],
    ]
    loaded = action_summaries(repos.actions, [a for actions in lists for a in actions], today)
    origin = {**parts.arising.origin, **parts.origin}
    items = [clipped_action(i) for i in with_origin(loaded, origin)]
    arising, problems = len(lists[0]), len(lists[0]) + len(lists[1])
    return items[:arising], items[arising:problems], items[problems:]


@dataclass(frozen=True)
class ActionParts:
    """The actions of a summary's sections; each action is in one of them only."""

    arising: Arising
    # Overdue actions arising from earlier minutes (the first ``earlier``, each arose at the
    # meeting ``origin`` names), then the overdue and at-risk items of the plans followed.
    problems: list[Action]
    earlier: int
    origin: dict[int, str]
    stale: list[Action]


def _action_sections(
    repos: Repositories,
    before: MeetingsBefore,
    plan_ids: list[int],
    now: datetime,
    today: date,
) -> ActionParts:
    """Actions arising (from the last meeting held, ``before.held``); those from earlier
    minutes still overdue, and overdue and at-risk plan items; other plan items silent for 30
    days.

    Each action appears in one section only: the arising and at-risk lists already show when
    their items were last updated.
    """
    arising = arising_actions(repos, before.held, today, to_come=before.to_come)
    shown = {a.id for a in arising.actions}
    earlier, origin = earlier_overdue(repos, before.held, today, shown)
    shown |= set(origin)
    outstanding = outstanding_in_plans(repos, plan_ids)
    problems = plan_problems(repos, plan_ids, today, shown, outstanding=outstanding)
    shown |= {a.id for a in problems}
    rest = [a for a in outstanding if a.id not in shown]
    stale = stale_actions(repos, rest, now)
    return ActionParts(arising, [*earlier, *problems], len(earlier), origin, stale)


def section_actions(
    repos: Repositories, meeting: Meeting, key: str, *, now: datetime, today: date
) -> tuple[list[Action], dict[int, str]]:
    """Every action of one summary section (for ``/meeting more``), and the meeting each
    action carried from earlier minutes arose at."""
    if key not in ("arising", "plans", "stale"):
        raise ValueError(f"unknown section {key!r}")
    plan_ids, _ = linked_ids(repos, meeting)
    parts = _action_sections(repos, meetings_before(repos, meeting, now), plan_ids, now, today)
    if key == "arising":
        return parts.arising.actions, parts.arising.origin
    if key == "plans":
        return parts.problems, parts.origin
    return parts.stale, {}


def arising_of(repos: Repositories, meeting: Meeting, *, now: datetime, today: date) -> Arising:
    """The actions arising ``meeting``'s summary shows (for ``/meeting more arising``): from
    the last meeting held by ``now``."""
    before = meetings_before(repos, meeting, now)
    return arising_actions(repos, before.held, today, to_come=before.to_come)
