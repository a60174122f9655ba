"""`csbot serve` with Teams credentials starts without the Teams SDK's warning that a part
csbot never uses (its HTML widgets) is in preview: the SDK's apps package, imported for the
token manager, printed it (two lines, with a path into site-packages) at every start."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
from microsoft_teams.api import ClientCredentials
from bot.teams.setup import token_provider_of
from microsoft_teams.api.auth.cloud_environment import PUBLIC
creds = ClientCredentials(client_id="00000000-0000-0000-0000-000000000001", client_secret="x")
assert token_provider_of(creds, PUBLIC) is not None
print("made")
"""


def test_making_the_token_provider_prints_no_sdk_warning() -> None:
    # A process of its own: the SDK warns once, when its apps package is first imported, and
    # pytest's own warning filters (pyproject) must not hide it here.
    done = subprocess.run(
        [sys.executable, "-W", "default", "-c", SCRIPT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "made\n"
    assert done.stderr == ""
