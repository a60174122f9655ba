"""Repositories: every query is scoped to one workspace, and none of them commits."""

from __future__ import annotations

from sqlalchemy.orm import Session

from storage.repositories.actions import ActionRepository
from storage.repositories.audit import AuditRepository
from storage.repositories.holdings import HoldingsRepository
from storage.repositories.indicators import IndicatorRepository
from storage.repositories.meetings import MeetingRepository
from storage.repositories.people import PeopleRepository
from storage.repositories.plans import PlanRepository


class Repositories:
    """The repositories of one unit of work, all bound to one workspace."""

    def __init__(self, session: Session, workspace_id: int) -> None:
        self.people = PeopleRepository(session, workspace_id)
        self.plans = PlanRepository(session, workspace_id)
        self.actions = ActionRepository(session, workspace_id)
        self.indicators = IndicatorRepository(session, workspace_id)
        self.meetings = MeetingRepository(session, workspace_id)
        self.holdings = HoldingsRepository(session, workspace_id)
        self.audit = AuditRepository(session, workspace_id)


__all__ = ["Repositories"]
