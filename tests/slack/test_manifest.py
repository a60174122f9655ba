"""manifest.yml (HTTP) and manifest.socket-mode.yml: valid, and what the adapter serves."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from bot.slack.listeners.commands import SLASH_COMMANDS
from bot.slack.listeners.interactions import LOG_SHORTCUT
from bot.slack.scopes import BOT_SCOPES

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "tests" / "schemas" / "slack-manifest.schema.1.0.0.json"
MANIFESTS = ["manifest.yml", "manifest.socket-mode.yml"]


def _load(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / name).read_text())
    return loaded


@pytest.mark.parametrize("name", MANIFESTS)
def test_manifest_is_valid_against_slacks_schema(name: str) -> None:
    jsonschema.validate(_load(name), json.loads(SCHEMA.read_text()))


@pytest.mark.parametrize("name", MANIFESTS)
def test_manifest_asks_for_what_the_adapter_uses_and_no_more(name: str) -> None:
    manifest = _load(name)
    assert manifest["oauth_config"]["scopes"]["bot"] == BOT_SCOPES
    assert "user" not in manifest["oauth_config"]["scopes"]
    commands = [c["command"] for c in manifest["features"]["slash_commands"]]
    assert commands == list(SLASH_COMMANDS)
    assert all(c["should_escape"] for c in manifest["features"]["slash_commands"])
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert set(events) == {
        "app_home_opened",
        "app_mention",
        "app_uninstalled",
        "message.channels",
        "message.groups",
        "message.im",
        "tokens_revoked",
    }
    (shortcut,) = manifest["features"]["shortcuts"]
    assert (shortcut["type"], shortcut["callback_id"]) == ("message", LOG_SHORTCUT)
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True


def test_http_manifest_sends_everything_to_slack_events() -> None:
    manifest = _load("manifest.yml")
    urls = [c["url"] for c in manifest["features"]["slash_commands"]]
    urls += [
        manifest["settings"]["event_subscriptions"]["request_url"],
        manifest["settings"]["interactivity"]["request_url"],
    ]
    assert {u.split("example.org")[1] for u in urls} == {"/slack/events"}
    assert manifest["oauth_config"]["redirect_urls"][0].endswith("/slack/oauth_redirect")
    assert manifest["settings"]["socket_mode_enabled"] is False


def test_socket_mode_manifest_is_the_same_app_without_request_urls() -> None:
    http, socket = _load("manifest.yml"), _load("manifest.socket-mode.yml")
    assert socket["settings"]["socket_mode_enabled"] is True
    assert "request_url" not in socket["settings"]["event_subscriptions"]
    assert "request_url" not in socket["settings"]["interactivity"]
    assert all("url" not in c for c in socket["features"]["slash_commands"])
    for command in http["features"]["slash_commands"]:
        del command["url"]
    assert socket["features"] == http["features"]
    assert socket["oauth_config"]["scopes"] == http["oauth_config"]["scopes"]
