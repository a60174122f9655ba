"""Pure pieces of the Teams adapter: key cache, activity context, button data, throttling."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from microsoft_teams.api import ActivityTypeAdapter
from pydantic import SecretStr

from bot.teams import card_actions as ca
from bot.teams.auth import AuthError, BotFrameworkAuth, OpenIdKeys
from bot.teams.context import command_text, message_context, split_conversation_id, where_of
from bot.teams.notifier import NoConversation, TeamsNotifier
from bot.teams.throttle import ThrottleRetry, retry_after_seconds
from commands.jobs.notifier import Target
from commands.views import Notice
from storage.teams_references import ConversationRef
from tests.teams import activities as act
from tests.teams import signing
from tests.teams.fake_connector import FakeConnector

URL = "https://smba.trafficmanager.net/emea/"
META = "https://login.example/v1/.well-known/openidconfiguration"

# -- the key cache ------------------------------------------------------------------------------


class Publisher:
    """Serves OpenID metadata and keys from memory, counting fetches."""

    def __init__(self) -> None:
        self.keys = [signing.KEYS.jwk()]
        self.fetches: list[str] = []
        self.broken = False

    async def fetch(self, url: str) -> Any:
        self.fetches.append(url)
        if self.broken:
            raise httpx.ConnectError("down")
        if url.endswith("openidconfiguration"):
            return {"jwks_uri": "https://keys.example/keys"}
        return {"keys": self.keys}


def test_keys_are_cached_and_refetched_only_for_a_new_key_after_a_while() -> None:
    pub, now = Publisher(), [0.0]
    keys = OpenIdKeys(
        "https://meta.example/openidconfiguration", fetch=pub.fetch, clock=lambda: now[0]
    )
    assert asyncio.run(keys.key("test-key-1")) is not None
    assert asyncio.run(keys.key("unknown")) is None
    assert (
        len(pub.fetches) == 2
    )  # metadata + keys, once: an unknown key right away is not refetched
    now[0] = 11 * 60
    pub.keys.append({**signing.KEYS.jwk(), "kid": "rolled-over"})
    assert asyncio.run(keys.key("rolled-over")) is not None
    assert len(pub.fetches) == 4


def test_unreachable_keys_refuse_rather_than_accept() -> None:
    pub = Publisher()
    pub.broken = True
    auth = BotFrameworkAuth(signing.APP_ID, OpenIdKeys(META, fetch=pub.fetch))
    activity = {"channelId": "msteams", "serviceUrl": URL}
    with pytest.raises(AuthError) as caught:
        asyncio.run(auth.authenticate(f"Bearer {signing.token(URL)}", activity))
    assert caught.value.status == 401


def test_a_good_token_yields_its_claims() -> None:
    auth = BotFrameworkAuth(signing.APP_ID, OpenIdKeys(META, fetch=Publisher().fetch))
    claims = asyncio.run(
        auth.authenticate(
            f"Bearer {signing.token(URL)}", {"channelId": "msteams", "serviceUrl": URL}
        )
    )
    assert claims["aud"] == signing.APP_ID and claims["serviceurl"] == URL


# -- activities to context ----------------------------------------------------------------------


def _parse(activity: dict[str, Any]) -> Any:
    return ActivityTypeAdapter.validate_python(activity)


def test_channel_message_context() -> None:
    # The thread's id lies below the activity ids the fakes hand out, so the reply's own id
    # can never equal it (that would make the reply the thread's first post).
    activity = act.channel_message(URL, "2.3: done &amp; dusted", thread="1690000000100")
    parsed = _parse(activity)
    where = where_of(parsed)
    assert where is not None
    msg = message_context(parsed, where, email="jackie.wilson@leeds.example")
    assert msg.workspace == act.TENANT and msg.caller.platform == "teams"
    assert (
        msg.caller.user_id == act.JACKIE.aad and msg.caller.email == "jackie.wilson@leeds.example"
    )
    assert msg.channel_id == act.CHANNEL_ID and msg.thread_id == "1690000000100"
    assert msg.message_id == activity["id"] and not msg.is_direct
    assert msg.permalink is not None and "parentMessageId=1690000000100" in msg.permalink
    assert command_text(parsed) == "2.3: done & dusted"


def test_mentions_of_people_and_channels_become_grammar_text() -> None:
    activity = act.message(URL, "meeting channel CPAC <at>cpac</at>", mention=True)
    activity["entities"].append(
        {
            "type": "mention",
            "text": "<at>cpac</at>",
            "mentioned": {"id": act.CPAC_CHANNEL_ID, "name": "cpac"},
        }
    )
    assert command_text(_parse(activity)) == f"meeting channel CPAC #{act.CPAC_CHANNEL_ID}"
    activity = act.message(URL, "actions for <at>Fiona Smith</at>", mention=True)
    activity["entities"].append(
        {
            "type": "mention",
            "text": "<at>Fiona Smith</at>",
            "mentioned": {"id": "29:fiona", "name": "Fiona Smith"},
        }
    )
    assert command_text(_parse(activity)) == "actions for Fiona Smith"


def test_personal_chat_is_direct() -> None:
    parsed = _parse(act.message(URL, "home"))
    where = where_of(parsed)
    assert where is not None and where.conversation_type == "personal"
    msg = message_context(parsed, where)
    assert msg.is_direct and msg.permalink is None and msg.thread_id is None


def test_split_conversation_id() -> None:
    assert split_conversation_id("19:x@thread.tacv2;messageid=42") == ("19:x@thread.tacv2", "42")
    assert split_conversation_id("a:personal") == ("a:personal", None)


# -- button data ------------------------------------------------------------------------------


def test_parse_reads_inputs_and_checks_types() -> None:
    press = ca.parse(
        "update", {"action_id": 7, "note_7": " text ", "due_7": "2016-02-29", "page": "2"}
    )
    assert press.action_id == 7 and press.page == 2
    assert press.text_input("note_7") == "text"
    assert (
        press.date_input("due_7") is not None
        and press.date_input("due_7").isoformat() == "2016-02-29"
    )  # type: ignore[union-attr]
    with pytest.raises(ca.BadAction):
        ca.parse("update", {"action_id": 7, "due_7": "soon"}).date_input("due_7")
    for verb, data in (
        ("page", {"cmd": "x" * 600}),
        ("run", {"cmd": "x", "mode": "shout"}),
        ("done", {"action_id": True}),
    ):
        with pytest.raises(ca.BadAction):
            ca.parse(verb, data)


# -- throttling ---------------------------------------------------------------------------------


def test_retry_after_in_seconds_or_as_a_date() -> None:
    now = datetime(2015, 12, 2, 10, 0, tzinfo=UTC)
    assert retry_after_seconds(httpx.Response(429, headers={"Retry-After": "7"})) == 7.0
    dated = httpx.Response(429, headers={"Retry-After": "Wed, 02 Dec 2015 10:00:30 GMT"})
    assert retry_after_seconds(dated, now) == 30.0
    assert retry_after_seconds(httpx.Response(429)) is None
    assert retry_after_seconds(httpx.Response(429, headers={"Retry-After": "soon"})) is None


def _failing(statuses: list[int], headers: dict[str, str]) -> Any:
    request = httpx.Request("POST", "https://smba.example/v3/conversations/x/activities")
    calls = []

    async def call() -> httpx.Response:
        calls.append(1)
        status = statuses.pop(0) if statuses else 201
        response = httpx.Response(status, headers=headers, request=request)
        response.raise_for_status()
        return response

    return call, calls


def test_throttled_calls_wait_as_told_then_succeed() -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    retry = ThrottleRetry(sleep=sleep)
    call, calls = _failing([429, 503], {"Retry-After": "3"})
    context = type("Ctx", (), {"method": "POST", "url": "https://smba.example/x"})()
    response = asyncio.run(retry.send(context, call))  # type: ignore[arg-type]
    assert response.status_code == 201 and len(calls) == 3 and slept == [3.0, 3.0]

    slept.clear()
    call, calls = _failing([429] * 10, {})
    with pytest.raises(httpx.HTTPStatusError):
        asyncio.run(ThrottleRetry(max_attempts=3, base_delay=1.0, sleep=sleep).send(context, call))  # type: ignore[arg-type]
    assert len(calls) == 3 and len(slept) == 2 and all(0.5 <= s <= 2.0 for s in slept)

    call, calls = _failing([403], {})
    with pytest.raises(httpx.HTTPStatusError):
        asyncio.run(ThrottleRetry(sleep=sleep).send(context, call))  # type: ignore[arg-type]
    assert len(calls) == 1  # refused for good: no retry


# -- the notifier -------------------------------------------------------------------------------


class SlowSender:
    """Records how many posts are in flight per conversation."""

    def __init__(self) -> None:
        self.active: dict[str, int] = {}
        self.most: dict[str, int] = {}
        self.lock = threading.Lock()
        # A post to "a" waits until a post to "b" has started: it only can if posts to
        # different conversations do not wait for each other.
        self.b_started = threading.Event()
        self.a_saw_b: list[bool] = []

    async def post_card(self, ref: ConversationRef, card: Any, *, summary: str, **kw: Any) -> str:
        with self.lock:
            self.active[ref.conversation_id] = self.active.get(ref.conversation_id, 0) + 1
            self.most[ref.conversation_id] = max(
                self.most.get(ref.conversation_id, 0), self.active[ref.conversation_id]
            )
        if ref.conversation_id == "b":
            self.b_started.set()
        if ref.conversation_id == "a":
            self.a_saw_b.append(await asyncio.to_thread(self.b_started.wait, 10))
        await asyncio.sleep(0.05)
        with self.lock:
            self.active[ref.conversation_id] -= 1
        return "id"


class Refs:
    """Two known conversations."""

    def channel(self, tenant: str, conversation_id: str) -> ConversationRef | None:
        return (
            ConversationRef(conversation_id, "channel", URL) if conversation_id != "gone" else None
        )

    def any(self, tenant: str) -> ConversationRef | None:
        return None

    def personal(self, tenant: str, user: str) -> ConversationRef | None:
        return None


def test_one_post_at_a_time_per_conversation() -> None:
    sender = SlowSender()
    notifier = TeamsNotifier(sender, Refs())  # type: ignore[arg-type]
    targets = [Target(act.TENANT, "teams", channel_id=c) for c in ("a", "a", "a", "b", "b")]
    threads = [threading.Thread(target=notifier.send, args=(t, Notice(text="hi"))) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sender.most == {"a": 1, "b": 1}
    # Different conversations do not wait for each other: "a" was held until "b" started.
    assert sender.a_saw_b == [True, True, True]


def test_unknown_conversation_or_person_says_what_to_do() -> None:
    notifier = TeamsNotifier(SlowSender(), Refs())  # type: ignore[arg-type]
    with pytest.raises(NoConversation, match="install the app"):
        notifier.send(Target(act.TENANT, "teams", channel_id="gone"), Notice(text="x"))
    with pytest.raises(NoConversation, match="need to add csbot"):
        notifier.send(Target(act.TENANT, "teams", user_id="aad-x"), Notice(text="x"))


# -- credentials and the outgoing token ---------------------------------------------------------


def test_credentials_from_the_environment() -> None:
    from microsoft_teams.api import (
        ClientCredentials,
        FederatedIdentityCredentials,
        ManagedIdentityCredentials,
    )

    from bot.config import Settings
    from bot.teams.setup import credentials_of

    base = Settings(teams_app_id=signing.APP_ID, teams_tenant_id=act.TENANT)
    secret = credentials_of(base.model_copy(update={"teams_app_password": SecretStr("s3cret")}))
    assert isinstance(secret, ClientCredentials) and secret.client_secret == "s3cret"
    assert secret.tenant_id == act.TENANT
    same = credentials_of(
        base.model_copy(update={"teams_managed_identity_client_id": signing.APP_ID})
    )
    assert isinstance(same, ManagedIdentityCredentials)
    system = credentials_of(base.model_copy(update={"teams_managed_identity_client_id": "system"}))
    assert isinstance(system, FederatedIdentityCredentials)
    assert system.managed_identity_type == "system"
    other = credentials_of(base.model_copy(update={"teams_managed_identity_client_id": "mi-123"}))
    assert isinstance(other, FederatedIdentityCredentials)
    assert other.managed_identity_client_id == "mi-123"
    assert credentials_of(base) is None


def test_outgoing_calls_carry_the_sdk_token(fake: FakeConnector) -> None:
    from microsoft_teams.api import TokenCredentials

    from bot.config import Settings
    from bot.teams.render import render
    from bot.teams.setup import build_sender

    asked: list[object] = []
    issued = signing.KEYS.sign(
        {"aud": "https://api.botframework.com", "exp": int(time.time()) + 600}
    )

    def token(scope: object, tenant: object) -> str:
        asked.append(scope)
        return issued

    settings = Settings(teams_app_id=signing.APP_ID)
    sender = build_sender(
        settings, credentials=TokenCredentials(client_id=signing.APP_ID, token=token)
    )
    ref = ConversationRef("a:personal-x", "personal", fake.url)
    asyncio.run(sender.post_card(ref, render(Notice(text="hello")), summary="hello"))
    [post] = fake.posted
    assert post.authorization == f"Bearer {issued}"
    assert asked == ["https://api.botframework.com/.default"]
