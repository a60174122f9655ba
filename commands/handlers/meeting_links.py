"""/meeting link and unlink: the plans and indicators a committee follows in its summaries."""

from __future__ import annotations

from sqlalchemy import select

from commands.errors import NotFound
from commands.grammar import Bindings
from commands.handler_context import HandlerContext
from commands.handlers.meetings_write import (
    require_committee_change,
)
from commands.kpi_lookup import find_indicator
from commands.lookup import find_plan
from commands.meeting_lookup import (
    find_committee,
    find_meeting,
    parse_meeting_name,
    trailing_words_error,
)
from commands.registry import REGISTRY
from commands.views import Notice, View
from storage.models import Committee, MeetingLink


def _committee_of(h: HandlerContext, target: str) -> Committee:
    name = parse_meeting_name(target)
    if name.meeting_id is not None or name.on is not None:
        return find_meeting(h.repos, target, h.now).committee
    try:
        return find_committee(h.repos, target)
    except NotFound:
        extra = trailing_words_error(h.repos, target, h.now)
        if extra is not None:
            raise extra from None
        raise


def _link(h: HandlerContext, committee: Committee, plan_id: int | None, ind_id: int | None) -> bool:
    existing = h.uow.session.scalar(
        select(MeetingLink).where(
            MeetingLink.workspace_id == h.uow.workspace_id,
            MeetingLink.committee_id == committee.id,
            MeetingLink.plan_id.is_(None) if plan_id is None else MeetingLink.plan_id == plan_id,
            MeetingLink.indicator_id.is_(None)
            if ind_id is None
            else MeetingLink.indicator_id == ind_id,
        )
    )
    if existing is not None:
        return False
    h.uow.session.add(
        MeetingLink(
            workspace_id=h.uow.workspace_id,
            committee_id=committee.id,
            plan_id=plan_id,
            indicator_id=ind_id,
        )
    )
    return True


@REGISTRY.command(
    "meeting",
    "link <target...> plan <plan...>",
    "Follow a plan in a committee's summaries (overdue and at-risk items).",
    writes=True,
    examples=("/meeting link CPAC plan Corporate Parenting Strategy",),
)
def meeting_link_plan(h: HandlerContext, args: Bindings) -> View:
    """Link a plan to a committee (named directly or by one of its meetings)."""
    require_committee_change(h, "change what a committee follows")
    committee = _committee_of(h, str(args["target"]))
    plan = find_plan(
        h, str(args["plan"]), lambda p: f"/meeting link {args['target']} plan {p.slug}"
    )
    added = _link(h, committee, plan.id, None)
    state = "now follows" if added else "already follows"
    return Notice(level="success", text=f"{committee.name} {state} the plan {plan.name}.")


@REGISTRY.command(
    "meeting",
    "link <target...> kpi <kpi...>",
    "Follow an indicator in a committee's summaries (value, target, change).",
    writes=True,
    examples=("/meeting link CPAC kpi pep",),
)
def meeting_link_kpi(h: HandlerContext, args: Bindings) -> View:
    """Link an indicator to a committee."""
    require_committee_change(h, "change what a committee follows")
    committee = _committee_of(h, str(args["target"]))
    indicator = find_indicator(
        h, str(args["kpi"]), lambda i: f"/meeting link {args['target']} kpi {i.slug}"
    )
    added = _link(h, committee, None, indicator.id)
    state = "now follows" if added else "already follows"
    return Notice(level="success", text=f"{committee.name} {state} the indicator {indicator.slug}.")


def _unlink(
    h: HandlerContext, committee: Committee, plan_id: int | None, ind_id: int | None
) -> bool:
    """Remove the committee's link to a plan or an indicator (audited, as every delete);
    whether there was one."""
    link = next(
        (
            m
            for m in h.repos.meetings.links(committee.id)
            if m.plan_id == plan_id and m.indicator_id == ind_id
        ),
        None,
    )
    if link is None:
        return False
    h.uow.session.delete(link)
    h.uow.session.flush()
    return True


def _follows(h: HandlerContext, committee: Committee) -> str:
    """What a committee follows, for a refusal: ``plan leeds-improvement-plan, kpi pep``."""
    links = list(h.repos.meetings.links(committee.id))
    plans = {p.id: p for p in h.repos.plans.all()}
    indicators = h.repos.indicators.by_ids([m.indicator_id for m in links if m.indicator_id])
    names = [f"plan {plans[m.plan_id].slug}" for m in links if m.plan_id in plans]
    names += [
        f"kpi {indicators[m.indicator_id].slug}" for m in links if m.indicator_id in indicators
    ]
    return ", ".join(names) or "nothing"


def _unlinked(
    h: HandlerContext, committee: Committee, what: str, plan_id: int | None, ind_id: int | None
) -> View:
    """The reply to ``unlink``: the link removed, or (none there) what the committee follows."""
    if not _unlink(h, committee, plan_id, ind_id):
        return Notice(
            level="info",
            text=f"{committee.name} does not follow {what} (it follows "
            f"{_follows(h, committee)}). Nothing was changed.",
        )
    return Notice(level="success", text=f"{committee.name} no longer follows {what}.")


@REGISTRY.command(
    "meeting",
    "unlink <target...> plan <plan...>",
    "Stop following a plan in a committee's summaries.",
    writes=True,
)
def meeting_unlink_plan(h: HandlerContext, args: Bindings) -> View:
    """Undo ``/meeting link … plan …`` (a plan linked by mistake)."""
    require_committee_change(h, "change what a committee follows")
    committee = _committee_of(h, str(args["target"]))
    plan = find_plan(
        h, str(args["plan"]), lambda p: f"/meeting unlink {args['target']} plan {p.slug}"
    )
    return _unlinked(h, committee, f"the plan {plan.name}", plan.id, None)


@REGISTRY.command(
    "meeting",
    "unlink <target...> kpi <kpi...>",
    "Stop following an indicator in a committee's summaries.",
    writes=True,
)
def meeting_unlink_kpi(h: HandlerContext, args: Bindings) -> View:
    """Undo ``/meeting link … kpi …``."""
    require_committee_change(h, "change what a committee follows")
    committee = _committee_of(h, str(args["target"]))
    indicator = find_indicator(
        h, str(args["kpi"]), lambda i: f"/meeting unlink {args['target']} kpi {i.slug}"
    )
    return _unlinked(h, committee, f"the indicator {indicator.slug}", None, indicator.id)
