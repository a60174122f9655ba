"""Plans, sections and the channels linked to plans."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from storage.models import Plan, PlanChannel, Section
from storage.repositories.base import Repository


class PlanRepository(Repository):
    """Look-ups and changes of plans and their sections and channels."""

    def all(self) -> Sequence[Plan]:
        """Every plan, by name (by its slug, the name in lower case: case does not order it,
        the same on every database)."""
        return self.session.scalars(
            select(Plan).where(Plan.workspace_id == self.workspace_id).order_by(Plan.slug)
        ).all()

    def by_slug(self, slug: str) -> Plan | None:
        """The plan with this slug."""
        return self.session.scalar(
            select(Plan).where(Plan.workspace_id == self.workspace_id, Plan.slug == slug)
        )

    def by_id(self, plan_id: int) -> Plan | None:
        """The plan with this id, if it belongs to this workspace."""
        return self.session.scalar(
            select(Plan).where(Plan.workspace_id == self.workspace_id, Plan.id == plan_id)
        )

    def sections(self, plan_id: int) -> Sequence[Section]:
        """The sections of a plan, in order."""
        return self.session.scalars(
            select(Section)
            .where(Section.workspace_id == self.workspace_id, Section.plan_id == plan_id)
            .order_by(Section.position, Section.id)
        ).all()

    def section_by_ref(self, plan_id: int, ref: str) -> Section | None:
        """A section of a plan by its ref."""
        return self.session.scalar(
            select(Section).where(
                Section.workspace_id == self.workspace_id,
                Section.plan_id == plan_id,
                Section.ref == ref,
            )
        )

    def plan_for_channel(self, platform: str, channel_id: str) -> Plan | None:
        """The plan linked to a chat channel, if any."""
        return self.session.scalar(
            select(Plan)
            .join(PlanChannel, PlanChannel.plan_id == Plan.id)
            .where(
                PlanChannel.workspace_id == self.workspace_id,
                PlanChannel.platform == platform,
                PlanChannel.channel_id == channel_id,
            )
        )

    def channel_link(self, platform: str, channel_id: str) -> PlanChannel | None:
        """The link of a chat channel to a plan, if any."""
        return self.session.scalar(
            select(PlanChannel).where(
                PlanChannel.workspace_id == self.workspace_id,
                PlanChannel.platform == platform,
                PlanChannel.channel_id == channel_id,
            )
        )

    def channels_of(self, plan_id: int) -> Sequence[PlanChannel]:
        """The channels linked to a plan."""
        return self.session.scalars(
            select(PlanChannel).where(
                PlanChannel.workspace_id == self.workspace_id, PlanChannel.plan_id == plan_id
            )
        ).all()
