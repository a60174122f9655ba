"""``admins``, ``admin add <person>`` and ``admin remove <person>`` through ``csbot say``: the
console's operator (an administrator) makes people administrators, they can then do what
only administrators may, and every change is in the audit trail. Before, nothing but the demo
could make anybody an administrator, so a Teams workspace had none in chat."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from storage.models import AuditEvent
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.factories import leeds_world

Say = Callable[..., tuple[int, str]]
OPERATOR = "console:operator (console operator)"  # the audit trail's actor


@pytest.fixture
def say(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Say:
    """``csbot say [--as PERSON] TEXT``: its exit code and reply."""
    leeds_world(store)
    monkeypatch.setenv("DATABASE_URL", database.url)
    monkeypatch.setenv("HOME", str(tmp_path))

    def run(text: str, as_: str | None = None) -> tuple[int, str]:
        capsys.readouterr()
        code = main(["say", *(["--as", as_] if as_ else []), text])
        return code, capsys.readouterr().out

    return run


def _admin_changes(store: Store) -> list[tuple[str, object, object]]:
    with store.session_factory() as s:
        rows = s.scalars(
            select(AuditEvent).where(AuditEvent.entity == "person").order_by(AuditEvent.id)
        )
        return [
            (r.actor, (r.before or {}).get("is_admin"), (r.after or {}).get("is_admin"))
            for r in rows
            if r.change == "update" and "is_admin" in (r.after or {})
        ]


def test_the_operator_makes_an_administrator_who_can_act_as_one(say: Say, store: Store) -> None:
    assert "Nobody has been made a csbot administrator here yet" in say("admins")[1]
    refused = say("grant HOS to Fiona Smith", as_="Jackie Wilson")[1]
    assert "Only an administrator" in refused
    code, made = say("admin add Jackie Wilson")
    assert code == 0 and "Jackie Wilson is now a csbot administrator" in made
    assert "csbot administrators: Jackie Wilson." in say("admins", as_="Fiona Smith")[1]
    assert "Fiona Smith now holds HOS" in say("grant HOS to Fiona Smith", as_="Jackie Wilson")[1]
    assert _admin_changes(store) == [(OPERATOR, False, True)]


def test_only_administrators_change_who_is_one(say: Say, store: Store) -> None:
    refused = say("admin add Fiona Smith", as_="Fiona Smith")[1]
    assert "Only an administrator can make people administrators" in refused
    say("admin add Jackie Wilson")
    assert (
        "You cannot stop being an administrator yourself"
        in say("admin remove Jackie Wilson", as_="Jackie Wilson")[1]
    )
    assert "Fiona Smith is not an administrator" in say("admin remove Fiona Smith")[1]
    assert "is an administrator already" in say("admin add Jackie Wilson")[1]
    removed = say("admin remove Jackie Wilson")[1]
    assert "Jackie Wilson is no longer a csbot administrator" in removed
    assert "Only an administrator" in say("grant HOS to Fiona Smith", as_="Jackie Wilson")[1]
    assert _admin_changes(store) == [(OPERATOR, False, True), (OPERATOR, True, False)]


def test_a_part_of_a_name_is_asked_about(say: Say, store: Store) -> None:
    asked = say("admin add Jackie")[1]
    assert "Do you mean Jackie Wilson?" in asked and "admin add Jackie Wilson" in asked
    assert _admin_changes(store) == []


def test_an_administrator_cannot_remove_themselves(say: Say, store: Store) -> None:
    # `remove <yourself>` took your administrator rights with you, which `admin remove`
    # refuses (a Teams workspace could be left with no administrator).
    say("admin add Sally Threlfall")
    refused = say("remove Sally Threlfall", as_="Sally Threlfall")[1]
    assert "You cannot remove yourself: ask another administrator" in refused, refused
    assert "Nothing was changed" in refused
    assert "csbot administrators: Sally Threlfall." in say("admins")[1]
    assert "Removed Sally Threlfall." in say("remove Sally Threlfall")[1]  # by another
