"""The App Home tab: my outstanding actions (overdue first) with Update / Done buttons, the
KPIs I own and the next meetings (at most 100 blocks, Slack's limit for the Home tab)."""

from __future__ import annotations

from typing import Any

from bot.slack.blocks import (
    MAX_VIEW_BLOCKS,
    Block,
    actions,
    button,
    context,
    divider,
    header,
    section,
)
from bot.slack.mrkdwn import escape, escape_clip
from bot.slack.pages import unique_action_ids
from bot.slack.render import (
    MARK_DONE,
    OPEN_UPDATE,
    action_lines,
    cmd_button,
    kpi_item,
    render,
)
from bot.slack.render_meetings import meeting_where
from commands.formatting import details_label, done_label, update_label
from commands.home import HomePage
from commands.views import Notice

OPEN_ADD = "open_add"


def home_view(page: HomePage) -> dict[str, Any]:
    """The Home tab for one person."""
    blocks: list[Block] = [header(f"Hello, {page.name}")]
    if page.identity is not None:
        blocks.extend(render(page.identity).all_blocks())
    blocks.extend(_actions(page))
    blocks.append(divider())
    blocks.extend(_kpis(page))
    blocks.append(divider())
    blocks.extend(_meetings(page))
    blocks.append(
        context("Type `/actions help`, `/kpi help` or `/meeting help` for everything else.")
    )
    if len(blocks) > MAX_VIEW_BLOCKS:
        blocks = [*blocks[: MAX_VIEW_BLOCKS - 1], context("…more in `/actions mine`.")]
    return {"type": "home", "blocks": unique_action_ids(blocks)}


def _actions(page: HomePage) -> list[Block]:
    count = f"{page.actions_total}" + (
        f", {page.overdue_total} overdue" if page.overdue_total else ""
    )
    blocks: list[Block] = [
        section(
            f"*Your outstanding actions* ({count})",
            accessory=button("Add action", OPEN_ADD, "add", style="primary"),
        )
    ]
    if not page.known:
        blocks.append(context("Once I know who you are, your actions and your roles' show here."))
        return blocks
    if not page.actions:
        blocks.append(section("Nothing outstanding. 🎉"))
        return blocks
    for item in page.actions:
        blocks.append(section(action_lines(item, with_plan=True)))
        blocks.append(
            actions(
                [
                    button(
                        "Update",
                        OPEN_UPDATE,
                        str(item.id),
                        style="primary",
                        accessibility_label=update_label(item.ref),
                    ),
                    button(
                        "Done", MARK_DONE, str(item.id), accessibility_label=done_label(item.ref)
                    ),
                    cmd_button(
                        "Details",
                        f"/actions show {item.plan_slug}:{item.ref}",
                        label_for=details_label(item.ref),
                    ),
                ]
            )
        )
    more = page.actions_total - len(page.actions)
    if more > 0:
        blocks.append(
            section(f"…and {more} more.", accessory=cmd_button("Show all", "/actions mine"))
        )
    return blocks


def _kpis(page: HomePage) -> list[Block]:
    blocks: list[Block] = [section("*Your KPIs*")]
    if not page.kpis:
        blocks.append(context("You own no indicators. `/kpi list` shows them all."))
    for card in page.kpis:
        blocks.append(kpi_item(card))
    return blocks


def _meetings(page: HomePage) -> list[Block]:
    blocks: list[Block] = [section("*Next meetings*")]
    if not page.meetings:
        blocks.append(context("No meetings coming up."))
    for m in page.meetings:
        text = f"*{escape(m.label)}* — {escape_clip(m.committee, 200)}\n{meeting_where(m)}"
        agenda = cmd_button(
            "Agenda", f"/meeting agenda {m.label}", label_for=f"Agenda of {m.label}"
        )
        blocks.append(section(text, accessory=agenda))
    return blocks


def home_error_view(notice: Notice) -> dict[str, Any]:
    """The Home tab when it could not be built (the notice says why)."""
    return {"type": "home", "blocks": render(notice).all_blocks()}
