"""Indicators (KPIs) and their values."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import joinedload, lazyload

from storage.models import Indicator, IndicatorOwner, IndicatorValue
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

    def value_for(self, indicator_id: int, period_key: str) -> IndicatorValue | None:
        """The value of an indicator for one period."""
        return self.session.scalar(
            select(IndicatorValue).where(
                IndicatorValue.workspace_id == self.workspace_id,
                IndicatorValue.indicator_id == indicator_id,
                IndicatorValue.period_key == period_key,
            )
        )

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
