#!/usr/bin/env bash
# Installs what the tests need (in .venv) and runs the whole suite: lint and type checks, then
# every test on SQLite and on PostgreSQL (TEST_DATABASE_URL, default the local `test` database).
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
exec .venv/bin/python -m pytest -n 2 -p no:cacheprovider "$@"
