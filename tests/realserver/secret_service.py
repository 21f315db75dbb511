"""A real Secret Service (GNOME Keyring) on a private D-Bus session bus, for keychain tests.

:func:`install` makes sure ``dbus-daemon`` and ``gnome-keyring-daemon`` exist (Debian's
``dbus`` and ``gnome-keyring``, installed with apt-get when missing and root).

:class:`PrivateSecretService` starts ``dbus-daemon --session`` on a socket inside a
temporary folder and ``gnome-keyring-daemon --foreground --unlock`` on that bus, with HOME
and the XDG folders pointing into the same temporary folder: the user's real keyrings and
session bus are never touched. Only the test's own environment gets the bus address.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from tests.realserver.provision import ProvisionError, ensure_system_packages

READY_TIMEOUT = 20.0
KEYRING_PASSWORD = "kizuna-test-login"  # unlocks the throwaway "login" keyring


def _present() -> bool:
    return bool(shutil.which("dbus-daemon") and shutil.which("gnome-keyring-daemon"))


def install() -> None:
    ensure_system_packages(["dbus", "gnome-keyring"], _present)


class PrivateSecretService:
    def __init__(self, base: Path) -> None:
        self.base = base
        self.address = ""
        self._bus: subprocess.Popen[str] | None = None
        self._keyring: subprocess.Popen[str] | None = None

    def environment(self) -> dict[str, str]:
        """What a client of this Secret Service needs in its environment."""
        return {"DBUS_SESSION_BUS_ADDRESS": self.address}

    def _daemon_env(self) -> dict[str, str]:
        home = self.base / "home"
        runtime = self.base / "run"
        for d in (home, runtime):
            d.mkdir(parents=True, exist_ok=True)
            d.chmod(0o700)
        return {
            **os.environ,
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),  # keyrings/login.keyring lands here
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_RUNTIME_DIR": str(runtime),
        }

    def start(self) -> None:
        env = self._daemon_env()
        socket_path = self.base / "run" / "bus"
        self._bus = subprocess.Popen(
            [
                "dbus-daemon",
                "--session",
                "--nofork",
                f"--address=unix:path={socket_path}",
                "--print-address=1",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # it complains about fd limits when not root
            text=True,
            env=env,
        )
        assert self._bus.stdout is not None
        self.address = self._bus.stdout.readline().strip()
        if not self.address:
            self.stop()
            raise ProvisionError("dbus-daemon printed no address")
        env["DBUS_SESSION_BUS_ADDRESS"] = self.address
        self._keyring = subprocess.Popen(
            [
                "gnome-keyring-daemon",
                "--foreground",
                "--unlock",  # reads the login keyring's password from stdin
                "--components=secrets",
                f"--control-directory={self.base / 'run' / 'keyring'}",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        assert self._keyring.stdin is not None
        self._keyring.stdin.write(KEYRING_PASSWORD)
        self._keyring.stdin.close()
        self._wait_ready()

    def _wait_ready(self) -> None:
        import secretstorage
        from jeepney.io.blocking import open_dbus_connection

        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            if self._keyring is not None and self._keyring.poll() is not None:
                code = self._keyring.returncode
                self.stop()
                raise ProvisionError(f"gnome-keyring-daemon exited with {code}")
            with contextlib.suppress(Exception):
                connection = open_dbus_connection(bus=self.address)
                with contextlib.closing(connection):
                    if secretstorage.check_service_availability(connection):
                        # Not get_default_collection(): while the daemon is still creating
                        # the unlocked login keyring, that would create a locked "Default"
                        # one of its own, and the default alias would stay locked for good.
                        collection = secretstorage.Collection(connection)
                        if not collection.is_locked():
                            return
            if time.monotonic() > deadline:
                self.stop()
                raise ProvisionError("gnome-keyring-daemon did not offer an unlocked keyring")
            time.sleep(0.05)

    def stop(self) -> None:
        for name in ("_keyring", "_bus"):
            process = getattr(self, name)
            setattr(self, name, None)
            if process is None or process.poll() is not None:
                continue
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
            if process.stdout is not None:
                process.stdout.close()


@contextlib.contextmanager
def running(base: Path) -> Iterator[PrivateSecretService]:
    install()
    service = PrivateSecretService(base)
    service.start()
    try:
        yield service
    finally:
        service.stop()
