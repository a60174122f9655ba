"""``csbot db copy`` into a database that holds only a workspace a command made when it was
run against it (``csbot say whoami``, to check the new database) names that workspace and the
command that empties it. Before, it said only that the target held csbot data, with no way on."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.unit_of_work import Store
from tests.conftest import Database
from tests.integration.test_db_copy import dump, run, sqlite_source


def test_a_target_holding_only_an_empty_workspace_is_named_with_the_way_on(
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source, source_url = sqlite_source(tmp_path)
    target = Store.from_url(database.url, upgrade=False)
    target.ensure_workspace("local", name="Local")  # what `csbot say whoami` leaves
    before = dump(target.engine)
    code, out, err = run(source_url, ["db", "copy", "--to", database.url], monkeypatch, capsys)
    assert code == 1 and out == ""
    assert "the target holds an empty workspace (“local”)" in err, err
    assert "`csbot db delete-workspace local --confirm local`, then copy again" in err
    assert dump(target.engine) == before

    monkeypatch.setenv("DATABASE_URL", database.url)
    code, _, err = run(
        database.url, ["db", "delete-workspace", "local", "--confirm", "local"], monkeypatch, capsys
    )
    assert code == 0, err
    code, out, err = run(source_url, ["db", "copy", "--to", database.url], monkeypatch, capsys)
    assert code == 0, err
    source.engine.dispose()
    target.engine.dispose()
