"""The personal view in Teams (Slack's App Home): my outstanding actions with Done / Update,
the KPIs I own and the next meetings, from ``commands.home.home_page``.

Teams has no home tab for bots without a web page, so the card is posted in the personal
chat when the app is installed there and whenever the user types ``home``; its Refresh,
Done and Update buttons redraw it in place.
"""

from __future__ import annotations

from microsoft_teams.cards.core import AdaptiveCard, CardElement

from bot.teams import card_actions as ca
from bot.teams.cards import Run, buttons, card, execute, heading, para, subheading, subtle
from bot.teams.render import RenderOptions, build, fit, pager, paginate, run_button
from bot.teams.render_actions import action_item
from bot.teams.render_kpis import kpi_line
from bot.teams.render_meetings import meeting_where
from commands.home import HomePage


def render_home(page: HomePage, options: RenderOptions | None = None) -> AdaptiveCard:
    """The personal view card, small enough for one Teams message."""
    return fit(lambda opts: _home(page, opts), options or RenderOptions())


def _home(page: HomePage, opts: RenderOptions) -> AdaptiveCard:
    body: list[CardElement] = [heading(f"Hello, {page.name}")]
    if page.identity is not None:
        body += list(build(page.identity, opts).body or [])
    body += _actions(page, opts)
    body += _kpis(page, opts)
    body += _meetings(page, opts)
    body.append(subtle("Type actions help, kpi help or meeting help for everything else."))
    if opts.interactive:
        body.append(buttons([execute("Refresh", ca.VERB_HOME, {})]))
    return card(body, fallback=f"Your actions, KPIs and meetings, {page.name}")


def _actions(page: HomePage, opts: RenderOptions) -> list[CardElement]:
    count = f"{page.actions_total}" + (
        f", {page.overdue_total} overdue" if page.overdue_total else ""
    )
    out: list[CardElement] = [subheading(f"Your outstanding actions ({count})", separator=False)]
    if not page.known:
        return [*out, subtle("Once I know who you are, your actions and your roles' show here.")]
    if not page.actions:
        return [*out, para("Nothing outstanding. 🎉")]
    shown = paginate(page.actions, opts)
    out += [action_item(i, opts, back=ca.BACK_HOME, page=shown.number) for i in shown.items]
    out += pager(shown, opts, lambda n: (ca.VERB_HOME, {"page": n}))
    more = page.actions_total - len(page.actions)
    if more > 0 or shown.count > 1:
        out.append(buttons([run_button("Show all my actions", "/actions mine", mode="reply")]))
    return out


def _kpis(page: HomePage, opts: RenderOptions) -> list[CardElement]:
    out: list[CardElement] = [subheading("Your KPIs")]
    if not page.kpis:
        return [*out, subtle("You own no indicators. kpi list shows them all.")]
    return out + [kpi_line(k, opts) for k in page.kpis[: opts.page_size * 2]]


def _meetings(page: HomePage, opts: RenderOptions) -> list[CardElement]:
    out: list[CardElement] = [subheading("Next meetings")]
    if not page.meetings:
        return [*out, subtle("No meetings coming up.")]
    for m in page.meetings:
        out.append(para(Run(m.label, bold=True), Run(f" — {m.committee}"), limit=opts.text_limit))
        where = meeting_where(m)
        if where:
            out.append(subtle(where))
    if opts.interactive:
        out.append(
            buttons(
                [
                    run_button(f"Agenda {m.label}", f"/meeting agenda {m.label}")
                    for m in page.meetings
                ]
            )
        )
    return out
