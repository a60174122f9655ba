"""Which row of a long KPI file speaks for an indicator's own fields (name, owner, aliases,
amber tolerance, frequency): the row of its latest period, whatever the order of the rows
(scorecards list the newest month first as often as last), and the report's note on rows
that disagree about them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from commands.periods import Period

# The most disagreements named in a report; the rest are counted.
_MAX_NAMED = 10
# The most differing values quoted for one field.
_MAX_VALUES = 3


@dataclass
class _Given:
    """One value a file's rows gave a field of an indicator, as first written and where."""

    shown: str
    row: int
    period: str


@dataclass
class LatestRows:
    """Per indicator and field, the latest period of the rows that gave the field so far,
    and every value the rows gave it."""

    latest: dict[tuple[str, str], tuple[date, date]] = field(default_factory=dict)
    given: dict[tuple[str, str], dict[str, _Given]] = field(default_factory=dict)
    # What the latest period's row gave each field: (slug, what) -> value.
    taken: dict[tuple[str, str], str] = field(default_factory=dict)

    def admit(
        self, slug: str, what: str, value: str, row: int, period: Period | None, same: str = ""
    ) -> bool:
        """Whether a row's non-blank ``value`` for the indicator's field ``what`` ("owner")
        is to be read: always in a file without periods per row; else when the row's period
        is the latest of the rows that gave the field so far (a later row for the same
        period is read too). Each value is noted for the report, by ``same`` (what makes two
        values the same: "3" for "3.0"), ``value`` when not given."""
        if not value:
            return False
        if period is None:
            return True
        key = (slug, what)
        self.given.setdefault(key, {}).setdefault(same or value, _Given(value, row, period.label))
        known = self.latest.get(key)
        if known is not None and (period.end, period.start) < known:
            return False
        self.latest[key] = (period.end, period.start)
        self.taken[key] = value
        return True

    def notes(self) -> list[str]:
        """The report's lines on indicators whose rows gave a field different values, with
        the latest period's, which was read."""
        lines = []
        for (slug, what), values in self.given.items():
            if len(values) < 2:
                continue
            quoted = ", ".join(
                f"“{g.shown[:60]}” (row {g.row}, {g.period})"
                for g in list(values.values())[:_MAX_VALUES]
            )
            more = len(values) - _MAX_VALUES
            also = f" and {more} more" if more > 0 else ""
            kept = self.taken.get((slug, what))
            outcome = f": “{kept[:60]}”, of the latest period giving one, was read" if kept else ""
            lines.append(f"⚠️ The rows give {slug} more than one {what}: {quoted}{also}{outcome}.")
        if len(lines) > _MAX_NAMED:
            lines[_MAX_NAMED:] = [f"⚠️ And {len(lines) - _MAX_NAMED} more such disagreements."]
        return lines
