"""The command registry: every command's usage pattern, help line and handler in one place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from commands.errors import NotUnderstood
from commands.grammar import Bindings, compile_pattern, match, split_words
from commands.views import Help, HelpEntry

if TYPE_CHECKING:
    from commands.handler_context import HandlerContext
    from commands.views import View

Handler = Callable[["HandlerContext", Bindings], "View"]
# Commands a group proposes for words none of its patterns matched, best first.
Hint = Callable[[list[str]], list[str]]

GROUP_ALIASES = {
    "actions": "actions",
    "action": "actions",
    "act": "actions",
    "kpi": "kpi",
    "kpis": "kpi",
    "indicator": "kpi",
    "indicators": "kpi",
    "meeting": "meeting",
    "meetings": "meeting",
    "csbot": "",
}

GROUP_TITLES = {
    "": "csbot",
    "actions": "/actions — action plans",
    "kpi": "/kpi — performance indicators",
    "meeting": "/meeting — committees and meetings",
}


@dataclass(frozen=True)
class Command:
    """One command: group (``actions``), usage after the group, one-line summary, handler."""

    group: str
    usage: str
    summary: str
    handler: Handler
    writes: bool = False
    examples: tuple[str, ...] = ()

    def display_usage(self) -> str:
        """The usage as a user types it, e.g. ``/actions show <ref>``."""
        prefix = f"/{self.group} " if self.group else ""
        return (prefix + self.usage).strip()


@dataclass
class Registry:
    """Holds the commands in the order they are tried (first full match wins)."""

    commands: list[Command] = field(default_factory=list)
    hints: dict[str, Hint] = field(default_factory=dict)

    def command(
        self,
        group: str,
        usage: str,
        summary: str,
        *,
        writes: bool = False,
        examples: tuple[str, ...] = (),
    ) -> Callable[[Handler], Handler]:
        """Decorator registering a handler under a usage pattern."""
        compile_pattern(usage)  # fail fast on a malformed pattern

        def register(fn: Handler) -> Handler:
            self.commands.append(Command(group, usage, summary, fn, writes, examples))
            return fn

        return register

    def hint(self, group: str) -> Callable[[Hint], Hint]:
        """Decorator registering a group's "did you mean" for text it did not understand:
        whole commands, shown before the nearest usages."""

        def register(fn: Hint) -> Hint:
            self.hints[group] = fn
            return fn

        return register

    def groups(self) -> set[str]:
        """The names of the command groups."""
        return {c.group for c in self.commands}

    def in_group(self, group: str) -> list[Command]:
        """The commands of one group, in registration order."""
        return [c for c in self.commands if c.group == group]

    def split_group(self, text: str) -> tuple[str, list[str]] | None:
        """Split typed text into (group, remaining words); None when it is no command."""
        words = split_words(text)
        if not words:
            return None
        head = words[0].lstrip("/").lower()
        explicit_slash = words[0].startswith("/")
        if head in GROUP_ALIASES and GROUP_ALIASES[head] in self.groups() | {""}:
            return GROUP_ALIASES[head], words[1:]
        top_level = {c.usage.split()[0].lower() for c in self.in_group("") if c.usage}
        if head in top_level:
            return "", words
        if explicit_slash:
            raise NotUnderstood(
                f"I don't know the command /{head}. Try /actions help, /kpi help or /meeting help."
            )
        return None

    def resolve(self, group: str, words: list[str]) -> tuple[Command, Bindings]:
        """The first command of the group whose pattern matches the words, with its bindings."""
        candidates = self.in_group(group)
        for cmd in candidates:
            bindings = match(cmd.usage, words)
            if bindings is not None:
                return cmd, bindings
        hint = self.hints.get(group)
        proposed = hint(words) if hint is not None else []
        usages = [c.display_usage() for c in _nearest(candidates, words)]
        raise NotUnderstood(
            _not_understood_text(group, words),
            suggestions=[*proposed, *(u for u in usages if u not in proposed)],
        )

    def writes_of(self, text: str) -> bool | None:
        """Whether typed ``text`` is a command that changes things (True) or one that only
        reads (False, help included); None when it is no command this registry understands
        (a channel message, say). Runs nothing."""
        try:
            split = self.split_group(text)
            if split is None:
                return None
            group, words = split
            if not words or (len(words) == 1 and words[0].lower() in ("help", "?")):
                return False
            command, _ = self.resolve(group, words)
        except NotUnderstood:
            return None
        return command.writes

    def help(self, group: str) -> Help:
        """Help for a group, generated from the registered patterns."""
        entries = [
            HelpEntry(usage=c.display_usage(), summary=c.summary) for c in self.in_group(group)
        ]
        if group == "":
            for g in sorted(self.groups() - {""}):
                entries.append(HelpEntry(usage=f"/{g} help", summary=GROUP_TITLES.get(g, g)))
        return Help(title=GROUP_TITLES.get(group, group), entries=entries)


def _not_understood_text(group: str, words: list[str]) -> str:
    typed = " ".join(words)
    if len(typed) > 60:
        typed = typed[:57] + "..."
    where = f"/{group} " if group else ""
    if not words:
        return f"{where.strip()} needs more: see the usage below."
    return f"I didn't understand `{where}{typed}`."


def _nearest(candidates: list[Command], words: list[str]) -> list[Command]:
    """Commands whose first literal word matches what was typed first, else all of them."""
    if words:
        first = words[0].lower()
        same = [c for c in candidates if c.usage.split()[:1] == [first]]
        if same:
            return same
    return candidates


REGISTRY = Registry()
