"""The one configuration object, read from the environment once at start-up."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SQLITE_PATH = Path.home() / ".csbot" / "csbot.db"


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
    csbot_timezone: str = "Europe/London"
    port: int = 3000
    # Threads running the (synchronous) core in `csbot serve`. Few is faster: the work is
    # mostly Python, and more threads only fight over the interpreter lock. Scale with
    # `csbot serve --workers N` (processes) instead.
    csbot_core_threads: int = 2

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
