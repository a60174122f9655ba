"""Settings that do not fit are described in one line naming the variable (never a secret's
value); whitespace around a true/false is tolerated; time zones and ports are checked."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from bot.config import ConfigError, Settings, describe, load_settings


def problem(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> str:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("CSBOT_CORE_THREADS", "abc", "CSBOT_CORE_THREADS must be a whole number (got 'abc')"),
        # No thread at all (or fewer) would run nothing: serve quietly used one instead.
        (
            "CSBOT_CORE_THREADS",
            "0",
            "CSBOT_CORE_THREADS must be a whole number at least 1 (got '0')",
        ),
        (
            "CSBOT_CORE_THREADS",
            "-3",
            "CSBOT_CORE_THREADS must be a whole number at least 1 (got '-3')",
        ),
        ("PORT", "abc", "PORT must be a whole number (got 'abc')"),
        ("PORT", "99999", "PORT must be a whole number from 1 to 65535 (got '99999')"),
        ("PORT", "0", "PORT must be a whole number from 1 to 65535 (got '0')"),
        (
            "TEAMS_ALLOW_UNAUTHENTICATED",
            "maybe",
            "TEAMS_ALLOW_UNAUTHENTICATED must be true or false (or yes/no, on/off, 1/0) "
            "(got 'maybe')",
        ),
        (
            "TEAMS_READ_ALL_CHANNEL_MESSAGES",
            "yesplease",
            "TEAMS_READ_ALL_CHANNEL_MESSAGES must be true or false (or yes/no, on/off, 1/0) "
            "(got 'yesplease')",
        ),
        (
            "CSBOT_TIMEZONE",
            "Mars/Olympus",
            "CSBOT_TIMEZONE “Mars/Olympus” is not a time zone (e.g. Europe/London)",
        ),
        (
            "CSBOT_TIMEZONE",
            "../../etc/passwd",
            "CSBOT_TIMEZONE “../../etc/passwd” is not a time zone (e.g. Europe/London)",
        ),
    ],
)
def test_a_bad_value_is_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    assert problem(monkeypatch, name, value) == expected


def test_every_bad_value_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "x")
    assert problem(monkeypatch, "CSBOT_CORE_THREADS", "y") == (
        "PORT must be a whole number (got 'x'); CSBOT_CORE_THREADS must be a whole number (got 'y')"
    )


@pytest.mark.parametrize("value", ["True ", " yes", "\t1\n", " on "])
def test_whitespace_around_a_true_or_false_is_tolerated(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("TEAMS_READ_ALL_CHANNEL_MESSAGES", value)
    assert load_settings().teams_read_all_channel_messages is True


def test_whitespace_around_a_number_or_a_zone_is_tolerated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PORT", " 8080 ")
    monkeypatch.setenv("CSBOT_TIMEZONE", " Europe/Dublin ")
    settings = load_settings()
    assert (settings.port, settings.csbot_timezone) == (8080, "Europe/Dublin")


def test_whitespace_around_the_database_url_is_not_part_of_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", " postgres://u@db.example/csbot \n")
    url = load_settings().effective_database_url()
    assert url == "postgresql+psycopg://u@db.example/csbot"


def test_a_blank_zone_means_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CSBOT_TIMEZONE", "  ")
    assert load_settings().csbot_timezone == "Europe/London"


SECRETS = [
    "slack_signing_secret",
    "slack_bot_token",
    "slack_client_secret",
    "slack_app_token",
    "slack_state_secret",
    "teams_app_password",
]


@pytest.mark.parametrize("field", SECRETS)
def test_a_secret_is_never_echoed(field: str) -> None:
    secret: Any = ["s3cret-value-123"]  # not text: a SecretStr refuses it
    with pytest.raises(ValidationError) as caught:
        Settings(**{field: secret})
    line = describe(caught.value)
    assert line.startswith(field.upper() + " must be ")
    assert "s3cret" not in line


def test_every_secret_setting_is_covered() -> None:
    secret_fields = {
        name for name, field in Settings.model_fields.items() if "SecretStr" in str(field)
    }
    assert secret_fields == set(SECRETS)


def test_the_database_url_is_never_echoed() -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(database_url=["postgresql://u:s3cret@h/db"])  # type: ignore[arg-type]
    assert "s3cret" not in describe(caught.value)
