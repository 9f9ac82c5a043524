"""``python -m tidings`` and the ``tidings`` command: the command-line interface.

The interface is imported inside ``run``, not at the top: importing it loads Typer, Rich and the
store's SQLAlchemy and Alembic (a few tenths of a second; the stages' libraries are imported by
the commands that run them, tests/cli/test_startup.py), and Ctrl+C meanwhile would otherwise
print a traceback.
"""

from __future__ import annotations

import os
import sys


def run() -> None:
    try:
        from tidings.cli import main  # noqa: PLC0415 (why: the module docstring)
    except KeyboardInterrupt:
        sys.stderr.write("tidings: interrupted\n")
        sys.stderr.flush()
        # Not sys.exit: an import interrupted inside a nested run leaves Python set to kill itself
        # with SIGINT at exit (status -2 to the caller, not 130); nothing has been started to close.
        os._exit(130)
    main()


if __name__ == "__main__":
    run()
