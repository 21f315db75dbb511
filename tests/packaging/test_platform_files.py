"""Fast checks of what the packaging adds around the frozen app, without building it:
``--version`` and the console mode of ``app/__main__.py``, the Windows version resource
build.py writes for PyInstaller, and the Linux desktop entry."""

from __future__ import annotations

import configparser
import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build() -> ModuleType:
    return _load("kizuna_packaging_build_fast", PACKAGING / "build.py")


def test_python_m_app_version_is_the_project_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app", "--version"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"kizuna {VERSION}"


def test_app_package_version_matches_pyproject() -> None:
    """The fallback --version uses from a never-installed checkout must not drift."""
    from app import __version__

    assert __version__ == VERSION


def test_console_mode_without_a_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    from app.__main__ import main

    assert main([], cli=True) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: kizuna-cli")
    assert "post" in err and "safety" in err
    assert "window opens" not in err  # the console program has no window to promise


def test_launcher_tells_the_console_program_by_its_name() -> None:
    launcher = _load("kizuna_packaging_launcher", PACKAGING / "launcher.py")
    assert launcher.is_cli("/opt/Kizuna/kizuna-cli")
    assert launcher.is_cli(r"C:\Users\a\AppData\Local\Programs\Kizuna\kizuna-cli.exe")
    assert launcher.is_cli("/Applications/Kizuna.app/Contents/MacOS/kizuna-cli")
    assert not launcher.is_cli("/opt/Kizuna/Kizuna")
    assert not launcher.is_cli(r"C:\Program Files\Kizuna\Kizuna.exe")


def test_version_numbers(build: ModuleType) -> None:
    assert build.version_numbers("0.1.0") == (0, 1, 0, 0)
    assert build.version_numbers("1.2.3rc1") == (1, 2, 3, 0)
    assert build.version_numbers("2") == (2, 0, 0, 0)
    assert build.version_numbers("1.2.3.4.5") == (1, 2, 3, 4)
    with pytest.raises(SystemExit):
        build.version_numbers("dev")


def _versioninfo(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """PyInstaller's own parser of version files. It imports pefile, which PyInstaller
    installs on Windows only, and win32api; only its functions that read or write an .exe
    use them, so stand-ins let the same parser run on every platform."""
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip('PyInstaller is not installed: pip install -e ".[package]"')
    if importlib.util.find_spec("pefile") is None:
        import PyInstaller.compat

        monkeypatch.setitem(sys.modules, "pefile", ModuleType("pefile"))
        monkeypatch.setattr(PyInstaller.compat, "win32api", None, raising=False)
    spec = importlib.util.find_spec("PyInstaller.utils.win32.versioninfo")
    assert spec is not None and spec.origin is not None
    return _load("kizuna_test_versioninfo", Path(spec.origin))


def test_windows_version_resources(
    build: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    versioninfo = _versioninfo(monkeypatch)
    files = build.write_version_resources(tmp_path, VERSION)
    assert set(files) == {"Kizuna", "kizuna-cli"}
    numbers = build.version_numbers(VERSION)
    for exe_name, path in files.items():
        info = versioninfo.load_version_info_from_text_file(str(path))
        assert isinstance(info, versioninfo.VSVersionInfo)
        assert info.ffi.fileVersionMS == (numbers[0] << 16) | numbers[1]
        assert info.ffi.fileVersionLS == (numbers[2] << 16) | numbers[3]
        string_info = next(k for k in info.kids if isinstance(k, versioninfo.StringFileInfo))
        (table,) = string_info.kids
        assert table.name == "040904B0"
        strings = {s.name: s.val for s in table.kids}
        assert strings["ProductName"] == "絆 Kizuna"
        assert strings["CompanyName"] == "Kizuna"
        assert strings["FileVersion"] == strings["ProductVersion"] == VERSION
        assert strings["OriginalFilename"] == f"{exe_name}.exe"
        assert strings["FileDescription"] == build.EXECUTABLES[exe_name]
        # What PyInstaller writes into the .exe: it must serialise (UTF-16 strings).
        raw = info.toRaw()
        assert "絆 Kizuna".encode("utf-16-le") in raw


def test_frozen_metadata(build: ModuleType, tmp_path: Path) -> None:
    """The dist-info bundled into the app answers importlib.metadata like an install."""
    from importlib.metadata import PathDistribution

    dist_info = build.write_metadata(tmp_path / "metadata", VERSION)
    assert dist_info.name == f"kizuna-{VERSION}.dist-info"
    dist = PathDistribution(dist_info)
    assert (dist.metadata["Name"], dist.version) == ("kizuna", VERSION)


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(PACKAGING / "linux" / "kizuna.desktop", encoding="utf-8")
    assert parser.sections() == ["Desktop Entry"]
    return parser["Desktop Entry"]


def test_linux_desktop_entry() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Kizuna"
    assert entry["Name[ja]"] == "絆 Kizuna"
    assert entry["Comment"] and entry["Comment[ja]"]
    assert entry["Comment"] != entry["Comment[ja]"]
    assert entry["Terminal"] == "false"
    # Exec is the installed command of pyproject's [project.scripts] (no field codes:
    # the app takes no files or URLs).
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert entry["Exec"] in scripts
    # Icon is a theme name: the SVG it is installed from exists.
    assert entry["Icon"] == "kizuna"
    assert (ROOT / "resources" / "icons" / f"{entry['Icon']}.svg").is_file()
    # Lists end with ';' (the spec's string(s) type), and Chat needs Network beside it.
    for key in ("Categories", "Keywords", "Keywords[ja]"):
        assert entry[key].endswith(";"), key
    categories = entry["Categories"].split(";")[:-1]
    assert categories[:2] == ["Network", "Chat"]
    # Only keys the Desktop Entry spec knows (a typo would be ignored by every desktop).
    known = {
        "Type",
        "Version",
        "Name",
        "GenericName",
        "Comment",
        "Exec",
        "Icon",
        "Terminal",
        "Categories",
        "Keywords",
        "StartupWMClass",
        "StartupNotify",
        "TryExec",
    }
    assert {key.split("[")[0] for key in entry} <= known
