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

    @property
    def rerun_command(self) -> str:
        """A command that shows this same answer again, naming what the answer is about (the
        meeting, the plan...) rather than what was typed: page and share buttons re-run it.
        Empty when the view does not know one (adapters then use the typed command)."""
        return ""


class Notice(View):
    """A plain message: information, confirmation, warning or error."""

    kind: Literal["notice"] = "notice"
    level: Literal["info", "success", "warning", "error"] = "info"
    text: str
    suggestions: list[str] = Field(default_factory=list)
    # The part of the request a refusal is about (a form shows it under that field).
    field: str | None = None


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

    @property
    def rerun_command(self) -> str:
        """The list's own command (``query``)."""
        return self.query


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
    # The update's row (None in views made without one): a reply the platform did not take at
    # the time is queued by it (commands.jobs.replies).
    update_id: int | None = None


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
    # False for a figure of another kind of period than the indicator's series (a quarter
    # among months): listed, but left out of the trend and the sparkline.
    in_series: bool = True
    # month, quarter, year or financial_year ("" when not known).
    period_kind: str = ""
    # True when the period was not over on the day the view was made: the figure may change.
    provisional: bool = False


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
    # "provisional": the latest value's period is not over, so it is not judged (no arrow).
    trend: Literal["improving", "worsening", "steady", "none", "provisional"] = "none"
    owners: list[str] = Field(default_factory=list)
    recent: list[float] = Field(default_factory=list)
    message: str = ""
    # The newest value with comparators (England, region, statistical neighbours) when the
    # latest has none: benchmarks are published less often than the figures themselves.
    comparators_from: KpiPoint | None = None


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

    def series_values(self) -> list[float]:
        """The values of the indicator's series, oldest first: what its sparkline draws."""
        return [p.value for p in self.points if p.in_series]


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


# -- meetings, summaries and reminders ---------------------------------------------------------


class ChannelSpan(View):
    """Where a text names a stored channel: ``text[start:end]`` is ``#`` and the channel as
    stored (a platform's id, such as Slack's ``C0123ABCD``, or a name such as ``cpac``). A chat
    renderer may show it as a link to the channel; others show the text as it is."""

    start: int
    end: int


class MeetingNotice(Notice):
    """A notice about committees and meetings that names stored channels (``channels``: where
    in ``text``); shown as any :class:`Notice` is, but Slack links a channel stored by id."""

    channels: list[ChannelSpan] = Field(default_factory=list)


class MeetingRef(View):
    """A meeting as named everywhere: ``CPAC 2016-01-05``, its committee, time and place
    (``channel``: the channel its posts go to, as stored)."""

    id: int
    label: str
    committee: str
    starts_at: datetime
    local_start: str = ""
    location: str = ""
    channel: str = ""


class AgendaEntry(View):
    """One agenda item: its title, lead officers and whether its report is in."""

    position: int
    title: str
    leads: list[str] = Field(default_factory=list)
    lead_text: str = ""
    report_due: date | None = None
    # A report awaited whose deadline is not a working day: "a bank holiday: send by Thu 24
    # Dec", as its reminder says.
    report_day_off: str = ""
    publication_date: date | None = None
    # ``not_received``: the meeting has started and the report never came in.
    report: Literal["received", "awaited", "late", "not_received", "none"] = "none"
    report_received_at: datetime | None = None


class MeetingAgenda(View):
    """A meeting and its agenda (``/meeting next``, ``/meeting agenda``)."""

    kind: Literal["meeting_agenda"] = "meeting_agenda"
    meeting: MeetingRef
    items: list[AgendaEntry] = Field(default_factory=list)
    follows: list[str] = Field(default_factory=list)
    later: list[MeetingRef] = Field(default_factory=list)
    message: str = ""
    # Where ``message`` names stored channels ("Summaries go to #C0123ABCD ...").
    message_channels: list[ChannelSpan] = Field(default_factory=list)

    @property
    def rerun_command(self) -> str:
        """``/meeting agenda CPAC 2016-01-05``: this meeting's agenda, whatever is next."""
        return f"/meeting agenda {self.meeting.label}"


class ActionSection(View):
    """A capped list of actions in a summary; ``total`` counts them all."""

    key: str
    title: str
    items: list[ActionSummary] = Field(default_factory=list)
    total: int = 0
    note: str = ""
    more_command: str = ""
    empty_text: str = "Nothing to show."

    @property
    def more(self) -> int:
        """How many items were left out ("and 12 more")."""
        return max(0, self.total - len(self.items))


class KpiChange(View):
    """A linked indicator: latest value, target, RAG and the change since the last meeting."""

    slug: str
    name: str
    unit: str
    polarity: Literal["higher", "lower"]
    value: float | None = None
    period_label: str = ""
    target: float | None = None
    rag: Literal["red", "amber", "green", "none"] = "none"
    previous_value: float | None = None
    previous_period_label: str = ""
    change: float | None = None
    direction: Literal["improving", "worsening", "steady", "none"] = "none"
    # The last meeting's label when no figure has come in since it (nothing to compare).
    unchanged_since: str = ""
    # The committee has no meeting before this one: there is no change to speak of.
    first_meeting: bool = False
    # The latest value's period is not over yet: the figure may still change.
    provisional: bool = False


class KpiSection(View):
    """The indicators a summary shows, off target first, capped; ``total`` counts them all."""

    title: str
    items: list[KpiChange] = Field(default_factory=list)
    total: int = 0
    since: str = ""
    more_command: str = ""
    empty_text: str = "No indicators are linked."

    @property
    def more(self) -> int:
        """How many indicators were left out."""
        return max(0, self.total - len(self.items))


class MeetingKpis(View):
    """Every indicator a committee follows, each as its pre-meeting summary shows it
    (``/meeting more kpis``): value, target, RAG and the change since the last meeting."""

    kind: Literal["meeting_kpis"] = "meeting_kpis"
    title: str
    kpis: KpiSection
    query: str = ""

    @property
    def rerun_command(self) -> str:
        """The list's own command (``query``)."""
        return self.query


class MeetingSummary(View):
    """The pre-meeting summary, composed from live data when it is sent or asked for."""

    kind: Literal["meeting_summary"] = "meeting_summary"
    meeting: MeetingRef
    heading: str
    previous: MeetingRef | None = None
    # The agenda items shown: all of them, or the first of a long agenda to see to (see
    # ``agenda_note``); ``agenda_total`` counts them all and ``agenda_more_command`` lists them.
    agenda: list[AgendaEntry] = Field(default_factory=list)
    agenda_total: int = 0
    agenda_note: str = ""
    agenda_more_command: str = ""
    arising: ActionSection
    plans: ActionSection
    kpis: KpiSection
    stale: ActionSection
    generated_at: datetime
    full_command: str = ""

    @property
    def agenda_more(self) -> int:
        """How many agenda items were left out ("and 35 more")."""
        return max(0, self.agenda_total - len(self.agenda))

    @property
    def rerun_command(self) -> str:
        """``/meeting prep CPAC 2016-01-05`` (the "Ask again any time" command)."""
        return self.full_command


class ReportDue(View):
    """An agenda item somebody leads, with the meeting it is for."""

    meeting_label: str
    item: AgendaEntry


class Reminder(View):
    """A reminder sent to one person: weekly digest, due-soon or overdue nudge, report due."""

    kind: Literal["reminder"] = "reminder"
    reason: Literal["digest", "due_soon", "overdue", "report_due"]
    title: str
    text: str = ""
    actions: list[ActionSummary] = Field(default_factory=list)
    total: int = 0
    reports: list[ReportDue] = Field(default_factory=list)
    more_command: str = ""
    footer: str = ""

    @property
    def more(self) -> int:
        """How many actions were left out."""
        return max(0, self.total - len(self.actions))


class Holding(View):
    """How many of one kind of thing a person holds, and the first few of them by name."""

    total: int = 0
    names: list[str] = Field(default_factory=list)


class PersonEntry(View):
    """One person of a workspace with what they hold (``people``): what a merge would move."""

    name: str
    roles: list[str] = Field(default_factory=list)
    accounts: list[str] = Field(default_factory=list)
    actions: Holding = Field(default_factory=Holding)
    indicators: Holding = Field(default_factory=Holding)
    items: Holding = Field(default_factory=Holding)
    aliases: list[str] = Field(default_factory=list)
    is_admin: bool = False


class PeopleList(View):
    """The people of a workspace, by name, each with what they hold (``people``)."""

    kind: Literal["people_list"] = "people_list"
    title: str
    items: list[PersonEntry] = Field(default_factory=list)
    empty_text: str = "Nobody yet."
    footer: str = ""
    query: str = ""

    @property
    def rerun_command(self) -> str:
        """The list's own command (``query``)."""
        return self.query


class MinutesForm(View):
    """Ask for a meeting's minutes: Slack and Teams open a form to paste them into."""

    kind: Literal["minutes_form"] = "minutes_form"
    meeting_id: int
    meeting_label: str
    text: str


Reply = Annotated[
    Notice
    | ActionList
    | ActionDetail
    | UpdateLogged
    | KpiCard
    | KpiList
    | KpiHistory
    | Help
    | Question
    | MeetingAgenda
    | MeetingSummary
    | MeetingKpis
    | Reminder
    | PeopleList
    | MinutesForm,
    Field(discriminator="kind"),
]


class Outcome(View):
    """What the core answers to one message: the reply and whether it was understood."""

    reply: Reply
    understood: bool = True
    changed: bool = False
