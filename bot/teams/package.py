"""The Teams app package: ``manifest.json`` and two icons in the zip a Teams admin uploads.

The bot is offered in personal chats, group chats and teams; each scope gets a command list
(what Teams suggests as the user types), described with the summaries of the same command
registry that makes ``help``. Reading every channel message (resource-specific consent
``ChannelMessage.Read.Group``) is only requested when asked for: see the README.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from bot.teams.icons import accent_hex, color_icon, outline_icon
from commands.registry import REGISTRY, Registry

MANIFEST_VERSION = "1.17"
MANIFEST_SCHEMA = f"https://developer.microsoft.com/json-schemas/teams/v{MANIFEST_VERSION}/MicrosoftTeams.schema.json"
RSC_PERMISSION = "ChannelMessage.Read.Group"
TITLE_LIMIT = 32
DESCRIPTION_LIMIT = 128
COMMANDS_PER_SCOPE = 10
HOME_COMMAND = ("home", "Your outstanding actions, your KPIs and the next meetings.")

# The commands Teams may suggest: title as typed -> (command group, usage in the registry).
SUGGESTED: dict[str, tuple[str, str]] = {
    "actions mine": ("actions", "mine [overdue] [due <when...>]"),
    "actions overdue": ("actions", "overdue"),
    "actions search": ("actions", "search <words...>"),
    "actions link-channel": ("actions", "link-channel <plan...>"),
    "actions plan": ("actions", "plan"),
    "kpi list": ("kpi", "list"),
    "kpi red": ("kpi", "red|off-target"),
    "meeting next": ("meeting", "next [<committee...>]"),
    "meeting prep": ("meeting", "prep [<meeting...>]"),
    "whoami": ("", "whoami"),
    "help": ("", "help"),
}
# What Teams suggests in each scope, in order (titles of SUGGESTED).
SCOPE_COMMANDS: dict[str, tuple[str, ...]] = {
    "personal": (
        "actions mine",
        "actions overdue",
        "actions search",
        "kpi list",
        "kpi red",
        "meeting next",
        "meeting prep",
        "whoami",
        "help",
    ),
    "team": (
        "actions link-channel",
        "actions plan",
        "actions overdue",
        "actions mine",
        "kpi red",
        "meeting next",
        "meeting prep",
        "help",
    ),
    "groupChat": (
        "actions mine",
        "actions overdue",
        "kpi list",
        "meeting next",
        "meeting prep",
        "help",
    ),
}


@dataclass(frozen=True)
class Publisher:
    """Who publishes the app, as the manifest's ``developer`` block names them."""

    name: str
    website_url: str
    privacy_url: str
    terms_url: str


def csbot_version() -> str:
    """The installed csbot version (the manifest's own version)."""
    try:
        return version("csbot")
    except PackageNotFoundError:
        return "0.1.0"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def command_lists(registry: Registry = REGISTRY) -> list[dict[str, Any]]:
    """One command list per scope, described from the registry's help summaries."""
    import commands.handlers  # noqa: F401  (registers every command in the registry)

    summaries = {(c.group, c.usage): c.summary for c in registry.commands}
    lists = []
    for scope, titles in SCOPE_COMMANDS.items():
        entries: list[dict[str, str]] = []
        if scope == "personal":
            entries.append({"title": HOME_COMMAND[0], "description": HOME_COMMAND[1]})
        for title in titles:
            group, usage = SUGGESTED[title]
            summary = summaries.get((group, usage))
            if summary is None:
                raise LookupError(f"the registry has no command /{group} {usage}")
            entries.append(
                {
                    "title": _clip(title, TITLE_LIMIT),
                    "description": _clip(summary, DESCRIPTION_LIMIT),
                }
            )
        lists.append({"scopes": [scope], "commands": entries[:COMMANDS_PER_SCOPE]})
    return lists


def build_manifest(
    app_id: str,
    publisher: Publisher,
    *,
    read_all_channel_messages: bool = False,
    registry: Registry = REGISTRY,
) -> dict[str, Any]:
    """The app manifest for the bot registered as ``app_id``."""
    manifest: dict[str, Any] = {
        "$schema": MANIFEST_SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": csbot_version(),
        "id": app_id,
        "developer": {
            "name": publisher.name,
            "websiteUrl": publisher.website_url,
            "privacyUrl": publisher.privacy_url,
            "termsOfUseUrl": publisher.terms_url,
        },
        "name": {"short": "csbot", "full": "csbot: action plans, KPIs and committees"},
        "description": {
            "short": "Action plans, KPIs and committee meetings for children's services.",
            "full": (
                "csbot keeps a children's services team's action plans, performance indicators "
                "and committee meetings moving: ask for your actions, log progress in a plan's "
                "channel, see KPIs against target, and get a summary before each committee "
                "meeting. The same bot works in Slack, so one council can use both."
            ),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": accent_hex(),
        "bots": [
            {
                "botId": app_id,
                "scopes": ["personal", "team", "groupChat"],
                "isNotificationOnly": False,
                "supportsFiles": False,
                "commandLists": command_lists(registry),
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [],
    }
    if read_all_channel_messages:
        manifest["webApplicationInfo"] = {"id": app_id, "resource": "https://RscBasedStoreApp"}
        manifest["authorization"] = {
            "permissions": {
                "resourceSpecific": [{"name": RSC_PERMISSION, "type": "Application"}],
            }
        }
    return manifest


def package_bytes(manifest: dict[str, Any]) -> bytes:
    """The app package: a zip with the manifest and both icons at its root."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        zf.writestr("color.png", color_icon())
        zf.writestr("outline.png", outline_icon())
    return buffer.getvalue()


def write_package(path: Path, manifest: dict[str, Any]) -> Path:
    """Write the app package to ``path`` (its folder is created when missing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(package_bytes(manifest))
    return path
