"""Find an indicator by what people type: slug, alias, name, initials, or something close.

In order: the slug (``pep``), an alias, the name, the initials of the name or of a run of
capitalised words in it (``Personal Education Plans`` -> ``pep``), each also with a plural
``s`` dropped (``peps``); then whole words: the start of the slug or name, any of its words,
then an alias's, when they name one indicator (``lac`` -> ``lac-rate``; several are asked
about), then the same with the sector's abbreviations written out on both sides (``LAC`` ->
"Looked after children rate", "child protection" -> "CP plans ..."); then a fuzzy match
(rapidfuzz, word by word, also with the abbreviations written out) that must be clearly better
than the next indicator's; then, forgivingly, with trailing KPI words dropped ("PEP
completion" -> the alias "PEP") and the three names of looked-after children made one
("children in care" -> "Looked after children …"). Several found at any step are asked about,
never guessed between. Anything else is refused, naming the nearest indicators.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz

from commands.errors import NotFound
from commands.handler_context import HandlerContext
from commands.refs import plan_slug
from storage.models import Indicator
from storage.repositories.indicators import ShownIndicator

_SMALL_WORDS = {"of", "and", "the", "with", "a", "an", "in", "for", "to", "on", "by", "at"}
_LEADING_NOISE = re.compile(r"^(?:kpi|indicator|the)\s+")
FUZZY_CUTOFF = 86
FUZZY_MARGIN = 6
# What children's services abbreviate in indicators' names, written out: an indicator named one
# way is found when typed the other ("LAC" for "Looked after children rate", "child protection"
# for "CP plans for a second time"), once the words as written found none.
GLOSSARY = {
    "lac": "looked after children",
    "cla": "children looked after",
    "cic": "children in care",
    "cin": "children in need",
    "cp": "child protection",
    "cpp": "child protection plan",
    "eet": "education employment or training",
    "neet": "not in education employment or training",
    "pep": "personal education plan",
    "uasc": "unaccompanied asylum seeking children",
    "sgo": "special guardianship order",
    "ehcp": "education health and care plan",
    "iro": "independent reviewing officer",
    "sdq": "strengths and difficulties questionnaire",
    "cse": "child sexual exploitation",
}

# Said where a command needs indicators and the workspace has none: in chat too, where the
# officer asking cannot run the import, so it says who can.
NO_INDICATORS_YET = (
    "No indicators yet: they come from the council's KPI file, which whoever runs "
    "csbot imports (`csbot import kpis FILE`)."
)


# One group of children known by three names: each written as the first, so that "children in
# care" finds an indicator named "Looked after children …" (and CLA, CiC, LAC all three).
_SAME_CHILDREN = ("looked after children", "children looked after", "children in care")
# Words people add after an indicator's name ("PEP completion", "dental percentage"): dropped,
# when nothing else found one, to look again.
_KPI_WORDS = {
    "completion",
    "completions",
    "completed",
    "rate",
    "rates",
    "percentage",
    "percent",
    "%",
    "proportion",
    "number",
    "figure",
    "figures",
    "performance",
    "timeliness",
    "kpi",
    "indicator",
    "measure",
}


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", text.lower()).split())


def initials(name: str) -> str:
    """The initials of a name, small words left out: "Personal Education Plans" -> "pep"."""
    return "".join(w[0] for w in _norm(name).split() if w not in _SMALL_WORDS)


def acronyms(name: str) -> set[str]:
    """Initials a name can be known by: of the whole name, of each run of two or more
    capitalised words in it, and any acronym written in it ("(PEP)")."""
    found = {initials(name)}
    words = re.findall(r"[A-Za-z][\w']*", name)
    run: list[str] = []
    for word in [*words, ""]:
        if word[:1].isupper():
            run.append(word)
            continue
        if len(run) >= 2:
            found.add("".join(w[0] for w in run).lower())
        run = []
    found.update(w.lower() for w in re.findall(r"\b[A-Z]{2,6}s?\b", name))
    return {a[:-1] if a.endswith("s") and len(a) > 3 else a for a in found if a}


def _exact_keys(ind: Indicator) -> set[str]:
    keys = {_norm(ind.slug), _norm(ind.name), *acronyms(ind.name)}
    keys.update(_norm(a) for a in ind.aliases or [])
    return {k for k in keys if k}


def written_out(text: str) -> str:
    """Normalised ``text`` with each abbreviation of :data:`GLOSSARY` written out (a plural
    too): "lac rate" -> "looked after children rate", "peps" -> "personal education plan"."""
    return " ".join(GLOSSARY.get(_stem(w), w) for w in _norm(text).split())


def equivalent(text: str) -> str:
    """:func:`written_out`, with the names of :data:`_SAME_CHILDREN` made one: "children in
    care visits" -> "looked after children visits"."""
    out = f" {written_out(text)} "
    for other in _SAME_CHILDREN[1:]:
        out = out.replace(f" {other} ", f" {_SAME_CHILDREN[0]} ")
    return out.strip()


def without_kpi_words(wanted: str) -> str:
    """``wanted`` (normalised) with the words of :data:`_KPI_WORDS` it ends with dropped:
    "pep completion rate" -> "pep"."""
    words = wanted.split()
    while words and words[-1] in _KPI_WORDS:
        words.pop()
    return " ".join(words)


def _variants(wanted: str) -> list[str]:
    out = [wanted]
    if wanted.endswith("'s"):
        out.append(wanted[:-2])
    if wanted.endswith("s") and len(wanted) > 2:
        out.append(wanted[:-1])
    return out


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _coverage(typed: list[str], text: str) -> float:
    """How well every typed word is found among the words of ``text`` (0-100)."""
    words = [_stem(w) for w in text.split()]
    if not typed or not words:
        return 0.0
    return sum(max(fuzz.ratio(t, w) for w in words) for t in typed) / len(typed)


def _words(text: str) -> list[str]:
    return [_stem(w) for w in _norm(text).split()]


def _has_run(words: list[str], typed: list[str], *, at_start: bool = False) -> bool:
    n = len(typed)
    starts = range(1) if at_start else range(len(words) - n + 1)
    return any(words[i : i + n] == typed for i in starts)


def _whole_word_matches(
    indicators: Sequence[Indicator], wanted: str, spell: Callable[[str], str] = _norm
) -> list[Indicator]:
    """Indicators named by whole words typed, in order, taking the first tier that matches:
    the start of the slug or name (``lac`` -> ``lac-rate``), then any words of the slug or
    name (``stability`` -> ``long-term-stability``), then words of an alias. Both sides are
    spelt by ``spell``: :func:`written_out` writes abbreviations out (see :data:`GLOSSARY`)."""
    typed = [_stem(w) for w in spell(wanted).split()]
    if not typed or all(w in _SMALL_WORDS for w in typed) or len("".join(typed)) < 2:
        return []

    def words(text: str) -> list[str]:
        return _words(spell(text))

    def own(i: Indicator) -> list[list[str]]:
        return [words(i.slug.replace("-", " ")), words(i.name)]

    tiers = [
        lambda i: any(_has_run(ws, typed, at_start=True) for ws in own(i)),
        lambda i: any(_has_run(ws, typed) for ws in own(i)),
        lambda i: any(_has_run(words(a), typed) for a in i.aliases or []),
    ]
    for matches in tiers:
        found = [i for i in indicators if matches(i)]
        if found:
            return found
    return []


def _fuzzy_scores(indicators: Sequence[Indicator], wanted: str) -> list[tuple[Indicator, float]]:
    """Each indicator with its best fuzzy score against what was typed, best first: the
    better of the whole texts' similarity and how well each typed word is found (so that
    words typed beyond an indicator's name count against it)."""
    forms = dict.fromkeys((wanted, written_out(wanted)))  # as typed, abbreviations written out
    typed = {f: [_stem(w) for w in f.split() if w not in _SMALL_WORDS] for f in forms}
    scored: list[tuple[Indicator, float]] = []
    for ind in indicators:
        names = (ind.slug.replace("-", " "), ind.name, *(ind.aliases or []))
        texts = {form for t in names for form in (_norm(t), written_out(t)) if form}
        best = max(max(fuzz.ratio(f, t), _coverage(typed[f], t)) for f in forms for t in texts)
        scored.append((ind, best))
    return sorted(scored, key=lambda pair: -pair[1])


# The command a refusal naming indicators suggests for each (the command typed, again with
# that indicator's short name).
IndicatorRetry = Callable[[Indicator], str]


def show_indicator(indicator: Indicator) -> str:
    """``/kpi pep``: what a refusal naming indicators suggests by default."""
    return f"/kpi {indicator.slug}"


def match_indicator(
    indicators: Sequence[Indicator], text: str, retry: IndicatorRetry = show_indicator
) -> Indicator:
    """The one indicator ``text`` names among ``indicators``; NotFound otherwise, suggesting
    ``retry`` of each indicator it names."""
    wanted = _LEADING_NOISE.sub("", _norm(text))
    if not wanted:
        raise NotFound("Which indicator? Try `/kpi list`.")
    if not indicators:
        raise NotFound(NO_INDICATORS_YET)
    for variant in _variants(wanted):
        exact = [ind for ind in indicators if variant in _exact_keys(ind)]
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            raise NotFound(
                f"“{text.strip()[:60]}” could mean {len(exact)} indicators; use the short name.",
                suggestions=[f"{retry(i)} — {i.name}" for i in exact[:5]],
            )
    by_words = _whole_word_matches(indicators, wanted) or _whole_word_matches(
        indicators, wanted, written_out
    )
    if by_words:
        return _the_one(by_words, text, retry)
    ranked = _fuzzy_scores(indicators, wanted)
    if len(wanted) >= 3 and ranked and ranked[0][1] >= FUZZY_CUTOFF:
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if ranked[0][1] - runner_up >= FUZZY_MARGIN:
            return ranked[0][0]
    forgiven = _forgiving_matches(indicators, wanted)
    if forgiven:
        return _the_one(forgiven, text, retry)
    nearest = [ind for ind, _score in ranked[:3]]
    raise NotFound(
        f"I don't know an indicator called “{text.strip()[:60]}”. Nearest: "
        + ", ".join(f"{i.slug} ({i.name})" for i in nearest)
        + ".",
        suggestions=[retry(i) for i in nearest] + ["/kpi list"],
    )


def _the_one(found: Sequence[Indicator], text: str, retry: IndicatorRetry) -> Indicator:
    """The one indicator of ``found``; NotFound asking which when there are several."""
    if len(found) == 1:
        return found[0]
    raise NotFound(
        f"“{text.strip()[:60]}” could mean {len(found)} indicators. Nearest: "
        + ", ".join(f"{i.slug} ({i.name})" for i in found[:5])
        + ". Which one? Use the short name.",
        suggestions=[retry(i) for i in found[:5]] + ["/kpi list"],
    )


def _forgiving_matches(indicators: Sequence[Indicator], wanted: str) -> list[Indicator]:
    """What was typed, once the exact and fuzzy look-ups found nothing, looked for again
    forgivingly: trailing KPI words dropped (``pep completion`` -> an alias ``pep``), and
    the names of looked-after children made one (``children in care`` -> "Looked after
    children …"). The first look that finds any indicator gives them all (several are asked
    about, never guessed between)."""
    core = without_kpi_words(wanted)
    for typed in dict.fromkeys((wanted, core)):
        if not typed:
            continue
        if typed != wanted:
            exact = [i for i in indicators if any(v in _exact_keys(i) for v in _variants(typed))]
            found = (
                exact
                or _whole_word_matches(indicators, typed)
                or (_whole_word_matches(indicators, typed, written_out))
            )
            if found:
                return found
        found = _whole_word_matches(indicators, typed, equivalent)
        if found:
            return found
    return []


def exact_indicator(h: HandlerContext, text: str) -> Indicator | None:
    """The indicator whose slug, name, alias or initials ``text`` is exactly; None otherwise
    (no fuzzy guess)."""
    wanted = _LEADING_NOISE.sub("", _norm(text))
    if not re.search(r"[a-z0-9]", wanted):
        return None
    for slug in _slugs_typed(text):
        by_slug = h.repos.indicators.by_slug(slug)
        if by_slug is not None:
            return by_slug
    indicators = list(h.repos.indicators.all(with_owners=False))
    exact = [i for i in indicators if any(v in _exact_keys(i) for v in _variants(wanted))]
    return exact[0] if len(exact) == 1 else None


def find_indicator(
    h: HandlerContext, text: str, retry: IndicatorRetry = show_indicator
) -> Indicator:
    """The indicator of this workspace that ``text`` names; NotFound naming the nearest, with
    ``retry`` of each as the commands to pick from (the command typed, for that indicator).

    The short name, what people nearly always type, is one indexed look-up; anything else is
    matched against every indicator of the workspace.
    """
    for slug in _slugs_typed(text):
        by_slug = h.repos.indicators.by_slug(slug)
        if by_slug is not None:
            return by_slug
    return match_indicator(list(h.repos.indicators.all(with_owners=False)), text, retry)


def find_indicator_to_show(h: HandlerContext, text: str) -> Indicator | ShownIndicator:
    """:func:`find_indicator` for a read-only view: the short name's look-up loads a plain
    :class:`ShownIndicator` (no ORM objects); anything else is matched as there."""
    for slug in _slugs_typed(text):
        shown = h.repos.indicators.shown_by_slug(slug)
        if shown is not None:
            return shown
    return match_indicator(list(h.repos.indicators.all(with_owners=False)), text)


def _slugs_typed(text: str) -> list[str]:
    """The short names ``text`` would be if it is one: as typed (``kpi-a``), then without a
    leading "kpi", "indicator" or "the" (``kpi pep``); none without a letter or digit."""
    typed = _norm(text)
    forms = dict.fromkeys((typed, _LEADING_NOISE.sub("", typed)))
    return [plan_slug(form) for form in forms if re.search(r"[a-z0-9]", form)]
