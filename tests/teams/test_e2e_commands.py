"""Commands typed to the bot in personal chat, group chat and channels, answered as cards."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import ChatUser
from tests.teams import activities as act
from tests.teams.conftest import JACKIE_EMAIL, Harness
from tests.teams.world import add_cpac, add_pep


def test_actions_mine_in_personal_chat(teams: Harness) -> None:
    post = teams.say("actions mine")
    assert post.conversation_id == f"a:personal-{act.JACKIE.aad}"
    assert post.activity["replyToId"]
    assert "Outstanding actions for Jackie Wilson (and HOS)" in post.text
    for ref in ("2.3", "2.4", "3.1"):
        assert f'"text": "{ref}"' in post.text
    assert "Audit of personal education plans" not in post.text  # Fiona's, not Jackie's
    assert post.activity["summary"].startswith("Outstanding actions for Jackie Wilson")
    # Teams called her "Jackie W."; the connector's profile gave her e-mail, which linked her.
    with teams.store.session_factory() as s:
        user = s.scalar(select(ChatUser).where(ChatUser.external_id == act.JACKIE.aad))
    assert user is not None and user.platform == "teams" and user.email == JACKIE_EMAIL
    assert user.person_id is not None


def test_slash_and_mention_forms_are_the_same_grammar(teams: Harness) -> None:
    plain = teams.say("actions overdue").text
    slashed = teams.say("/actions overdue").text
    assert plain == slashed and "Overdue actions" in plain


def test_kpi_pep(teams: Harness) -> None:
    add_pep(teams.store)
    post = teams.say("kpi pep")
    assert "Looked after children with an up-to-date PEP (pep)" in post.text
    assert "64% for Oct 2015" in post.text
    assert "Red" in post.text


def test_meeting_prep(teams: Harness) -> None:
    add_cpac(teams.store, pep_id=add_pep(teams.store))
    post = teams.say("meeting prep CPAC 2016-01-05")
    assert "Pre-meeting summary: CPAC 2016-01-05" in post.text
    assert "Performance" in post.text and "Mystery Shopping" in post.text


def test_channel_command_needs_a_mention_and_replies_in_the_thread(teams: Harness) -> None:
    unmentioned = act.channel_message(teams.fake.url, "actions overdue", mention=False)
    assert teams.post(unmentioned).status_code == 200
    assert teams.fake.posted == []  # without the opt-in, channel chatter is not read

    activity = act.channel_message(teams.fake.url, "actions overdue")
    post = teams.deliver(activity)
    assert post.conversation_id == f"{act.CHANNEL_ID};messageid={activity['id']}"
    assert post.activity["replyToId"] == activity["id"]
    assert "Overdue actions — Leeds Improvement Plan" in post.text  # the channel's plan


def test_group_chat_with_mention(teams: Harness) -> None:
    activity = act.message(
        teams.fake.url, "actions mine", where=act.group_chat(), mention=True, user=act.FIONA
    )
    post = teams.deliver(activity)
    assert post.conversation_id == "19:group-chat-1@thread.v2"
    assert "Outstanding actions for Fiona Smith" in post.text  # linked by her exact name
    assert "Audit of personal education plans" in post.text


def test_not_understood_and_unknown_command(teams: Harness) -> None:
    assert "I didn't catch that" in teams.say("good morning").text
    post = teams.say("/frobnicate now")
    assert "I don't know the command /frobnicate" in post.text


def test_unknown_person_is_asked_who_they_are(teams: Harness) -> None:
    post = teams.say("actions mine", user=act.NEWBIE)
    assert "I don't know who you are yet" in post.text


def test_me_from_an_unknown_person_in_chat_points_at_link(teams: Harness) -> None:
    # The console operator is told of `:as` / `--as` instead; in chat, `link` is the way.
    text = teams.say("actions for me", user=act.NEWBIE).text
    assert "so “me” names nobody" in text and "link <your name>" in text, text
    assert "--as" not in text, text


def test_home_is_the_personal_view(teams: Harness) -> None:
    add_cpac(teams.store, pep_id=add_pep(teams.store))
    post = teams.say("home")
    text = post.text
    assert "Hello, Jackie Wilson" in text
    assert "Your outstanding actions (3, 2 overdue)" in text
    assert "Next meetings" in text and "CPAC 2016-01-05" in text
    assert '"verb": "home"' in text  # Refresh


def test_user_text_is_never_markdown(teams: Harness) -> None:
    teams.say("actions update 2.4 **bold** [link](https://evil.example) _x_")
    post = teams.say("actions show 2.4")
    runs = [
        inline
        for card in post.cards
        for block in card["body"]
        if block["type"] == "RichTextBlock"
        for inline in block["inlines"]
    ]
    assert any("[link](https://evil.example)" in r["text"] for r in runs)
    assert all(b["type"] != "TextBlock" for card in post.cards for b in card["body"])
