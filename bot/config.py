"""The one configuration object, read from the environment once at start-up."""

from __future__ import annotations

import types
import typing
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SQLITE_PATH = Path.home() / ".csbot" / "csbot.db"
DEFAULT_TIMEZONE = "Europe/London"
# The ports a server can listen on (uvicorn would quietly wrap a larger number round).
MIN_PORT, MAX_PORT = 1, 65535


class Settings(BaseSettings):
    """Everything csbot reads from its environment (see DESIGN.md, "Environment")."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    database_url: str = ""
    slack_signing_secret: SecretStr | None = None
    slack_bot_token: SecretStr | None = None
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    slack_scopes: str = ""
    slack_state_secret: SecretStr | None = None
    teams_app_id: str | None = None
    teams_app_password: SecretStr | None = None
    teams_tenant_id: str | None = None
    teams_allow_unauthenticated: bool = False
    # Teams (see README, "Microsoft Teams"): managed identity instead of a client secret, the
    # Bot Framework OpenID metadata that lists the keys incoming tokens are signed with, and a
    # service URL that replaces the one Teams hands out (local emulators and tests only).
    teams_managed_identity_client_id: str | None = None
    teams_openid_metadata_url: str = (
        "https://login.botframework.com/v1/.well-known/openidconfiguration"
    )
    teams_token_issuer: str = "https://api.botframework.com"
    teams_service_url: str | None = None
    teams_read_all_channel_messages: bool = False
    # The zone of each workspace created while it is set, of any workspace that has none
    # recorded, and of `jobs run-due --now` without an offset (see README, "Configuration").
    csbot_timezone: str = DEFAULT_TIMEZONE
    port: int = Field(default=3000, ge=MIN_PORT, le=MAX_PORT)
    # Threads running the (synchronous) core in `csbot serve`. Few is faster: the work is
    # mostly Python, and more threads only fight over the interpreter lock. Scale with
    # `csbot serve --workers N` (processes) instead.
    csbot_core_threads: int = Field(default=2, ge=1)

    @field_validator("*", mode="before")
    @classmethod
    def _strip_flags_and_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        """Surrounding whitespace is tolerated in a true/false or number setting."""
        field = cls.model_fields.get(info.field_name or "")
        if isinstance(value, str) and field is not None and field.annotation in (bool, int):
            return value.strip()
        return value

    @field_validator("database_url")
    @classmethod
    def _strip_url(cls, value: str) -> str:
        """Spaces around the URL (as pasted into an environment file) are not part of it."""
        return value.strip()

    @field_validator("csbot_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        """A time zone name that exists (e.g. Europe/London); blank means the default."""
        zone = value.strip() or DEFAULT_TIMEZONE
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"“{value}” is not a time zone (e.g. Europe/London)") from exc
        return zone

    def teams_enabled(self) -> bool:
        """True when Teams traffic should be served (an app id, or the local-development
        switch); the Teams SDK is imported only then."""
        return bool(self.teams_app_id) or self.teams_allow_unauthenticated

    def effective_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the user's home."""
        if self.database_url:
            return normalise_database_url(self.database_url)
        DEFAULT_SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def normalise_database_url(url: str) -> str:
    """Accept the URLs hosting platforms hand out (postgres://, postgresql://) and use psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


class ConfigError(Exception):
    """A setting in the environment that csbot cannot use; its message is one line."""


# What a setting must be, by the kind of pydantic error its value raised.
_EXPECTED = {
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_parsing": "a number",
    "float_type": "a number",
    "bool_parsing": "true or false (or yes/no, on/off, 1/0)",
    "bool_type": "true or false (or yes/no, on/off, 1/0)",
    "string_type": "text",
}
_RANGE_ERRORS = {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}
# Settings never echoed back, besides every ``SecretStr`` one (a URL may hold a password).
_NOT_ECHOED = {"database_url"}


def load_settings() -> Settings:
    """The settings from the environment; a value that does not fit is a ConfigError naming
    the variable, what it must be and (unless secret) what it was."""
    try:
        return Settings()
    except ValidationError as exc:
        raise ConfigError(describe(exc)) from None


def describe(exc: ValidationError) -> str:
    """The problems of a ValidationError of :class:`Settings`, as one line."""
    problems = [_problem(error) for error in exc.errors(include_url=False)]
    return "; ".join(dict.fromkeys(problems))


def _problem(error: Any) -> str:
    """One pydantic error as a sentence about the environment variable."""
    name = str(error["loc"][0]) if error["loc"] else ""
    field = Settings.model_fields.get(name)
    variable = name.upper() or "A setting"
    if error["type"] == "value_error":  # our own validators word the whole problem
        return f"{variable} {error['ctx']['error']}"
    expected = _EXPECTED.get(error["type"])
    if error["type"] in _RANGE_ERRORS and field is not None and _bounds(field.metadata):
        expected = "a whole number " + _bounds(field.metadata)
    got = "" if _secret(name) else f" (got {str(error['input'])[:80]!r})"
    return f"{variable} must be {expected or error['msg'].lower()}{got}"


def _bounds(metadata: list[Any]) -> str:
    """``from 1 to 65535``, ``at least 1`` or ``at most 9`` from a field's ``ge``/``le``
    constraints ('' when it has neither)."""
    low = next((m.ge for m in metadata if getattr(m, "ge", None) is not None), None)
    high = next((m.le for m in metadata if getattr(m, "le", None) is not None), None)
    if low is not None and high is not None:
        return f"from {low} to {high}"
    if low is not None:
        return f"at least {low}"
    return f"at most {high}" if high is not None else ""


def _secret(name: str) -> bool:
    """True when the setting ``name`` must never be shown (a secret, or may hold one)."""
    field = Settings.model_fields.get(name)
    if field is None or name in _NOT_ECHOED:
        return True
    annotation = field.annotation
    kinds = typing.get_args(annotation) if isinstance(annotation, types.UnionType) else ()
    return annotation is SecretStr or SecretStr in kinds
