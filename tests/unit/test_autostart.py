"""Start at login (issue 15, item 4): the XDG autostart entry and the macOS LaunchAgent
written for real into a temporary home, the Windows Run key through a played registry;
each starts this profile's window, also from a path with Japanese and spaces in it."""

from __future__ import annotations

import configparser
import plistlib
import subprocess
import sys
from pathlib import Path

import pytest

from app.services.autostart import (
    BUNDLE_ID,
    AutostartError,
    StartAtLogin,
    XdgAutostart,
    autostart_for,
    entry_suffix,
    launch_command,
)

ROOT = Path(__file__).resolve().parents[2]
NASTY = '/home/さくら/My Profile $HOME `x` "q" 100% back\\slash'


def parse_exec(value: str) -> list[str]:
    """A desktop entry's Exec value back into arguments, as the Desktop Entry
    Specification reads it: the string's escapes first, then the quoting."""
    unescaped, i = [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            unescaped.append({"s": " ", "n": "\n", "t": "\t", "\\": "\\"}.get(value[i + 1], ""))
            i += 2
        else:
            unescaped.append(value[i])
            i += 1
    text = "".join(unescaped)
    args: list[str] = []
    current: list[str] | None = None
    quoted = False
    i = 0
    while i < len(text):
        c = text[i]
        if quoted:
            if c == "\\":
                current.append(text[i + 1])  # type: ignore[union-attr]
                i += 1
            elif c == '"':
                quoted = False
            else:
                current.append(c)  # type: ignore[union-attr]
        elif c == " ":
            if current is not None:
                args.append("".join(current))
            current = None
        else:
            current = current or []
            if c == '"':
                quoted = True
            else:
                current.append(c)
        i += 1
    if current is not None:
        args.append("".join(current))
    return [a.replace("%%", "%") for a in args]


class PlayRegistry:
    def __init__(self, refuse: bool = False) -> None:
        self.values: dict[str, str] = {}
        self.refuse = refuse

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def set(self, name: str, value: str) -> None:
        if self.refuse:
            raise PermissionError("group policy")
        self.values[name] = value

    def delete(self, name: str) -> None:
        if name not in self.values:
            raise FileNotFoundError(name)
        del self.values[name]


def test_the_command_starts_this_profiles_window(tmp_path: Path) -> None:
    exe = tmp_path / "Kizuna.exe"
    profile = Path("/home/さくら/kizuna-work")
    frozen = launch_command(profile, executable=str(exe), frozen=True)
    assert frozen == [str(exe), "--profile", str(profile)]
    assert launch_command(None, executable="/venv/bin/python", frozen=False, platform="linux") == [
        "/venv/bin/python",
        "-m",
        "app",
    ]
    # From a checkout on Windows: pythonw.exe beside python.exe, so no console opens.
    python = tmp_path / "python.exe"
    assert launch_command(None, executable=str(python), frozen=False, platform="win32")[0] == str(
        python
    )
    (tmp_path / "pythonw.exe").touch()
    windowless = launch_command(None, executable=str(python), frozen=False, platform="win32")
    assert windowless == [str(tmp_path / "pythonw.exe"), "-m", "app"]


def test_each_profile_has_its_own_entry() -> None:
    assert entry_suffix(None) == ""
    one, two = entry_suffix(Path("/p/one")), entry_suffix(Path("/p/two"))
    assert one.startswith("-") and one != two and one == entry_suffix(Path("/p/one"))


def test_xdg_autostart_entry(tmp_path: Path) -> None:
    home = tmp_path / "home"
    argv = ["/opt/venv/bin/python", "-m", "app", "--profile", NASTY]
    login = autostart_for(Path(NASTY), platform="linux", home=home, env={})
    assert not login.is_enabled()
    login.enable(argv)
    [entry] = (home / ".config" / "autostart").iterdir()
    assert entry.name == f"kizuna{entry_suffix(Path(NASTY))}.desktop"
    parsed = configparser.ConfigParser(interpolation=None)
    parsed.optionxform = str  # type: ignore[assignment,method-assign]
    parsed.read_string(entry.read_text(encoding="utf-8"))
    desktop = parsed["Desktop Entry"]
    assert (desktop["Type"], desktop["Name"], desktop["Terminal"]) == (
        "Application",
        "Kizuna",
        "false",
    )
    assert parse_exec(desktop["Exec"]) == argv
    assert login.is_enabled()
    login.disable()
    assert not entry.exists() and not login.is_enabled()
    login.disable()  # nothing to remove is not an error


def test_xdg_config_home_is_honoured(tmp_path: Path) -> None:
    login = autostart_for(
        None, platform="linux", home=tmp_path, env={"XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    )
    assert isinstance(login, XdgAutostart)
    assert login.path == tmp_path / "cfg" / "autostart" / "kizuna.desktop"


def test_macos_launch_agent(tmp_path: Path) -> None:
    argv = ["/Applications/Kizuna.app/Contents/MacOS/Kizuna"]
    login = autostart_for(None, platform="darwin", home=tmp_path / "さくら")
    login.enable(argv)
    path = tmp_path / "さくら" / "Library" / "LaunchAgents" / f"{BUNDLE_ID}.plist"
    agent = plistlib.loads(path.read_bytes())
    assert agent == {
        "Label": BUNDLE_ID,
        "ProgramArguments": argv,
        "RunAtLoad": True,
        "ProcessType": "Interactive",
    }
    other = autostart_for(Path("/Users/さくら/work"), platform="darwin", home=tmp_path / "さくら")
    other.enable([*argv, "--profile", "/Users/さくら/work"])
    agents = sorted(p.name for p in path.parent.iterdir())
    assert len(agents) == 2 and all(a.startswith(BUNDLE_ID) for a in agents)
    login.disable()
    assert not path.exists() and other.is_enabled()


def test_the_bundle_id_is_the_one_packaging_decided() -> None:
    identity = configparser.ConfigParser()
    identity.read(ROOT / "packaging" / "identity.ini", encoding="ascii")
    assert identity["app"]["bundle_id"] == BUNDLE_ID


def test_windows_run_key() -> None:
    registry = PlayRegistry()
    exe = r"C:\Users\さくら\AppData\Local\Programs\Kizuna\Kizuna.exe"
    argv = [exe, "--profile", r"D:\プロファイル 2"]
    login = autostart_for(Path(r"D:\プロファイル 2"), platform="win32", registry=registry)
    assert not login.is_enabled()
    login.enable(argv)
    [(name, command)] = registry.values.items()
    assert name.startswith("Kizuna-")
    assert command == subprocess.list2cmdline(argv)
    assert command == exe + r' --profile "D:\プロファイル 2"'
    assert login.is_enabled()
    login.disable()
    assert registry.values == {} and not login.is_enabled()
    login.disable()
    assert autostart_for(None, platform="win32", registry=registry).enable([exe]) is None
    assert registry.values == {"Kizuna": exe}


def test_a_refusal_is_an_autostart_error_and_changes_nothing(tmp_path: Path) -> None:
    refusing = autostart_for(None, platform="win32", registry=PlayRegistry(refuse=True))
    with pytest.raises(AutostartError) as caught:
        refusing.enable(["Kizuna.exe"])
    assert caught.value.reason == "autostart_failed"
    assert not refusing.is_enabled()
    (tmp_path / ".config").write_text("a file where the folder should be")
    blocked = autostart_for(None, platform="linux", home=tmp_path, env={})
    with pytest.raises(AutostartError):
        blocked.enable(["kizuna"])
    assert not blocked.is_enabled()


def test_start_at_login_for_the_default_profile_has_no_profile_argument(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    default = StartAtLogin.for_profile(tmp_path / "data" / "kizuna")
    assert default.profile is None
    other = StartAtLogin.for_profile(tmp_path / "elsewhere")
    assert other.profile == (tmp_path / "elsewhere").resolve()
    login = XdgAutostart(tmp_path / "config")
    start = StartAtLogin(None, login)
    start.set_enabled(True)
    assert start.enabled() and "--profile" not in login.path.read_text(encoding="utf-8")
    start.set_enabled(False)
    assert not start.enabled()
