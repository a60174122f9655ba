"""Two processes creating the same workspace at the same moment: the one that loses the
race finds it there, with no error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError

from storage.unit_of_work import Store


def test_the_loser_of_the_race_finds_the_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    first, second = Store.from_url(url), Store.from_url(url)
    first.ensure_workspace("local", name="Local")

    # The second read before the first committed: it saw no workspace, so it inserts one.
    real = second.workspace_id
    seen: list[str] = []

    def not_yet(session: Any, key: str) -> int | None:
        if not seen:
            seen.append(key)
            return None
        return real(session, key)

    monkeypatch.setattr(second, "workspace_id", not_yet)
    second.ensure_workspace("local", name="Local")
    assert seen == ["local"]
    assert second.workspace_keys() == ["local"]


def test_a_real_failure_to_create_is_not_hidden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.from_url(f"sqlite:///{tmp_path / 'w.db'}")
    monkeypatch.setattr(store, "workspace_id", lambda session, key: None)
    store.ensure_workspace("local", name="Local")
    with pytest.raises(IntegrityError):
        store.ensure_workspace("local", name="Local")  # a duplicate, and still not found
