"""Where one profile lives on disk: the platform's app-data folder unless --profile says."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def default_profile_dir() -> Path:
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
        return base / "Kizuna"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Kizuna"
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "kizuna"


def sandbox_dir(profile: Path) -> Path:
    return profile / "sandbox"
