"""The ledger of Events API deliveries already acted on, so Slack's retries change nothing.

Slack delivers an event again (with ``X-Slack-Retry-Num``) when we answered slowly or with an
error. Progress messages are idempotent in the core (their update's source key is the
message), so for them the ledger only stops a second reaction and thread reply: the event is
claimed after the core succeeded. Commands sent by @-mention or DM are claimed before the
core runs and released again when it fails, so a retry after a failure is carried out.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from storage.models import SlackEvent, utcnow
from storage.unit_of_work import Store

log = logging.getLogger(__name__)

KEEP = timedelta(days=2)
PRUNE_EVERY = 500


class EventLedger:
    """Claims event ids in the database (unique), so one delivery wins across processes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._claims = 0

    def seen(self, event_id: str) -> bool:
        """True when the event was already acted on."""
        with self.store.session_factory() as session:
            found = session.scalar(select(SlackEvent.id).where(SlackEvent.event_id == event_id))
            return found is not None

    def claim(self, event_id: str, *, team_id: str = "", kind: str = "") -> bool:
        """Record the event as acted on; False when another delivery claimed it first."""
        self._claims += 1
        if self._claims % PRUNE_EVERY == 0:
            self.prune()
        with self.store.session_factory() as session:
            session.info["audit"] = False
            session.add(
                SlackEvent(event_id=event_id, team_id=team_id, kind=kind[:64], received_at=utcnow())
            )
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                return False
        return True

    def release(self, event_id: str) -> None:
        """Forget a claim (its work failed), so Slack's retry is carried out."""
        with self.store.session_factory() as session, session.begin():
            session.info["audit"] = False
            session.execute(delete(SlackEvent).where(SlackEvent.event_id == event_id))

    def prune(self, now: datetime | None = None) -> int:
        """Drop claims older than two days (Slack stops retrying after a few minutes)."""
        cutoff = (now or utcnow()) - KEEP
        with self.store.session_factory() as session, session.begin():
            session.info["audit"] = False
            result = session.execute(delete(SlackEvent).where(SlackEvent.received_at < cutoff))
        return int(getattr(result, "rowcount", 0) or 0)
