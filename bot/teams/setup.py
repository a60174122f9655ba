"""Wiring the Teams adapter from the settings: credentials, authentication and the sender.

Credentials come from the environment:
- ``TEAMS_APP_ID`` + ``TEAMS_APP_PASSWORD``: the bot's client id and secret;
- ``TEAMS_APP_ID`` + ``TEAMS_MANAGED_IDENTITY_CLIENT_ID``: a managed identity instead of a
  secret (the app id itself for a user-assigned identity that is the bot's identity,
  ``system`` for the system-assigned identity, or another client id for a user-assigned
  identity federated with the app registration), as the SDK's token manager defines them;
- ``TEAMS_TENANT_ID``: the bot's home tenant (single-tenant bots); when set, only that
  tenant's requests are served.

The SDK's token manager is created here, never at import time; it reaches the Microsoft login
service only when the bot first sends something.
"""

from __future__ import annotations

import logging
import warnings

from microsoft_teams.api import (
    ClientCredentials,
    Credentials,
    FederatedIdentityCredentials,
    ManagedIdentityCredentials,
)
from microsoft_teams.api.auth.cloud_environment import PUBLIC, CloudEnvironment, with_overrides
from microsoft_teams.api.auth.credentials import TokenProviderProtocol

from bot.config import Settings
from bot.teams.auth import BotFrameworkAuth, OpenIdKeys
from bot.teams.connector import ConnectorSender

log = logging.getLogger(__name__)


class TeamsConfigError(ValueError):
    """The Teams settings do not make a working bot."""


def teams_configured(settings: Settings) -> bool:
    """True when Teams traffic should be served (an app id, or the local-development switch)."""
    return settings.teams_enabled()


def cloud_of(settings: Settings) -> CloudEnvironment:
    """Microsoft's public cloud, with the OpenID metadata and issuer from the settings."""
    return with_overrides(
        PUBLIC,
        openid_metadata_url=settings.teams_openid_metadata_url,
        token_issuer=settings.teams_token_issuer,
    )


def credentials_of(settings: Settings) -> Credentials | None:
    """The bot's outgoing credentials, or None when it has none (it can then only listen)."""
    app_id = settings.teams_app_id
    if not app_id:
        return None
    tenant = settings.teams_tenant_id
    if settings.teams_app_password is not None:
        return ClientCredentials(
            client_id=app_id,
            client_secret=settings.teams_app_password.get_secret_value(),
            tenant_id=tenant,
        )
    identity = settings.teams_managed_identity_client_id
    if not identity:
        return None
    if identity == app_id:
        return ManagedIdentityCredentials(client_id=app_id, tenant_id=tenant)
    if identity == "system":
        return FederatedIdentityCredentials(
            client_id=app_id, managed_identity_type="system", tenant_id=tenant
        )
    return FederatedIdentityCredentials(
        client_id=app_id,
        managed_identity_type="user",
        managed_identity_client_id=identity,
        tenant_id=tenant,
    )


def token_provider_of(
    credentials: Credentials | None, cloud: CloudEnvironment
) -> TokenProviderProtocol | None:
    """The SDK's token provider for these credentials (None: send without a token)."""
    if credentials is None:
        return None
    with warnings.catch_warnings():
        # The SDK's apps package warns, as it is imported, that a part csbot never uses (HTML
        # widgets) is in preview: two lines of noise at every `csbot serve` start.
        warnings.filterwarnings("ignore", message="HtmlWidgetSecurityPolicy is in preview")
        from microsoft_teams.apps.token_manager import TokenManager
        from microsoft_teams.apps.token_provider import AppTokenProvider

    return AppTokenProvider(TokenManager(credentials=credentials, cloud=cloud), cloud)


def build_sender(settings: Settings, *, credentials: Credentials | None = None) -> ConnectorSender:
    """The connector client for these settings (``credentials`` overrides the settings')."""
    cloud = cloud_of(settings)
    creds = credentials if credentials is not None else credentials_of(settings)
    if creds is None and settings.teams_app_id:
        log.warning(
            "TEAMS_APP_ID is set but neither TEAMS_APP_PASSWORD nor "
            "TEAMS_MANAGED_IDENTITY_CLIENT_ID: csbot sends to Teams without a token, which "
            "only a local emulator accepts"
        )
    return ConnectorSender(
        token_provider=token_provider_of(creds, cloud),
        cloud=cloud,
        service_url_override=settings.teams_service_url,
    )


def build_auth(settings: Settings) -> BotFrameworkAuth | None:
    """The request authenticator; None only under the local-development switch."""
    if not settings.teams_app_id:
        if settings.teams_allow_unauthenticated:
            return None
        raise TeamsConfigError("TEAMS_APP_ID is needed to authenticate Teams requests.")
    keys = OpenIdKeys(settings.teams_openid_metadata_url)
    return BotFrameworkAuth(settings.teams_app_id, keys, issuer=settings.teams_token_issuer)


def allowed_tenants(settings: Settings) -> frozenset[str] | None:
    """The tenants served: the home tenant of a single-tenant bot, else any (None)."""
    return frozenset({settings.teams_tenant_id}) if settings.teams_tenant_id else None
