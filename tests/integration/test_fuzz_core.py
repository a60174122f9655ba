"""Arbitrary text through the core never raises: every message gets a reply or None."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.console.render import render
from commands.context import Caller, MessageContext
from commands.core import Core
from storage.unit_of_work import Store
from tests.conftest import FROZEN_NOW
from tests.factories import chat_message, leeds_world

PREFIXES = [
    "",
    "/actions ",
    "/actions show ",
    "/actions update 2.3 ",
    "/actions done ",
    "/actions add ",
    "/actions add x owner ",
    "/actions add x owner Fiona due ",
    "/actions assign 2.4 ",
    "/actions due 2.4 ",
    "/actions for ",
    "/actions plan ",
    "/actions search ",
    "/actions mine due ",
    "/actions link-channel ",
    "iam ",
    "iam not ",
    "link ",
    "2.3: ",
    "[4.2] ",
    "update 10 - ",
    "/",
    "#",
]
ALPHABET = st.characters(
    codec="utf-8",
    categories=["L", "N", "P", "S", "Zs", "Cc", "M"],
    include_characters="/#:[]<>@.-–\n\t\x00",
)
MESSAGES = st.tuples(st.sampled_from(PREFIXES), st.text(ALPHABET, max_size=80)).map(
    lambda pair: pair[0] + pair[1]
)


def _contexts() -> list[tuple[str, MessageContext]]:
    console = [
        MessageContext(
            workspace="local",
            caller=Caller(platform="console", user_id=who or "operator"),
            channel_id=channel,
            as_person=who,
            source="console",
            now=FROZEN_NOW,
        )
        for who in (None, "Jackie Wilson")
        for channel in (None, "leeds")
    ]
    chat = [chat_message("UFUZZ", channel="leeds", message_id="1.1", platform="console")]
    return [(f"ctx{i}", ctx) for i, ctx in enumerate(console + chat)]


def test_arbitrary_text_never_raises(tmp_path: Path) -> None:
    store = Store.from_url(f"sqlite:///{tmp_path / 'fuzz.db'}")
    store.ensure_workspace("local", name="Local")
    leeds_world(store)
    core = Core(store, clock=lambda: FROZEN_NOW)
    contexts = _contexts()

    @settings(
        max_examples=150,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        database=None,
    )
    @given(text=MESSAGES, which=st.integers(min_value=0, max_value=len(contexts) - 1))
    def check(text: str, which: int) -> None:
        _, msg = contexts[which]
        outcome = core.handle(msg, text)
        if outcome is not None:
            assert isinstance(render(outcome.reply), str)
        edited = core.handle_edit(msg, text)
        if edited is not None:
            assert isinstance(render(edited.reply), str)

    try:
        check()
        # Whatever was typed, nothing nameless was stored.
        with store.unit_of_work("local") as uow:
            assert all(r.key.strip() for r in uow.repos.people.all_roles())
            assert all(p.name_key.strip() for p in uow.repos.people.all_people())
    finally:
        store.engine.dispose()
