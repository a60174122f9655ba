"""What a Slack renderer produces: blocks above and below a list, and the list's items.

Keeping the items apart lets :mod:`bot.slack.pages` split a long list over several messages
(Slack allows 50 blocks in a message, 100 in a modal or the Home tab) with Previous / Next
buttons, without each renderer knowing about pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.slack.blocks import Block

# The command a button runs, and the ref of an action in commands ("plan-slug:2.3").
CMD = "cmd"


@dataclass(frozen=True)
class Rendered:
    """A view as Block Kit: fallback text, fixed head and tail blocks, paginated items."""

    fallback: str
    head: list[Block] = field(default_factory=list)
    items: list[list[Block]] = field(default_factory=list)
    tail: list[Block] = field(default_factory=list)

    def all_blocks(self) -> list[Block]:
        """Every block, unpaginated (modals and tests)."""
        return [*self.head, *(b for item in self.items for b in item), *self.tail]


def action_ref(plan_slug: str, ref: str) -> str:
    """How commands name one action unambiguously: ``plan-slug:ref``."""
    return f"{plan_slug}:{ref}"
