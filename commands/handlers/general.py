"""Top-level commands: help."""

from __future__ import annotations

from commands.grammar import Bindings
from commands.handler_context import HandlerContext
from commands.registry import REGISTRY
from commands.views import View


@REGISTRY.command("", "help", "What csbot can do.")
def general_help(h: HandlerContext, args: Bindings) -> View:
    """The top-level help, generated from the registry."""
    return h.registry.help("")


@REGISTRY.command("actions", "help", "The /actions commands.")
def actions_help(h: HandlerContext, args: Bindings) -> View:
    """Help for /actions."""
    return h.registry.help("actions")


@REGISTRY.command("kpi", "help", "The /kpi commands.")
def kpi_help(h: HandlerContext, args: Bindings) -> View:
    """Help for /kpi."""
    return h.registry.help("kpi")
