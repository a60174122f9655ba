"""The Slack adapter: verifies and acknowledges Slack's requests, builds the neutral context,
calls the core and renders its view-models as Block Kit. No business rules live here."""
