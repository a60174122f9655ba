"""The bot scopes csbot asks for (least privilege); manifest.yml lists the same ones.

- commands: /actions, /kpi, /meeting and the message shortcut
- chat:write: answers, thread replies, summaries and reminders
- im:write: open a DM to send a reminder or digest
- reactions:write: the ✅ on a logged progress message
- channels:history, groups:history: read progress messages in public and private channels
- im:history: commands sent to the bot by direct message
- app_mentions:read: ``@csbot kpi pep`` in a channel
- users:read, users:read.email: link a Slack user to a person by name or e-mail
"""

BOT_SCOPES = [
    "app_mentions:read",
    "channels:history",
    "chat:write",
    "commands",
    "groups:history",
    "im:history",
    "im:write",
    "reactions:write",
    "users:read",
    "users:read.email",
]
