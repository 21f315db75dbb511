"""Build hook: compile the translators' translations/*.ts into app/i18n/qm/*.qm.

Runs for wheels and editable installs alike, with the lrelease that PySide6 ships, so a
packager never needs a separate Qt install and the .qm files are never committed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _lrelease() -> list[str]:
    import PySide6

    pkg = Path(PySide6.__file__).resolve().parent
    for name in ("lrelease.exe", "lrelease", "Qt/bin/lrelease", "Qt/libexec/lrelease"):
        if (pkg / name).exists():
            return [str(pkg / name)]
    # The console script that wraps the same binary.
    scripts = Path(sys.executable).parent
    for name in ("pyside6-lrelease.exe", "pyside6-lrelease"):
        if (scripts / name).exists():
            return [str(scripts / name)]
    raise RuntimeError("lrelease not found in the PySide6 package")


class CustomBuildHook(BuildHookInterface):  # type: ignore[misc]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        out = root / "app" / "i18n" / "qm"
        out.mkdir(parents=True, exist_ok=True)
        tool = _lrelease()
        for ts in sorted((root / "translations").glob("*.ts")):
            qm = out / f"{ts.stem}.qm"
            subprocess.run([*tool, "-silent", str(ts), "-qm", str(qm)], check=True)
        build_data.setdefault("artifacts", []).append("app/i18n/qm/*.qm")
