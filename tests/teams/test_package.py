"""``csbot teams-package``: the manifest, the icons and the zip a Teams admin uploads."""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

import pytest

from bot.cli import main
from bot.teams.package import RSC_PERMISSION, Publisher, build_manifest
from commands.core import Core  # noqa: F401  (loads every command into the registry)
from commands.registry import REGISTRY
from tests.teams.signing import APP_ID

PUBLISHER = Publisher(
    "Leeds City Council",
    "https://www.leeds.gov.uk/",
    "https://www.leeds.gov.uk/privacy",
    "https://www.leeds.gov.uk/terms",
)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_manifest_offers_the_bot_in_every_scope_with_its_commands() -> None:
    manifest = build_manifest(APP_ID, PUBLISHER)
    assert manifest["manifestVersion"] == "1.17" and manifest["id"] == APP_ID
    [bot] = manifest["bots"]
    assert bot["botId"] == APP_ID
    assert sorted(bot["scopes"]) == ["groupChat", "personal", "team"]
    lists = {tuple(c["scopes"]): c["commands"] for c in bot["commandLists"]}
    assert sorted(lists) == [("groupChat",), ("personal",), ("team",)]
    for commands in lists.values():
        assert 1 <= len(commands) <= 10
        for command in commands:
            assert len(command["title"]) <= 32 and 0 < len(command["description"]) <= 128
            if command["title"] == "home":
                continue
            split = REGISTRY.split_group(command["title"])
            assert split is not None, command["title"]
            group, words = split
            if words:  # the grammar knows every suggested command
                REGISTRY.resolve(
                    group, words + (["x"] if words[-1] in ("search", "link-channel") else [])
                )
    assert "authorization" not in manifest and "webApplicationInfo" not in manifest


def test_reading_every_channel_message_is_opt_in() -> None:
    manifest = build_manifest(APP_ID, PUBLISHER, read_all_channel_messages=True)
    specific = manifest["authorization"]["permissions"]["resourceSpecific"]
    assert specific == [{"name": RSC_PERMISSION, "type": "Application"}]
    assert manifest["webApplicationInfo"]["id"] == APP_ID


def test_cli_writes_the_zip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TEAMS_APP_ID", APP_ID)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'unused.db'}")
    out = tmp_path / "pkg" / "csbot.zip"
    assert (
        main(["teams-package", "--out", str(out), "--website-url", "https://www.leeds.gov.uk/"])
        == 0
    )
    assert "Wrote" in capsys.readouterr().out
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(zf.read("manifest.json"))
        assert _png_size(zf.read("color.png")) == (192, 192)
        assert _png_size(zf.read("outline.png")) == (32, 32)
    assert manifest["developer"]["privacyUrl"] == "https://www.leeds.gov.uk/"
    assert manifest["bots"][0]["botId"] == APP_ID


def test_cli_refuses_without_app_id_or_with_http_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TEAMS_APP_ID", raising=False)
    out = tmp_path / "x.zip"
    assert main(["teams-package", "--out", str(out)]) == 1
    assert "TEAMS_APP_ID" in capsys.readouterr().err
    assert main(["teams-package", "--out", str(out), "--app-id", "not-a-guid"]) == 1
    assert "not a GUID" in capsys.readouterr().err
    args = [
        "teams-package",
        "--out",
        str(out),
        "--app-id",
        APP_ID,
        "--website-url",
        "http://x.example/",
    ]
    assert main(args) == 1
    assert "https://" in capsys.readouterr().err
    assert not out.exists()
