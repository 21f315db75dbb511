"""The profile's log file (app.compose.setup_logging): kept under its size, the older
text moved to kizuna.log.1 … .3 and the oldest dropped, nothing lost in between — without
``logging.handlers`` (the window's start imports this before its first paint)."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.compose import RotatingLog


@pytest.fixture
def log(tmp_path: Path) -> Iterator[logging.Logger]:
    handler = RotatingLog(tmp_path / "kizuna.log", max_bytes=200, backups=2)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("test_log_rotation")
    logger.propagate = False
    logger.addHandler(handler)
    yield logger
    logger.removeHandler(handler)
    handler.close()


def test_the_log_rotates_at_its_size_and_keeps_the_newest_backups(
    log: logging.Logger, tmp_path: Path
) -> None:
    lines = [f"line {n:03} " + "絆" * 10 for n in range(40)]  # 42 bytes each in UTF-8
    for line in lines:
        log.warning(line)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["kizuna.log", "kizuna.log.1", "kizuna.log.2"]
    kept = []
    for name in ("kizuna.log.2", "kizuna.log.1", "kizuna.log"):
        data = (tmp_path / name).read_bytes()
        assert len(data) < 200  # each under the size
        kept += data.decode("utf-8").splitlines()
    # The newest lines, in order, none missing in between; the oldest dropped.
    assert kept == lines[-len(kept) :] and len(kept) >= 8


def test_setting_up_the_log_does_not_import_logging_handlers(tmp_path: Path) -> None:
    probe = (
        "import sys; from pathlib import Path; from app.compose import setup_logging;"
        f"setup_logging(Path({str(tmp_path)!r})); import logging;"
        "logging.getLogger('x').warning('絆');"
        "print('logging.handlers' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr
    assert "絆" in (tmp_path / "kizuna.log").read_text(encoding="utf-8")
