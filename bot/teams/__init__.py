"""The Microsoft Teams adapter: authenticates Bot Framework requests, builds the neutral
context, calls the core and renders its view-models as Adaptive Cards. No business rules here.

Built on the Teams SDK for Python (``microsoft-teams-api`` activity models and connector
client, ``microsoft-teams-cards`` card models, ``microsoft-teams-apps`` credentials and token
manager). Nothing is created at import time: ``bot.teams.endpoint.build_teams`` wires the
pieces from the settings when ``csbot serve`` starts.
"""
