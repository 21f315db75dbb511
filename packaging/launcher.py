"""Entry point of the frozen Kizuna programs (the script PyInstaller starts, see kizuna.spec).

The one-folder build holds two executables started by this same script and sharing one
``_internal``: ``Kizuna`` (a windowed GUI program on Windows and macOS) and
``kizuna-cli`` (a console program, so ``post``/``outbox``/``safety`` and ``--version``
print on Windows too). Which one runs is read from the executable's own name.

Both behave like ``python -m app`` (``kizuna-cli`` with no subcommand prints its help
instead of opening the window), with one addition for packagers: ``--self-check`` runs
:mod:`selfcheck` inside the built app and prints a JSON report of what the bundle can
load (resources, translations, Babel, tzdata, keyring backends, Qt plugins), exiting 0
only when all of it is there. It stays here, not in app/__main__.py: its checks are
about the bundle, and the module lives in packaging/, outside the app package.
"""

from __future__ import annotations

import sys
from pathlib import PureWindowsPath

CLI_NAME = "kizuna-cli"


def is_cli(executable: str) -> bool:
    """Whether ``executable`` is the console program (``kizuna-cli`` / ``kizuna-cli.exe``)."""
    # PureWindowsPath splits at "/" and "\\" alike: one rule for every platform.
    return PureWindowsPath(executable).stem.lower() == CLI_NAME


def main() -> int:
    if sys.argv[1:2] == ["--self-check"]:
        import selfcheck  # packaging/selfcheck.py, bundled next to this script

        return selfcheck.main(sys.argv[2:])
    from app.__main__ import main as app_main

    return app_main(cli=is_cli(sys.executable))


if __name__ == "__main__":
    sys.exit(main())
