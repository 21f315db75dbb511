"""``python -m app``: parse the command line, then hand over to the bootstrap (the window)
or, for a subcommand (``post``, ``outbox``, ``safety``), to :mod:`app.cli` (no Qt).

``--version`` prints the installed version (``importlib.metadata``; a frozen build
embeds its own ``kizuna`` dist-info, see packaging/build.py). The frozen console
program ``kizuna-cli`` calls :func:`main` with ``cli=True``: no subcommand means help,
never the window."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli_console import safe_console
from app.cli_help import QT_TRANSLATE_NOOP, Parser
from app.cli_parser import add_commands


def app_version() -> str:
    """The version of the installed (or frozen) ``kizuna`` distribution; from a plain
    checkout that was never installed, the package's own ``__version__``."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kizuna")
    except PackageNotFoundError:
        from app import __version__

        return __version__


class _VersionAction(argparse.Action):
    """``--version``: the version is looked up only when asked for (importlib.metadata
    costs every start ~25 ms otherwise)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        words = QT_TRANSLATE_NOOP("CliHelp", "show the version and exit")
        super().__init__(option_strings, dest, nargs=0, help=words)

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kw: object) -> None:
        print(f"{parser.prog} {app_version()}")  # on stdout, as argparse's own action
        parser.exit()


def _language(code: str) -> str:
    """``--lang``: checked against the translation files (QtCore only when given)."""
    from app.i18n.languages import argument

    return argument(code)


def build_parser(prog: str = "kizuna", *, cli: bool = False) -> argparse.ArgumentParser:
    """The whole command line; the subcommands come from :mod:`app.cli_parser`, so the
    window's start never imports the command code (:mod:`app.cli`)."""
    p = Parser(  # its help and errors in the user's language (app.cli_help)
        prog=prog,
        description=QT_TRANSLATE_NOOP(
            "CliHelp", "Kizuna (絆): the public timeline and your friends feed side by side."
        ),
    )
    p.add_argument("--version", action=_VersionAction)
    profile_help = QT_TRANSLATE_NOOP("CliHelp", "profile folder (default: the app-data folder)")
    p.add_argument("--profile", type=Path, help=profile_help)
    p.add_argument(
        "--lang",
        type=_language,
        metavar="CODE",
        #: Help of --lang. Keep the codes and the file name as they are.
        help=QT_TRANSLATE_NOOP(
            "CliHelp",
            "UI language: ja, en, pseudo or any translations/kizuna_CODE.ts (default: the"
            " system's)",
        ),
    )
    p.add_argument(
        "--screenshot",
        type=Path,
        metavar="FILE",
        help=QT_TRANSLATE_NOOP(
            "CliHelp",
            "render the main window as soon as both columns show posts (from the timeline"
            " cache or the network), save a PNG, exit",
        ),
    )
    p.add_argument(
        "--size",
        default="1280x800",
        #: Help of --size. Keep WIDTHxHEIGHT and 1280x800 as they are.
        help=QT_TRANSLATE_NOOP(
            "CliHelp", "window size for --screenshot, WIDTHxHEIGHT (default 1280x800)"
        ),
    )
    p.add_argument(
        "--color-scheme",
        choices=("system", "light", "dark"),
        default=None,
        #: Help of --color-scheme. Keep 'system' as it is (it is typed as the option's value).
        help=QT_TRANSLATE_NOOP(
            "CliHelp",
            "light or dark this time ('system' follows the platform); default: the choice"
            " saved in Settings → Appearance",
        ),
    )
    p.add_argument(
        "--sandbox",
        action="store_true",
        help=QT_TRANSLATE_NOOP(
            "CliHelp", "use the local practice sandbox this time, even when accounts are set up"
        ),
    )
    p.add_argument(
        "--no-activity",
        action="store_true",
        help=QT_TRANSLATE_NOOP("CliHelp", "sandbox: no background posts from the demo community"),
    )
    add_commands(p, window=not cli)
    return p


def main(argv: list[str] | None = None, *, cli: bool = False) -> int:
    safe_console()  # argparse's help and errors too: never a UnicodeEncodeError
    parser = build_parser("kizuna-cli" if cli else "kizuna", cli=cli)
    args = parser.parse_args(argv)
    if cli and args.command is None:
        # The console program only runs commands; the window is Kizuna's own job.
        parser.print_help(sys.stderr)
        return 2
    if args.command == "gallery":  # widgets: not through app.cli, which loads none
        from app.gallery_main import run as run_gallery

        return run_gallery(args)
    if args.command is not None:
        from app.cli import run as run_command

        return run_command(args)
    from app.bootstrap import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
