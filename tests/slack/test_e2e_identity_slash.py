"""link, iam and whoami after a slash command, through signed requests: Slack has only
/actions, /kpi and /meeting, and its "who are you?" answers name the slash form."""

from __future__ import annotations

from tests.slack.conftest import NEWBIE, Harness, blocks_text, chat_user_person


def test_a_newcomer_links_and_claims_a_role_with_slash_commands(slack: Harness) -> None:
    # Slack's real name has Sally's surname (`link` needs that), not her exact name (which
    # would link her by itself).
    slack.fake.add_user(NEWBIE, "Sal Threlfall", display="sal")
    refused = blocks_text(slack.reply("/actions", "mine", user=NEWBIE))
    assert "`/actions link &lt;your name&gt;`" in refused, refused
    assert "`/actions iam &lt;role&gt;`" in refused, refused
    assert "e.g. `/actions link " in refused, refused  # the buttons' "type it yourself"

    linked = blocks_text(slack.reply("/actions", "link Sally Threlfall", user=NEWBIE))
    assert "didn't understand" not in linked, linked
    assert chat_user_person(slack.store, NEWBIE) == "Sally Threlfall"

    claimed = blocks_text(slack.reply("/kpi", "iam TM", user=NEWBIE))
    assert "You now hold TM" in claimed, claimed
    who = blocks_text(slack.reply("/meeting", "whoami", user=NEWBIE))
    assert "You are Sally Threlfall" in who and "TM" in who, who
    # A role that owns work is an administrator's to give.
    refused = blocks_text(slack.reply("/kpi", "iam IRO", user=NEWBIE))
    assert "IRO owns 1 outstanding action," in refused, refused


def test_only_whole_identity_commands_are_given_the_slash() -> None:
    from bot.slack.render import as_typed_in_slack, command_as_typed

    said = as_typed_in_slack(
        "Use `whoami`, `iam not HOS`, `link Fiona Smith`; not `linked`, `link-channel x` "
        "or `/actions mine`."
    )
    assert said == (
        "Use `/actions whoami`, `/actions iam not HOS`, `/actions link Fiona Smith`; not "
        "`linked`, `link-channel x` or `/actions mine`."
    )
    assert command_as_typed("iam <role...>") == "/actions iam <role...>"
    assert command_as_typed("/kpi pep") == "/kpi pep"
