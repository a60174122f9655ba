"""`/actions title <ref> <title>` gives an action a new title (a typo, the plan's new wording):
its history stays with it, the owners or an administrator may do it, bad input is refused
naming what was wrong, and a re-import of the unchanged plan file keeps the new title."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from storage.models import Action, AuditEvent, Plan
from storage.unit_of_work import Store
from tests.conftest import FROZEN_NOW, Database
from tests.factories import leeds_world
from tests.helpers import make_chat, run_cli

IN_LEEDS = {"channel": "leeds"}


def _title(store: Store, ref: str, plan: str | None = None) -> str:
    with store.session_factory() as s:
        found = select(Action.title).join(Plan).where(Action.ref == ref)
        if plan is not None:
            found = found.where(Plan.slug == plan)
        title = s.scalar(found)
        assert title is not None
        return title


def test_an_owner_retitles_an_action_and_the_change_is_audited(store: Store) -> None:
    leeds_world(store)
    chat = make_chat(store, FROZEN_NOW)
    reply = chat.say(
        "/actions title 2.3 Keep caseloads manageable", as_="Jackie Wilson", **IN_LEEDS
    )
    assert reply == (
        "✔ 2.3 is now “Keep caseloads manageable” "
        "(before: “Ensure social care staff have manageable workloads”)."
    ), reply
    assert _title(store, "2.3", "leeds-improvement-plan") == "Keep caseloads manageable"
    again = chat.say(
        "/actions title 2.3 Keep caseloads manageable", as_="Jackie Wilson", **IN_LEEDS
    )
    assert "already titled “Keep caseloads manageable”. Nothing changed." in again
    with store.session_factory() as s:
        audit = s.scalars(select(AuditEvent).where(AuditEvent.entity == "action")).all()
    assert [(a.before, a.after) for a in audit if a.change == "update"] == [
        (
            {"title": "Ensure social care staff have manageable workloads"},
            {"title": "Keep caseloads manageable"},
        )
    ]


def test_bad_titles_and_other_peoples_actions_are_refused(store: Store) -> None:
    leeds_world(store)
    chat = make_chat(store, FROZEN_NOW)
    before = _title(store, "2.3", "leeds-improvement-plan")
    refusals = {
        "/actions title 2.3 " + "x" * 2001: "That title is too long (2,001 characters; the limit "
        "is 2,000). Nothing was changed.",
        "/actions title Manageable workloads 2.3": "The ref goes first: `/actions title 2.3 "
        "Manageable workloads`",
        "/actions title 9.9 Something": "There is no action 9.9",
        "/actions title 2.3 ` `": "2.3 needs a title after its ref. Nothing was changed.",
    }
    for typed, expected in refusals.items():
        reply = chat.say(typed, as_="Jackie Wilson", **IN_LEEDS)
        assert expected in reply, (typed, reply)
    added = chat.say("/actions add -- owner Jackie Wilson due 1 May 2027", **IN_LEEDS)
    assert "The new action needs a title. Nothing was changed." in added, added
    # Fiona owns nothing of 2.3 and is no administrator.
    refused = chat.say("/actions title 2.3 Something else", as_="Fiona Smith", **IN_LEEDS)
    assert "Only the owners of 2.3 (Jackie Wilson) or an administrator can change it." in refused
    assert "Nothing was changed." in refused
    assert _title(store, "2.3", "leeds-improvement-plan") == before


def test_a_title_set_in_chat_survives_a_reimport_of_the_unchanged_file(
    store: Store, database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        "Ref,Action,Lead,Timescale\n1.1,Recruit foster carers,Ann Testsmith,March 2027\n",
        encoding="utf-8",
    )
    args = ("import", "actions", str(path), "--plan", "Care plan")
    assert run_cli(database.url, tmp_path, *args).returncode == 0
    chat = make_chat(store, FROZEN_NOW)
    assert "is now “Recruit 20 foster carers”" in chat.say(
        "/actions title care-plan:1.1 Recruit 20 foster carers"
    )
    again = run_cli(database.url, tmp_path, *args)
    assert again.returncode == 0, again.stderr
    assert _title(store, "1.1") == "Recruit 20 foster carers"
    # The file's own new wording still wins, as for any field the file changes.
    path.write_text(path.read_text().replace("Recruit foster carers", "Recruit carers"))
    assert run_cli(database.url, tmp_path, *args).returncode == 0
    assert _title(store, "1.1") == "Recruit carers"


def test_a_chat_action_retitled_as_the_files_row_is_taken_in(
    store: Store, database: Database, tmp_path: Path
) -> None:
    """The way out of the refusal of a file whose row has a chat-added action's ref: when the
    row is that action in the file's words, retitle it in chat, and the file goes in."""
    path = tmp_path / "plan.csv"
    first = "Ref,Action,Lead,Timescale\n1.1,Recruit foster carers,Ann Testsmith,March 2027\n"
    path.write_text(first, encoding="utf-8")
    args = ("import", "actions", str(path), "--plan", "Care plan")
    assert run_cli(database.url, tmp_path, *args).returncode == 0
    chat = make_chat(store, FROZEN_NOW)
    assert "Added 1.2" in chat.say(
        "/actions add Audit PEPs owner Ann Testsmith due 30 June 2027 plan care-plan"
    )
    path.write_text(first + "1.2,Audit every PEP termly,Ann Testsmith,June 2027\n")
    refused = run_cli(database.url, tmp_path, *args)
    assert refused.returncode != 0 and "1.2 is an action added in chat" in refused.stderr
    chat.say("/actions title care-plan:1.2 Audit every PEP termly")
    taken = run_cli(database.url, tmp_path, *args)
    assert taken.returncode == 0, taken.stderr
    assert _title(store, "1.2") == "Audit every PEP termly"


def test_a_title_another_outstanding_action_has_is_refused(store: Store) -> None:
    leeds_world(store)
    chat = make_chat(store, FROZEN_NOW)
    other = _title(store, "2.4", "leeds-improvement-plan")
    reply = chat.say(f"/actions title 2.3 {other.upper()}!", as_="Jackie Wilson", **IN_LEEDS)
    assert f"already has an outstanding action 2.4 “{other}”: give 2.3 a title of its own" in reply
    assert "Nothing was changed." in reply
    # Its own title written otherwise (case, punctuation) is a change of wording, allowed.
    own = _title(store, "2.3", "leeds-improvement-plan")
    reworded = chat.say(f"/actions title 2.3 {own.upper()}", as_="Jackie Wilson", **IN_LEEDS)
    assert "is now" in reworded, reworded
