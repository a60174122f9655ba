"""A KPI file's rows older than an indicator's newest stored value leave its own fields (name,
owner, aliases, amber tolerance, standing target) as they are: last month's scorecard imported
again by mistake, or a file of past years, must not undo the owner or target that newer
figures came with. Their figures are still read (a revised one is named in the report), and
so is a frequency (a file of yearly figures that says it is annual makes it so)."""

from __future__ import annotations

from dataclasses import dataclass, field

from commands.formatting import and_listed
from commands.periods import Period
from storage.models import IndicatorValue

# The most indicators named in a report; the rest are counted.
_MAX_NAMED = 10
# The fields this applies to, in the order a note names them.
FIELDS = ("name", "owner", "list of aliases", "amber tolerance", "target")
_SHOWN = {"list of aliases": "aliases"}


@dataclass
class OlderRows:
    """What a file gave indicators' own fields that was left alone for being older than
    their newest stored values."""

    # (slug, field) -> (the newest period of the rows that gave it, the stored period's label).
    left: dict[tuple[str, str], tuple[Period, str]] = field(default_factory=dict)
    # (slug, field) given by a row as new as the stored values (or newer): taken, not left.
    taken: set[tuple[str, str]] = field(default_factory=set)

    @staticmethod
    def older(period: Period | None, newest: IndicatorValue | None) -> bool:
        """Whether ``period`` (a row's, or a wide row's newest figure's) ends before the
        indicator's ``newest`` stored value's period."""
        if period is None or newest is None:
            return False
        return (period.end, period.start) < (newest.period_end, newest.period_start)

    def leave(
        self, slug: str, what: str, period: Period, newest: IndicatorValue, unchanged: bool
    ) -> None:
        """Note that a row older than the stored values gave ``what`` (unless ``unchanged``:
        it gave what the indicator has, which is nothing to tell)."""
        if unchanged:
            return
        known = self.left.get((slug, what))
        if known is None or (period.end, period.start) > (known[0].end, known[0].start):
            self.left[(slug, what)] = (period, newest.period_label)

    def take(self, slug: str, what: str) -> None:
        """A row as new as the stored values gave ``what``: it was read."""
        self.taken.add((slug, what))

    def notes(self) -> list[str]:
        """One line per indicator whose fields were left alone, naming them and why."""
        by_slug: dict[str, list[tuple[str, Period, str]]] = {}
        for (slug, what), (period, stored) in self.left.items():
            if (slug, what) not in self.taken:
                by_slug.setdefault(slug, []).append((what, period, stored))
        lines = []
        for slug, left in by_slug.items():
            left.sort(key=lambda x: FIELDS.index(x[0]))
            newest = max((p for _, p, _ in left), key=lambda p: (p.end, p.start))
            stored = left[0][2]
            fields = and_listed([_SHOWN.get(w, w) for w, _, _ in left])
            lines.append(
                f"⚠️ {slug}: the file's figures go up to {newest.label}, older than the newest "
                f"stored ({stored}), so the {fields} it gives "
                f"{'was' if len(left) == 1 else 'were'} left as "
                f"{'it is' if len(left) == 1 else 'they are'} (an older file must not undo "
                f"newer ones): a file with figures for {stored} or later changes "
                f"{'it' if len(left) == 1 else 'them'}."
            )
        if len(lines) > _MAX_NAMED:
            lines[_MAX_NAMED:] = [f"⚠️ And {len(lines) - _MAX_NAMED} more such indicators."]
        return lines
