"""The release recipe end to end: build the frozen app with packaging/build.py into a
temporary folder, then start the built executable with the release smoke test.

The build takes well under a minute here, so it runs in the normal suite (CI installs
PyInstaller through the ``test`` extra). Without PyInstaller the tests skip — except
under CI=true, where a missing tool or a failed build is a failure.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
IN_CI = os.environ.get("CI", "").lower() == "true"

pytestmark = pytest.mark.slow


def _load(name: str) -> ModuleType:
    """A packaging/ script as a module (packaging/ is not a package: the name is taken)."""
    path = PACKAGING / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"kizuna_packaging_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _require(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        if IN_CI:
            pytest.fail(f"{module} is not installed, but CI must build the app")
        pytest.skip(f'{module} is not installed: pip install -e ".[package]"')


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=1800,
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh one-folder build of the app from this checkout."""
    _require("PyInstaller")
    base = tmp_path_factory.mktemp("frozen")
    built = _run(PACKAGING / "build.py", "--dist", base / "dist", "--work", base / "work")
    assert built.returncode == 0, f"build failed:\n{built.stdout[-6000:]}\n{built.stderr[-6000:]}"
    return base / "dist"


def test_built_app_passes_the_smoke_test(dist: Path) -> None:
    smoke = _run(PACKAGING / "smoke.py", "--dist", dist)
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr
    assert "smoke test passed" in smoke.stdout
    # The Japanese UI really loads inside the bundle: ours and Qt's own translations.
    assert "translations: ['qtbase_ja.qm', 'kizuna_ja.qm']" in smoke.stdout
    # The console program beside it runs a command and knows the checkout's version.
    version = _load("build").version()
    assert f"kizuna-cli --version: kizuna-cli {version}" in smoke.stdout
    assert "kizuna-cli outbox: the outbox is empty" in smoke.stdout


def test_console_program_shares_the_app_folder(dist: Path) -> None:
    """One _internal for both executables; kizuna-cli without a command is help, exit 2."""
    smoke = _load("smoke")
    app, cli = smoke.executable(dist), smoke.cli_executable(dist)
    assert cli.parent == app.parent and cli.is_file()
    if sys.platform != "darwin":  # (in Kizuna.app the data sits under Contents/Resources)
        assert {p.name for p in app.parent.iterdir()} == {app.name, cli.name, "_internal"}
        # The version --version reports inside the bundle: this checkout's.
        assert (app.parent / "_internal" / f"kizuna-{smoke.checkout_version()}.dist-info").is_dir()
    done = subprocess.run([str(cli)], capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 2
    assert done.stderr.startswith("usage: kizuna-cli")
    assert "outbox" in done.stderr


def test_smoke_test_catches_what_a_bundle_left_behind(dist: Path, tmp_path: Path) -> None:
    """Drop the translation, the zone database and kizuna-cli from a copy of the build:
    each is named."""
    broken = tmp_path / "dist"
    shutil.copytree(dist, broken, symlinks=True)
    internal = _load("smoke").executable(broken).parent
    if sys.platform == "darwin":
        internal = internal.parent / "Resources"  # Kizuna.app keeps data under Resources
    else:
        internal = internal / "_internal"
    (internal / "app" / "i18n" / "qm" / "kizuna_ja.qm").unlink()
    shutil.rmtree(internal / "tzdata")
    _load("smoke").cli_executable(broken).unlink()
    smoke = _run(PACKAGING / "smoke.py", "--dist", broken)
    assert smoke.returncode == 1
    assert "FAIL self-check translations" in smoke.stdout
    assert "FAIL self-check tzdata" in smoke.stdout
    assert "FAIL no console program at" in smoke.stdout
    assert "smoke test FAILED" in smoke.stdout


def test_app_icons_for_windows_and_macos(tmp_path: Path) -> None:
    """The .ico and .icns the Windows and macOS builds embed, made on any platform."""
    _require("PIL")
    from PIL import Image

    # In a child process: drawing the SVG needs a Qt application, and this test process
    # must not create one before the widget tests do (tests/conftest.py).
    made = _run(PACKAGING / "build.py", "--icons", tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr
    with Image.open(tmp_path / "kizuna.ico") as ico:
        assert ico.format == "ICO"
        assert set(ico.info["sizes"]) == {(s, s) for s in _load("build").ICO_SIZES}
    with Image.open(tmp_path / "kizuna.icns") as icns:
        assert icns.format == "ICNS"
        assert {w for w, _h, _scale in icns.info["sizes"]} >= {16, 32, 128, 256, 512}
        icns.load()
        assert icns.size == (1024, 1024)
