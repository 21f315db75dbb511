"""Where Kizuna's shipped files live: resources/ and translations/ in a checkout,
app/_resources in an installed wheel or a frozen build."""

from __future__ import annotations

import sys
from pathlib import Path

_PKG = Path(__file__).resolve().parent
_CHECKOUT = _PKG.parent


def _first_existing(*candidates: Path) -> Path:
    for c in candidates:
        if c.exists():
            return c
    return candidates[0]


def resources_dir() -> Path:
    frozen = Path(getattr(sys, "_MEIPASS", _PKG))
    return _first_existing(_CHECKOUT / "resources", _PKG / "_resources", frozen / "resources")


def translations_source_dir() -> Path:
    """The translators' .ts files (present in a checkout, absent in an installed build)."""
    return _CHECKOUT / "translations"


def compiled_translations_dir() -> Path:
    """Where the build puts the .qm files compiled from translations/*.ts."""
    return _PKG / "i18n" / "qm"
