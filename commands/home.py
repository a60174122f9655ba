"""A person's home page (Slack's App Home tab): my outstanding items, my KPIs, next meetings.

``HomePage`` is data for a page, not a reply to a message, so it is not part of the ``Reply``
union; adapters get it with ``commands.forms.fetch(core, msg, home_page)``.
"""

from __future__ import annotations

from pydantic import Field

from commands.handler_context import HandlerContext
from commands.identity_prompt import identity_question
from commands.kpi_views import card
from commands.presenters import action_summaries
from commands.summary import meeting_ref
from commands.views import ActionSummary, KpiCard, MeetingRef, Question, View

MAX_ACTIONS = 20
MAX_KPIS = 10
MAX_MEETINGS = 3


class HomePage(View):
    """What the home page shows one person."""

    name: str
    known: bool
    identity: Question | None = None
    actions: list[ActionSummary] = Field(default_factory=list)
    actions_total: int = 0
    overdue_total: int = 0
    kpis: list[KpiCard] = Field(default_factory=list)
    meetings: list[MeetingRef] = Field(default_factory=list)


def home_page(h: HandlerContext) -> HomePage:
    """My outstanding actions (overdue first), the KPIs I own and the next meetings."""
    me = h.me
    owned = list(h.repos.actions.owned_by(me.person_ids, me.role_ids, h.today))
    overdue = sum(1 for a in owned if a.due_date is not None and a.due_date < h.today)
    indicators = list(h.repos.indicators.owned_by(me.person_ids, me.role_ids))[:MAX_KPIS]
    recent = h.repos.indicators.recent_values([i.id for i in indicators], per_indicator=12)
    meetings = list(h.repos.meetings.upcoming(h.now))[:MAX_MEETINGS]
    return HomePage(
        name=me.name,
        known=me.is_known,
        identity=identity_question(h),
        actions=action_summaries(h.repos.actions, owned[:MAX_ACTIONS], h.today),
        actions_total=len(owned),
        overdue_total=overdue,
        kpis=[card(i, recent.get(i.id, []), today=h.today) for i in indicators],
        meetings=[meeting_ref(m, h.tz) for m in meetings],
    )
