"""Slack mentions kept in a typed note are made readable with one query, however many the
note holds."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import event

from commands.context import Caller, MessageContext
from commands.handler_context import HandlerContext
from commands.identity import Me
from commands.mentions import readable_mentions
from commands.registry import REGISTRY
from storage.models import ChatUser, Person
from storage.unit_of_work import Store


def _context(store: Store, platform: str, now: datetime) -> HandlerContext:
    uow = store.unit_of_work("local")
    uow.__enter__()
    msg = MessageContext(workspace="local", caller=Caller(platform=platform, user_id="UCALLER01"))
    return HandlerContext(
        uow=uow,
        msg=msg,
        me=Me("Caller"),
        now=now,
        today=now.date(),
        tz="Europe/London",
        registry=REGISTRY,
    )


def test_several_mentions_cost_one_query(store: Store, frozen_now: datetime) -> None:
    h = _context(store, "slack", frozen_now)
    ws = h.uow.workspace_id
    try:
        alex = Person(workspace_id=ws, name="Alex Examplewood", name_key="alex examplewood")
        sam = Person(workspace_id=ws, name="Sam Samplesby", name_key="sam samplesby")
        h.uow.session.add_all([alex, sam])
        h.uow.session.flush()
        h.uow.session.add_all(
            [
                ChatUser(
                    workspace_id=ws, platform="slack", external_id="UALEX0001", person_id=alex.id
                ),
                ChatUser(
                    workspace_id=ws, platform="slack", external_id="USAM00001", person_id=sam.id
                ),
                ChatUser(workspace_id=ws, platform="slack", external_id="UNOBODY01"),
                ChatUser(
                    workspace_id=ws, platform="teams", external_id="UTEAMS001", person_id=sam.id
                ),
            ]
        )
        h.uow.session.flush()
        sent: list[str] = []

        def count(_conn: Any, _cur: Any, statement: str, *_args: Any) -> None:
            sent.append(statement)

        text = (
            "met <@UALEX0001|alex>, <@USAM00001>, <@UNOBODY01|sam.k>, <@UNKNOWN01|kim> and "
            "<@UNOBODY01|other>, <@UTEAMS001> and <@UALEX0001> again"
        )
        event.listen(store.engine, "before_cursor_execute", count)
        try:
            shown = readable_mentions(h, text)
        finally:
            event.remove(store.engine, "before_cursor_execute", count)
        assert shown == (
            "met @Alex Examplewood, @Sam Samplesby, @sam.k, @kim and @sam.k, @UTEAMS001 and "
            "@Alex Examplewood again"
        )
        assert len(sent) == 1, sent
    finally:
        h.uow.__exit__(None, None, None)


def test_text_without_slack_mentions_costs_nothing(store: Store, frozen_now: datetime) -> None:
    sent: list[str] = []

    def count(_conn: Any, _cur: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    for platform, text in (("slack", "no mention here"), ("teams", "met <@UALEX0001> today")):
        h = _context(store, platform, frozen_now)
        event.listen(store.engine, "before_cursor_execute", count)
        try:
            assert readable_mentions(h, text) == text
        finally:
            event.remove(store.engine, "before_cursor_execute", count)
            h.uow.__exit__(None, None, None)
    assert not sent
