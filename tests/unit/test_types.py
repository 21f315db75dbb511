"""``mypy`` (pinned in the test extra) passes on all of app/ (ARCHITECTURE.md habits).

Strict everywhere; the few relaxed flags are listed in pyproject.toml
(``[[tool.mypy.overrides]]``), each with its reason. The configuration lives there, so a
developer's plain ``mypy`` and this test agree.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_mypy_passes_on_all_of_app(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success" in done.stdout


def test_mypy_checks_everything_strictly() -> None:
    """Narrowing ``files`` or dropping ``strict`` to make the test above pass shows here."""
    mypy = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert mypy["files"] == ["app"]
    assert mypy["strict"] is True
    assert "ignore_missing_imports" not in mypy  # per package, in an override with a reason
    for override in mypy.get("overrides", []):
        assert not override.get("ignore_errors"), override
