"""Secrets csbot makes for itself, one per purpose, shared by every process of a deployment
through the database (for example the key that seals Teams' pick buttons where the app has
no password of its own to derive it from)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, utcnow


class AppSecret(Base):
    """A random secret kept for one purpose (``name``); never shown, logged or audited."""

    __tablename__ = "app_secret"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
