"""The benchmark refuses bad arguments at once, naming what is wrong (before minutes of work)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

import bench.run as run


def args(**kw: object) -> argparse.Namespace:
    base = {"backends": "sqlite", "workers": 2, "json": None}
    return argparse.Namespace(**{**base, **kw})


def test_good_arguments_pass(tmp_path: Path) -> None:
    assert run.argument_problem(args(json=str(tmp_path / "out.json"))) is None


@pytest.mark.parametrize(
    ("given", "named"),
    [
        ({"backends": "mysql"}, "--backends"),
        ({"backends": "sqlite,"}, "--backends"),
        ({"workers": 0}, "--workers"),
        ({"json": "/no/such/folder/out.json"}, "/no/such/folder"),
    ],
)
def test_bad_arguments_are_named(given: dict[str, object], named: str) -> None:
    problem = run.argument_problem(args(**given))
    assert problem is not None and named in problem


def test_an_unreachable_postgresql_is_named_with_the_way_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(run, "PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:1/postgres")
    problem = run.argument_problem(args(backends="sqlite,postgresql"))
    assert problem is not None
    assert "BENCH_PG_URL" in problem and "--backends sqlite" in problem
