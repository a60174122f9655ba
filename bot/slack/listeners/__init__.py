"""Bolt listeners: slash commands, Events API events, and interactions (buttons, shortcuts,
form submissions). Each registers itself on the app with ``register(app, services)``."""
