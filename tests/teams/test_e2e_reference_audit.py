"""Where csbot is in Teams is in the audit trail: a conversation reference saved (the app
installed, or a first message), removed and installed again each make one row naming the
Teams user whose activity said so. Refreshing a reference that has not moved makes none."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from storage.models import AuditEvent
from storage.unit_of_work import Store
from tests.teams import activities as act
from tests.teams.conftest import Harness

JACKIE = f"teams:{act.JACKIE.aad} ({act.JACKIE.name})"


def _trail(store: Store) -> list[tuple[str, str, Any, Any]]:
    """(actor, change, before, after) of each audit row about a conversation reference."""
    with store.session_factory() as s:
        rows = s.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity == "teams_conversation")
            .order_by(AuditEvent.id)
        )
        return [(r.actor, r.change, r.before, r.after) for r in rows]


def test_install_removal_and_install_again_are_audited(teams: Harness) -> None:
    cpac = act.channel(channel_id=act.CPAC_CHANNEL_ID, name="cpac")
    teams.deliver(act.installed(teams.fake.url, where=cpac))
    [(actor, change, before, after)] = _trail(teams.store)
    assert (actor, change, before) == (JACKIE, "create", None)
    assert after["conversation_id"] == act.CPAC_CHANNEL_ID and after["name"] == "cpac"
    assert after["active"] is True and after["team_id"] == act.TEAM_ID

    where = act.channel(channel_id=act.CPAC_CHANNEL_ID, name="cpac", thread=act.next_id())
    teams.deliver(act.message(teams.fake.url, "whoami", where=where, mention=True))
    assert len(_trail(teams.store)) == 1  # the same place: nothing to audit

    assert teams.post(act.uninstalled(teams.fake.url, where=cpac)).status_code == 200
    assert _trail(teams.store)[1:] == [(JACKIE, "update", {"active": True}, {"active": False})]
    assert teams.post(act.uninstalled(teams.fake.url, where=cpac)).status_code == 200
    assert len(_trail(teams.store)) == 2  # removed already

    renamed = act.channel(channel_id=act.CPAC_CHANNEL_ID, name="corporate-parenting")
    teams.deliver(act.installed(teams.fake.url, where=renamed, user=act.FIONA))
    assert _trail(teams.store)[2:] == [
        (
            f"teams:{act.FIONA.aad} ({act.FIONA.name})",
            "update",
            {"name": "cpac", "active": False},
            {"name": "corporate-parenting", "active": True},
        )
    ]


def test_a_first_message_in_a_personal_chat_is_audited_with_whom(teams: Harness) -> None:
    teams.say("whoami", user=act.FIONA)
    [(actor, change, _, after)] = _trail(teams.store)
    assert (actor, change) == (f"teams:{act.FIONA.aad} ({act.FIONA.name})", "create")
    assert after["conversation_type"] == "personal" and after["user_aad_id"] == act.FIONA.aad
