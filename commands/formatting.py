"""Formatting shared by every renderer: numbers with units, dates, RAG and trend marks."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from commands.kpi_logic import frequency_family
from commands.owners import role_key
from commands.status import label

if TYPE_CHECKING:
    from commands.views import KpiCard, KpiChange, KpiPoint, PersonEntry, UpdateView

SPARK = "▁▂▃▄▅▆▇█"
RAG_MARK = {"red": "🔴", "amber": "🟠", "green": "🟢", "none": "⚪"}
RAG_WORD = {"red": "Red", "amber": "Amber", "green": "Green", "none": "No target"}


def card_rag_word(card: KpiCard) -> str:
    """A card's RAG in words: "No value yet" for an indicator with a target but no value
    (its RAG is none for want of a value, not of a target)."""
    if card.rag == "none" and card.latest is None:
        return "No value yet"
    return RAG_WORD[card.rag]


TREND_MARK = {
    "improving": "↗ improving",
    "worsening": "↘ worsening",
    "steady": "→ steady",
    "none": "· no trend yet",
    # The latest figure's period is not over: a part-period's figure is not judged.
    "provisional": "· not judged yet",
}
DIRECTION_MARK = {"improving": "↗", "worsening": "↘", "steady": "→", "none": ""}
STATUS_MARK = {
    "not_started": "○",
    "on_track": "🟢",
    "at_risk": "🟠",
    "off_track": "🔴",
    "achieved": "✅",
    "monitoring": "✅",
    "not_accepted": "✖",
    "closed": "■",
}


def fmt_number(value: float | None, unit: str = "", places: int | None = None) -> str:
    """A value with its unit: ``62%``, ``431 days``, ``74 per 10,000``; ``places`` decimals at
    most (default: one, or two significant figures below 1)."""
    if value is None:
        return "—"
    if value == int(value):
        text = f"{int(value):,}"
    else:
        shown = _decimals(value) if places is None else places
        text = f"{value:,.{shown}f}".rstrip("0").rstrip(".")
    if unit == "%":
        return f"{text}%"
    if unit in ("", "count", "score"):
        return text
    if unit.startswith("rate"):
        return f"{text} per 10,000"
    return f"{text} {unit}"


# The most decimals shown to tell a value from its target.
MAX_PLACES = 4


def fmt_beside(value: float | None, other: float | None, unit: str = "") -> str:
    """A value shown beside another, a figure beside its target or the target beside it: as
    :func:`fmt_number` writes it, with as many more decimals as it takes not to look like the
    other when it is not (84.96% against a target of 85% is "84.96%", not "85%", which would
    read as on target beside an amber RAG)."""
    if value is None:
        return fmt_number(None)
    places = _decimals(value) if value else 1
    while (
        other is not None
        and value != other
        and places < MAX_PLACES
        and round(value, places) == round(other, places)
    ):
        places += 1
    return fmt_number(value, unit, places)


def _decimals(value: float) -> int:
    """Decimal places to show: one, or two significant figures below 1 (0.81 is not 0.8)."""
    size = abs(value)
    if size >= 1:
        return 1
    return min(1 - math.floor(math.log10(size)), 10)


def fmt_change(amount: float, unit: str = "") -> str:
    """A difference between two values: a rise from 49% to 62% is ``13 pts`` (percentage
    points; "13%" would read as a relative change), other units as ``fmt_number`` writes them."""
    if unit == "%":
        return f"{fmt_number(amount)} {'pt' if amount == 1 else 'pts'}"
    if amount == 1 and unit in ("days", "weeks"):
        return f"1 {unit[:-1]}"
    return fmt_number(amount, unit)


# English month abbreviations (strftime's %b follows the process locale, and costs more:
# every list formats a date or two per item).
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def some_of(names: Sequence[str], shown: int, cut: int | None = None) -> str:
    """The first ``shown`` names (each clipped to ``cut`` characters when given), then "and N
    more": a list in an answer that a long one must not push past what Slack and Teams show."""
    listed = "; ".join(n if cut is None else clip(n, cut) for n in names[:shown])
    return listed + (f"; and {len(names) - shown} more" if len(names) > shown else "")


def and_listed(words: Sequence[str], conjunction: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c`` (or another conjunction: ``a, b or c``)."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def fmt_date(value: date | None) -> str:
    """``5 Jan 2016``, or an empty string."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}" if value else ""


def sparkline(values: Sequence[float]) -> str:
    """A one-line chart of values, oldest first."""
    if not values:
        return ""
    lo, hi = min(values), max(values)
    if hi == lo:
        return SPARK[3] * len(values)
    return "".join(SPARK[round((v - lo) / (hi - lo) * (len(SPARK) - 1))] for v in values)


def status_text(status: str) -> str:
    """A status with its mark: ``🟠 At risk``."""
    return f"{STATUS_MARK.get(status, '')} {label(status)}".strip()


def last_update_words(update: UpdateView) -> str:
    """What an action's update says, for a list's "last update" line: its words, or for a
    status change alone the change (``status At risk → Off track``), never nothing."""
    if update.text.strip():
        return update.text
    before, after = update.status_before, update.status_after
    if after is None:
        return "(status change)"
    if before is None or before == after:
        return f"status {label(after)}"
    return f"status {label(before)} → {label(after)}"


def due_text(due: date | None, raw: str, overdue: bool, days_overdue: int) -> str:
    """A due date as shown to users, flagging overdue items."""
    if due is None:
        return f"no date ({raw})" if raw.strip() else "no date"
    text = f"due {fmt_date(due)}"
    if overdue:
        text += f" — overdue {days_overdue} day{'s' if days_overdue != 1 else ''}"
    return text


def due_as_written(raw: str, due: date | None) -> str | None:
    """The timescale as written, when it says more than the due date shown beside it ("end of
    March", "Jan 2010 – Interim"); None when there is none, no date to set it beside, or it only
    writes that date: as shown, or as a spreadsheet's date cell reads (``2027-03-31``, with a
    time ``2027-03-31T17:00:00``)."""
    text = raw.strip()
    if not text or due is None or text == fmt_date(due):
        return None
    try:
        written = datetime.fromisoformat(text).date()
    except ValueError:
        return text
    return None if written == due else text


def due_value(due: date | None, raw: str, overdue: bool, days_overdue: int) -> str:
    """A due date for a field already labelled "Due": ``31 Dec 2026 — overdue 3 days``
    (``due_text`` without its leading "due ")."""
    return due_text(due, raw, overdue, days_overdue).removeprefix("due ")


@dataclass(frozen=True)
class KpiChangeWords:
    """A summary's indicator in words, for every renderer: ``value`` ("62%" or "no data"),
    ``period`` (" (Nov 2015)"), ``target`` (" target 95%") and ``change`` since the last
    meeting (" — was 58% (Oct 2015), +4 pts ↗", " — was 279 (Aug 2015), +1 → steady" when
    the card would call it steady, " — was 85% (2025/26); not compared until 2026/27 is
    over" when the latest figure is provisional, or " — no figure to compare: none was
    recorded by the last meeting" (a first figure, whatever its period); "" at a
    committee's first meeting, which has no last meeting)."""

    value: str
    period: str
    target: str
    change: str


def kpi_change_words(k: KpiChange) -> KpiChangeWords:
    """The words of one indicator's line in a pre-meeting summary."""
    change = ""
    if k.unchanged_since:
        change = f" — no new figure since {k.unchanged_since}"
    elif k.previous_value is not None:
        change = f" — was {fmt_number(k.previous_value, k.unit)} ({k.previous_period_label})"
        if k.provisional:
            change += f"; not compared until {k.period_label} is over"
        elif k.change is not None:
            sign = "+" if k.change > 0 else ("−" if k.change < 0 else "±")
            mark = TREND_MARK["steady"] if k.direction == "steady" else DIRECTION_MARK[k.direction]
            change += f", {sign}{fmt_change(abs(k.change), k.unit)} {mark}"
    elif k.value is not None and not k.first_meeting:
        change = " — no figure to compare: none was recorded by the last meeting"
    return KpiChangeWords(
        value=fmt_beside(k.value, k.target, k.unit) if k.value is not None else "no data",
        period=(
            f" ({k.period_label}{', provisional' if k.provisional else ''})"
            if k.period_label
            else ""
        ),
        target=f" target {fmt_beside(k.target, k.value, k.unit)}" if k.target is not None else "",
        change=change,
    )


@dataclass(frozen=True)
class KpiCardWords:
    """An indicator's card in words, for every renderer: ``latest`` ("62% for Oct 2015 (31 of
    50)", marked when provisional, or "" with no values), ``target`` ("90% (higher is
    better)"), ``trend`` ("↗ improving (from 49% in Aug 2015)"; of a provisional latest value,
    "· not judged yet: Dec 2015 is not over, so its 66% is not compared with 62% for Nov
    2015") and ``comparators`` ("England
    66%, Region 68%", naming their period when older than the latest, or "")."""

    latest: str
    target: str
    trend: str
    comparators: str


_PERIOD_NOUN = {
    "month": "the month",
    "quarter": "the quarter",
    "year": "the year",
    "financial_year": "the financial year",
    "academic_year": "the academic year",
}


def reported_words(frequency: str) -> str:
    """How often an indicator is reported, after "Reported": "monthly", "quarterly",
    "annually" (for a frequency stored as "annual" or "yearly"), else as its file wrote it."""
    family = frequency_family(frequency)
    if family is None:
        return frequency.strip()
    return "annually" if family == "annual" else family


def provisional_words(p: KpiPoint) -> str:
    """Why a figure may still change ("provisional: the month is not over yet"), or ""."""
    if not p.provisional:
        return ""
    return f"provisional: {_PERIOD_NOUN.get(p.period_kind, 'the period')} is not over yet"


def join_sentences(*parts: str) -> str:
    """Sentences (or fragments) as one text: each but the last ends with a full stop, and each
    after the first starts with a capital ("Provisional: the quarter is not over yet.
    Quarterly figure, not in the monthly trend"). Blank parts are left out; a part that starts
    with a word such as "eTrack" keeps it."""
    texts = [t.strip() for t in parts if t and t.strip()]
    joined = []
    for i, text in enumerate(texts):
        if i and text[0].islower() and not text[1:2].isupper():
            text = text[0].upper() + text[1:]
        if i < len(texts) - 1 and text[-1] not in ".!?…":
            text += "."
        joined.append(text)
    return " ".join(joined)


def kpi_point_note(p: KpiPoint) -> str:
    """A value's note in a history, led by the provisional mark when it has one."""
    mark = provisional_words(p)
    if not mark:
        return p.note
    return join_sentences(f"{mark[0].upper()}{mark[1:]}.", p.note)


def kpi_period_words(p: KpiPoint) -> str:
    """A value's period in a one-line list: "Nov 2026", or "Dec 2026, provisional"."""
    return f"{p.period_label}, provisional" if p.provisional else p.period_label


def _comparator_words(card: KpiCard) -> str:
    """England, region and statistical neighbours of the latest value, else of the newest
    value that has them, naming its period ("… (for Nov 2026; none given for Dec 2026)")."""
    p = card.latest
    source = card.comparators_from or p
    if p is None or source is None:
        return ""
    words = ", ".join(
        f"{name} {fmt_number(value, card.unit)}"
        for name, value in (
            ("England", source.england),
            ("Region", source.region),
            ("Statistical neighbours", source.statistical_neighbours),
        )
        if value is not None
    )
    if words and source.period_key != p.period_key:
        words += f" (for {source.period_label}; none given for {p.period_label})"
    return words


def _target_words(target: float | None, p: KpiPoint | None, unit: str) -> str:
    """A card's target, told apart from its latest value."""
    return fmt_beside(target, p.value if p is not None else None, unit)


def kpi_card_words(card: KpiCard) -> KpiCardWords:
    """The words of an indicator's card."""
    p = card.latest
    latest = ""
    trend = TREND_MARK[card.trend]
    target = p.target if p is not None and p.target is not None else card.target
    if p is not None:
        latest = f"{fmt_beside(p.value, target, card.unit)} for {p.period_label}"
        if p.numerator is not None and p.denominator is not None:
            latest += f" ({fmt_number(p.numerator)} of {fmt_number(p.denominator)})"
        if p.provisional:
            latest += f" ({provisional_words(p)})"
        if card.trend == "provisional" and card.previous is not None:
            trend += (
                f": {p.period_label} is not over, so its "
                f"{fmt_number(p.value, card.unit)} is not compared with "
                f"{fmt_number(card.previous.value, card.unit)} for {card.previous.period_label}"
            )
        elif card.previous is not None:
            trend += (
                f" (from {fmt_number(card.previous.value, card.unit)} "
                f"in {card.previous.period_label})"
            )
    comparators = _comparator_words(card)
    better = "higher is better" if card.polarity == "higher" else "lower is better"
    return KpiCardWords(
        latest=latest,
        target=f"{_target_words(target, p, card.unit)} ({better})",
        trend=trend,
        comparators=comparators,
    )


def role_label(key: str, title: str) -> str:
    """How a role is named among people: its key when that abbreviates its title ("DCS"),
    else its title ("Committee Clerk" for CLERK, "Children Trust Board", "Head of Service –
    Early Help" for HOS EARLY HELP)."""
    words = "".join(c if c.isalnum() else " " for c in title.replace("'", "")).upper().split()
    if title and (key == " ".join(words) or key in words):
        return title
    if title and " " in key and key == role_key(title):
        return title  # a grade written out before its service: HOS EARLY HELP
    return key


# What a screen reader says for a button that repeats down a list (Slack's accessibility label,
# Teams' tooltip): the plain titles alone would not say which row they act on.


def done_label(ref: str) -> str:
    """The screen reader's name for an action's Done / Mark done button."""
    return f"Mark {ref} done"


def update_label(ref: str) -> str:
    """The screen reader's name for an action's Update button."""
    return f"Update {ref}"


def details_label(name: str) -> str:
    """The screen reader's name for a Details button of one action or indicator."""
    return f"Details of {name}"


# Slack's channel mention, as a command that stores a channel receives it (``<#C123|cpac>``).
_SLACK_MENTION_RE = re.compile(r"<#([A-Z0-9]+)(?:\|([^<>|]*))?>")


def channel_as_text(text: str) -> str:
    """``text`` with Slack's channel mentions as people read them (``<#C123|cpac>`` ->
    ``#cpac``): for repeating in a refusal what was typed."""
    if "<#" not in text:
        return text
    return _SLACK_MENTION_RE.sub(lambda m: "#" + (m[2] or m[1]), text)


def person_holdings(entry: PersonEntry) -> list[str]:
    """What a person of the ``people`` list holds, one phrase each: "HOS, IRO", "Slack
    U0123ABCD", "2 open actions (plan:1.1; plan:2.3)", "also known as A. Smith"; [] for
    nothing."""
    parts: list[str] = []
    if entry.is_admin:
        parts.append("administrator")
    if entry.roles:
        parts.append(", ".join(entry.roles))
    if entry.accounts:
        parts.append(", ".join(entry.accounts))
    for holding, one, many in (
        (entry.actions, "open action", "open actions"),
        (entry.indicators, "indicator", "indicators"),
        (entry.items, "agenda item to come", "agenda items to come"),
    ):
        if holding.total:
            listed = some_of(holding.names, len(holding.names), 60)
            more = "; …" if holding.total > len(holding.names) else ""
            parts.append(f"{holding.total} {one if holding.total == 1 else many} ({listed}{more})")
    if entry.aliases:
        parts.append("also known as " + ", ".join(entry.aliases))
    return parts
