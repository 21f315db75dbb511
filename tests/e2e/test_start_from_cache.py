"""Lazy start: the window paints both columns from the timeline cache before the session,
and ``--screenshot`` is written as soon as both columns show posts — from the cache,
without waiting for (or even starting) a network.

The first run fills the cache from the app's own sandbox; the second run has no sandbox
running at all, yet writes its screenshot with both columns full, without importing
qasync, the sandbox servers (aiohttp), the command line's code, the network stack (httpx,
any of ``app.networks``, the session), the keychain (keyring), ``regex`` (the occasions'
tags are checked once the session opens) or the greeting ledger's code.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from app.sandbox.probe import running_accounts

pytestmark = pytest.mark.e2e

# Run the app as ``python -m app`` does, then say which heavy modules it had loaded,
# whether PySide6's import hook read the source of any window module (app.pyside_scan)
# and whether the garbage collector was given back.
_PROBE = """
import gc, inspect, json, sys
read = []
getsource = inspect.getsource
inspect.getsource = lambda obj: read.append(getattr(obj, "__name__", "")) or getsource(obj)
from app.__main__ import main
code = main(sys.argv[1:])
heavy = ("qasync", "aiohttp", "app.sandbox.runner", "app.cli", "app.ui.composer", "httpx",
         "keyring", "app.networks", "app.services.session", "jpholiday", "asyncio", "ssl",
         "app.core.hashtags",
         # what waits for the session or first use (issue #11): the occasions' tag check
         # (regex), the ledger (its dialog, service, table and rules), the log's rotation
         "regex", "app.ui.ledger_dialog", "app.services.ledger", "app.store.ledger",
         "app.core.ledger", "logging.handlers",
         # what only a sign-in's browser page, a translator's newer .ts or turning on
         # 自動起動 needs
         "html", "subprocess", "plistlib")
loaded = {h for h in heavy for m in sys.modules if m == h or m.startswith(h + ".")}
loaded |= {"source read: " + m for m in read if m.startswith("app.ui")}
print(json.dumps(sorted(loaded) + ([] if gc.isenabled() else ["gc disabled"])))
sys.exit(code)
"""


def _screenshot(profile: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    args = ["--profile", str(profile), "--lang", "ja", "--screenshot", str(out)]
    return subprocess.run(
        [sys.executable, "-c", _PROBE, *args, "--size", "1000x700"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _colours(path: Path) -> int:
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1000, 700)
    return len({image.pixel(x, y) for x in range(0, 1000, 7) for y in range(150, 700, 7)})


def test_screenshot_from_the_cache_needs_no_network(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    first = _screenshot(profile, tmp_path / "first.png")
    assert first.returncode == 0, first.stderr
    assert "qasync" in json.loads(first.stdout.splitlines()[-1])  # the network path ran
    sandbox = profile / "sandbox"
    assert running_accounts(sandbox) is None  # the app stopped the sandbox it started
    stamp = (sandbox / "accounts.json").stat().st_mtime_ns

    second = _screenshot(profile, tmp_path / "second.png")
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout.splitlines()[-1]) == []
    assert (sandbox / "accounts.json").stat().st_mtime_ns == stamp  # no sandbox started
    # Both columns were drawn with posts, as in the first run.
    assert _colours(tmp_path / "second.png") > 50


def test_probe_finds_a_running_sandbox_and_ignores_a_stale_file(tmp_path: Path) -> None:
    data = tmp_path / "sandbox"
    assert running_accounts(data) is None  # no folder
    data.mkdir()
    (data / "accounts.json").write_text('{"pid": 1, "public": {}}', encoding="utf-8")
    assert running_accounts(data) is None  # not a sandbox's file
    server = subprocess.Popen(
        [sys.executable, "-m", "app.sandbox", "--data", str(data), "--no-activity"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        assert server.stdout.readline().startswith("sandbox ready")
        found = running_accounts(data)
        assert found is not None and found["pid"] == server.pid
        assert found["public"]["url"].startswith("http://127.0.0.1:")
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stdout is not None:
            server.stdout.close()
    assert running_accounts(data) is None  # the file stays, nobody answers


# A module imported after PySide6: does PySide6's import hook read its source?
_SCAN_PROBE = """
import linecache, sys
sys.path.insert(0, sys.argv[1])
from PySide6.QtCore import QCoreApplication
if sys.argv[2] == "skip":
    from app.pyside_scan import skip_source_scan
    assert skip_source_scan()
    assert skip_source_scan()  # idempotent: one finder
import scanned_probe
app = QCoreApplication([])
print(scanned_probe.Echo().say("絆"), any(n.endswith("scanned_probe.py") for n in linecache.cache))
"""

_PROBE_MODULE = """
from PySide6.QtCore import QObject, Signal


class Echo(QObject):
    said = Signal(str)

    def say(self, text: str) -> str:
        heard: list[str] = []
        self.said.connect(heard.append)
        self.said.emit(text)
        return "".join(heard)
"""


def _scan(tmp_path: Path, mode: str) -> list[str]:
    (tmp_path / "scanned_probe.py").write_text(_PROBE_MODULE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _SCAN_PROBE, str(tmp_path), mode],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_pyside_reads_no_source_of_modules_imported_after_the_start_skips_its_scan(
    tmp_path: Path,
) -> None:
    # Without app.pyside_scan, PySide6 reads the whole source of each module imported
    # after it (into linecache): what the start spares ~260 modules of.
    assert _scan(tmp_path, "scan") == ["絆", "True"]
    # With it, the module is imported without being read, and its Qt classes work.
    assert _scan(tmp_path, "skip") == ["絆", "False"]
