"""`csbot … --help` explains every subcommand and every argument it lists (a newcomer reads
the help beside the README), and names everything a command does."""

from __future__ import annotations

import argparse

import pytest

from bot.cli import build_parser


def _parsers(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ("csbot",)
) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    found = [(path, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _parsers(sub, (*path, name))
    return found


def _undescribed(parser: argparse.ArgumentParser) -> list[str]:
    missing = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            missing += [c.dest for c in action._choices_actions if not c.help]
        elif action.help is None:
            missing.append("/".join(action.option_strings) or action.dest)
    return missing


@pytest.mark.parametrize(
    ("path", "parser"),
    [pytest.param(path, parser, id=" ".join(path)) for path, parser in _parsers(build_parser())],
)
def test_every_argument_has_help(path: tuple[str, ...], parser: argparse.ArgumentParser) -> None:
    assert _undescribed(parser) == [], " ".join(path)


def test_export_help_names_the_audit_trail() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    export = next(c for c in sub._choices_actions if c.dest == "export")
    assert export.help == "export a plan, the KPIs or the audit trail to a file"


def test_demo_help_gives_its_own_default_workspace() -> None:
    # `csbot demo` builds into the workspace "local" whatever else the database holds, not
    # into "the only one there is" as the commands that read a workspace's data do.
    parser = build_parser()
    demo = dict(_parsers(parser))[("csbot", "demo")]
    option = next(a for a in demo._actions if "--workspace" in a.option_strings)
    assert option.help == "workspace id to build the demo in (default: local)"
    assert parser.parse_args(["demo"]).__dict__.get("workspace") is None
    assert parser.parse_args(["demo", "--workspace", "T1"]).workspace == "T1"
    assert parser.parse_args(["--workspace", "T1", "demo"]).workspace == "T1"


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        ([], "{say,console,demo,import,export,db,"),
        (["import"], "{actions,kpis,meetings,minutes}"),
        (["export"], "{actions,kpis,audit}"),
        (["db"], "{upgrade,copy,workspaces,delete-workspace}"),
        (["jobs"], "{run-due}"),
    ],
)
def test_a_missing_subcommand_is_named_by_what_it_may_be(
    argv: list[str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # `csbot import` alone said "the following arguments are required: kind" (and `csbot db`
    # "db_command"): names from the code, not words a newcomer typed or can type.
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(argv)
    assert stopped.value.code == 2
    last = capsys.readouterr().err.splitlines()[-1]
    assert f"the following arguments are required: {named}" in last, last
