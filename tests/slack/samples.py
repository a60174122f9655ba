"""One example of every view kind, with hostile text and long lists, for the renderer tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from commands.home import HomePage
from commands.views import (
    ActionDetail,
    ActionList,
    ActionSection,
    ActionSummary,
    AgendaEntry,
    Choice,
    Help,
    HelpEntry,
    Holding,
    KpiCard,
    KpiChange,
    KpiHistory,
    KpiList,
    KpiPoint,
    KpiSection,
    MeetingAgenda,
    MeetingKpis,
    MeetingRef,
    MeetingSummary,
    MinutesForm,
    Notice,
    PeopleList,
    PersonEntry,
    Question,
    Reminder,
    ReportDue,
    UpdateLogged,
    UpdateView,
    View,
)

NOW = datetime(2015, 12, 2, 10, 0, tzinfo=UTC)
EVIL = "<!channel> ping & <https://evil.example|your payslip> <@U123ADMIN> *bold*"


def update(text: str = "Recruited 12 social workers", state: str = "live") -> UpdateView:
    return UpdateView(
        at=NOW,
        author="Jackie Wilson",
        text=text,
        status_before="on_track",
        status_after="at_risk",
        source="chat",
        permalink="https://csbot-test.slack.com/archives/C1/p1449050400000100",
        state=state,  # type: ignore[arg-type]
    )


def action(
    n: int = 1, *, title: str = "Ensure manageable workloads", long: bool = False
) -> ActionSummary:
    return ActionSummary(
        id=n,
        plan_slug="leeds-improvement-plan",
        plan_name="Leeds Improvement Plan",
        ref=f"2.{n}",
        title=(title + " ") * (60 if long else 1),
        owners=["Jackie Wilson", "HOS"],
        lead_text="Jackie Wilson/ HOS",
        due_date=date(2015, 11, 30),
        due_text="30 Nov 2015",
        status="on_track",
        overdue=True,
        days_overdue=2,
        last_update=update(EVIL),
    )


def point(period: str, value: float) -> KpiPoint:
    return KpiPoint(
        period_key=period,
        period_label=period,
        period_end=date(2015, 11, 30),
        value=value,
        target=90,
        england=82.5,
        note=EVIL,
        rag="red",
    )


def card(slug: str = "pep") -> KpiCard:
    return KpiCard(
        slug=slug,
        name="Looked after children with a PEP " + EVIL,
        unit="%",
        polarity="higher",
        target=90,
        latest=point("Nov 2015", 62),
        previous=point("Oct 2015", 58),
        rag="red",
        trend="improving",
        owners=["Fiona Smith"],
        recent=[50, 55, 58, 62],
        message="",
    )


def meeting(n: int = 1) -> MeetingRef:
    return MeetingRef(
        id=n,
        label=f"CPAC 2016-01-0{n}",
        committee="Corporate Parenting Advisory Committee",
        starts_at=NOW,
        local_start="Tue 5 Jan 2016, 18:30",
        location="Committee Room 1 & 2",
        channel="C0CPAC",
    )


def agenda(n: int) -> AgendaEntry:
    return AgendaEntry(
        position=n,
        title=f"Item {n}: {EVIL}",
        leads=["Fiona Smith"],
        report_due=date(2015, 12, 20),
        report="late",
    )


def section(key: str, count: int) -> ActionSection:
    return ActionSection(
        key=key,
        title=key.title(),
        items=[action(i) for i in range(count)],
        total=count + 5,
        more_command=f"/meeting more {key} CPAC 2016-01-05",
    )


def person(i: int) -> PersonEntry:
    """Somebody of the ``people`` list with hostile text in every field."""
    return PersonEntry(
        name=f"Person {i} {EVIL}",
        roles=["VSH", EVIL],
        accounts=["Slack U0FIONA01"],
        actions=Holding(total=40, names=[f"plan:{EVIL}"] * 3),
        indicators=Holding(total=2, names=["pep", EVIL]),
        items=Holding(total=1, names=[f"CPAC 2016-01-05: {EVIL}"]),
        aliases=[EVIL] * 3,
        is_admin=i == 0,
    )


SAMPLES: dict[type[View], Callable[[], View]] = {
    Notice: lambda: Notice(level="error", text=EVIL, suggestions=["/actions show <ref>", EVIL]),
    ActionList: lambda: ActionList(
        title="Outstanding " + EVIL, items=[action(i) for i in range(120)]
    ),
    ActionDetail: lambda: ActionDetail(
        action=action(1, long=True),
        section="A well supported workforce",
        extra={"Progress to date": EVIL * 20, "RAG": "Amber"},
        history=[update(EVIL * 10, state) for state in ("live", "superseded", "retracted")] * 30,
        meeting="CPAC 2015-10-05",
    ),
    UpdateLogged: lambda: UpdateLogged(action=action(3), update=update(EVIL * 100)),
    KpiCard: card,
    KpiList: lambda: KpiList(title="Indicators", items=[card(f"k{i}") for i in range(70)]),
    KpiHistory: lambda: KpiHistory(
        card=card(), points=[point(f"2015-{i:02d}", 50 + i) for i in range(1, 13)] * 10
    ),
    Help: lambda: Help(
        title="/actions — action plans",
        entries=[HelpEntry(usage=f"/actions cmd{i} <ref>", summary=EVIL) for i in range(90)],
        footer="More: /kpi help",
    ),
    Question: lambda: Question(
        text="Which Fiona are you? " + EVIL,
        choices=[Choice(label=f"Fiona {i} " + EVIL, command=f"link Fiona {i}") for i in range(12)],
    ),
    MeetingAgenda: lambda: MeetingAgenda(
        meeting=meeting(), items=[agenda(i) for i in range(1, 70)], later=[meeting(2)]
    ),
    MeetingSummary: lambda: MeetingSummary(
        meeting=meeting(),
        heading="Pre-meeting summary: CPAC 2016-01-05 " + EVIL,
        agenda=[agenda(i) for i in range(1, 12)],
        arising=section("arising", 10),
        plans=section("plans", 10),
        kpis=KpiSection(
            title="KPIs",
            items=[
                KpiChange(
                    slug=f"k{i}",
                    name=EVIL,
                    unit="%",
                    polarity="higher",
                    value=60,
                    target=90,
                    previous_value=55,
                    change=5,
                    direction="improving",
                    rag="red",
                )
                for i in range(10)
            ],
            total=15,
            more_command="/meeting more kpis CPAC 2016-01-05",
        ),
        stale=section("stale", 10),
        generated_at=NOW,
        full_command="/meeting prep CPAC 2016-01-05",
    ),
    MeetingKpis: lambda: MeetingKpis(
        title="Indicators followed by " + EVIL,
        kpis=KpiSection(
            title="Indicators",
            items=[
                KpiChange(
                    slug=f"k{i}",
                    name=EVIL,
                    unit="%",
                    polarity="higher",
                    value=60,
                    period_label="Nov 2015",
                    target=90,
                    previous_value=55,
                    previous_period_label="Sep 2015",
                    change=5,
                    direction="improving",
                    rag="red",
                )
                for i in range(70)
            ],
            total=70,
            since="CPAC 2015-10-05",
        ),
        query="/meeting more kpis CPAC 2016-01-05",
    ),
    Reminder: lambda: Reminder(
        reason="digest",
        title="Your week",
        text=EVIL,
        actions=[action(i) for i in range(10)],
        total=25,
        reports=[ReportDue(meeting_label="CPAC 2016-01-05", item=agenda(1))],
        more_command="/actions mine",
        footer="Snooze with /actions remind snooze 2 weeks",
    ),
    MinutesForm: lambda: MinutesForm(meeting_id=7, meeting_label="CPAC 2015-10-05", text=EVIL),
    PeopleList: lambda: PeopleList(
        title="People " + EVIL, items=[person(i) for i in range(90)], footer=EVIL, query="people"
    ),
}


def home_page(*, actions: int = 40, known: bool = True) -> HomePage:
    """A busy Home tab."""
    return HomePage(
        name="Jackie " + EVIL,
        known=known,
        identity=None if known else SAMPLES[Question](),  # type: ignore[arg-type]
        actions=[action(i) for i in range(actions)],
        actions_total=actions + 7,
        overdue_total=3,
        kpis=[card(f"k{i}") for i in range(10)],
        meetings=[meeting(i) for i in range(1, 4)],
    )
