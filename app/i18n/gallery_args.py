"""``gallery``'s place on the command line (standard library only, so building the
parser imports nothing of Qt); :mod:`app.gallery_main` runs it."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.i18n.marks import QT_TRANSLATE_NOOP


def _language(code: str) -> str:
    from app.i18n.languages import argument

    return argument(code)


def add_gallery_command(sub: Any) -> None:
    """``gallery --lang XX --out DIR`` on the app's subcommands."""
    gallery = sub.add_parser(
        "gallery",
        help=QT_TRANSLATE_NOOP(
            "CliHelp",
            "for translators: render every window, dialog, menu and card on the practice"
            " sandbox to PNG files",
        ),
    )
    gallery.add_argument(
        "--lang",
        type=_language,
        metavar="CODE",
        default=argparse.SUPPRESS,
        help=QT_TRANSLATE_NOOP(
            "CliHelp", "UI language: ja, en, pseudo or any translations/kizuna_CODE.ts"
        ),
    )
    gallery.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DIR",
        help=QT_TRANSLATE_NOOP("CliHelp", "folder for the PNGs"),
    )
