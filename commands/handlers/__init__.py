"""Command handlers. Importing this package registers every command on the registry."""

from commands.handlers import actions_read, general  # noqa: F401
