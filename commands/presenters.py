"""Build view-models from rows. The only place that knows both the ORM and the views."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Protocol

from pydantic import TypeAdapter

from commands.formatting import role_label
from commands.owners import split_lead
from commands.status import is_outstanding
from commands.views import ActionSummary, UpdateView
from storage.models import Action, Person, Role
from storage.repositories.actions import ActionListing, ActionRepository, OwnerName


class UpdateFields(Protocol):
    """What an update view is built from: an Update row or a plain row of its columns."""

    @property
    def created_at(self) -> datetime: ...
    @property
    def author_name(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def status_before(self) -> str | None: ...
    @property
    def status_after(self) -> str | None: ...
    @property
    def source(self) -> str: ...
    @property
    def permalink(self) -> str | None: ...
    @property
    def superseded_by_id(self) -> int | None: ...
    @property
    def retracted_at(self) -> datetime | None: ...


class OwnerRow(Protocol):
    """One owner row of an action, an indicator or an agenda item: a person or a role."""

    @property
    def person_id(self) -> int | None: ...
    @property
    def person(self) -> Person | None: ...
    @property
    def role(self) -> Role | None: ...


class Owned(Protocol):
    """An action, an indicator or an agenda item: something with owner rows."""

    @property
    def owners(self) -> Sequence[OwnerRow]: ...


def owner_names(item: Owned) -> list[str]:
    """The owners of an action (or indicator, or agenda item) as stored names (people by name,
    roles by key), e.g. to write back as its lead text."""
    names: list[str] = []
    for owner in item.owners:
        if owner.person is not None:
            names.append(owner.person.name)
        elif owner.role is not None:
            names.append(owner.role.key)
    return names


def lead_names(action: Action) -> list[str]:
    """The owners of an action as its lead text names them: as :func:`owner_labels` does
    ("HoS Leaving Care", "Children Trust Board"), but a role by its key when its label would
    be read back as another role ("CLERK", as "Committee Clerk" would not be CLERK); so an
    export imported elsewhere finds the same owners, written as people write them."""
    names: list[str] = []
    for owner, label in zip(action.owners, owner_labels(action), strict=True):
        role = owner.role
        if role is not None and [(r.kind, r.key) for r in split_lead(label)] != [
            ("role", role.key)
        ]:
            label = role.key
        names.append(label)
    return names


def owner_labels(action: Action) -> list[str]:
    """The owners of an action as people read them: people by name, roles as meetings name
    them (``role_label``: "DCS", "Committee Clerk")."""
    labels: list[str] = []
    for owner in action.owners:
        if owner.person is not None:
            labels.append(owner.person.name)
        elif owner.role is not None:
            labels.append(_role_label(owner.role.key, owner.role.title))
    return labels


# A workspace has a few dozen roles and a long list names them hundreds of times.
_role_label = functools.lru_cache(maxsize=1024)(role_label)


def _labels(owners: Sequence[OwnerName]) -> list[str]:
    """Owners from the repository (a person's name, or a role's key and title) as labels."""
    return [name if title is None else _role_label(name, title) for name, title in owners]


# A listing's summaries are validated in one call: pydantic then builds the hundreds of models
# of a long list (and their last updates) without a Python __init__ for each (about a third
# less time).
_SUMMARY_LIST: TypeAdapter[list[ActionSummary]] = TypeAdapter(list[ActionSummary])


def update_view(update: UpdateFields) -> UpdateView:
    """An update as shown in history."""
    return UpdateView(
        **_update_fields(
            update.created_at,
            update.author_name,
            update.text,
            update.status_before,
            update.status_after,
            update.source,
            update.permalink,
            update.superseded_by_id,
            update.retracted_at,
        )
    )


def _update_fields(
    at: datetime,
    author: str,
    text: str,
    status_before: str | None,
    status_after: str | None,
    source: str,
    permalink: str | None,
    superseded_by_id: int | None = None,
    retracted_at: datetime | None = None,
) -> dict[str, Any]:
    """The fields of an :class:`UpdateView`."""
    state = "live"
    if retracted_at is not None:
        state = "retracted"
    elif superseded_by_id is not None:
        state = "superseded"
    return {
        "at": at,
        "author": author,
        "text": text,
        "status_before": status_before,
        "status_after": status_after,
        "source": source,
        "permalink": permalink,
        "state": state,
    }


def action_summary(
    action: Action,
    today: date,
    latest: UpdateFields | None = None,
    owners: list[str] | None = None,
) -> ActionSummary:
    """An action as shown in lists (``owners``: its owner names when already loaded)."""
    fields = _summary_fields(
        action.id,
        action.plan.slug,
        action.plan.name,
        action.ref,
        action.title,
        owner_labels(action) if owners is None else owners,
        action.lead_text,
        action.due_date,
        action.due_text,
        action.status,
        today,
        update_view(latest) if latest is not None else None,
    )
    return ActionSummary(**fields)


def _summary_fields(
    action_id: int,
    plan_slug: str,
    plan_name: str,
    ref: str,
    title: str,
    owners: list[str],
    lead_text: str,
    due_date: date | None,
    due_text: str,
    status: str,
    today: date,
    last_update: UpdateView | dict[str, Any] | None,
) -> dict[str, Any]:
    """The fields of an :class:`ActionSummary` (``last_update`` as a view or its fields)."""
    overdue = bool(due_date is not None and due_date < today and is_outstanding(status))
    return {
        "id": action_id,
        "plan_slug": plan_slug,
        "plan_name": plan_name,
        "ref": ref,
        "title": title,
        "owners": owners,
        "lead_text": lead_text,
        "due_date": due_date,
        "due_text": due_text,
        "status": status,
        "overdue": overdue,
        "days_overdue": (today - due_date).days if overdue and due_date else 0,
        "last_update": last_update,
    }


def action_summaries(
    repo: ActionRepository, actions: Sequence[Action], today: date
) -> list[ActionSummary]:
    """Many actions as shown in lists, with owners and latest update (two queries in all)."""
    ids = [a.id for a in actions]
    owners = repo.owner_names(ids)
    latest = repo.latest_update_rows(ids)
    return [
        action_summary(a, today, latest.get(a.id), _labels(owners.get(a.id, ()))) for a in actions
    ]


def listing_summaries(
    repo: ActionRepository, listing: ActionListing, today: date
) -> list[ActionSummary]:
    """The actions of a listing as shown in lists, without ORM objects (one query on
    PostgreSQL, two on SQLite)."""
    rows, owners = repo.summary_rows_and_owners(listing)
    out = []
    # Unpacked by position (the order of the repository's summary columns): quicker than
    # looking each field up by name on hundreds of rows.
    for (
        action_id,
        ref,
        title,
        lead_text,
        due_date,
        due_text,
        status,
        plan_slug,
        plan_name,
        *update,
    ) in rows:
        # A listing's update is the action's newest live one: never superseded nor retracted.
        last_update = _update_fields(*update) if update[0] is not None else None
        out.append(
            _summary_fields(
                action_id,
                plan_slug,
                plan_name,
                ref,
                title,
                _labels(owners.get(action_id, ())),
                lead_text,
                due_date,
                due_text,
                status,
                today,
                last_update,
            )
        )
    return _SUMMARY_LIST.validate_python(out)
