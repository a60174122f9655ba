"""The schemas copied into tests/schemas are the shared ones (when those are beside us)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COPIES = ROOT / "tests" / "schemas"
SHARED = ROOT.parent / "shared" / "schemas"


@pytest.mark.parametrize(
    "name",
    [
        "slack-manifest.schema.1.0.0.json",
        "slack-manifest.LICENSE",
        "adaptive-card-1.5.schema.json",
        "adaptive-cards.LICENSE",
    ],
)
def test_copy_matches_the_shared_schema(name: str) -> None:
    assert (COPIES / name).is_file()
    if not SHARED.is_dir():
        pytest.skip("../shared/schemas is not beside this checkout")
    assert (COPIES / name).read_bytes() == (SHARED / name).read_bytes()
