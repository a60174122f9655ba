"""A deployment's own secrets (``app_secret``): made at random by the first process that asks
for one, then read by every process, so that all of them agree (see
``storage.models.secrets``)."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from storage.models import AppSecret
from storage.unit_of_work import Store


def app_secret(store: Store, name: str) -> str:
    """The secret kept for ``name``, made now (at random) when there is none yet. Two
    processes making it at once agree: the second one's insert fails and it reads the
    first's."""
    with store.session_factory() as session:
        found = session.scalar(select(AppSecret.value).where(AppSecret.name == name))
        if found is not None:
            return found
        session.info["audit"] = False  # a secret never goes into the audit trail
        session.add(AppSecret(name=name, value=secrets.token_urlsafe(48)))
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
        value = session.scalar(select(AppSecret.value).where(AppSecret.name == name))
        if value is None:  # pragma: no cover  (an insert that failed for another reason)
            raise RuntimeError(f"could not keep the {name} secret")
        return value
