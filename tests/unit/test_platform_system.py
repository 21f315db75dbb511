"""Platform code paths simulated here (issue 15, item 3): ``pid_alive`` on Windows through
a play kernel32, the profile folder of each platform (also under a Japanese user name),
and the keychain backends accepted on each platform."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path, PureWindowsPath

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import SecretService, Windows, chainer, fail, kwallet, libsecret, macOS
from keyring.backends import null as null_backend

from app.auth.credentials import CredentialStore, is_secure
from app.profile import default_profile_dir
from app.system import pid_alive

STILL_ACTIVE = 259
ERROR_ACCESS_DENIED = 5
ERROR_INVALID_PARAMETER = 87


class PlayKernel32:
    """kernel32 as Windows answers for a table of processes: pid → exit code (259 while
    running), or an error code for OpenProcess to fail with."""

    def __init__(self, processes: dict[int, int], refused: dict[int, int]) -> None:
        self.processes = processes
        self.refused = refused
        self.error = 0
        self.open: set[int] = set()

    def open_process(self, pid: int) -> int | None:
        if pid not in self.processes:
            self.error = self.refused.get(pid, ERROR_INVALID_PARAMETER)
            return None
        self.open.add(pid)
        return pid

    def last_error(self) -> int:
        return self.error

    def exit_code(self, handle: int) -> int | None:
        return self.processes[handle]

    def close(self, handle: int) -> None:
        self.open.discard(handle)


def test_pid_alive_on_windows() -> None:
    kernel = PlayKernel32({100: STILL_ACTIVE, 200: 0, 300: 1}, {400: ERROR_ACCESS_DENIED})
    asked = {
        pid: pid_alive(pid, platform="win32", windows=kernel) for pid in (100, 200, 300, 400, 500)
    }
    # Running; exited (0 and 1); another user's (access denied: alive); no such process.
    assert asked == {100: True, 200: False, 300: False, 400: True, 500: False}
    assert kernel.open == set()  # every handle closed again
    # Never asked: ourselves, and no process at all.
    assert pid_alive(os.getpid(), platform="win32", windows=PlayKernel32({}, {}))
    assert not pid_alive(0, platform="win32", windows=PlayKernel32({0: STILL_ACTIVE}, {}))


@pytest.mark.skipif(os.name != "posix", reason="signals a real process by os.kill")
def test_pid_alive_here_on_a_real_process() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    try:
        assert pid_alive(child.pid)
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait()
    assert not pid_alive(child.pid)


# ---------------------------------------------------------------- profile folder


@pytest.mark.parametrize("user", ["sakura", "さくら"])
def test_profile_folder_on_windows(monkeypatch: pytest.MonkeyPatch, user: str) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", rf"C:\Users\{user}\AppData\Roaming")
    got = PureWindowsPath(str(default_profile_dir()))
    assert got == PureWindowsPath(rf"C:\Users\{user}\AppData\Roaming\Kizuna")


def test_profile_folder_on_windows_without_appdata(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.delenv("APPDATA", raising=False)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path / "さくら"))
    assert default_profile_dir() == tmp_path / "さくら" / "AppData" / "Roaming" / "Kizuna"


def test_profile_folder_on_macos(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: Path("/Users/さくら")))
    assert default_profile_dir() == Path("/Users/さくら/Library/Application Support/Kizuna")


def test_profile_folder_on_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: Path("/home/さくら")))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert default_profile_dir() == Path("/home/さくら/.local/share/kizuna")
    monkeypatch.setenv("XDG_DATA_HOME", "/data/さくら")
    assert default_profile_dir() == Path("/data/さくら/kizuna")


# ---------------------------------------------------------------- keychain backends


def on_its_platform(backend: type[KeyringBackend], viable: bool = True) -> KeyringBackend:
    """``backend`` as on the system it is for: the same class and module, with the
    priority keyring gives it there (viable), or raising as it does elsewhere."""

    def not_here(self: object) -> float:
        raise RuntimeError("not this system")

    priority = 5 if viable else property(not_here)
    simulated = type(backend.__name__, (backend,), {"priority": priority})
    simulated.__module__ = backend.__module__
    instance: KeyringBackend = simulated()
    return instance


@pytest.mark.parametrize(
    "backend",
    [
        Windows.WinVaultKeyring,  # Windows Credential Manager
        macOS.Keyring,  # the macOS Keychain
        SecretService.Keyring,  # GNOME Keyring, KeePassXC …
        libsecret.Keyring,
        kwallet.DBusKeyring,  # KWallet
    ],
)
def test_each_platforms_keychain_is_accepted_where_it_runs(backend: type[KeyringBackend]) -> None:
    """keyring's own class for each system's keychain: accepted when viable, refused
    where it cannot run."""
    assert is_secure(on_its_platform(backend))
    assert CredentialStore(backend=on_its_platform(backend)).available()
    assert not is_secure(on_its_platform(backend, viable=False))
    assert not CredentialStore(backend=on_its_platform(backend, viable=False)).available()


def test_no_plain_file_or_empty_keychain_is_accepted() -> None:
    for refused in (fail.Keyring(), null_backend.Keyring()):
        assert not is_secure(refused)
    plain = type("PlaintextKeyring", (fail.Keyring,), {"priority": 5})
    plain.__module__ = "keyrings.alt.file"
    assert not is_secure(plain())
    keychain = on_its_platform(macOS.Keyring)

    def chain(*backends: KeyringBackend) -> KeyringBackend:
        made = type("Chain", (chainer.ChainerBackend,), {"backends": list(backends)})
        instance: KeyringBackend = made()
        return instance

    # A chain is only as safe as every backend in it (it writes to the first that takes).
    assert not is_secure(chain(keychain, null_backend.Keyring()))
    assert is_secure(chain(keychain))
