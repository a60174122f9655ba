"""Find an indicator by what people type: slug, alias, name, initials, or something close."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from commands.errors import NotFound
from commands.handler_context import HandlerContext
from storage.models import Indicator


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", text.lower()).split())


def initials(name: str) -> str:
    """ "Personal Education Plans" -> "pep"."""
    return "".join(w[0] for w in _norm(name).split() if w not in {"of", "and", "the", "with"})


def _keys(ind: Indicator) -> list[str]:
    keys = [_norm(ind.slug), _norm(ind.slug.replace("-", " ")), _norm(ind.name), initials(ind.name)]
    keys.extend(_norm(a) for a in ind.aliases)
    return [k for k in keys if k]


def find_indicator(h: HandlerContext, text: str) -> Indicator:
    """The indicator ``text`` names; NotFound naming the nearest ones otherwise."""
    wanted = _norm(text)
    indicators = list(h.repos.indicators.all())
    if not wanted:
        raise NotFound("Which indicator? Try `/kpi list`.")
    for ind in indicators:
        if wanted in _keys(ind) or wanted.rstrip("s") in _keys(ind):
            return ind
    choices = {f"{ind.id}:{k}": ind for ind in indicators for k in _keys(ind)}
    best = process.extract(
        wanted,
        {c: c.split(":", 1)[1] for c in choices},
        scorer=fuzz.WRatio,
        limit=5,
        score_cutoff=0,
    )
    ranked: list[Indicator] = []
    for _label, score, key in best:
        ind = choices[key]
        if ind not in ranked:
            ranked.append(ind)
        if score >= 88 and len(ranked) == 1 and len(wanted) >= 3:
            return ind
    if not indicators:
        raise NotFound("There are no indicators yet. Import some with `csbot import kpis FILE`.")
    raise NotFound(
        f"I don't know an indicator called “{text[:60]}”.",
        suggestions=[f"/kpi {i.slug} — {i.name}" for i in ranked[:3]],
    )
