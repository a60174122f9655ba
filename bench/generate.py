"""Generate a synthetic csbot data set at a chosen scale, quickly, with bulk inserts.

Every workspace gets the same shape (people, roles, plans, actions with owners, an update
history, indicators with values, committees with meetings and agenda items), so a query's cost
can be compared between a 1x and a 10x data set: only the number of workspaces changes the
total size, never the size of the workspace under test.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Table, func, insert, select, text

from storage.models import Base

STATUSES = ["not_started", "on_track", "at_risk", "off_track", "achieved", "monitoring"]
ROLES = [
    ("DCS", "Director of Children's Services"),
    ("AD", "Assistant Director"),
    ("HOS", "Head of Service"),
    ("SM", "Service Manager"),
    ("IRO", "Independent Reviewing Officer"),
    ("VSH", "Virtual School Head"),
    ("CX", "Chief Executive"),
    ("TM", "Team Manager"),
]
FIRST = ["Alex", "Sam", "Jo", "Chris", "Pat", "Robin", "Jamie", "Lee", "Kim", "Drew"]
LAST = ["Smith", "Jones", "Patel", "Khan", "Brown", "Taylor", "Wilson", "Evans", "Ahmed", "Clark"]
KPI_SLUGS = [
    "pep",
    "care-plans",
    "pathway-plans",
    "lac-rate",
    "adoption-days",
    "placed-20-miles",
    "health-assessments",
    "dental",
    "visits",
    "stability-3-moves",
    "stability-long",
    "care-leavers-eet",
    "care-leavers-accom",
    "missing",
    "reviews",
    "sgo",
    "adoptions",
    "residential",
    "fostering",
    "ucas",
]


LINKED_KPIS = 6  # indicators each bench committee follows


@dataclass(frozen=True)
class Scale:
    """How much data to make."""

    workspaces: int = 150
    actions: int = 100_000
    updates: int = 1_000_000
    kpi_values: int = 100_000
    meetings: int = 2_000
    people_per_workspace: int = 40
    plans_per_workspace: int = 3
    indicators_per_workspace: int = 20

    def scaled(self, factor: float) -> Scale:
        """The same shape with ``factor`` times as many workspaces (and so rows)."""
        return Scale(
            workspaces=max(1, round(self.workspaces * factor)),
            actions=round(self.actions * factor),
            updates=round(self.updates * factor),
            kpi_values=round(self.kpi_values * factor),
            meetings=round(self.meetings * factor),
            people_per_workspace=self.people_per_workspace,
            plans_per_workspace=self.plans_per_workspace,
            indicators_per_workspace=self.indicators_per_workspace,
        )


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _chunks(rows: list[dict[str, Any]], size: int = 5000) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


class _Writer:
    """Bulk-inserts rows with explicit ids (so no round trip is needed to learn them)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.next_id: dict[str, int] = {}

    def ids(self, table: str, count: int) -> range:
        start = self.next_id.get(table, 1)
        self.next_id[table] = start + count
        return range(start, start + count)

    def write(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        t = _table(table)
        with self.engine.begin() as conn:
            for chunk in _chunks(rows):
                conn.execute(insert(t), chunk)

    def fix_sequences(self) -> None:
        if self.engine.dialect.name != "postgresql":
            return
        with self.engine.begin() as conn:
            for name in self.next_id:
                if "id" in _table(name).c:
                    conn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                            f"(SELECT COALESCE(MAX(id), 1) FROM {name}))"
                        )
                    )


def generate(engine: Engine, scale: Scale, *, today: date, seed: int = 7) -> dict[str, float]:
    """Fill an empty, migrated database; the timings of each phase in seconds."""
    rng = random.Random(seed)
    w = _Writer(engine)
    now = datetime.combine(today, datetime.min.time(), tzinfo=UTC) + timedelta(hours=10)
    timings: dict[str, float] = {}
    started = time.perf_counter()

    ws_ids = list(w.ids("workspace", scale.workspaces))
    w.write(
        "workspace",
        [
            {
                "id": i,
                "key": f"T{i:05d}",
                "platform": "slack",
                "name": f"Council {i}",
                "timezone": "Europe/London",
                "created_at": now,
            }
            for i in ws_ids
        ],
    )
    people: dict[int, list[int]] = {}
    roles: dict[int, list[int]] = {}
    person_rows, role_rows, holder_rows, chat_rows = [], [], [], []
    for ws in ws_ids:
        pids = list(w.ids("person", scale.people_per_workspace))
        people[ws] = pids
        for n, pid in enumerate(pids):
            name = f"{FIRST[n % 10]} {LAST[(n // 10) % 10]} {n}"
            person_rows.append(
                {
                    "id": pid,
                    "workspace_id": ws,
                    "name": name,
                    "name_key": name.lower(),
                    "email": f"p{pid}@example.org",
                    "is_admin": n == 0,
                    "created_at": now,
                }
            )
            chat_rows.append(
                {
                    "id": pid,
                    "workspace_id": ws,
                    "platform": "slack",
                    "external_id": f"U{pid:07d}",
                    "display_name": name,
                    "person_id": pid,
                    "reminders_stopped": False,
                    "created_at": now,
                }
            )
        rids = list(w.ids("role", len(ROLES)))
        roles[ws] = rids
        for (key, title), rid in zip(ROLES, rids, strict=True):
            role_rows.append({"id": rid, "workspace_id": ws, "key": key, "title": title})
        for n, pid in enumerate(pids[: len(rids)]):
            holder_rows.append({"person_id": pid, "role_id": rids[n]})
    w.ids("chat_user", 0)
    w.next_id["chat_user"] = w.next_id["person"]
    w.write("person", person_rows)
    w.write("role", role_rows)
    w.write("person_role", holder_rows)
    w.write("chat_user", chat_rows)
    timings["people"] = time.perf_counter() - started

    # Plans, channels, actions, owners.
    t0 = time.perf_counter()
    per_ws_actions = max(1, scale.actions // scale.workspaces)
    plan_rows: list[dict[str, Any]] = []
    channel_rows: list[dict[str, Any]] = []
    action_rows: list[dict[str, Any]] = []
    owner_rows: list[dict[str, Any]] = []
    actions_of: dict[int, list[int]] = {}
    for ws in ws_ids:
        pids = list(w.ids("plan", scale.plans_per_workspace))
        for n, plan_id in enumerate(pids):
            plan_rows.append(
                {
                    "id": plan_id,
                    "workspace_id": ws,
                    "name": f"Plan {n + 1}",
                    "slug": f"plan-{n + 1}",
                    "description": "",
                    "columns": [],
                    "created_at": now,
                }
            )
            channel_rows.append(
                {
                    "id": plan_id,
                    "workspace_id": ws,
                    "plan_id": plan_id,
                    "platform": "slack",
                    "channel_id": f"C{plan_id:07d}",
                    "channel_name": f"plan-{n + 1}",
                }
            )
        aids = list(w.ids("action", per_ws_actions))
        actions_of[ws] = aids
        for n, aid in enumerate(aids):
            plan_id = pids[n % len(pids)]
            section, item = divmod(n // len(pids), 20)
            due = today + timedelta(days=rng.randint(-120, 240))
            action_rows.append(
                {
                    "id": aid,
                    "workspace_id": ws,
                    "plan_id": plan_id,
                    "section_id": None,
                    "ref": f"{section + 1}.{item + 1}",
                    "title": f"Action {n} for plan {plan_id}",
                    "lead_text": "",
                    "due_text": due.isoformat(),
                    "due_date": due,
                    "status": rng.choice(STATUSES),
                    "extra": {},
                    "position": n,
                    "meeting_id": None,
                    "source_key": None,
                    "created_at": now,
                    "last_update_at": None,
                }
            )
            owner_rows.append(
                {
                    "id": None,
                    "action_id": aid,
                    "person_id": people[ws][n % len(people[ws])],
                    "role_id": None,
                    "position": 0,
                }
            )
            if n % 3 == 0:
                owner_rows.append(
                    {
                        "id": None,
                        "action_id": aid,
                        "person_id": None,
                        "role_id": roles[ws][n % len(roles[ws])],
                        "position": 1,
                    }
                )
    for row, oid in zip(owner_rows, w.ids("action_owner", len(owner_rows)), strict=True):
        row["id"] = oid
    w.write("plan", plan_rows)
    w.write("plan_channel", channel_rows)
    w.write("action", action_rows)
    w.write("action_owner", owner_rows)
    timings["actions"] = time.perf_counter() - t0

    # Updates: spread over every action, oldest first.
    t0 = time.perf_counter()
    all_actions = [(ws, aid) for ws in ws_ids for aid in actions_of[ws]]
    batch: list[dict[str, Any]] = []
    ids = iter(w.ids("action_update", scale.updates))
    for n in range(scale.updates):
        ws, aid = all_actions[n % len(all_actions)]
        batch.append(
            {
                "id": next(ids),
                "workspace_id": ws,
                "action_id": aid,
                "author_person_id": None,
                "author_name": "bench",
                "created_at": now - timedelta(minutes=scale.updates - n),
                "text": "Progress noted at the team meeting.",
                "status_before": None,
                "status_after": None,
                "source": "import",
                "source_key": None,
                "channel_id": None,
                "message_ts": None,
                "permalink": None,
                "superseded_by_id": None,
                "retracted_at": None,
            }
        )
        if len(batch) >= 50_000:
            w.write("action_update", batch)
            batch = []
    w.write("action_update", batch)
    timings["updates"] = time.perf_counter() - t0

    # Indicators and values.
    t0 = time.perf_counter()
    ind_rows: list[dict[str, Any]] = []
    val_rows: list[dict[str, Any]] = []
    per_ind = max(1, scale.kpi_values // (scale.workspaces * scale.indicators_per_workspace))
    for ws in ws_ids:
        iids = list(w.ids("indicator", scale.indicators_per_workspace))
        for n, iid in enumerate(iids):
            slug = KPI_SLUGS[n % len(KPI_SLUGS)]
            ind_rows.append(
                {
                    "id": iid,
                    "workspace_id": ws,
                    "slug": slug,
                    "name": slug.replace("-", " ").title(),
                    "aliases": [],
                    "unit": "%",
                    "polarity": "higher",
                    "target": 80.0,
                    "amber_tolerance": None,
                    "frequency": "monthly",
                    "owner_text": "",
                    "created_at": now,
                }
            )
            vids = w.ids("indicator_value", per_ind)
            for k, vid in enumerate(vids):
                month_index = today.year * 12 + today.month - 1 - (per_ind - k)
                y, m = divmod(month_index, 12)
                start = date(y, m + 1, 1)
                end = date(y + (m + 1) // 12, (m + 1) % 12 + 1, 1) - timedelta(days=1)
                val_rows.append(
                    {
                        "id": vid,
                        "workspace_id": ws,
                        "indicator_id": iid,
                        "period_key": f"{y}-{m + 1:02d}",
                        "period_label": f"{start:%b %Y}",
                        "period_kind": "month",
                        "period_start": start,
                        "period_end": end,
                        "value": round(rng.uniform(30, 95), 1),
                        "numerator": None,
                        "denominator": None,
                        "target": None,
                        "england": 70.0,
                        "region": 65.0,
                        "statistical_neighbours": 68.0,
                        "note": "",
                        "source": "bench",
                        "recorded_at": now,
                    }
                )
    w.write("indicator", ind_rows)
    w.write("indicator_value", val_rows)
    timings["kpis"] = time.perf_counter() - t0

    # Committees, meetings, agenda items, links.
    t0 = time.perf_counter()
    per_ws_meetings = max(1, scale.meetings // scale.workspaces)
    com_rows: list[dict[str, Any]] = []
    meet_rows: list[dict[str, Any]] = []
    item_rows: list[dict[str, Any]] = []
    link_rows: list[dict[str, Any]] = []
    for ws in ws_ids:
        cid = w.ids("committee", 1)[0]
        com_rows.append(
            {
                "id": cid,
                "workspace_id": ws,
                "name": "Corporate Parenting Advisory Committee",
                "name_key": "corporate parenting advisory committee",
                "initials": "CPAC",
                "channel_id": f"CM{ws:05d}",
                "summary_days_before": ["7", "1"],
            }
        )
        plan_ids = [p["id"] for p in plan_rows if p["workspace_id"] == ws]
        for plan_id in plan_ids:
            link_rows.append(
                {
                    "id": w.ids("meeting_link", 1)[0],
                    "workspace_id": ws,
                    "committee_id": cid,
                    "plan_id": plan_id,
                    "indicator_id": None,
                    "note": "",
                }
            )
        # The committee follows a handful of its indicators, as CPAC does (summary KPIs).
        ind_ids = [i["id"] for i in ind_rows if i["workspace_id"] == ws][:LINKED_KPIS]
        for ind_id in ind_ids:
            link_rows.append(
                {
                    "id": w.ids("meeting_link", 1)[0],
                    "workspace_id": ws,
                    "committee_id": cid,
                    "plan_id": None,
                    "indicator_id": ind_id,
                    "note": "",
                }
            )
        for n, mid in enumerate(w.ids("meeting", per_ws_meetings)):
            day = today + timedelta(days=91 * (n - per_ws_meetings // 2) + 3)
            meet_rows.append(
                {
                    "id": mid,
                    "workspace_id": ws,
                    "committee_id": cid,
                    "meeting_date": day,
                    "starts_at": datetime.combine(day, datetime.min.time(), tzinfo=UTC)
                    + timedelta(hours=18),
                    "location": "",
                    "channel_id": f"CM{ws:05d}",
                    "minutes_hash": None,
                    "created_at": now,
                }
            )
            for k, iid in enumerate(w.ids("agenda_item", 5)):
                item_rows.append(
                    {
                        "id": iid,
                        "workspace_id": ws,
                        "meeting_id": mid,
                        "position": k,
                        "title": f"Item {k + 1}",
                        "title_key": f"item {k + 1}",
                        "lead_text": "",
                        "report_due": day - timedelta(days=14),
                        "publication_date": day - timedelta(days=7),
                        "report_received_at": None,
                    }
                )
    w.write("committee", com_rows)
    w.write("meeting", meet_rows)
    w.write("agenda_item", item_rows)
    w.write("meeting_link", link_rows)
    timings["meetings"] = time.perf_counter() - t0

    w.fix_sequences()
    t0 = time.perf_counter()
    settle(engine)
    timings["settle"] = time.perf_counter() - t0
    timings["total"] = time.perf_counter() - started
    return timings


def settle(engine: Engine) -> None:
    """Bring a freshly bulk-loaded database to the state a long-running one is in, so the
    measurements that follow do not pay for the load itself: statistics gathered, and on
    PostgreSQL the tables vacuumed (hint bits set, visibility map built: otherwise the first
    reads of each page write to it); on SQLite the write-ahead log checkpointed into the
    database file."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def count_rows(engine: Engine) -> dict[str, int]:
    """Row counts of the big tables."""
    out = {}
    with engine.connect() as conn:
        for name in ("workspace", "action", "action_update", "indicator_value", "meeting"):
            out[name] = int(conn.scalar(select(func.count()).select_from(_table(name))) or 0)
    return out
