"""Meetings import: new committees are named (a near miss of another's with a ⚠️), papers
published after the meeting or before the report is due are refused, a changed channel is
reported, a new item follows the file's row above it, and a clocks-change refusal says once
that nothing was imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.cli import main
from commands.importers import ImportFailed, run_import
from storage.models import AgendaItem, Committee, Meeting
from storage.unit_of_work import Store
from tests.conftest import Database

HEAD = "committee,date,time,item,lead,report_due,publication_date,channel\n"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "meetings"


def _write(tmp_path: Path, body: str, name: str = "m.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def _count(store: Store, model: type[object]) -> int:
    with store.session_factory() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_a_new_committee_is_named_and_a_near_miss_warned(store: Store, tmp_path: Path) -> None:
    run_import(store, "local", "meetings", FIXTURES / "cpac_planning.csv")
    body = "CAPC,2027-03-09,18:30,Item A,Jane Roe,,,\nYouth Board,2027-03-10,18:30,Item A,,,,\n"
    path = _write(tmp_path, body)
    report = run_import(store, "local", "meetings", path)
    text = report.summary()
    assert "New committees: CAPC (row 2), Youth Board (row 3)." in report.notes, text
    warned = [n for n in report.notes if n.startswith("⚠️")]
    assert len(warned) == 1, text
    assert warned[0].startswith(
        "⚠️ New committee “CAPC” (row 2): did you mean CPAC (Corporate Parenting Advisory "
        "Committee)? If not, "
    ), text
    assert "`/meeting cancel CAPC 2027-03-09`" in warned[0]
    assert _count(store, Committee) == 3  # warned, not refused: the file went in
    again = run_import(store, "local", "meetings", path)
    assert not any("New committee" in n for n in again.notes), again.summary()


def test_a_committee_named_by_its_initials_is_not_new(store: Store, tmp_path: Path) -> None:
    run_import(store, "local", "meetings", FIXTURES / "cpac_planning.csv")
    report = run_import(
        store, "local", "meetings", _write(tmp_path, "CPAC,2027-03-09,18:30,Item A,,,,\n")
    )
    assert not any("committee" in n.lower() for n in report.notes), report.summary()


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (
            "CPAC,2027-03-01,18:30,Item A,Jane Roe,2027-02-15,2027-03-20,#cpac",
            "publication_date",
            "published on 20 Mar 2027, after the meeting on 1 Mar 2027",
        ),
        (
            "CPAC,2027-03-01,18:30,Item A,Jane Roe,2027-02-15,2027-02-10,#cpac",
            "publication_date",
            "published on 10 Feb 2027, before the report is due on 15 Feb 2027",
        ),
        (
            "CPAC,2027-03-01,18:30,Item A,Jane Roe,"
            "Due on 15 February and due for publication on 10 February,,#cpac",
            "report_due",
            "published on 10 Feb 2027, before the report is due on 15 Feb 2027",
        ),
    ],
)
def test_a_publication_date_out_of_order_is_refused(
    store: Store, tmp_path: Path, row: str, column: str, words: str
) -> None:
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", "meetings", _write(tmp_path, row + "\n"))
    message = str(err.value)
    assert f"row 2, column “{column}”" in message and words in message, message
    assert _count(store, Meeting) == 0 and _count(store, AgendaItem) == 0


def test_a_publication_date_before_the_stored_deadline_is_refused(
    store: Store, tmp_path: Path
) -> None:
    run_import(
        store, "local", "meetings", _write(tmp_path, "CPAC,2027-03-01,18:30,A,,2027-02-15,,\n")
    )
    # The publication date on the day the report is due is fine.
    run_import(
        store, "local", "meetings", _write(tmp_path, "CPAC,2027-03-01,18:30,A,,,2027-02-15,\n")
    )
    with pytest.raises(ImportFailed, match=r"row 2, column “publication_date”: .*before the"):
        run_import(
            store, "local", "meetings", _write(tmp_path, "CPAC,2027-03-01,18:30,A,,,2027-02-14,\n")
        )


def test_a_changed_channel_is_reported(store: Store, tmp_path: Path) -> None:
    run_import(
        store,
        "local",
        "meetings",
        _write(tmp_path, "CPAC,2027-03-01,18:30,Item A,Jane Roe,,,#cpac\n"),
    )
    moved = _write(tmp_path, "CPAC,2027-03-01,19:00,Item C,Jane Roe,,,#other\n")
    report = run_import(store, "local", "meetings", moved)
    assert "CPAC 2027-03-01: start moved 18:30 → 19:00." in report.notes, report.summary()
    assert "CPAC 2027-03-01: channel moved #cpac → #other." in report.notes, report.summary()
    with store.session_factory() as s:
        assert s.scalars(select(Meeting)).one().channel_id == "other"
    again = run_import(store, "local", "meetings", moved)
    assert not any("channel" in n for n in again.notes), again.summary()
    # A meeting that had no channel is given one; a new meeting reports none.
    run_import(store, "local", "meetings", _write(tmp_path, "CPAC,2027-04-01,18:30,A,,,,\n"))
    given = run_import(
        store, "local", "meetings", _write(tmp_path, "CPAC,2027-04-01,18:30,A,,,,#cpac\n")
    )
    assert given.notes == ["CPAC 2027-04-01: channel set to #cpac."], given.summary()


def test_a_new_item_follows_its_row_above_across_files(store: Store) -> None:
    # The README's rule, as QA met it: "Ofsted update" follows "Performance" in the CSV.
    run_import(store, "local", "meetings", FIXTURES / "cpac_agenda_planning.tsv")
    run_import(store, "local", "meetings", FIXTURES / "cpac_planning.csv")
    with store.session_factory() as s:
        meeting = s.scalars(select(Meeting).order_by(Meeting.meeting_date)).first()
        assert meeting is not None
        items = s.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id)
            .order_by(AgendaItem.position)
        ).all()
    assert [i.title for i in items] == [
        "Performance",
        "Ofsted update",
        "CPAC and Aspire notes with update on actions",
        "Clarify funding for Aspire meetings",
    ]


def test_a_time_the_clocks_skip_says_nothing_was_imported_once(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _write(tmp_path, "CPAC,2027-03-28,01:30,Item A,Jane Roe,,,\n")
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", "meetings", path)
    assert "row 2, column “time”: 01:30 does not exist" in str(err.value)
    assert "Nothing was changed" not in str(err.value)
    monkeypatch.setenv("DATABASE_URL", database.url)
    code = main(["--workspace", "local", "import", "meetings", str(path)])
    err_text = capsys.readouterr().err
    assert code == 1
    assert err_text.count("Nothing was") == 1 and "Nothing was imported." in err_text, err_text


def test_initials_a_near_miss_would_share_stay_the_first_ones(store: Store, tmp_path: Path) -> None:
    full = "Corporate Parenting Advisory Committee"
    for n, name in enumerate((full, "Corporate Parenting Advisory Comittee"), start=1):
        body = f"{name},2027-03-0{n},18:30,Item A,Jane Roe,,,#cpac\n"
        report = run_import(store, "local", "meetings", _write(tmp_path, body, f"c{n}.csv"))
    # The near miss does not take "CPAC" (the report says so): a row naming CPAC is the first's.
    assert any("Its initials CPAC are " + full in note for note in report.notes), report.notes
    cpac = _write(tmp_path, "CPAC,2027-03-15,18:30,Item A,Jane Roe,,,#cpac\n", "c3.csv")
    run_import(store, "local", "meetings", cpac)
    with store.session_factory() as s:
        first = s.scalars(select(Committee).where(Committee.name == full)).one()
        dates = s.scalars(select(Meeting.meeting_date).where(Meeting.committee_id == first.id))
        assert [d.isoformat() for d in dates] == ["2027-03-01", "2027-03-15"]


def test_initials_two_committees_answer_to_are_refused(store: Store, tmp_path: Path) -> None:
    with store.unit_of_work("local") as uow:
        for name in ("Corporate Parenting Advisory Committee", "Care Panel Advice Circle"):
            uow.session.add(
                Committee(
                    workspace_id=uow.workspace_id, name=name, name_key=name.lower(), initials="CPAC"
                )
            )
        uow.commit()
    with pytest.raises(ImportFailed, match="could be several committees"):
        run_import(store, "local", "meetings", _write(tmp_path, "CPAC,2027-03-01,18:30,A,,,,\n"))
    assert _count(store, Meeting) == 0


def test_a_teams_workspace_refuses_a_channel_named_rather_than_its_id(
    store: Store, tmp_path: Path
) -> None:
    # Teams posts by a channel's id: "#cpac" would leave every summary to it undelivered.
    store.ensure_workspace("T-tenant-1", platform="teams", name="A council")
    named = _write(tmp_path, "CPAC,2027-03-01,18:30,Item A,Jane Roe,,,#cpac\n")
    with pytest.raises(ImportFailed, match=r"row 2, column “channel”: Teams posts to a channel"):
        run_import(store, "T-tenant-1", "meetings", named)
    assert _count(store, Meeting) == 0  # nothing of the file went in
    channel = "19:abc123@thread.tacv2"
    by_id = _write(tmp_path, f"CPAC,2027-03-01,18:30,Item A,Jane Roe,,,#{channel}\n")
    run_import(store, "T-tenant-1", "meetings", by_id)
    with store.session_factory() as s:
        assert s.scalars(select(Meeting)).one().channel_id == channel
