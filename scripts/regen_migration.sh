#!/usr/bin/env bash
# Regenerates the initial migration from the models. Only while nothing has been released:
# once a release exists, add a new revision instead (alembic revision --autogenerate).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
rm -f storage/migrations/versions/0001_initial_schema.py
.venv/bin/python - "$tmp/gen.db" <<'PY'
import sys
from alembic import command
from storage.database import make_engine
from storage.migrate import alembic_config
cfg = alembic_config(make_engine(f"sqlite:///{sys.argv[1]}"))
command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001")
PY
rm -rf "$tmp"
