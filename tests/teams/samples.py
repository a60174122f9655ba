"""One realistic example of every view kind, and oversized ones, for the renderer tests."""

from __future__ import annotations

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

AT = datetime(2015, 12, 2, 10, 0, tzinfo=UTC)


def update(text: str = "Improved levels of supervision introduced.", **kw: object) -> UpdateView:
    """One history entry."""
    data: dict[str, object] = {"at": AT, "author": "Jackie Wilson", "text": text}
    data.update(kw)
    return UpdateView.model_validate(data)


def action(
    ref: str = "2.3", title: str = "Ensure manageable workloads", **kw: object
) -> ActionSummary:
    """One action as lists show it."""
    data: dict[str, object] = {
        "id": 7,
        "plan_slug": "leeds-improvement-plan",
        "plan_name": "Leeds Improvement Plan",
        "ref": ref,
        "title": title,
        "owners": ["Jackie Wilson"],
        "lead_text": "Jackie Wilson",
        "due_date": date(2015, 11, 30),
        "due_text": "30 Nov 2015",
        "status": "on_track",
        "overdue": True,
        "days_overdue": 2,
        "last_update": update(),
    }
    data.update(kw)
    return ActionSummary.model_validate(data)


def point(label: str = "Oct 2015", value: float = 64.0, **kw: object) -> KpiPoint:
    """One KPI value."""
    data: dict[str, object] = {
        "period_key": "2015-10",
        "period_label": label,
        "period_end": date(2015, 10, 31),
        "value": value,
        "target": 95.0,
        "numerator": 64,
        "denominator": 100,
        "england": 70.0,
        "region": 68.0,
        "statistical_neighbours": 66.0,
        "note": "Two schools late returning PEPs.",
        "rag": "red",
    }
    data.update(kw)
    return KpiPoint.model_validate(data)


def kpi(slug: str = "pep", **kw: object) -> KpiCard:
    """One indicator card."""
    data: dict[str, object] = {
        "slug": slug,
        "name": "Looked after children with an up-to-date PEP",
        "unit": "%",
        "polarity": "higher",
        "frequency": "monthly",
        "target": 95.0,
        "latest": point(),
        "previous": point("Sep 2015", 61.0),
        "rag": "red",
        "trend": "improving",
        "owners": ["Fiona Smith"],
        "recent": [55.0, 61.0, 64.0],
    }
    data.update(kw)
    return KpiCard.model_validate(data)


def meeting(label: str = "CPAC 2016-01-05") -> MeetingRef:
    """A meeting as views name it."""
    return MeetingRef(
        id=3,
        label=label,
        committee="Corporate Parenting Advisory Committee",
        starts_at=datetime(2016, 1, 5, 18, 30, tzinfo=UTC),
        local_start="Tue 5 Jan 2016, 18:30",
        location="Civic Centre",
        channel="19:chan-cpac@thread.tacv2",
    )


def agenda(n: int = 3) -> list[AgendaEntry]:
    """Agenda items with their report states."""
    states = ("received", "late", "none", "awaited")
    return [
        AgendaEntry(
            position=i + 1,
            title=f"Agenda item {i + 1}",
            leads=["Margaret Gallagher"],
            report_due=date(2015, 12, 17),
            report=states[i % len(states)],  # type: ignore[arg-type]
        )
        for i in range(n)
    ]


def section(key: str, n: int = 3, total: int | None = None) -> ActionSection:
    """A summary section of actions."""
    return ActionSection(
        key=key,
        title=f"Section {key}",
        items=[action(f"{key}.{i}") for i in range(n)],
        total=total if total is not None else n,
        more_command=f"/meeting more {key} CPAC 2016-01-05",
    )


def change(slug: str = "pep") -> KpiChange:
    """A linked indicator in a summary."""
    return KpiChange(
        slug=slug,
        name="Looked after children with an up-to-date PEP",
        unit="%",
        polarity="higher",
        value=64.0,
        period_label="Oct 2015",
        target=95.0,
        rag="red",
        previous_value=61.0,
        previous_period_label="Sep 2015",
        change=3.0,
        direction="improving",
    )


def summary(n: int = 3, total: int | None = None) -> MeetingSummary:
    """A pre-meeting summary."""
    return MeetingSummary(
        meeting=meeting(),
        heading="Pre-meeting summary: CPAC 2016-01-05 (in 7 days)",
        previous=meeting("CPAC 2015-10-05"),
        agenda=agenda(n),
        arising=section("arising", n, total),
        plans=section("plans", n, total),
        kpis=KpiSection(
            title="Indicators",
            items=[change(f"k{i}") for i in range(n)],
            total=total or n,
            since="CPAC 2015-10-05",
            more_command="/meeting more kpis CPAC 2016-01-05",
        ),
        stale=section("stale", n, total),
        generated_at=AT,
        full_command="/meeting prep CPAC 2016-01-05",
    )


def meeting_kpis(n: int = 3, name: str = "") -> MeetingKpis:
    """Every indicator a committee follows (``/meeting more kpis``)."""
    items = [change(f"k{i}").model_copy(update={"name": name} if name else {}) for i in range(n)]
    return MeetingKpis(
        title="Indicators followed by Corporate Parenting Advisory Committee — for CPAC 2016-01-05",
        kpis=KpiSection(title="Indicators", items=items, total=n, since="CPAC 2015-10-05"),
        query="/meeting more kpis CPAC 2016-01-05",
    )


def person(name: str = "Fiona Smith", **kw: object) -> PersonEntry:
    """Somebody of the ``people`` list holding a bit of everything."""
    fields: dict[str, object] = {
        "name": name,
        "roles": ["VSH"],
        "accounts": ["Teams 29:1fiona"],
        "actions": Holding(total=4, names=["cp:4.2", "cp:4.3", "cp:4.5"]),
        "indicators": Holding(total=1, names=["pep"]),
        "items": Holding(total=1, names=["CPAC 2016-01-05: Performance"]),
        "aliases": ["F. Smith"],
    }
    fields.update(kw)
    return PersonEntry.model_validate(fields)


SAMPLES: dict[str, View] = {
    "notice": Notice(
        level="error",
        text="I didn't understand `/actions frob`.",
        suggestions=["/actions mine", "/actions show <ref> [plan <plan...>]"],
    ),
    "action_list": ActionList(
        title="Outstanding actions for Jackie Wilson",
        subtitle="overdue",
        items=[action(), action("2.4", status="not_started", last_update=None)],
        query="/actions mine",
    ),
    "action_detail": ActionDetail(
        action=action(),
        section="2.0 A well supported workforce",
        extra={"Progress to date": "Improved levels of supervision introduced."},
        history=[update(), update("Old text", state="retracted"), update("x", state="superseded")],
        meeting="CPAC 2015-10-05",
    ),
    "update_logged": UpdateLogged(
        action=action(),
        update=update("Two new team managers", status_before="on_track", status_after="at_risk"),
    ),
    "kpi_card": kpi(message="Recorded 64% for Oct 2015."),
    "kpi_list": KpiList(title="Indicators", items=[kpi(), kpi("ca", rag="green", latest=None)]),
    "kpi_history": KpiHistory(card=kpi(), points=[point("Sep 2015", 61.0), point()]),
    "help": Help(
        title="/actions — action plans",
        entries=[HelpEntry(usage="/actions mine", summary="My outstanding actions.")],
        footer="Type /kpi help for indicators.",
    ),
    "question": Question(
        text="“Fiona” could be several people. Which one?",
        choices=[
            Choice(label="Fiona Smith (VSH)", command="/actions for Fiona Smith"),
            Choice(label="Fiona Jones", command="/actions for Fiona Jones"),
        ],
    ),
    "meeting_agenda": MeetingAgenda(
        meeting=meeting(),
        items=agenda(),
        follows=["Leeds Improvement Plan", "pep"],
        later=[meeting("CPAC 2016-04-04")],
        message="Added CPAC 2016-01-05.",
    ),
    "meeting_summary": summary(),
    "meeting_kpis": meeting_kpis(),
    "reminder": Reminder(
        reason="digest",
        title="Your week, Jackie Wilson: 2 outstanding actions, 1 report to send",
        text="Here is what is on your plate.",
        actions=[action(), action("2.4")],
        total=5,
        reports=[ReportDue(meeting_label="CPAC 2016-01-05", item=agenda(1)[0])],
        more_command="/actions mine",
        footer="Stop these with /actions remind stop.",
    ),
    "minutes_form": MinutesForm(
        meeting_id=3, meeting_label="CPAC 2015-10-05", text="Paste the minutes of CPAC 2015-10-05."
    ),
    "people_list": PeopleList(
        title="People (2)",
        items=[person(), person("Richard Hutton", roles=[], accounts=[], aliases=[])],
        footer="Tidy them with `merge <person> into <person>`.",
        query="people",
    ),
}


def home(n: int = 3) -> HomePage:
    """The personal view of Jackie Wilson."""
    return HomePage(
        name="Jackie Wilson",
        known=True,
        actions=[action(f"2.{i}", id=i + 1) for i in range(n)],
        actions_total=n + 4,
        overdue_total=2,
        kpis=[kpi()],
        meetings=[meeting()],
    )


LONG = "A long piece of text with *stars* and _underscores_ and [brackets](x). " * 150


def oversized() -> dict[str, View]:
    """Views far bigger than one Teams message can hold."""
    many = [action(f"5.{i}", title=LONG[:900], id=i + 1) for i in range(500)]
    return {
        "action_list": ActionList(title="Everything", items=many, query="/actions plan leeds"),
        "action_detail": ActionDetail(
            action=action(title=LONG[:2000]),
            extra={f"Column {i}": LONG for i in range(40)},
            history=[update(LONG) for _ in range(200)],
        ),
        "kpi_history": KpiHistory(card=kpi(), points=[point(note=LONG) for _ in range(120)]),
        "kpi_list": KpiList(title="All", items=[kpi(f"k{i}", name=LONG[:300]) for i in range(300)]),
        "meeting_summary": summary(40, total=400),
        "meeting_kpis": meeting_kpis(300, name=LONG[:300]),
        "help": Help(
            title="Everything",
            entries=[HelpEntry(usage=f"/x {i}", summary=LONG[:200]) for i in range(300)],
        ),
        "reminder": Reminder(
            reason="overdue",
            title="Overdue",
            actions=many[:200],
            total=500,
            more_command="/actions mine",
        ),
        "notice": Notice(text=LONG * 3, suggestions=[f"/actions show {i}" for i in range(200)]),
        "people_list": PeopleList(
            title="People (400)",
            items=[person(f"{LONG[:150]} {i}", aliases=[LONG[:190]] * 5) for i in range(400)],
            query="people",
        ),
    }
