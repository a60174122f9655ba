"""Build view-models from rows. The only place that knows both the ORM and the views."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from commands.views import ActionSummary, UpdateView
from storage.models import Action, Update
from storage.repositories.actions import ActionRepository


def owner_names(action: Action) -> list[str]:
    """The owners of an action as display names (people by name, roles by key)."""
    names: list[str] = []
    for owner in action.owners:
        if owner.person is not None:
            names.append(owner.person.name)
        elif owner.role is not None:
            names.append(owner.role.key)
    return names


def update_view(update: Update) -> UpdateView:
    """An update as shown in history."""
    state = "live"
    if update.retracted_at is not None:
        state = "retracted"
    elif update.superseded_by_id is not None:
        state = "superseded"
    return UpdateView(
        at=update.created_at,
        author=update.author_name,
        text=update.text,
        status_before=update.status_before,
        status_after=update.status_after,
        source=update.source,
        permalink=update.permalink,
        state=state,  # type: ignore[arg-type]
    )


def action_summary(action: Action, today: date, latest: Update | None = None) -> ActionSummary:
    """An action as shown in lists."""
    from commands.status import is_outstanding

    overdue = bool(
        action.due_date is not None and action.due_date < today and is_outstanding(action.status)
    )
    return ActionSummary(
        id=action.id,
        plan_slug=action.plan.slug,
        plan_name=action.plan.name,
        ref=action.ref,
        title=action.title,
        owners=owner_names(action),
        lead_text=action.lead_text,
        due_date=action.due_date,
        due_text=action.due_text,
        status=action.status,
        overdue=overdue,
        days_overdue=(today - action.due_date).days if overdue and action.due_date else 0,
        last_update=update_view(latest) if latest is not None else None,
    )


def action_summaries(
    repo: ActionRepository, actions: Sequence[Action], today: date
) -> list[ActionSummary]:
    """Many actions as shown in lists, with their latest update (one extra query in all)."""
    latest = repo.latest_updates([a.id for a in actions])
    return [action_summary(a, today, latest.get(a.id)) for a in actions]
