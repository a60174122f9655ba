"""Indicators (KPIs) and their values."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, bindparam, func, or_, select
from sqlalchemy.orm import joinedload, lazyload

from storage.models import (
    Indicator,
    IndicatorOwner,
    IndicatorValue,
    IndicatorValueRemoval,
    Person,
    Role,
)
from storage.repositories.base import Repository

# Built once (`/kpi <slug>` runs them on every call): an indicator by slug, its owners
# joined in the same query, and its newest values.
_BY_SLUG = (
    select(Indicator)
    .where(Indicator.workspace_id == bindparam("ws"), Indicator.slug == bindparam("slug"))
    .options(joinedload(Indicator.owners))
)
_VALUES = (
    select(IndicatorValue)
    .where(
        IndicatorValue.workspace_id == bindparam("ws"),
        IndicatorValue.indicator_id == bindparam("indicator"),
    )
    .order_by(IndicatorValue.period_end.desc(), IndicatorValue.period_start.desc())
)
_NEWEST_VALUES = _VALUES.limit(bindparam("limit"))

# The same two look-ups for read-only views, as plain rows (no ORM objects: loading them cost
# more than the queries). The indicator comes with its owners' names, one row per owner.
_SHOWN_BY_SLUG = (
    select(
        Indicator.id,
        Indicator.slug,
        Indicator.name,
        Indicator.unit,
        Indicator.polarity,
        Indicator.target,
        Indicator.amber_tolerance,
        Indicator.frequency,
        Indicator.owner_text,
        Person.id.label("person_id"),
        Person.name.label("person_name"),
        Role.id.label("role_id"),
        Role.key.label("role_key"),
        Role.title.label("role_title"),
    )
    .select_from(Indicator)
    .outerjoin(IndicatorOwner, IndicatorOwner.indicator_id == Indicator.id)
    .outerjoin(Person, Person.id == IndicatorOwner.person_id)
    .outerjoin(Role, Role.id == IndicatorOwner.role_id)
    .where(Indicator.workspace_id == bindparam("ws"), Indicator.slug == bindparam("slug"))
    .order_by(IndicatorOwner.position)
)
# Only the columns a card or a history shows (see commands.kpi_views.ValueFields).
_VALUE_ROWS = (
    select(
        IndicatorValue.period_key,
        IndicatorValue.period_label,
        IndicatorValue.period_kind,
        IndicatorValue.period_start,
        IndicatorValue.period_end,
        IndicatorValue.value,
        IndicatorValue.numerator,
        IndicatorValue.denominator,
        IndicatorValue.target,
        IndicatorValue.england,
        IndicatorValue.region,
        IndicatorValue.statistical_neighbours,
        IndicatorValue.note,
    )
    .where(
        IndicatorValue.workspace_id == bindparam("ws"),
        IndicatorValue.indicator_id == bindparam("indicator"),
    )
    .order_by(IndicatorValue.period_end.desc(), IndicatorValue.period_start.desc())
)
_NEWEST_VALUE_ROWS = _VALUE_ROWS.limit(bindparam("limit"))


@dataclass(frozen=True, slots=True)
class ShownIndicator:
    """An indicator as a read-only view shows it: its columns and its owners' names (people
    by name, roles by key, in owner order), without ORM objects. Changing it changes nothing:
    whatever may change an indicator loads it with :meth:`IndicatorRepository.by_slug`."""

    id: int
    slug: str
    name: str
    unit: str
    polarity: str
    target: float | None
    amber_tolerance: float | None
    frequency: str
    owner_text: str
    owner_names: tuple[str, ...]
    # Beside each of owner_names: the role's title (None for a person), to name it by.
    owner_titles: tuple[str | None, ...] = ()


class IndicatorRepository(Repository):
    """Queries and changes of indicators and their values."""

    def all(self, *, with_owners: bool = True) -> Sequence[Indicator]:
        """Every indicator, by slug (``with_owners=False``: owners load only when touched)."""
        stmt = (
            select(Indicator)
            .where(Indicator.workspace_id == self.workspace_id)
            .order_by(Indicator.slug)
        )
        if not with_owners:
            stmt = stmt.options(lazyload(Indicator.owners))
        return self.session.scalars(stmt).all()

    def by_slug(self, slug: str) -> Indicator | None:
        """The indicator with this slug."""
        params = {"ws": self.workspace_id, "slug": slug}
        return self.session.scalars(_BY_SLUG, params).unique().one_or_none()

    def shown_by_slug(self, slug: str) -> ShownIndicator | None:
        """The indicator with this slug, for a read-only view (see :class:`ShownIndicator`):
        the same look-up as :meth:`by_slug`, one query."""
        self.session.flush()
        params = {"ws": self.workspace_id, "slug": slug}
        rows = self.session.connection().execute(_SHOWN_BY_SLUG, params).all()
        if not rows:
            return None
        first = rows[0]
        owners = [row for row in rows if row.person_id is not None or row.role_id is not None]
        names = tuple(o.person_name if o.person_id is not None else o.role_key for o in owners)
        titles = tuple(None if o.person_id is not None else o.role_title for o in owners)
        return ShownIndicator(
            id=first.id,
            slug=first.slug,
            name=first.name,
            unit=first.unit,
            polarity=first.polarity,
            target=first.target,
            amber_tolerance=first.amber_tolerance,
            frequency=first.frequency,
            owner_text=first.owner_text,
            owner_names=names,
            owner_titles=titles,
        )

    def by_id(self, indicator_id: int) -> Indicator | None:
        """The indicator with this id, if it belongs to this workspace."""
        return self.session.scalar(
            select(Indicator).where(
                Indicator.workspace_id == self.workspace_id, Indicator.id == indicator_id
            )
        )

    def by_ids(self, indicator_ids: Collection[int]) -> dict[int, Indicator]:
        """The indicators with these ids that belong to this workspace, by id."""
        if not indicator_ids:
            return {}
        rows = self.session.scalars(
            select(Indicator).where(
                Indicator.workspace_id == self.workspace_id, Indicator.id.in_(indicator_ids)
            )
        )
        return {i.id: i for i in rows}

    def values_of(self, indicator_ids: Collection[int]) -> dict[int, list[IndicatorValue]]:
        """Values of several indicators in one query: by indicator, newest period first."""
        found: dict[int, list[IndicatorValue]] = {i: [] for i in indicator_ids}
        if not indicator_ids:
            return found
        rows = self.session.scalars(
            select(IndicatorValue)
            .where(
                IndicatorValue.workspace_id == self.workspace_id,
                IndicatorValue.indicator_id.in_(indicator_ids),
            )
            .order_by(
                IndicatorValue.indicator_id,
                IndicatorValue.period_end.desc(),
                IndicatorValue.period_start.desc(),
            )
        )
        for value in rows:
            found[value.indicator_id].append(value)
        return found

    def owned_by(
        self, person_ids: Collection[int], role_ids: Collection[int]
    ) -> Sequence[Indicator]:
        """Indicators owned by any of these people or roles."""
        conditions = []
        if person_ids:
            conditions.append(IndicatorOwner.person_id.in_(list(person_ids)))
        if role_ids:
            conditions.append(IndicatorOwner.role_id.in_(list(role_ids)))
        if not conditions:
            return []
        owned = select(IndicatorOwner.indicator_id).where(or_(*conditions))
        return self.session.scalars(
            select(Indicator)
            .where(Indicator.workspace_id == self.workspace_id, Indicator.id.in_(owned))
            .order_by(Indicator.slug)
        ).all()

    def values(self, indicator_id: int, limit: int | None = None) -> Sequence[IndicatorValue]:
        """Values of an indicator, newest period first."""
        params = {"ws": self.workspace_id, "indicator": indicator_id, "limit": limit}
        stmt = _VALUES if limit is None else _NEWEST_VALUES
        return self.session.scalars(stmt, params).all()

    def value_rows(
        self, indicator_id: int, limit: int | None = None
    ) -> Sequence[Row[*tuple[Any, ...]]]:
        """Values of an indicator, newest period first, as plain rows of the columns a card
        or a history shows (no ORM objects: for read-only views). Pending changes are sent
        first, as a query of the session would."""
        self.session.flush()
        params = {"ws": self.workspace_id, "indicator": indicator_id, "limit": limit}
        stmt = _VALUE_ROWS if limit is None else _NEWEST_VALUE_ROWS
        return self.session.connection().execute(stmt, params).all()

    def value_for(self, indicator_id: int, period_key: str) -> IndicatorValue | None:
        """The value of an indicator for one period."""
        return self.session.scalar(
            select(IndicatorValue).where(
                IndicatorValue.workspace_id == self.workspace_id,
                IndicatorValue.indicator_id == indicator_id,
                IndicatorValue.period_key == period_key,
            )
        )

    def removals(self) -> dict[tuple[int, str], IndicatorValueRemoval]:
        """The values removed in chat that a file had given, by (indicator id, period key)
        (one query: an import looks each of its rows up here)."""
        rows = self.session.scalars(
            select(IndicatorValueRemoval).where(
                IndicatorValueRemoval.workspace_id == self.workspace_id
            )
        )
        return {(r.indicator_id, r.period_key): r for r in rows}

    def removal_for(self, indicator_id: int, period_key: str) -> IndicatorValueRemoval | None:
        """The removal of an indicator's value for one period, if one is remembered."""
        return self.session.scalar(
            select(IndicatorValueRemoval).where(
                IndicatorValueRemoval.workspace_id == self.workspace_id,
                IndicatorValueRemoval.indicator_id == indicator_id,
                IndicatorValueRemoval.period_key == period_key,
            )
        )

    def values_by_period(self, indicator_id: int) -> dict[str, IndicatorValue]:
        """Every value of an indicator, by period key (one query: an import matching a file's
        rows to the values stored looks each up here rather than querying row by row)."""
        rows = self.session.scalars(
            select(IndicatorValue).where(
                IndicatorValue.workspace_id == self.workspace_id,
                IndicatorValue.indicator_id == indicator_id,
            )
        )
        return {v.period_key: v for v in rows}

    def recent_values(
        self, indicator_ids: Collection[int], per_indicator: int = 2
    ) -> dict[int, list[IndicatorValue]]:
        """The newest ``per_indicator`` values of each indicator, newest first (one query)."""
        if not indicator_ids:
            return {}
        ranked = (
            select(
                IndicatorValue.id,
                func.row_number()
                .over(
                    partition_by=IndicatorValue.indicator_id,
                    order_by=(IndicatorValue.period_end.desc(), IndicatorValue.period_start.desc()),
                )
                .label("rn"),
            )
            .where(
                IndicatorValue.workspace_id == self.workspace_id,
                IndicatorValue.indicator_id.in_(list(indicator_ids)),
            )
            .subquery()
        )
        rows = self.session.scalars(
            select(IndicatorValue)
            .join(ranked, ranked.c.id == IndicatorValue.id)
            .where(ranked.c.rn <= per_indicator)
            .order_by(IndicatorValue.indicator_id, IndicatorValue.period_end.desc())
        ).all()
        out: dict[int, list[IndicatorValue]] = {}
        for row in rows:
            out.setdefault(row.indicator_id, []).append(row)
        return out
