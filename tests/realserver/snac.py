"""snac2, a real ActivityPub server with the Mastodon client API, for the adapter tests.

:func:`install` fetches Debian 13's ``snac2=2.75-2`` with a private apt configuration (a
trixie source on this machine's own Debian mirror), unpacks it with ``dpkg-deb -x`` into
the test cache and checks that it runs here (Debian 12); the runtime libraries it links
(libcurl, libssl) come from Debian 12 when missing. A second call finds the cached binary.

:class:`SnacServer` creates a data folder (``snac init``, ``snac adduser``), switches it to
plain HTTP and runs ``snac httpd`` on 127.0.0.1 until :meth:`SnacServer.stop`.

``python -m tests.realserver.snac`` installs and prints the binary's path (for trying it
by hand).
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.realserver.provision import (
    PrivateApt,
    ProvisionError,
    cache_dir,
    debian_mirror,
    ensure_system_packages,
    is_root,
    locked,
    require_tool,
    run,
)

PACKAGE = "snac2"
VERSION = "2.75-2"
SUITE = "trixie"  # the first Debian release with snac2
# Shared libraries snac links → the Debian 12 package that provides each.
RUNTIME_LIBS = {
    "libcurl.so.4": "libcurl4",
    "libssl.so.3": "libssl3",
    "libcrypto.so.3": "libssl3",
}
START_TIMEOUT = 30.0  # seconds for httpd to answer; it normally takes a few milliseconds


def _install_root() -> Path:
    return cache_dir() / f"{PACKAGE}-{VERSION}"


def _binary(root: Path) -> Path:
    return root / "usr" / "bin" / "snac"


def _missing_libs(binary: Path) -> list[str]:
    """Libraries the dynamic loader cannot find for ``binary`` (from ldd's "not found")."""
    done = subprocess.run(
        ["ldd", str(binary)], capture_output=True, text=True, check=False, timeout=60
    )
    return re.findall(r"^\s*(\S+) => not found", done.stdout, flags=re.MULTILINE)


def _runs(binary: Path) -> bool:
    try:
        done = subprocess.run(
            [str(binary)], capture_output=True, text=True, check=False, timeout=60
        )
    except OSError:
        return False
    return (done.stdout + done.stderr).startswith("snac ")


def _ensure_runtime(binary: Path) -> None:
    missing = _missing_libs(binary)
    if not missing:
        return
    unknown = [lib for lib in missing if lib not in RUNTIME_LIBS]
    if unknown:
        raise ProvisionError(f"snac needs libraries Debian 12 does not name here: {unknown}")
    packages = sorted({RUNTIME_LIBS[lib] for lib in missing})
    ensure_system_packages(packages, lambda: not _missing_libs(binary))


def install() -> Path:
    """The path of a working ``snac`` binary, downloading and unpacking it the first time."""
    root = _install_root()
    binary = _binary(root)
    with locked(PACKAGE):
        if not binary.is_file():
            require_tool("apt-get", "to download snac2")
            require_tool("dpkg-deb", "to unpack snac2")
            work = cache_dir() / f"{PACKAGE}-work"
            shutil.rmtree(work, ignore_errors=True)
            apt = PrivateApt(work / "apt", SUITE)
            apt.prepare(debian_mirror())
            try:
                apt.update()
            except ProvisionError as exc:
                # An older Debian 12 keyring may not know trixie's signing keys yet; the
                # current debian-archive-keyring of Debian 12 does.
                if not (is_root() and "NO_PUBKEY" in str(exc)):
                    raise
                ensure_system_packages(["debian-archive-keyring"], lambda: False)
                apt.update()
            deb = apt.download(f"{PACKAGE}={VERSION}", work / "debs")
            unpacked = work / "root"
            run(["dpkg-deb", "-x", deb, unpacked])
            if not _binary(unpacked).is_file():
                raise ProvisionError(f"{deb.name} holds no usr/bin/snac")
            # Move into place only when complete, so an interrupted run is retried.
            shutil.rmtree(root, ignore_errors=True)
            unpacked.rename(root)
            shutil.rmtree(work, ignore_errors=True)
        require_tool("ldd", "to check snac's libraries")
        _ensure_runtime(binary)
        if not _runs(binary):
            raise ProvisionError(f"{binary} does not run on this system")
    return binary


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class SnacServer:
    """One snac instance on 127.0.0.1 with its users' generated passwords."""

    binary: Path
    data_dir: Path
    port: int = field(default_factory=free_port)
    passwords: dict[str, str] = field(default_factory=dict)
    _process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.data_dir.parent / f"{self.data_dir.name}-httpd.log"

    def cli(self, *args: str, input_text: str = "") -> str:
        """Run ``snac <args>`` and return its output."""
        return run([self.binary, *args], input_text=input_text, timeout=120).stdout

    def init(self) -> None:
        # The prompts, in order: network address, port, host name, URL prefix, admin email.
        answers = f"127.0.0.1\n{self.port}\n127.0.0.1:{self.port}\n\n\n"
        self.cli("init", str(self.data_dir), input_text=answers)
        config_path = self.data_dir / "server.json"
        config = json.loads(config_path.read_text(encoding="utf-8"))
        config["protocol"] = "http"  # no TLS on 127.0.0.1
        # snac delivers posts to its own shared inbox over HTTP; with its default of one
        # thread per CPU (minimum 4, one of them the background queue) those deliveries
        # can occupy every worker and stall the API requests under test for seconds.
        config["num_threads"] = 16
        config_path.write_text(json.dumps(config, indent=4), encoding="utf-8")

    def add_user(self, uid: str) -> str:
        out = self.cli("adduser", str(self.data_dir), uid)
        found = re.search(r"User password is (\S+)", out)
        if not found:
            raise ProvisionError(f"snac adduser printed no password:\n{out}")
        self.passwords[uid] = found.group(1)
        return found.group(1)

    def start(self) -> None:
        log = self.log_path.open("wb")
        self._process = subprocess.Popen(
            [str(self.binary), "httpd", str(self.data_dir)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self._process.poll() is not None:
                raise ProvisionError(
                    f"snac httpd exited with {self._process.returncode}:\n{self.log_tail()}"
                )
            try:
                reply = httpx.get(f"{self.base_url}/api/v1/instance", timeout=2.0)
                if reply.status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise ProvisionError(f"snac httpd did not answer:\n{self.log_tail()}")
            time.sleep(0.05)

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def start_server(data_dir: Path, users: tuple[str, ...] = ("alice", "bob")) -> SnacServer:
    server = SnacServer(install(), data_dir)
    server.init()
    for uid in users:
        server.add_user(uid)
    server.start()
    return server


if __name__ == "__main__":
    print(install())
