"""``csbot teams-package [--out FILE]``: write the Teams app package an admin uploads."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from bot.config import Settings

DEFAULT_OUT = "csbot-teams.zip"
DEFAULT_WEBSITE = "https://teams.microsoft.com/"
_GUID_RE = re.compile(r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")


def _https(value: str, option: str) -> str:
    from bot.cli import CliError

    if not value.startswith("https://"):
        raise CliError(f"{option} must be an https:// address (Teams refuses others): {value!r}")
    return value


def cmd_teams_package(args: argparse.Namespace, settings: Settings) -> int:
    """Build the manifest and icons from the settings and write the zip."""
    from bot.cli import EXIT_OK, CliError
    from bot.teams.package import Publisher, build_manifest, write_package

    app_id = args.app_id or settings.teams_app_id
    if not app_id:
        raise CliError(
            "The package needs the bot's app id: set TEAMS_APP_ID (the Microsoft App ID of "
            "the Azure Bot) or pass --app-id."
        )
    if not _GUID_RE.match(app_id):
        raise CliError(f"The app id {app_id!r} is not a GUID such as 00000000-0000-0000-0000-0…")
    website = _https(args.website_url, "--website-url")
    publisher = Publisher(
        name=args.developer_name,
        website_url=website,
        privacy_url=_https(args.privacy_url or website, "--privacy-url"),
        terms_url=_https(args.terms_url or website, "--terms-url"),
    )
    read_all = args.read_all_channel_messages or settings.teams_read_all_channel_messages
    manifest = build_manifest(app_id, publisher, read_all_channel_messages=read_all)
    path = write_package(Path(args.out), manifest)
    print(f"Wrote {path} (manifest {manifest['manifestVersion']}, app {app_id}).")
    if read_all:
        print(
            "It asks for ChannelMessage.Read.Group: csbot will receive every message in the "
            "channels of teams that install it (see the README before uploading)."
        )
    if website == DEFAULT_WEBSITE:
        print(
            "Website, privacy and terms links point at Teams itself; pass --website-url, "
            "--privacy-url and --terms-url with your organisation's pages if you publish widely."
        )
    print("Upload it in Teams (Apps > Manage your apps > Upload an app) or the Teams admin centre.")
    return EXIT_OK


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Add ``csbot teams-package``."""
    p = sub.add_parser(
        "teams-package", parents=[common], help="write the Microsoft Teams app package (zip)"
    )
    p.add_argument("--out", default=DEFAULT_OUT, metavar="FILE", help=f"default: {DEFAULT_OUT}")
    p.add_argument("--app-id", help="the bot's Microsoft App ID (default: $TEAMS_APP_ID)")
    p.add_argument("--developer-name", default="csbot", help="publisher name shown in Teams")
    p.add_argument("--website-url", default=DEFAULT_WEBSITE, help="publisher website (https)")
    p.add_argument("--privacy-url", help="privacy statement (https; default: the website)")
    p.add_argument("--terms-url", help="terms of use (https; default: the website)")
    p.add_argument(
        "--read-all-channel-messages",
        action="store_true",
        help="ask for resource-specific consent to read every channel message (see README)",
    )
    p.set_defaults(func=cmd_teams_package)
