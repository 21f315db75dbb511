"""``ruff check`` and ``ruff format --check`` pass on the whole repository.

The rules are in pyproject.toml (``[tool.ruff]``); ruff is pinned in the test extra and
taken from this venv (next to the running interpreter), so the suite and a developer's
editor agree on the same version.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUFF = Path(sys.executable).with_name("ruff")


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["check", "format"])
def test_ruff(command: list[str]) -> None:
    done = subprocess.run(
        [str(RUFF), *command, "--no-cache", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
