"""Immutable view-models returned by handlers and rendered by each platform's renderer.

Handlers never return ORM rows: everything a renderer needs is copied into these models.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class View(BaseModel):
    """Base of every view-model (frozen)."""

    model_config = ConfigDict(frozen=True)


class Notice(View):
    """A plain message: information, confirmation, warning or error."""

    kind: Literal["notice"] = "notice"
    level: Literal["info", "success", "warning", "error"] = "info"
    text: str
    suggestions: list[str] = Field(default_factory=list)


class UpdateView(View):
    """One entry of an action's history."""

    at: datetime
    author: str
    text: str
    status_before: str | None = None
    status_after: str | None = None
    source: str = "command"
    permalink: str | None = None
    state: Literal["live", "superseded", "retracted"] = "live"


class ActionSummary(View):
    """An action as shown in lists and cards."""

    id: int
    plan_slug: str
    plan_name: str
    ref: str
    title: str
    owners: list[str] = Field(default_factory=list)
    lead_text: str = ""
    due_date: date | None = None
    due_text: str = ""
    status: str
    overdue: bool = False
    days_overdue: int = 0
    last_update: UpdateView | None = None


class ActionList(View):
    """A titled list of actions (``/actions mine``, ``overdue``, ``plan``, ``search``)."""

    kind: Literal["action_list"] = "action_list"
    title: str
    subtitle: str = ""
    items: list[ActionSummary] = Field(default_factory=list)
    empty_text: str = "Nothing to show."
    query: str = ""


class ActionDetail(View):
    """One action with its section, extra columns and history (``/actions show``)."""

    kind: Literal["action_detail"] = "action_detail"
    action: ActionSummary
    section: str = ""
    extra: dict[str, str] = Field(default_factory=dict)
    history: list[UpdateView] = Field(default_factory=list)
    meeting: str = ""


class UpdateLogged(View):
    """Confirmation that an update (and maybe a status change) was logged."""

    kind: Literal["update_logged"] = "update_logged"
    action: ActionSummary
    update: UpdateView
    message: str = ""


class KpiPoint(View):
    """One value of an indicator."""

    period_key: str
    period_label: str
    period_end: date
    value: float
    target: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    england: float | None = None
    region: float | None = None
    statistical_neighbours: float | None = None
    note: str = ""
    rag: Literal["red", "amber", "green", "none"] = "none"


class KpiCard(View):
    """An indicator: latest value, target, RAG, trend, comparators and owners."""

    kind: Literal["kpi_card"] = "kpi_card"
    slug: str
    name: str
    unit: str
    polarity: Literal["higher", "lower"]
    frequency: str = ""
    target: float | None = None
    latest: KpiPoint | None = None
    previous: KpiPoint | None = None
    rag: Literal["red", "amber", "green", "none"] = "none"
    trend: Literal["improving", "worsening", "steady", "none"] = "none"
    owners: list[str] = Field(default_factory=list)
    recent: list[float] = Field(default_factory=list)
    message: str = ""


class KpiList(View):
    """Several indicators, one line each (``/kpi``, ``/kpi red``)."""

    kind: Literal["kpi_list"] = "kpi_list"
    title: str
    items: list[KpiCard] = Field(default_factory=list)
    empty_text: str = "No indicators yet."


class KpiHistory(View):
    """Every value of one indicator, oldest first, with a sparkline's data."""

    kind: Literal["kpi_history"] = "kpi_history"
    card: KpiCard
    points: list[KpiPoint] = Field(default_factory=list)


class HelpEntry(View):
    """One line of help: what to type and what it does."""

    usage: str
    summary: str


class Help(View):
    """Help generated from the command registry."""

    kind: Literal["help"] = "help"
    title: str
    entries: list[HelpEntry] = Field(default_factory=list)
    footer: str = ""


class Choice(View):
    """One option of a question."""

    label: str
    command: str


class Question(View):
    """The bot needs the user to pick one option (e.g. "which Fiona are you?")."""

    kind: Literal["question"] = "question"
    text: str
    choices: list[Choice] = Field(default_factory=list)


Reply = Annotated[
    Notice
    | ActionList
    | ActionDetail
    | UpdateLogged
    | KpiCard
    | KpiList
    | KpiHistory
    | Help
    | Question,
    Field(discriminator="kind"),
]


class Outcome(View):
    """What the core answers to one message: the reply and whether it was understood."""

    reply: Reply
    understood: bool = True
    changed: bool = False
