"""The one grammar: usage patterns such as ``update <ref> <text...>`` matched against typed text.

A usage pattern is a sequence of
- literal words (``mine``, ``owner``), matched case-insensitively; ``a|b`` matches either;
- ``<name>``: exactly one word;
- ``<name...>``: one or more words, as few as possible so that the rest still matches;
- ``[ ... ]``: an optional group (nestable).

The same patterns generate the help text, so what users read is what the parser accepts.
Matching is memoised on (pattern position, word position), so its cost stays polynomial in
the length of the text even for adversarial input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_TOKEN_RE = re.compile(r"\[|\]|<[a-z_]+(?:\.\.\.)?>|[^\s\[\]<>]+")


@dataclass(frozen=True)
class Literal:
    """One literal word or a choice of words."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class Slot:
    """A placeholder that binds one word, or several words when ``many``."""

    name: str
    many: bool


@dataclass(frozen=True)
class Optional:
    """An optional group of pattern elements."""

    items: tuple[Element, ...]


Element = Literal | Slot | Optional


class PatternError(ValueError):
    """A usage pattern is malformed (a programming error, not a user error)."""


@lru_cache(maxsize=512)
def compile_pattern(usage: str) -> tuple[Element, ...]:
    """Parse a usage string into pattern elements."""
    tokens = _TOKEN_RE.findall(usage)
    pos = 0

    def parse_seq(closing: bool) -> tuple[Element, ...]:
        nonlocal pos
        items: list[Element] = []
        while pos < len(tokens):
            tok = tokens[pos]
            pos += 1
            if tok == "[":
                items.append(Optional(parse_seq(True)))
            elif tok == "]":
                if not closing:
                    raise PatternError(f"unbalanced ] in {usage!r}")
                return tuple(items)
            elif tok.startswith("<"):
                many = tok.endswith("...>")
                items.append(Slot(tok.strip("<>.").rstrip("."), many))
            else:
                items.append(Literal(tuple(w.lower() for w in tok.split("|"))))
        if closing:
            raise PatternError(f"unbalanced [ in {usage!r}")
        return tuple(items)

    return parse_seq(False)


def _flatten(elements: tuple[Element, ...], base: int = 0) -> list[tuple[str, Element | int]]:
    """Flatten into a small instruction list: ('lit'|'slot', el), ('opt', end_index).

    ``base`` is where the list will start in the whole program, so that the end index of a
    group nested in another is absolute.
    """
    out: list[tuple[str, Element | int]] = []
    for el in elements:
        if isinstance(el, Optional):
            start = len(out)
            out.append(("opt", 0))
            out.extend(_flatten(el.items, base + len(out)))
            out[start] = ("opt", base + len(out))
        elif isinstance(el, Literal):
            out.append(("lit", el))
        else:
            out.append(("slot", el))
    return out


@lru_cache(maxsize=512)
def _program(usage: str) -> tuple[tuple[str, Element | int], ...]:
    """The flattened pattern of ``usage`` (see :func:`_flatten`), built once per usage."""
    return tuple(_flatten(compile_pattern(usage)))


Bindings = dict[str, str | bool]


class _Match:
    """One match of a pattern's program against typed words, memoised by position.

    A class rather than a function calling itself: a nested function that calls itself is
    a reference cycle, garbage that only the cycle collector frees, and every command would
    leave some."""

    __slots__ = ("lowered", "memo", "program", "words")

    def __init__(self, program: tuple[tuple[str, Element | int], ...], words: list[str]) -> None:
        self.program = program
        self.words = words
        self.lowered = [w.lower() for w in words]
        self.memo: dict[tuple[int, int], Bindings | None] = {}

    def at(self, pi: int, wi: int) -> Bindings | None:
        """The bindings of the program from step ``pi`` matched against the words from
        ``wi``, or None."""
        key = (pi, wi)
        if key in self.memo:
            return self.memo[key]
        program, words, lowered = self.program, self.words, self.lowered
        n_prog, n_words = len(program), len(words)
        result: Bindings | None = None
        if pi == n_prog:
            result = {} if wi == n_words else None
        else:
            op, arg = program[pi]
            if op == "opt":
                assert isinstance(arg, int)
                result = self.at(pi + 1, wi)
                if result is None:
                    result = self.at(arg, wi)
            elif op == "lit":
                assert isinstance(arg, Literal)
                if wi < n_words and lowered[wi] in arg.words:
                    rest = self.at(pi + 1, wi + 1)
                    if rest is not None:
                        result = {arg.words[0]: True, **rest}
            else:
                assert isinstance(arg, Slot)
                last = n_words if arg.many else min(n_words, wi + 1)
                nxt = program[pi + 1] if pi + 1 < n_prog else None
                ends: tuple[int, ...] = tuple(range(wi + 1, last + 1))
                if arg.name == "ref" and _spaced_ref(words[wi : wi + 2]):
                    ends = (wi + 2, wi + 1)  # "CPAC 343/1" as one ref first, then "CPAC"
                for end in ends:
                    # Prune: a slot followed by a literal can only end right before that literal.
                    if (
                        nxt is not None
                        and nxt[0] == "lit"
                        and end < n_words
                        and isinstance(nxt[1], Literal)
                        and lowered[end] not in nxt[1].words
                    ):
                        continue
                    rest = self.at(pi + 1, end)
                    if rest is not None:
                        result = {arg.name: " ".join(words[wi:end]), **rest}
                        break
        self.memo[key] = result
        return result


# A minutes ref typed with a space after its committee's letters: "CPAC 343/1", "CPAC 343-1".
# Capitals only and a number with a "/" or "-": "by 3/4" stays a word and a date.
_SPACED_REF = (re.compile(r"[A-Z]{2,8}"), re.compile(r"\d+(?:[/-]\d+)+"))


def _spaced_ref(pair: list[str]) -> bool:
    """Whether two words are one minutes ref written with a space (``CPAC`` ``343/1``)."""
    return len(pair) == 2 and all(r.fullmatch(w) for r, w in zip(_SPACED_REF, pair, strict=True))


def match(usage: str, words: list[str]) -> Bindings | None:
    """Match ``words`` against ``usage``; the bindings of slots and optional literals, or None.

    A slot binds the original words joined by single spaces. A literal that appears inside an
    optional group is bound to True under its first word when it was present.
    """
    program = _program(usage)
    if program and program[0][0] == "lit":
        # Most patterns tried start with a literal word that was not typed first.
        first = program[0][1]
        assert isinstance(first, Literal)
        if not words or words[0].lower() not in first.words:
            return None
    bindings = _Match(program, words).at(0, 0)
    if bindings is None:
        return None
    # Literals outside optional groups are noise in the bindings; keep slots and option flags.
    return bindings


def split_words(text: str) -> list[str]:
    """Split typed text into words (whitespace-separated; quotes are kept as typed)."""
    return text.split()
