"""The ``csbot`` console script: :func:`bot.cli.main`, with Ctrl-C while the program is still
loading (its first second or so) said in one line, not as a traceback."""

from __future__ import annotations

import sys

# Ctrl-C: the shell's usual exit status for a program stopped by SIGINT.
EXIT_INTERRUPTED = 130


def run() -> int:
    """Load the command line and run it."""
    try:
        from bot.cli import main
    except KeyboardInterrupt:
        print("csbot: Interrupted before it started. Nothing was changed.", file=sys.stderr)
        return EXIT_INTERRUPTED
    return main()
