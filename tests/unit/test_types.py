"""``mypy --strict`` passes on core/, networks/, store/ and services/ (ARCHITECTURE.md habits).

The configuration (strictness, which folders) is in pyproject.toml, so a developer's plain
``mypy`` and this test agree.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_mypy_strict_passes_on_the_layers_below_the_ui(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success" in done.stdout
