"""Fast checks of what the packaging adds around the frozen app, without building it:
``--version`` and the console mode of ``app/__main__.py``, the Windows version resource
build.py writes for PyInstaller, the Linux desktop entry, and — read from the files and
from build.py's computed values, since nothing here runs Windows or macOS — the Inno
Setup script (version, minimum Windows, signing hook), the macOS Info.plist keys,
entitlements and notarisation script, and the publisher and bundle id."""

from __future__ import annotations

import configparser
import importlib.util
import os
import plistlib
import re
import shutil
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
        assert strings["CompanyName"] == build.identity()["publisher"]
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


# --- identity: publisher and bundle id, decided in one place ------------------------------


def test_publisher_and_bundle_id_are_decided_in_identity_ini(build: ModuleType) -> None:
    identity = build.identity()
    assert identity["name"] == "Kizuna"
    assert identity["publisher"] == "Kizuna contributors"
    assert identity["bundle_id"] == "io.github.kizuna-app.Kizuna"
    # A bundle id is reverse DNS of letters, digits, hyphens and dots.
    assert re.fullmatch(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+){2,}", identity["bundle_id"])
    # Inno Setup reads the file with the Windows INI functions: plain ASCII only.
    (PACKAGING / "identity.ini").read_text("ascii")
    # Nobody keeps a copy of the old placeholders.
    for name in ("kizuna.spec", "build.py", "windows/kizuna.iss", "README.md"):
        text = (PACKAGING / name).read_text("utf-8")
        assert "jp.kizuna" not in text, name
    spec = (PACKAGING / "kizuna.spec").read_text("utf-8")
    assert 'BUNDLE_ID = _identity["app"]["bundle_id"]' in spec


# --- Windows installer ----------------------------------------------------------------


def _iss() -> str:
    """windows/kizuna.iss without its comment lines."""
    text = (PACKAGING / "windows" / "kizuna.iss").read_text("utf-8")
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(";"))


def _setup_section(iss: str) -> dict[str, str]:
    section = iss.split("[Setup]", 1)[1].split("\n[", 1)[0]
    pairs = (line.split("=", 1) for line in section.splitlines() if re.match(r"\w+=", line))
    return {key: value for key, value in pairs}


def test_installer_needs_windows_10() -> None:
    assert _setup_section(_iss())["MinVersion"] == "10.0"


def test_installer_refuses_to_build_without_a_version() -> None:
    iss = _iss()
    block = re.search(r"#ifndef AppVersion\n(.*?)#endif", iss, re.DOTALL)
    assert block is not None
    assert block.group(1).strip().startswith("#error ")
    # No fallback version anywhere (it used to be "0.0.0").
    assert not re.search(r"#define\s+AppVersion\b", iss)
    assert "0.0.0" not in iss


def test_installer_version_info_and_publisher() -> None:
    setup = _setup_section(_iss())
    assert setup["VersionInfoVersion"] == "{#AppFileVersion}"
    assert setup["VersionInfoProductVersion"] == "{#AppFileVersion}"
    assert setup["VersionInfoTextVersion"] == "{#AppVersion}"
    assert setup["AppPublisher"] == setup["VersionInfoCompany"] == "{#AppPublisher}"
    assert setup["OutputBaseFilename"] == "{#AppName}-{#AppVersion}-setup"
    assert re.search(
        r'#define AppPublisher ReadIni\(AddBackslash\(SourcePath\) \+ "\.\.\\identity\.ini", '
        r'"app", "publisher", ""\)',
        _iss(),
    )


def test_installer_signs_only_when_a_sign_tool_is_given() -> None:
    iss = _iss()
    assert "SignTool=" not in iss.replace("#ifdef SignTool\nSignTool={#SignTool}", "")
    assert re.search(r"#ifdef SignTool\nSignTool=\{#SignTool\}\nSignedUninstaller=yes\n#endif", iss)


def test_iscc_arguments_carry_the_pyproject_version(build: ModuleType, tmp_path: Path) -> None:
    arguments = build.iscc_arguments(VERSION, tmp_path / "dist", tmp_path / "gen", {})
    assert f"/DAppVersion={VERSION}" in arguments
    numbers = ".".join(map(str, build.version_numbers(VERSION)))
    assert f"/DAppFileVersion={numbers}" in arguments
    assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+", numbers)
    assert arguments[-1].endswith("kizuna.iss")
    assert not any(a.startswith(("/S", "/DSignTool")) for a in arguments)
    assert build.iscc_arguments("1.2.3rc1", tmp_path, tmp_path, {})[1] == "/DAppFileVersion=1.2.3.0"


def test_iscc_arguments_with_a_sign_command(build: ModuleType, tmp_path: Path) -> None:
    command = r'"C:\Kits\signtool.exe" sign /fd SHA256 /td SHA256 /tr http://ts.example /sha1 AB $f'
    arguments = build.iscc_arguments(VERSION, tmp_path, tmp_path, {"KIZUNA_SIGNTOOL": command})
    # Quotes travel as Inno Setup's $q: ISCC's command line knows no backslash escapes.
    assert "/Skizuna=$qC:\\Kits\\signtool.exe$q sign /fd SHA256 /td SHA256" in " ".join(arguments)
    sign_tool = next(a for a in arguments if a.startswith("/Skizuna="))
    assert '"' not in sign_tool and sign_tool.endswith(" /sha1 AB $f")
    assert "/DSignTool=kizuna" in arguments
    with pytest.raises(SystemExit, match=r"\$f"):
        build.iscc_arguments(VERSION, tmp_path, tmp_path, {"KIZUNA_SIGNTOOL": "signtool sign"})


def test_installer_names(build: ModuleType) -> None:
    assert build.installer_name("1.0", "win32", "AMD64") == "Kizuna-1.0-setup.exe"
    assert build.installer_name("1.0", "darwin", "arm64") == "Kizuna-1.0-macos-arm64.dmg"
    assert build.installer_name("1.0", "darwin", "x86_64") == "Kizuna-1.0-macos-x86_64.dmg"
    with pytest.raises(SystemExit):
        build.installer_name("1.0", "linux", "x86_64")


# --- macOS bundle ---------------------------------------------------------------------


def test_info_plist_keys(build: ModuleType) -> None:
    plist = build.info_plist(VERSION, "13.0")
    assert plist["CFBundleLocalizations"] == ["ja", "en"]
    assert plist["NSHighResolutionCapable"] is True
    assert plist["LSMinimumSystemVersion"] == "13.0"
    assert plist["CFBundleShortVersionString"] == plist["CFBundleVersion"] == VERSION
    # Every language the bundle claims has a translation (English is the source text).
    shipped = {ts.stem.removeprefix("kizuna_") for ts in (ROOT / "translations").glob("*.ts")}
    assert set(plist["CFBundleLocalizations"]) <= shipped | {"en"}
    # It survives as a real plist.
    assert plistlib.loads(plistlib.dumps(plist)) == plist


def test_spec_takes_info_plist_from_build_py() -> None:
    spec = (PACKAGING / "kizuna.spec").read_text("utf-8")
    assert 'info_plist=json.loads((GENERATED / "macos" / "info_plist.json")' in spec
    assert "bundle_identifier=BUNDLE_ID" in spec


def test_minimum_macos_follows_qt(build: ModuleType) -> None:
    # Qt's own "Supported Configurations": 6.8 macOS 12, 6.10 macOS 13, 6.12 macOS 14.4.
    assert build.macos_minimum("6.8.0", []) == "12.0"
    assert build.macos_minimum("6.9.3", []) == "12.0"
    assert build.macos_minimum("6.10.1", []) == "13.0"
    assert build.macos_minimum("6.11.3", []) == "13.0"
    assert build.macos_minimum("6.12.0", []) == "14.4"
    # A wheel or a Python built for a newer macOS raises it; an older one never lowers it.
    assert build.macos_minimum("6.8.2", ["macosx_13_0_universal2"]) == "13.0"
    assert build.macos_minimum("6.11.0", ["macosx-10.9-universal2", "macosx_11_0_arm64"]) == "13.0"
    with pytest.raises(SystemExit):
        build.macos_minimum("6.7.3", [])


def test_minimum_macos_of_this_pyside(build: ModuleType) -> None:
    import PySide6

    def numbers(version: str) -> tuple[int, ...]:
        return tuple(map(int, version.split(".")))

    # At least Qt's own minimum; the wheels' tags may only raise it (on macOS).
    installed = numbers(build.installed_macos_minimum())
    assert installed >= numbers(build.macos_minimum(PySide6.__version__, []))
    if sys.platform != "darwin":
        assert installed == numbers(build.macos_minimum(PySide6.__version__, []))


def test_write_info_plist(build: ModuleType, tmp_path: Path) -> None:
    import json

    path = build.write_info_plist(tmp_path, VERSION, "13.0")
    assert json.loads(path.read_text("utf-8")) == build.info_plist(VERSION, "13.0")


def test_entitlements_of_the_hardened_runtime(build: ModuleType) -> None:
    with (PACKAGING / "macos" / "entitlements.plist").open("rb") as handle:
        entitlements = plistlib.load(handle)
    # ctypes/libffi closures; nothing else (see packaging/README.md "Signing").
    assert entitlements == {"com.apple.security.cs.allow-unsigned-executable-memory": True}
    assert build.ENTITLEMENTS == PACKAGING / "macos" / "entitlements.plist"


def test_signed_builds_get_the_entitlements(build: ModuleType, tmp_path: Path) -> None:
    unsigned = build.pyinstaller_environment({}, tmp_path)
    assert unsigned["KIZUNA_GENERATED"] == str(tmp_path)
    assert "KIZUNA_ENTITLEMENTS" not in unsigned
    signed = build.pyinstaller_environment({"KIZUNA_CODESIGN_IDENTITY": "Developer ID"}, tmp_path)
    assert signed["KIZUNA_ENTITLEMENTS"] == str(build.ENTITLEMENTS)
    chosen = {"KIZUNA_CODESIGN_IDENTITY": "Developer ID", "KIZUNA_ENTITLEMENTS": "/x.plist"}
    assert build.pyinstaller_environment(chosen, tmp_path)["KIZUNA_ENTITLEMENTS"] == "/x.plist"


NOTARIZE = PACKAGING / "macos" / "notarize.sh"


def test_notarize_script_submits_waits_and_staples() -> None:
    script = NOTARIZE.read_text("utf-8")
    commands = [line.strip() for line in script.splitlines() if not line.lstrip().startswith("#")]
    submit = next(c for c in commands if c.startswith("xcrun notarytool submit"))
    assert "--wait" in submit
    assert 'xcrun stapler staple "$DMG"' in commands
    # The verdict is read, not assumed from the exit status.
    assert '[ "$STATUS" != "Accepted" ]; then' in script


@pytest.mark.skipif(shutil.which("sh") is None, reason="no POSIX sh here")
def test_notarize_script_refuses_without_a_dmg_or_credentials(tmp_path: Path) -> None:
    assert subprocess.run(["sh", "-n", str(NOTARIZE)], check=False).returncode == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith(("APPLE_", "KIZUNA_"))}
    done = subprocess.run(["sh", str(NOTARIZE)], env=env, capture_output=True, text=True)
    assert done.returncode == 2 and "usage" in done.stderr
    dmg = tmp_path / "Kizuna.dmg"
    dmg.write_bytes(b"")
    done = subprocess.run(["sh", str(NOTARIZE), str(dmg)], env=env, capture_output=True, text=True)
    assert done.returncode == 2 and "no notarisation credentials" in done.stderr
