"""Shared base of the repositories."""

from __future__ import annotations

from sqlalchemy.orm import Session


class Repository:
    """Holds the session and the workspace every query of a repository is scoped to."""

    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def add(self, obj: object) -> None:
        """Stage a new row (it is written on the next flush or commit)."""
        self.session.add(obj)

    def flush(self) -> None:
        """Send pending changes to the database inside the current transaction."""
        self.session.flush()


def like_escaped(text: str) -> str:
    """``text`` inside a LIKE pattern whose escape is ``\\``: its wildcards match literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
