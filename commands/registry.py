"""The command registry: every command's usage pattern, help line and handler in one place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz.distance import OSA

from commands.errors import NotUnderstood
from commands.formatting import channel_as_text
from commands.grammar import (
    Bindings,
    Element,
    Literal,
    Optional,
    compile_pattern,
    match,
    split_words,
)
from commands.views import Help, HelpEntry

if TYPE_CHECKING:
    from commands.handler_context import HandlerContext
    from commands.views import View

Handler = Callable[["HandlerContext", Bindings], "View"]
# Commands a group proposes for words none of its patterns matched, best first.
Hint = Callable[[list[str]], list[str]]

# The longest command a typo fix is proposed for (see _typo_fixed).
MAX_FIXED_CHARS = 150

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
        """The first command of the group whose pattern matches the words, with its bindings.

        The group-less commands about who you are (``link``, ``iam``, ``whoami``, ``grant``,
        ``revoke``) and about people (``people``, ``merge``, ``rename``, ``remove``) also work
        after a group (``/actions link Fiona Smith``, ``/kpi iam HOS``):
        Slack has only the three slash commands. They are tried when the typed text starts
        with their exact first word and none of the group's own commands starting with a
        literal word matched, so ``/kpi link-rate`` (or any other indicator name) is still
        an indicator and ``/meeting link CPAC plan X`` still links a meeting to a plan."""
        candidates = self.in_group(group)
        found: tuple[Command, Bindings] | None = None
        for cmd in candidates:
            bindings = match(cmd.usage, words)
            if bindings is not None:
                found = cmd, bindings
                break
        if found is not None and (not group or _starts_with_literal(found[0])):
            return found
        if group:
            anywhere = self._identity_command(group, words)
            if anywhere is not None:
                return anywhere
        if found is not None:
            return found
        hint = self.hints.get(group)
        proposed = hint(words) if hint is not None else []
        proposed += [f for f in _typo_fixed(group, candidates, words) if f not in proposed]
        usages = [c.display_usage() for c in _nearest(candidates, words)]
        first = words[0].lower() if words else ""
        if group and not any(first in _first_literal(c) for c in candidates):
            # ``/actions link`` with no name: show the identity command's own usage first.
            usages[:0] = [
                f"/{group} {c.usage}"
                for c in self.identity_commands()
                if first in _first_literal(c)
            ]
        raise NotUnderstood(
            _not_understood_text(group, words),
            suggestions=[*proposed, *(u for u in usages if u not in proposed)],
        )

    def identity_commands(self) -> list[Command]:
        """The group-less commands that also work after any group: all but ``help``."""
        return [c for c in self.in_group("") if c.usage.split()[:1] != ["help"]]

    def _identity_command(self, group: str, words: list[str]) -> tuple[Command, Bindings] | None:
        """A group-less identity command typed after ``group`` (see :meth:`resolve`)."""
        if not words:
            return None
        first = words[0].lower()
        identity = [c for c in self.identity_commands() if first in _first_literal(c)]
        if not identity:  # nearly always: an indicator's name, say
            return None
        own = [c for c in self.in_group(group) if _first_literal(c) and first in _first_literal(c)]
        # A word of the group's own command with that first word (``/meeting link … plan …``)
        # means the user meant the group's command: leave it to its "did you mean".
        own_words = {w for c in own for w in _literal_words(c)}
        if any(w.lower() in own_words for w in words[1:]):
            return None
        for cmd in identity:
            bindings = match(cmd.usage, words)
            if bindings is not None:
                return cmd, bindings
        return None

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
        footer = ""
        if group == "":
            for g in sorted(self.groups() - {""}):
                entries.append(HelpEntry(usage=f"/{g} help", summary=GROUP_TITLES.get(g, g)))
        elif self.identity_commands():
            footer = (
                f"Who you are: `/{group} link <your name>`, `/{group} iam <role>`, "
                f"`/{group} whoami` (after any of /actions, /kpi, /meeting, or on their own "
                "in a message to csbot). Administrators list and tidy people with "
                f"`/{group} people`, `merge`, `rename` and `remove` (`help` has them all)."
            )
        return Help(title=GROUP_TITLES.get(group, group), entries=entries, footer=footer)


def _not_understood_text(group: str, words: list[str]) -> str:
    typed = channel_as_text(" ".join(words))
    if len(typed) > 60:
        typed = typed[:57] + "..."
    where = f"/{group} " if group else ""
    if not words:
        return f"{where.strip()} needs more: see the usage below."
    return f"I didn't understand `{where}{typed}`."


def _first_literal(command: Command) -> tuple[str, ...]:
    """The words a command's pattern must start with; () when it starts with a slot."""
    elements = compile_pattern(command.usage)
    if elements and isinstance(elements[0], Literal):
        return elements[0].words
    return ()


def _starts_with_literal(command: Command) -> bool:
    return bool(_first_literal(command))


def _literal_words(command: Command) -> set[str]:
    """Every literal word of a command's pattern after its first (``plan``, ``kpi``, …)."""
    words: set[str] = set()

    def walk(elements: tuple[Element, ...]) -> None:
        for el in elements:
            if isinstance(el, Literal):
                words.update(el.words)
            elif isinstance(el, Optional):
                walk(el.items)

    elements = compile_pattern(command.usage)
    walk(elements[1:])
    return words


def _nearest(candidates: list[Command], words: list[str]) -> list[Command]:
    """Commands whose first literal word matches what was typed first, else those whose first
    word it is a likely typo of, else all of them."""
    if words:
        first = words[0].lower()
        same = [c for c in candidates if c.usage.split()[:1] == [first]]
        if same:
            return same
        close = set(_close_words(first, candidates))
        near = [c for c in candidates if close & set(_first_literal(c))]
        if near:
            return near
    return candidates


def _close_words(typed: str, candidates: list[Command]) -> list[str]:
    """The first words of commands that ``typed`` is a likely typo of ("shwo" for "show",
    "serach" for "search"), closest first: one slip in a word of up to five letters, two in a
    longer one (a swap of two letters is one slip)."""
    words = {w for c in candidates for w in _first_literal(c)}
    if len(typed) < 3 or typed in words:
        return []  # a command's own word: its arguments were wrong, not the word
    allowed = 1 if len(typed) <= 5 else 2
    scored = sorted((OSA.distance(typed, w), w) for w in words)
    return [w for distance, w in scored if 0 < distance <= allowed]


def _typo_fixed(group: str, candidates: list[Command], words: list[str]) -> list[str]:
    """The command as typed with its mistyped first word put right ("/actions shwo 4.3" ->
    "/actions show 4.3"), when the words then match a command; short ones only, as a
    suggestion can be a button that runs it (Teams)."""
    if not words or any("<" in w for w in words):
        return []  # chat markup (a mention, a channel) is never repeated in a suggestion
    fixed: list[str] = []
    for word in _close_words(words[0].lower(), candidates):
        retyped = [word, *words[1:]]
        text = " ".join(retyped)
        if len(text) <= MAX_FIXED_CHARS and any(match(c.usage, retyped) for c in candidates):
            fixed.append(f"/{group} {text}" if group else text)
    return fixed


REGISTRY = Registry()
