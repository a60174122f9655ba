"""Subcommands contributed by the adapters and the scheduler: serve, jobs, teams-package."""

from __future__ import annotations

import argparse
import importlib

_MODULES = ("bot.server_cli", "bot.jobs_cli", "bot.teams.package_cli")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Let each contributing module add its subcommands."""
    for name in _MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            # Skip an adapter that is not installed (the module or its package is absent);
            # a missing dependency *inside* an adapter is a real error and is raised.
            if exc.name is None or not (name == exc.name or name.startswith(exc.name + ".")):
                raise
            continue
        module.register(sub, common)
