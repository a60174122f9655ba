"""Render view-models as Adaptive Cards (1.5) for Teams: one pure function per view kind.

``render(view, options)`` handles every member of ``commands.views.Reply``; a kind without a
renderer raises TypeError (and the test that walks the union fails). Cards are kept under
Teams' message size by showing fewer items per page, then shorter texts, when they are big.
Lists get Previous / Next buttons that re-run the command that made them; outstanding
actions get Done and Update buttons.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, replace
from functools import singledispatch
from typing import Generic, TypeVar

from microsoft_teams.cards.core import AdaptiveCard, CardElement, ExecuteAction

from bot.teams import card_actions as ca
from bot.teams.cards import (
    LEVEL_COLOR,
    MAX_CARD_BYTES,
    TEXT_LIMIT,
    Run,
    buttons,
    card,
    card_bytes,
    execute,
    heading,
    para,
    subtle,
)
from commands.errors import NotUnderstood
from commands.formatting import person_holdings
from commands.registry import REGISTRY
from commands.views import Help, MinutesForm, Notice, PeopleList, Question, View

PAGE_SIZE = 8
MAX_SUGGESTIONS = 5
T = TypeVar("T")
# While ``fit`` measures a list, the page counts of the lists paginated (see ``fit``).
_PAGE_COUNTS: ContextVar[list[int] | None] = ContextVar("_PAGE_COUNTS", default=None)


@dataclass(frozen=True)
class RenderOptions:
    """How to render: which page, how many items, and the command that made the view."""

    page: int = 1
    page_size: int = PAGE_SIZE
    text_limit: int = TEXT_LIMIT
    command: str = ""
    banner: Notice | None = None
    interactive: bool = True


# Smaller and smaller renderings (page size, text limit), tried in turn until the card fits in
# one Teams message.
_SHRINK: tuple[tuple[int, int] | None, ...] = (
    None,
    (5, 600),
    (3, 250),
    (1, 120),
)


@singledispatch
def build(view: View, opts: RenderOptions) -> AdaptiveCard:
    """The card for one view (registered per view kind)."""
    raise TypeError(f"no Teams renderer for {type(view).__name__}")


def render(view: View, options: RenderOptions | None = None) -> AdaptiveCard:
    """The Adaptive Card for any reply, small enough for one Teams message. Buttons that
    re-run the answer use the view's own command when it knows one (the meeting or list the
    answer is about), not what was typed."""
    opts = options or RenderOptions()
    if opts.command and view.rerun_command:
        opts = replace(opts, command=view.rerun_command)
    return fit(lambda step: build(view, step), opts)


def fit(make: Callable[[RenderOptions], AdaptiveCard], opts: RenderOptions) -> AdaptiveCard:
    """The first of ever smaller renderings that fits in one Teams message.

    A list's page size is a property of the list, not of the page shown: the size chosen is
    the largest at which *every* page of the list fits, so that page ``n`` starts where page
    ``n - 1`` ended, whichever page was asked for, and Previous / Next reach every item. (A
    page shrunk on its own would keep its number but start elsewhere: pages would repeat
    items and skip others.) The banner is left out of that choice (a list redrawn after
    Done has the same pages as its Page buttons); when it makes the page too big, the texts
    get shorter first, then the pages."""
    plain = replace(opts, banner=None)
    for index, shrink in enumerate(_SHRINK):
        step = _shrunk(plain, shrink, opts)
        counts: list[int] = []
        token = _PAGE_COUNTS.set(counts)
        try:
            shown = make(step)
        finally:
            _PAGE_COUNTS.reset(token)
        if not _fits(shown):
            continue
        pages = max(counts, default=1)
        asked = min(max(1, step.page), pages)
        last = index == len(_SHRINK) - 1  # one item a page: page n is item n whatever fits
        others = (n for n in range(1, pages + 1) if n != asked and not last)
        if not all(_fits(make(replace(step, page=n))) for n in others):
            continue
        if opts.banner is None or not opts.banner.text:
            return shown
        for shorter in _SHRINK[index:]:
            limit = shorter[1] if shorter is not None else step.text_limit
            final = replace(step, text_limit=min(step.text_limit, limit), banner=opts.banner)
            result = _with_banner(make(final), final)
            if _fits(result):
                return result
    return _too_big(opts)


def _shrunk(
    opts: RenderOptions, shrink: tuple[int, int] | None, asked: RenderOptions
) -> RenderOptions:
    """``opts`` with the page size and text limit of one shrinking step (never more items a
    page than were asked for)."""
    if shrink is None:
        return opts
    return replace(opts, page_size=min(shrink[0], asked.page_size), text_limit=shrink[1])


def _fits(result: AdaptiveCard) -> bool:
    return card_bytes(result) <= MAX_CARD_BYTES


def _with_banner(result: AdaptiveCard, opts: RenderOptions) -> AdaptiveCard:
    if opts.banner is None or not opts.banner.text:
        return result
    body = list(result.body or [])
    banner = para(
        Run(opts.banner.text, bold=True, color=LEVEL_COLOR[opts.banner.level]),
        limit=opts.text_limit,
    )
    return result.model_copy(update={"body": [banner, *body]})


def _too_big(opts: RenderOptions) -> AdaptiveCard:
    hint = (
        f" Try `{opts.command}` with fewer words, or ask in a narrower way." if opts.command else ""
    )
    return card(
        [para(Run("That answer is too long for one Teams message." + hint, color="Warning"))],
        fallback="That answer is too long for one Teams message.",
    )


# -- paging ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list."""

    items: Sequence[T]
    number: int
    count: int
    total: int


def paginate(items: Sequence[T], opts: RenderOptions) -> Page[T]:
    """The page ``opts.page`` asks for (clamped to the pages there are)."""
    size = max(1, opts.page_size)
    count = max(1, -(-len(items) // size))
    number = min(max(1, opts.page), count)
    start = (number - 1) * size
    counts = _PAGE_COUNTS.get()
    if counts is not None:
        counts.append(count)
    return Page(items[start : start + size], number, count, len(items))


Goto = Callable[[int], tuple[str, dict[str, object]]]


def command_pages(command: str) -> Goto | None:
    """Page buttons that re-run ``command`` (None when there is no command to re-run)."""
    if not command:
        return None
    return lambda number: (ca.VERB_PAGE, ca.page_data(command, number))


def pager(page: Page[T], opts: RenderOptions, goto: Goto | None) -> list[CardElement]:
    """``Page 2 of 5`` and Previous / Next buttons (when ``goto`` says how to get there)."""
    if page.count <= 1:
        return []
    out: list[CardElement] = [subtle(f"Page {page.number} of {page.count} ({page.total} in all)")]
    if goto is None or not opts.interactive:
        return out
    nav = []
    if page.number > 1:
        nav.append(execute("◀ Previous", *goto(page.number - 1)))
    if page.number < page.count:
        nav.append(execute("Next ▶", *goto(page.number + 1)))
    out.append(buttons(nav))
    return out


def runnable(command: str) -> bool:
    """True for a complete command a button can run (not a usage pattern, not a bare ref)."""
    if not command or any(ch in command for ch in "<>[]|"):
        return False
    import commands.handlers  # noqa: F401  (the registry knows every command)

    try:
        return REGISTRY.split_group(command) is not None
    except NotUnderstood:
        return False


def run_button(title: str, command: str, *, mode: ca.Mode = "replace") -> ExecuteAction:
    """A button that runs a command as if it were typed."""
    return execute(title, ca.VERB_RUN, ca.run_data(command, mode=mode))


# -- small views ------------------------------------------------------------------------------


@build.register
def _notice(view: Notice, opts: RenderOptions) -> AdaptiveCard:
    body: list[CardElement] = [
        para(Run(view.text, color=LEVEL_COLOR[view.level]), limit=opts.text_limit)
    ]
    actions: list[ExecuteAction] = []
    if view.suggestions:
        body.append(para(Run("Try:", bold=True)))
        for suggestion in view.suggestions:
            if opts.interactive and runnable(suggestion) and len(actions) < MAX_SUGGESTIONS:
                actions.append(run_button(suggestion, suggestion))
            else:
                body.append(para(Run(suggestion), limit=opts.text_limit))
    if actions:
        body.append(buttons(actions))
    return card(body, fallback=view.text)


@build.register
def _help(view: Help, opts: RenderOptions) -> AdaptiveCard:
    page = paginate(view.entries, replace(opts, page_size=opts.page_size * 4))
    body: list[CardElement] = [heading(view.title)]
    for entry in page.items:
        body.append(para(Run(entry.usage, bold=True), Run(f" — {entry.summary}")))
    body += pager(page, opts, command_pages(opts.command))
    if view.footer:
        body.append(subtle(view.footer))
    return card(body, fallback=view.title)


@build.register
def _question(view: Question, opts: RenderOptions) -> AdaptiveCard:
    body: list[CardElement] = [para(Run(view.text, bold=True), limit=opts.text_limit)]
    choices = [c for c in view.choices if runnable(c.command)]
    if opts.interactive and choices:
        body.append(buttons([run_button(c.label, c.command) for c in choices[:MAX_SUGGESTIONS]]))
    for choice in view.choices:
        if not (opts.interactive and choice in choices[:MAX_SUGGESTIONS]):
            body.append(para(Run(choice.label, bold=True), Run(f" — type {choice.command}")))
    return card(body, fallback=view.text)


@build.register
def _minutes_form(view: MinutesForm, opts: RenderOptions) -> AdaptiveCard:
    from microsoft_teams.cards.core import TextInput

    body: list[CardElement] = [
        heading(f"Minutes of {view.meeting_label}"),
        para(view.text, limit=opts.text_limit),
    ]
    if opts.interactive:
        body.append(
            TextInput(
                id=ca.MINUTES_INPUT,
                label="Minutes",
                is_multiline=True,
                is_required=True,
                error_message="Paste the minutes first.",
                placeholder="Paste the minutes here…",
            )
        )
        body.append(
            buttons(
                [
                    execute(
                        "Import minutes",
                        ca.VERB_MINUTES,
                        ca.minutes_data(str(view.meeting_id)),
                        style="positive",
                    )
                ]
            )
        )
    return card(body, fallback=view.text)


@build.register
def _people_list(view: PeopleList, opts: RenderOptions) -> AdaptiveCard:
    body: list[CardElement] = [heading(view.title)]
    if not view.items:
        body.append(para(view.empty_text))
        return card(body, fallback=view.title)
    page = paginate(view.items, opts)
    for entry in page.items:
        held = " · ".join(person_holdings(entry)) or "nothing"
        body.append(para(Run(entry.name, bold=True), Run(f" — {held}"), limit=opts.text_limit))
    body += pager(page, opts, command_pages(opts.command))
    if view.footer:
        body.append(subtle(view.footer))
    return card(body, fallback=view.title)


# The other kinds register themselves on ``build``.
from bot.teams import render_actions, render_kpis, render_meetings  # noqa: E402, F401
