"""Command handlers. Importing this package registers every command on the registry."""

from commands.handlers import (  # noqa: F401
    actions_read,
    actions_write,
    admin_cmds,
    general,
    handover,
    identity_cmds,
    kpis,
    meeting_channels,
    meeting_items,
    meeting_links,
    meeting_schedule,
    meetings,
    meetings_write,
    people_cmds,
    reminders,
)
