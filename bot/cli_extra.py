"""Subcommands contributed by the adapters and the scheduler: serve, jobs, teams-package."""

from __future__ import annotations

import argparse

from bot.optional import import_optional

_MODULES = ("bot.server_cli", "bot.jobs_cli", "bot.teams.package_cli")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Let each contributing module add its subcommands."""
    for name in _MODULES:
        module = import_optional(name)
        if module is not None:
            module.register(sub, common)
