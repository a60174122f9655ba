"""Read-only /actions commands through the core, on both backends."""

from __future__ import annotations

from datetime import datetime

import pytest

from commands.views import ActionDetail, ActionList, Notice, Question
from storage.unit_of_work import Store
from tests.factories import (
    add_update,
    leeds_world,
    make_person,
    make_plan,
    seeded,
)
from tests.helpers import Chat, make_chat


@pytest.fixture
def chat(store: Store, frozen_now: datetime) -> Chat:
    leeds_world(store)
    return make_chat(store, frozen_now)


def reply(chat: Chat, text: str, **kw: str) -> object:
    outcome = chat.outcome(text, **kw)
    assert outcome is not None
    return outcome.reply


def refs(view: object) -> list[str]:
    assert isinstance(view, ActionList), view
    return [i.ref for i in view.items]


# -- mine ------------------------------------------------------------------------------------


def test_mine_is_my_items_and_my_roles_items_overdue_first(chat: Chat) -> None:
    view = reply(chat, "/actions mine", as_="Jackie Wilson")
    # 3.1 is owned by HOS (Jackie's role); 4.3 is achieved and excluded.
    assert refs(view) == ["3.1", "2.3", "2.4"]
    assert isinstance(view, ActionList)
    assert [i.overdue for i in view.items] == [True, True, False]
    assert "HOS" in view.title


def test_mine_excludes_achieved_and_closed(chat: Chat) -> None:
    assert refs(reply(chat, "/actions mine", as_="Fiona Smith")) == ["4.2", "2.3"]


def test_mine_overdue_and_due_windows(chat: Chat) -> None:
    assert refs(reply(chat, "/actions mine overdue", as_="Jackie Wilson")) == ["3.1", "2.3"]
    assert refs(reply(chat, "/actions mine due this month", as_="Fiona Smith")) == []
    assert refs(reply(chat, "/actions mine due 31 March 2016", as_="Fiona Smith")) == [
        "4.2",
        "2.3",
    ]


def test_mine_with_an_unreadable_date_is_refused(chat: Chat) -> None:
    view = reply(chat, "/actions mine due flibbertigibbet", as_="Fiona Smith")
    assert isinstance(view, Notice) and view.level == "error"
    assert "flibbertigibbet" in view.text


def test_mine_for_an_unknown_caller_says_how_to_link(store: Store, chat: Chat) -> None:
    from tests.factories import chat_message

    outcome = chat.core.handle(chat_message("U999", real_name="Nobody Known"), "/actions mine")
    assert outcome is not None and isinstance(outcome.reply, Notice)
    assert "link" in outcome.reply.text


# -- for -------------------------------------------------------------------------------------


def test_for_a_person_includes_their_roles(chat: Chat) -> None:
    assert refs(reply(chat, "/actions for jackie wilson")) == ["3.1", "2.3", "2.4"]


def test_for_a_first_name_and_a_role(chat: Chat) -> None:
    assert refs(reply(chat, "/actions for Fiona")) == ["4.2", "2.3"]
    view = reply(chat, "/actions for head of service")
    assert refs(view) == ["3.1"]
    assert refs(reply(chat, "/actions for IRO")) == ["10"]


def test_for_a_chat_user_mention(store: Store, chat: Chat) -> None:
    from tests.factories import link_chat_user

    with seeded(store) as uow:
        fiona = uow.repos.people.person_by_key("fiona smith")
        link_chat_user(uow, "console", "UFIONA", fiona)
    assert refs(reply(chat, "/actions for <@UFIONA>")) == ["4.2", "2.3"]
    assert refs(reply(chat, "/actions for @UFIONA")) == ["4.2", "2.3"]


def test_for_an_ambiguous_name_asks_which(store: Store, chat: Chat) -> None:
    with seeded(store) as uow:
        make_person(uow, "Fiona Jones")
    view = reply(chat, "/actions for fiona")
    assert isinstance(view, Question)
    assert {c.command for c in view.choices} == {
        "/actions for Fiona Jones",
        "/actions for Fiona Smith",
    }


def test_for_an_unknown_person_names_the_nearest(chat: Chat) -> None:
    view = reply(chat, "/actions for Jacky Wilsen")
    assert isinstance(view, Notice) and view.level == "error"
    assert "Jacky Wilsen" in view.text and "Jackie Wilson" in view.text


# -- plan, overdue, search ---------------------------------------------------------------------


def test_plan_lists_outstanding_first_in_plan_order(chat: Chat) -> None:
    view = reply(chat, "/actions plan leeds")
    assert refs(view) == ["1.1", "2.3", "2.4", "3.1", "4.2", "4.3", "4.4"]
    assert isinstance(view, ActionList) and view.title == "Leeds Improvement Plan"
    assert refs(reply(chat, "/actions plan haringey corporate")) == ["2.3", "10"]


def test_plan_with_a_typo_and_an_unknown_plan(chat: Chat) -> None:
    assert refs(reply(chat, "/actions plan Haringay"))[0] == "2.3"
    view = reply(chat, "/actions plan Manchester")
    assert isinstance(view, Notice) and view.level == "error"
    assert "Manchester" in view.text and "Leeds Improvement Plan" in view.text


def test_plan_without_a_name_uses_the_channel_plan(chat: Chat) -> None:
    assert refs(reply(chat, "/actions plan", channel="leeds"))[0] == "1.1"
    view = reply(chat, "/actions plan")
    assert isinstance(view, Notice) and "Which plan?" in view.text


def test_overdue_everywhere_and_in_the_channel_plan(store: Store, chat: Chat) -> None:
    with seeded(store) as uow:
        plan = uow.repos.plans.by_slug("haringey-corporate-parenting")
        assert plan is not None
        from tests.factories import add_action

        add_action(uow, plan, {"ref": "11", "title": "Late thing", "due": "1 Nov 2015"}, position=9)
    assert refs(reply(chat, "/actions overdue")) == ["3.1", "11", "2.3"]
    assert refs(reply(chat, "/actions overdue", channel="leeds")) == ["3.1", "2.3"]


def test_search_matches_every_word(chat: Chat) -> None:
    assert refs(reply(chat, "/actions search staff roles")) == ["2.4"]
    assert set(refs(reply(chat, "/actions search ensure"))) == {"2.3", "2.4"}
    view = reply(chat, "/actions search e%_s")  # LIKE's wildcards are searched for as typed
    assert refs(view) == []


def test_search_lists_overdue_first_then_by_due_date_then_finished(
    store: Store, chat: Chat
) -> None:
    # Plan order (the old order) would be 1, 2, 3, 4, 5, 6.
    with seeded(store) as uow:
        make_plan(
            uow,
            "Fostering plan",
            [
                {"ref": "1", "title": "Fostering fees reviewed", "due": "31 Mar 2016"},
                {"ref": "2", "title": "Fostering panel minutes", "due": "1 Nov 2015"},
                {"ref": "3", "title": "Fostering leaflet", "due": "31 Dec 2015"},
                {"ref": "4", "title": "Fostering audit", "due": "1 Sep 2015", "status": "achieved"},
                {"ref": "5", "title": "Fostering campaign"},
                {"ref": "6", "title": "Fostering recruitment", "due": "30 Nov 2015"},
            ],
        )
    view = reply(chat, "/actions search fostering")
    assert refs(view) == ["2", "6", "3", "1", "5", "4"]
    assert isinstance(view, ActionList)
    assert [i.overdue for i in view.items] == [True, True, False, False, False, False]


def test_search_takes_any_apostrophe_for_any_other(store: Store, chat: Chat) -> None:
    # A phone types "children’s"; the plan says "Children's" (or the other way round).
    with seeded(store) as uow:
        make_plan(
            uow,
            "Pledge plan",
            [
                {"ref": "7.1", "title": "Publish the Children's Pledge"},
                {"ref": "7.2", "title": "Review the carers’ charter"},
            ],
        )
    for words in ("children’s pledge", "children's pledge", "CHILDREN‘S", "children`s"):
        assert refs(reply(chat, f"/actions search {words}")) == ["7.1"], words
    assert refs(reply(chat, "/actions search carers' charter")) == ["7.2"]
    assert refs(reply(chat, "/actions search childrens")) == []


def test_search_ignores_the_case_of_accented_capitals(store: Store, chat: Chat) -> None:
    # SQLite's own lower() folds only A-Z: "Überprüfung" was found on PostgreSQL alone.
    with seeded(store) as uow:
        make_plan(uow, "Review plan", [{"ref": "9.1", "title": "Überprüfung of ÉLAN visits"}])
    for words in ("Überprüfung", "überprüfung", "ÜBERPRÜFUNG", "élan", "ÉLAN visits"):
        assert refs(reply(chat, f"/actions search {words}")) == ["9.1"], words


# -- show --------------------------------------------------------------------------------------


def test_show_has_section_owners_due_text_extra_and_history(store: Store, chat: Chat) -> None:
    with seeded(store) as uow:
        action = uow.repos.actions.by_ref(
            "2.3", uow.repos.plans.by_slug("leeds-improvement-plan").id
        )[0]  # type: ignore[union-attr]
        first = add_update(uow, action, "First note", status="at_risk")
        second = add_update(uow, action, "Edited note")
        first.superseded_by_id = second.id
        third = add_update(uow, action, "Withdrawn note")
        third.retracted_at = third.created_at
    view = reply(chat, "/actions show 2.3", channel="leeds")
    assert isinstance(view, ActionDetail)
    assert view.section == "2.0 A well supported workforce"
    assert view.action.owners == ["Jackie Wilson"]
    assert view.action.due_text == "30 Nov 2015"
    assert view.action.due_date is not None and view.action.overdue
    assert view.extra == {"Progress to date": "Improved levels of supervision introduced."}
    states = {u.text: u.state for u in view.history}
    assert states == {
        "First note": "superseded",
        "Edited note": "live",
        "Withdrawn note": "retracted",
    }
    assert view.action.last_update is not None
    assert view.action.last_update.text == "Edited note"
    rendered = chat.say("/actions show 2.3", channel="leeds")
    assert "(superseded by an edit)" in rendered and "(retracted)" in rendered


def test_show_with_plan_option_or_prefix(chat: Chat) -> None:
    for text in ("/actions show 2.3 plan haringey", "/actions show haringey:2.3"):
        view = reply(chat, text)
        assert isinstance(view, ActionDetail)
        assert view.action.plan_slug == "haringey-corporate-parenting"


def test_show_an_ambiguous_ref_names_the_plans_and_how_to_choose(chat: Chat) -> None:
    view = reply(chat, "/actions show 2.3")
    assert isinstance(view, Notice) and view.level == "error"
    assert "Leeds Improvement Plan" in view.text and "Haringey Corporate Parenting" in view.text
    assert "plan <name>" in view.text
    assert "/actions show haringey-corporate-parenting:2.3" in view.suggestions


def test_show_an_unknown_ref_names_the_nearest_refs(chat: Chat) -> None:
    view = reply(chat, "/actions show 2.9", channel="leeds")
    assert isinstance(view, Notice) and view.level == "error"
    assert "2.9" in view.text and "Nearest refs: 2.3, 2.4" in view.text
    view = reply(chat, "/actions show 99 plan haringey")
    assert isinstance(view, Notice) and "Haringey" in view.text and "10" in view.text


def test_show_when_there_are_no_actions(store: Store, frozen_now: datetime) -> None:
    with seeded(store) as uow:
        make_plan(uow, "Empty Plan")
    view = make_chat(store, frozen_now).outcome("/actions show 1")
    assert view is not None and isinstance(view.reply, Notice)
    assert "no actions yet" in view.reply.text
