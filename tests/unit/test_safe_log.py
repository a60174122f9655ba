"""What a failure's log line may say: the command's name and the kind of error, no data."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from bot.slack.runner import command_name, failure
from commands.safe_log import describe_error
from storage.database import make_engine


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("/actions update 4.2 Placement review for Child QA-Fake-7", "/actions update"),
        ("/actions", "/actions"),
        ("/meeting item add Fostering lead Jane Fakename", "/meeting item add"),
        ("/kpi Care leavers in touch set 5 for 2015", "/kpi"),
        ("/actions remind snooze 2 days", "/actions remind snooze"),
        ("link Jane Fakename", "link"),
        ("iam not CLERK", "iam not"),
        ("actions show 4.2", "/actions show"),
        ("mark done", "mark done"),
        ("update form", "update form"),
        ("open update form", "open update form"),
        ("workspace set-up", "workspace set-up"),
        ("4.2: note about Jane Fakename", "request"),
        ("jane fakename", "request"),
        ("/nonsense Jane Fakename", "request"),
    ],
)
def test_a_command_is_named_without_what_follows(typed: str, name: str) -> None:
    assert command_name(typed) == name


def test_a_database_error_is_described_without_its_detail_or_parameters() -> None:
    orig = Exception(
        'duplicate key value violates unique constraint "uq_person"\n'
        "DETAIL:  Key (name_key)=(jane fakename) already exists."
    )
    exc = IntegrityError("INSERT INTO person (name) VALUES (?)", ("Jane Fakename",), orig)
    described = describe_error(exc)
    assert described == (
        "IntegrityError (builtins.Exception): "
        'duplicate key value violates unique constraint "uq_person"'
    )


def test_other_errors_are_named_by_class_unless_about_code() -> None:
    assert describe_error(ValueError("Jane Fakename is not a date")) == "ValueError"
    assert describe_error(KeyError("Jane Fakename")) == "KeyError"
    assert describe_error(AttributeError("'NoneType' object has no attribute 'id'")) == (
        "AttributeError: 'NoneType' object has no attribute 'id'"
    )


def test_failure_logs_the_id_the_name_and_the_place(caplog: pytest.LogCaptureFixture) -> None:
    typed = "/actions update 4.2 Jane Fakename visited"
    params = (typed.split()[3],)
    try:
        raise OperationalError("UPDATE action SET x=?", params, Exception("locked"))
    except OperationalError as exc:
        with caplog.at_level(logging.ERROR, logger="bot.slack.runner"):
            failed = failure(exc, typed)
    assert failed.database and failed.error_id in caplog.text
    assert "during /actions update: OperationalError" in caplog.text
    assert "test_safe_log.py" in caplog.text  # where it happened
    assert "Fakename" not in caplog.text
    assert [r for r in caplog.records if r.exc_info] == []


def test_the_engine_hides_bound_parameters() -> None:
    engine = make_engine("sqlite://")
    with pytest.raises(Exception) as raised, engine.connect() as conn:
        conn.exec_driver_sql("SELECT * FROM nowhere WHERE name = ?", ("Jane Fakename",))
    assert "Fakename" not in str(raised.value)
    assert engine.hide_parameters
