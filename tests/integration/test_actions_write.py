"""/actions commands that change things, through the core, on both backends."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from commands.views import Notice, UpdateLogged
from storage.models import Action, AuditEvent, PlanChannel, Update
from storage.unit_of_work import Store
from tests.factories import chat_message, leeds_world, link_chat_user, make_plan, seeded
from tests.helpers import Chat, make_chat

JACKIE = {"as_": "Jackie Wilson", "channel": "leeds"}


@pytest.fixture
def chat(store: Store, frozen_now: datetime) -> Chat:
    leeds_world(store)
    return make_chat(store, frozen_now)


def reply(chat: Chat, text: str, **kw: str | None) -> object:
    outcome = chat.outcome(text, **kw)  # type: ignore[arg-type]
    assert outcome is not None
    return outcome.reply


def action(store: Store, ref: str, plan: str = "leeds-improvement-plan") -> Action:
    with store.unit_of_work("local") as uow:
        p = uow.repos.plans.by_slug(plan)
        assert p is not None
        found = uow.repos.actions.by_ref(ref, p.id)
        assert found, ref
        a = found[0]
        _ = [(o.person, o.role) for o in a.owners]
        uow.session.expunge_all()  # keep the loaded state readable after the unit of work
        return a


def owner_names(a: Action) -> list[str]:
    return [o.person.name if o.person else o.role.key for o in a.owners]  # type: ignore[union-attr]


def history(store: Store, ref: str, plan: str = "leeds-improvement-plan") -> list[Update]:
    a = action(store, ref, plan)
    with store.unit_of_work("local") as uow:
        rows = list(uow.repos.actions.history(a.id))
        uow.session.expunge_all()
        return rows


def counts(store: Store) -> tuple[int, int, int]:
    with store.unit_of_work("local") as uow:
        s = uow.session
        return (
            s.scalar(select(func.count()).select_from(Action)) or 0,
            s.scalar(select(func.count()).select_from(Update)) or 0,
            s.scalar(select(func.count()).select_from(AuditEvent)) or 0,
        )


def error_text(view: object) -> str:
    assert isinstance(view, Notice) and view.level == "error", view
    return view.text


# -- update and done ---------------------------------------------------------------------------


def test_update_logs_text_and_status_and_audits_the_caller(store: Store, chat: Chat) -> None:
    view = reply(chat, "/actions update 2.3 12 practitioners recruited #at-risk", **JACKIE)
    assert isinstance(view, UpdateLogged)
    assert view.update.text == "12 practitioners recruited"
    assert (view.update.status_before, view.update.status_after) == ("on_track", "at_risk")
    a = action(store, "2.3")
    assert a.status == "at_risk"
    assert a.last_update_at is not None
    [u] = history(store, "2.3")
    assert (u.author_name, u.source) == ("Jackie Wilson", "command")
    with store.unit_of_work("local") as uow:
        actors = uow.session.scalars(
            select(AuditEvent.actor).where(
                AuditEvent.entity.in_(["action_update", "action"]), AuditEvent.actor != "test"
            )
        ).all()
    assert set(actors) == {"console:Jackie Wilson (Jackie Wilson)"}
    assert len(actors) == 2  # the update created, the action's status changed


@pytest.mark.parametrize(
    ("tag", "status"),
    [
        ("#on-track", "on_track"),
        ("#amber", "at_risk"),
        ("#delayed", "off_track"),
        ("#done", "achieved"),
    ],
)
def test_update_status_words(store: Store, chat: Chat, tag: str, status: str) -> None:
    reply(chat, f"/actions update 2.4 {tag} waiting on HR", **JACKIE)
    assert action(store, "2.4").status == status
    assert history(store, "2.4")[0].text == "waiting on HR"


def test_update_without_text_is_refused(store: Store, chat: Chat) -> None:
    assert "Say what happened" in error_text(reply(chat, "/actions update 2.3 \x07", **JACKIE))
    assert history(store, "2.3") == []


def test_update_by_someone_else_is_not_allowed(store: Store, chat: Chat) -> None:
    text = error_text(reply(chat, "/actions update 2.3 hello", as_="Fiona Smith", channel="leeds"))
    assert "Only the owners of 2.3 (Jackie Wilson)" in text
    assert history(store, "2.3") == []


def test_update_by_an_unlinked_chat_user_says_link_first(store: Store, chat: Chat) -> None:
    msg = chat_message("U777", real_name="Unknown Person", channel="C1")
    outcome = chat.core.handle(msg, "/actions update leeds:2.3 hello")
    assert outcome is not None
    assert "link <your name>" in error_text(outcome.reply)


def test_update_of_an_unknown_or_ambiguous_ref(store: Store, chat: Chat) -> None:
    text = error_text(reply(chat, "/actions update 2.9 hello", **JACKIE))
    assert "Nearest refs: 2.3, 2.4" in text
    text = error_text(reply(chat, "/actions update 2.3 hello", as_="Jackie Wilson"))
    assert "several plans" in text and "leeds-improvement-plan:2.3" in text
    reply(chat, "/actions update leeds:2.3 hello", as_="Jackie Wilson")
    assert [u.text for u in history(store, "2.3")] == ["hello"]


def test_done_marks_achieved_with_a_note(store: Store, chat: Chat) -> None:
    view = reply(chat, "/actions done 4.2 audit signed off", as_="Fiona", channel="leeds")
    assert isinstance(view, UpdateLogged) and view.update.status_after == "achieved"
    assert action(store, "4.2").status == "achieved"
    again = reply(chat, "/actions done 4.2", as_="Fiona", channel="leeds")
    assert isinstance(again, Notice) and "already" in again.text
    assert len(history(store, "4.2")) == 1


def test_administrators_may_change_anything(store: Store, chat: Chat) -> None:
    view = reply(chat, "/actions done 3.1", channel="leeds")  # the console operator
    assert isinstance(view, UpdateLogged)
    assert action(store, "3.1").status == "achieved"


def test_role_holders_may_change_their_roles_items(store: Store, chat: Chat) -> None:
    reply(chat, "/actions update 3.1 procedures drafted #on-track", **JACKIE)
    assert action(store, "3.1").status == "on_track"


# -- add ---------------------------------------------------------------------------------------


def test_add_in_a_plan_channel_takes_the_next_ref_in_the_section(store: Store, chat: Chat) -> None:
    view = reply(
        chat,
        "/actions add Review the PEP audit owner fiona due end of March",
        as_="Jackie Wilson",
        channel="leeds",
    )
    assert isinstance(view, Notice) and view.level == "success"
    assert "4.5" in view.text
    a = action(store, "4.5")
    assert a.title == "Review the PEP audit"
    assert owner_names(a) == ["Fiona Smith"]
    assert a.due_date == date(2016, 3, 31) and a.due_text == "end of March"
    assert a.status == "not_started"
    assert a.section_id == action(store, "4.2").section_id


def test_add_creates_new_people_and_roles_like_imports(store: Store, chat: Chat) -> None:
    # A new person is named with `new`; a standard role is added when first named.
    reply(chat, "/actions add Recruit IROs owner new jane doe/IRO due TBC plan haringey")
    a = action(store, "11", "haringey-corporate-parenting")
    assert owner_names(a) == ["Jane Doe", "IRO"]
    assert a.due_date is None and a.due_text == "TBC"


def test_add_to_the_only_plan_and_to_an_empty_plan(store: Store, frozen_now: datetime) -> None:
    with seeded(store) as uow:
        make_plan(uow, "Solo Plan")
    chat = make_chat(store, frozen_now)
    reply(chat, "/actions add First thing owner HOS due 1 May 2016")
    assert action(store, "1", "solo-plan").title == "First thing"
    reply(chat, "/actions add Second thing owner HOS due 1 May 2016")
    assert action(store, "2", "solo-plan").title == "Second thing"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/actions add Thing owner Fiona due 1 May 2016", "Which plan?"),
        ("/actions add Thing owner Fiona due blorgday plan leeds", "couldn't read “blorgday”"),
        ("/actions add Thing owner TBC due 1 May 2016 plan leeds", "names no owner"),
        ("/actions add Thing owner Fiona due 1 May 2016 plan Atlantis", "no plan called"),
    ],
)
def test_add_bad_input_changes_nothing(store: Store, chat: Chat, text: str, expected: str) -> None:
    before = counts(store)
    assert expected in error_text(reply(chat, text))
    assert counts(store) == before


# -- assign and due ----------------------------------------------------------------------------


def test_assign_replaces_owners(store: Store, chat: Chat) -> None:
    view = reply(chat, "/actions assign 2.4 Sally/HOS", **JACKIE)
    assert isinstance(view, Notice) and "was Jackie Wilson" in view.text
    assert owner_names(action(store, "2.4")) == ["Sally Threlfall", "HOS"]
    # Jackie still holds HOS, so she may reassign it again.
    reply(chat, "/actions assign 2.4 Fiona Smith", **JACKIE)
    assert owner_names(action(store, "2.4")) == ["Fiona Smith"]
    assert "Only the owners" in error_text(reply(chat, "/actions assign 2.4 Sally", **JACKIE))


def test_assign_to_an_ambiguous_name_is_refused(store: Store, chat: Chat) -> None:
    from tests.factories import make_person

    with seeded(store) as uow:
        make_person(uow, "Fiona Jones")
    assert "several people" in error_text(reply(chat, "/actions assign 2.4 Fiona", **JACKIE))
    assert owner_names(action(store, "2.4")) == ["Jackie Wilson"]


def test_due_changes_the_date_and_keeps_the_text(store: Store, chat: Chat) -> None:
    view = reply(chat, "/actions due 2.4 end of June", **JACKIE)
    assert isinstance(view, Notice) and "30 Jun 2016" in view.text
    a = action(store, "2.4")
    assert (a.due_date, a.due_text) == (date(2016, 6, 30), "end of June")
    reply(chat, "/actions due 2.4 on going", **JACKIE)
    a = action(store, "2.4")
    assert (a.due_date, a.due_text) == (None, "on going")


def test_due_with_an_unreadable_date_changes_nothing(store: Store, chat: Chat) -> None:
    assert "wibble" in error_text(reply(chat, "/actions due 2.3 wibble", **JACKIE))
    assert action(store, "2.3").due_date == date(2015, 11, 30)


# -- channels ----------------------------------------------------------------------------------


def test_link_and_unlink_channel(store: Store, chat: Chat) -> None:
    view = reply(chat, "/actions link-channel haringey", as_="Fiona Smith", channel="har")
    assert isinstance(view, Notice) and view.level == "success"
    assert "Haringey Corporate Parenting" in view.text
    logged = reply(chat, "2.3: carers panel booked", as_="Fiona Smith", channel="har")
    assert isinstance(logged, UpdateLogged)
    assert logged.action.plan_slug == "haringey-corporate-parenting"
    # Once linked, only an administrator re-points or unlinks the channel.
    before = counts(store)
    assert error_text(
        reply(chat, "/actions link-channel leeds", as_="Fiona Smith", channel="har")
    ) == (
        "This channel is linked to Haringey Corporate Parenting: only an administrator can "
        "link it to Leeds Improvement Plan instead. Nothing was changed."
    )
    assert error_text(reply(chat, "/actions unlink-channel", as_="Fiona Smith", channel="har")) == (
        "This channel is linked to Haringey Corporate Parenting: only an administrator can "
        "unlink it. Nothing was changed."
    )
    assert counts(store) == before
    still = reply(chat, "2.3: carers panel held", as_="Fiona Smith", channel="har")
    assert isinstance(still, UpdateLogged)
    assert still.action.plan_slug == "haringey-corporate-parenting"
    relinked = reply(chat, "/actions link-channel leeds", channel="har")
    assert isinstance(relinked, Notice) and "instead of Haringey" in relinked.text
    reply(chat, "/actions unlink-channel", channel="har")
    assert chat.outcome("2.3: more", as_="Fiona Smith", channel="har") is None
    again = reply(chat, "/actions unlink-channel", as_="Fiona Smith", channel="har")
    assert isinstance(again, Notice) and "not linked" in again.text


def test_link_channel_needs_a_channel(store: Store, chat: Chat) -> None:
    assert "in the channel you mean" in error_text(reply(chat, "/actions link-channel leeds"))
    msg = chat_message("U1", channel="D1", direct=True)
    outcome = chat.core.handle(msg, "/actions link-channel leeds")
    assert outcome is not None and "in the channel you mean" in error_text(outcome.reply)
    with store.unit_of_work("local") as uow:
        assert uow.session.scalar(select(func.count()).select_from(PlanChannel)) == 1


def test_link_channel_uses_the_callers_platform(store: Store, chat: Chat) -> None:
    with seeded(store) as uow:
        link_chat_user(uow, "slack", "UJW", uow.repos.people.person_by_key("jackie wilson"))
    outcome = chat.core.handle(chat_message("UJW", channel="C42"), "/actions link-channel haringey")
    assert outcome is not None and isinstance(outcome.reply, Notice)
    with store.unit_of_work("local") as uow:
        assert uow.repos.plans.plan_for_channel("slack", "C42") is not None
        assert uow.repos.plans.plan_for_channel("console", "C42") is None


# -- limits ------------------------------------------------------------------------------------


def test_huge_input_is_refused_clearly_and_changes_nothing(store: Store, chat: Chat) -> None:
    before = counts(store)
    huge = "x" * 100_000
    outcome = chat.outcome(f"/actions update 2.3 {huge}", **JACKIE)
    assert outcome is not None and "too long" in error_text(outcome.reply)
    outcome = chat.outcome(f"2.3: {huge}", **JACKIE)
    assert outcome is not None and "too long" in error_text(outcome.reply)
    assert "10,000" in error_text(outcome.reply)
    outcome = chat.outcome(f"2.3: {'y' * 10_001}", **JACKIE)
    assert outcome is not None and "too long" in error_text(outcome.reply)
    assert counts(store) == before
    assert action(store, "2.3").status == "on_track"


def test_nul_and_control_characters_are_stripped(store: Store, chat: Chat) -> None:
    reply(chat, "/actions update 2.3 bad\x00byte\x07 here", **JACKIE)
    assert history(store, "2.3")[0].text == "badbyte here"


@pytest.mark.parametrize("owner", ["☃☃", "---", "'"])
def test_owners_that_are_not_names_are_refused(store: Store, chat: Chat, owner: str) -> None:
    before = counts(store)
    view = reply(chat, f"/actions add Thing owner {owner} due 1 May 2016 plan leeds")
    assert isinstance(view, Notice) and view.level == "error"
    assert counts(store) == before
    with store.unit_of_work("local") as uow:
        assert all(r.key for r in uow.repos.people.all_roles())


def test_owner_names_too_long_to_store_are_refused(store: Store, chat: Chat) -> None:
    before = counts(store)
    long_name = " ".join(["Bartholomew" + "x" * 40] * 3)
    for owner in (long_name, "Family Support Team " * 8):
        view = reply(chat, f"/actions add Thing owner {owner} due 1 May 2016 plan leeds")
        assert "too long" in error_text(view)
    assert counts(store) == before


def test_owner_store_skips_nameless_parts_and_fits_long_names(store: Store) -> None:
    from commands.owner_store import resolve_owners

    long_role = "Family Support Team " * 8
    with seeded(store) as uow:
        owners = resolve_owners(uow.repos, f"☃ / Fiona Smith / {long_role}/ —")
        assert [type(o).__name__ for o in owners] == ["Person", "Role"]
    with store.unit_of_work("local") as uow:
        keys = [r.key for r in uow.repos.people.all_roles()]
        assert all(k and len(k) <= 100 for k in keys)


def test_a_refusal_naming_plans_suggests_whole_commands(store: Store, chat: Chat) -> None:
    with store.unit_of_work("local") as uow:
        make_plan(uow, "Leeds Youth Justice Plan")
        uow.commit()
    which = reply(
        chat, "/actions add Check rota owner Jackie Wilson due 31/03", as_="Jackie Wilson"
    )
    assert isinstance(which, Notice) and which.level == "error", which
    assert (
        "/actions add Check rota owner Jackie Wilson due 31/03 plan leeds-youth-justice-plan"
        in (which.suggestions)
    )
    several = reply(chat, "/actions link-channel leeds", as_="Jackie Wilson", channel="other")
    assert isinstance(several, Notice) and several.level == "error", several
    assert set(several.suggestions) == {
        "/actions link-channel leeds-improvement-plan",
        "/actions link-channel leeds-youth-justice-plan",
    }
    unknown = reply(chat, "/actions plan nonesuch", as_="Jackie Wilson")
    assert isinstance(unknown, Notice)
    assert all(s.startswith("/actions plan ") for s in unknown.suggestions), unknown


def test_an_add_whose_due_date_is_missing_says_so(store: Store, chat: Chat) -> None:
    before = counts(store)
    text = error_text(
        reply(chat, "/actions add Check rota owner HOS due plan leeds", as_="Jackie Wilson")
    )
    assert text.startswith("The new action needs a due date after `due`"), text
    assert counts(store) == before


def test_a_plan_prefix_without_a_ref_says_the_ref_is_missing(chat: Chat) -> None:
    text = error_text(reply(chat, "/actions show leeds-improvement-plan:", as_="Jackie Wilson"))
    assert "names a plan but no action" in text and "`leeds-improvement-plan:2.3`" in text, text
