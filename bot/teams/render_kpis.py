"""Adaptive Cards for indicators: one KPI, a list of KPIs and a KPI's history.

Registered on ``bot.teams.render.build`` (imported at the bottom of that module).
"""

from __future__ import annotations

from microsoft_teams.cards.core import AdaptiveCard, CardElement

from bot.teams.cards import RAG_COLOR, Run, buttons, card, fact, heading, para, subtle
from bot.teams.render import RenderOptions, build, command_pages, pager, paginate, run_button
from commands.formatting import (
    RAG_MARK,
    TREND_MARK,
    card_rag_word,
    fmt_beside,
    fmt_number,
    kpi_card_words,
    kpi_period_words,
    kpi_point_note,
    reported_words,
    sparkline,
)
from commands.views import KpiCard, KpiHistory, KpiList


def kpi_line(k: KpiCard, opts: RenderOptions) -> CardElement:
    """One indicator on one line: RAG, slug, latest value and target, trend, name."""
    latest = k.latest
    value = fmt_beside(latest.value, k.target, k.unit) if latest else "no data"
    period = f" ({kpi_period_words(latest)})" if latest else ""
    shown = fmt_beside(k.target, latest.value if latest else None, k.unit)
    target = f" · target {shown}" if k.target is not None else ""
    return para(
        Run(f"{RAG_MARK[k.rag]} "),
        Run(k.slug, bold=True),
        Run(f"  {value}{period}{target}", color=RAG_COLOR[k.rag]),
        Run(f"  {TREND_MARK[k.trend]} {sparkline(k.recent)}", subtle=True),
        Run(f" — {k.name}"),
        limit=opts.text_limit,
    )


@build.register
def _kpi_card(k: KpiCard, opts: RenderOptions) -> AdaptiveCard:
    body: list[CardElement] = []
    if k.message:
        body.append(para(Run(k.message, bold=True, color="Good"), limit=opts.text_limit))
    body.append(heading(f"{k.name} ({k.slug})"))
    p = k.latest
    words = kpi_card_words(k)
    if p is None:
        body.append(para("No values recorded yet."))
    else:
        body.append(fact("Latest", words.latest))
    body.append(fact("Target", words.target))
    body.append(
        para(
            Run("RAG: ", bold=True),
            Run(f"{RAG_MARK[k.rag]} {card_rag_word(k)}", color=RAG_COLOR[k.rag]),
        )
    )
    body.append(fact("Trend", f"{words.trend}  {sparkline(k.recent)}".strip()))
    if p is not None:
        if words.comparators:
            body.append(fact("Comparators", words.comparators))
        if p.note:
            body.append(fact("Note", p.note))
    body.append(fact("Owner", ", ".join(k.owners) or "not set"))
    if k.frequency:
        body.append(subtle(f"Reported {reported_words(k.frequency)}."))
    if opts.interactive:
        body.append(buttons([run_button("History", f"/kpi {k.slug} history")]))
    return card(body, fallback=f"{k.name}: {fmt_number(p.value, k.unit) if p else 'no data'}")


@build.register
def _kpi_list(view: KpiList, opts: RenderOptions) -> AdaptiveCard:
    body: list[CardElement] = [heading(view.title)]
    if not view.items:
        body.append(para(view.empty_text))
        return card(body, fallback=view.title)
    page = paginate(view.items, opts)
    body += [kpi_line(k, opts) for k in page.items]
    body += pager(page, opts, command_pages(opts.command))
    return card(body, fallback=view.title)


@build.register
def _kpi_history(view: KpiHistory, opts: RenderOptions) -> AdaptiveCard:
    k = view.card
    spark = sparkline(view.series_values())
    body: list[CardElement] = [heading(f"{k.name} ({k.slug}) — history"), subtle(spark)]
    if not view.points:
        body.append(para("No values recorded yet."))
    for p in view.points[-opts.page_size * 6 :]:
        target = (
            f" · target {fmt_beside(p.target, p.value, k.unit)}" if p.target is not None else ""
        )
        body.append(
            para(
                Run(f"{RAG_MARK[p.rag]} {p.period_label}: ", bold=True),
                Run(fmt_beside(p.value, p.target, k.unit), color=RAG_COLOR[p.rag]),
                Run(target, subtle=True),
                Run(f"  {kpi_point_note(p)}" if kpi_point_note(p) else "", italic=True),
                limit=opts.text_limit,
            )
        )
    shown = min(len(view.points), opts.page_size * 6)
    if len(view.points) > shown:
        body.append(subtle(f"Showing the latest {shown} of {len(view.points)} values."))
    return card(body, fallback=f"{k.name} history")
