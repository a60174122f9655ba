"""The relational store: models, database set-up, unit of work, repositories, migrations."""
