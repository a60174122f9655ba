"""Platform adapters (Slack, Teams, console), the HTTP server and the command line."""
