"""Start Kizuna at login (設定 → ログイン時に起動), off by default, one entry per profile.

Each system keeps the entry its own way, and the entry itself is the setting (nothing is
stored in the profile): removed by hand, it is off.

- Windows: a value in ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run`` whose
  data is the command line (``pythonw.exe`` from a checkout, so no console opens);
- macOS: a LaunchAgent, ``~/Library/LaunchAgents/<bundle id>.plist`` with ``RunAtLoad``;
- Linux and other Unix desktops: an XDG autostart entry,
  ``$XDG_CONFIG_HOME/autostart/kizuna.desktop`` (``~/.config/autostart``).

The default profile's entry is named after the app; another ``--profile`` gets its own
entry (a hash of its path in the name) that starts Kizuna with that ``--profile``.
The files are written here and tested on any system; the registry goes through the
:class:`Registry` seam (``winreg`` on Windows), played by tests elsewhere.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

APP_ID = "kizuna"
BUNDLE_ID = "io.github.kizuna-app.Kizuna"  # packaging/identity.ini's bundle_id
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


class AutostartError(Exception):
    """The entry could not be written or removed; ``reason`` is a code for the UI."""

    reason = "autostart_failed"


def launch_command(
    profile: Path | None,
    *,
    platform: str | None = None,
    executable: str | None = None,
    frozen: bool | None = None,
) -> list[str]:
    """The command that starts the window on ``profile`` (None: the default one): the
    frozen program itself, or this Python with ``-m app`` (``pythonw`` on Windows)."""
    exe = executable or sys.executable
    is_frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    if is_frozen:
        argv = [exe]
    else:
        if (platform or sys.platform) == "win32":
            windowless = Path(exe).with_name("pythonw.exe")
            exe = str(windowless) if windowless.exists() else exe
        argv = [exe, "-m", "app"]
    return argv if profile is None else [*argv, "--profile", str(profile)]


def entry_suffix(profile: Path | None) -> str:
    """ "" for the default profile, else ``-`` and a short hash of the profile's path."""
    if profile is None:
        return ""
    return "-" + hashlib.sha256(str(profile).encode("utf-8")).hexdigest()[:10]


class Autostart(Protocol):
    """One system's place for a login item."""

    def is_enabled(self) -> bool: ...

    def enable(self, argv: list[str]) -> None: ...

    def disable(self) -> None: ...


# ------------------------------------------------------------------------- Linux (XDG)


def desktop_exec(argv: list[str]) -> str:
    """``argv`` as a desktop entry's ``Exec`` value: each argument quoted as the Desktop
    Entry Specification says, then escaped as a desktop-file string (``\\`` doubled)."""

    def quote(arg: str) -> str:
        arg = arg.replace("%", "%%")
        if arg and not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`"):
            return arg
        escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
        return f'"{escaped}"'

    return " ".join(quote(a) for a in argv).replace("\\", "\\\\")


class XdgAutostart:
    def __init__(self, config_home: Path, suffix: str = "") -> None:
        self.path = config_home / "autostart" / f"{APP_ID}{suffix}.desktop"

    def is_enabled(self) -> bool:
        return self.path.is_file()

    def enable(self, argv: list[str]) -> None:
        text = "\n".join(
            [
                "[Desktop Entry]",
                "Type=Application",
                "Name=Kizuna",
                "Comment=Kizuna (絆): sends scheduled greetings after login",
                f"Exec={desktop_exec(argv)}",
                "Icon=kizuna",
                "Terminal=false",
                "X-GNOME-Autostart-enabled=true",
                "",
            ]
        )
        _write(self.path, text.encode("utf-8"))

    def disable(self) -> None:
        _remove(self.path)


# ------------------------------------------------------------------------- macOS


class LaunchAgent:
    def __init__(self, agents_dir: Path, suffix: str = "") -> None:
        self.label = BUNDLE_ID + suffix.replace("-", ".")
        self.path = agents_dir / f"{self.label}.plist"

    def is_enabled(self) -> bool:
        return self.path.is_file()

    def enable(self, argv: list[str]) -> None:
        agent = {
            "Label": self.label,
            "ProgramArguments": argv,
            "RunAtLoad": True,
            "ProcessType": "Interactive",
        }
        import plistlib  # only on macOS, and only when the user turns it on

        _write(self.path, plistlib.dumps(agent))

    def disable(self) -> None:
        _remove(self.path)


# ------------------------------------------------------------------------- Windows


class Registry(Protocol):
    """The values of the user's Run key."""

    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...

    def delete(self, name: str) -> None: ...


class RunKey:
    def __init__(self, registry: Registry, suffix: str = "") -> None:
        self.registry = registry
        self.name = "Kizuna" + suffix

    def is_enabled(self) -> bool:
        try:
            return bool(self.registry.get(self.name))
        except OSError:
            return False

    def enable(self, argv: list[str]) -> None:
        import subprocess  # for its Windows quoting only; not needed to open the window

        try:
            self.registry.set(self.name, subprocess.list2cmdline(argv))
        except OSError as exc:
            raise AutostartError(str(exc)) from exc

    def disable(self) -> None:
        try:
            self.registry.delete(self.name)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise AutostartError(str(exc)) from exc


class WinRegistry:  # pragma: no cover - exercised on Windows CI
    """:class:`Registry` over ``winreg``: ``HKEY_CURRENT_USER\\`` :data:`RUN_KEY`."""

    def get(self, name: str) -> str | None:
        if sys.platform != "win32":
            raise OSError("no Windows registry on this system")
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                value, _kind = winreg.QueryValueEx(key, name)
        except FileNotFoundError:
            return None
        return str(value)

    def set(self, name: str, value: str) -> None:
        if sys.platform != "win32":
            raise OSError("no Windows registry on this system")
        import winreg

        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            winreg.SetValueEx(key, name, 0, winreg.REG_SZ, value)

    def delete(self, name: str) -> None:
        if sys.platform != "win32":
            raise OSError("no Windows registry on this system")
        import winreg

        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
            winreg.DeleteValue(key, name)


# ------------------------------------------------------------------------- choosing


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".part")
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError as exc:
        raise AutostartError(str(exc)) from exc


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise AutostartError(str(exc)) from exc


def autostart_for(
    profile: Path | None,
    *,
    platform: str | None = None,
    home: Path | None = None,
    env: Mapping[str, str] | None = None,
    registry: Registry | None = None,
) -> Autostart:
    """The login item of ``profile`` (None: the default profile) on ``platform``
    (default: this system). ``home``, ``env`` and ``registry``: the user's home, the
    environment and the Run key (tests simulate each system)."""
    system = platform or sys.platform
    home = home or Path.home()
    environ = os.environ if env is None else env
    suffix = entry_suffix(profile)
    if system == "win32":
        return RunKey(registry or WinRegistry(), suffix)
    if system == "darwin":
        return LaunchAgent(home / "Library" / "LaunchAgents", suffix)
    config = environ.get("XDG_CONFIG_HOME") or str(home / ".config")
    return XdgAutostart(Path(config), suffix)


class StartAtLogin:
    """What 設定 → Start Kizuna at login toggles, for one profile."""

    @classmethod
    def for_profile(cls, profile: Path) -> StartAtLogin:
        """The login item of the profile in ``profile`` (the default one's when it is
        the default folder, so that it starts without ``--profile``)."""
        from app.profile import default_profile_dir

        here = profile.expanduser().resolve()
        return cls(None if here == default_profile_dir().expanduser().resolve() else here)

    def __init__(self, profile: Path | None, autostart: Autostart | None = None) -> None:
        """``profile``: None for the default one (started without ``--profile``)."""
        self.profile = profile
        self.autostart = autostart or autostart_for(profile)

    def enabled(self) -> bool:
        return self.autostart.is_enabled()

    def set_enabled(self, on: bool) -> None:
        """Write or remove the login item; :class:`AutostartError` when the system
        refused (nothing changed then)."""
        if on:
            self.autostart.enable(launch_command(self.profile))
        else:
            self.autostart.disable()
