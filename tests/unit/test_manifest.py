"""manifest.yml is valid against Slack's app-manifest schema and matches the registry."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from commands.core import _load_handlers
from commands.registry import REGISTRY

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "tests" / "schemas" / "slack-manifest.schema.1.0.0.json"


def test_manifest_validates_against_slack_schema() -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text())
    jsonschema.validate(manifest, json.loads(SCHEMA.read_text()))


def test_every_command_group_has_a_slash_command() -> None:
    _load_handlers()
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text())
    slash = {c["command"].lstrip("/") for c in manifest["features"]["slash_commands"]}
    assert REGISTRY.groups() - {""} == slash


def test_schema_rejects_a_broken_manifest() -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text())
    manifest["features"]["slash_commands"][0]["command"] = "no-leading-slash and spaces"
    del manifest["display_information"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(manifest, json.loads(SCHEMA.read_text()))
