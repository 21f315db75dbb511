"""Runs the reference Bluesky PDS with a mock PLC directory on 127.0.0.1 for one test session.

:func:`start_pds` starts ``serve.js`` (beside this file) under the cached Node 22, waits
for ``/xrpc/_health``, and returns a :class:`PdsServer`; :meth:`PdsServer.stop` ends it.
The PDS runs in dev mode (``PDS_DEV_MODE=true``: plain HTTP, ``localhost`` hostname, handles
under ``.test``), without invites, with its data in a temporary folder and fresh secrets.
``serve.js`` binds both servers to 127.0.0.1 only.

:meth:`PdsServer.create_account` makes an account through
``com.atproto.server.createAccount`` and an app password for it through
``com.atproto.server.createAppPassword`` — the way a user would.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.realserver.pds.install import PdsInstall

SERVE_JS = Path(__file__).with_name("serve.js")
START_TIMEOUT = 60.0  # seconds; the PDS is up in two or three


@dataclass(frozen=True)
class PdsAccount:
    did: str
    handle: str
    password: str  # the account password (only for setting things up)
    app_password: str  # what Kizuna signs in with


@dataclass
class PdsServer:
    url: str  # http://127.0.0.1:PORT
    plc_url: str
    jwt_secret: str  # the PDS's HS256 key: lets a test mint an already expired token
    data_dir: Path
    process: subprocess.Popen[bytes]
    log_path: Path
    accounts: dict[str, PdsAccount] = field(default_factory=dict)

    def xrpc(self, method: str, nsid: str, **kwargs: object) -> httpx.Response:
        with httpx.Client(timeout=30.0) as client:
            return client.request(method, f"{self.url}/xrpc/{nsid}", **kwargs)  # type: ignore[arg-type]

    def create_account(self, name: str) -> PdsAccount:
        handle = f"{name}.test"
        password = secrets.token_urlsafe(16)
        reply = self.xrpc(
            "POST",
            "com.atproto.server.createAccount",
            json={"handle": handle, "email": f"{name}@example.com", "password": password},
        )
        reply.raise_for_status()
        created = reply.json()
        reply = self.xrpc(
            "POST",
            "com.atproto.server.createAppPassword",
            json={"name": "Kizuna"},
            headers={"Authorization": f"Bearer {created['accessJwt']}"},
        )
        reply.raise_for_status()
        account = PdsAccount(
            did=created["did"],
            handle=created["handle"],
            password=password,
            app_password=reply.json()["password"],
        )
        self.accounts[name] = account
        return account

    def records(self, did: str, collection: str = "app.bsky.feed.post") -> list[dict[str, object]]:
        """Every record of ``collection`` in the repository of ``did``, read straight from it."""
        out: list[dict[str, object]] = []
        cursor: str | None = None
        while True:
            params = {"repo": did, "collection": collection, "limit": 100}
            if cursor:
                params["cursor"] = cursor
            reply = self.xrpc("GET", "com.atproto.repo.listRecords", params=params)
            reply.raise_for_status()
            page = reply.json()
            out.extend(page["records"])
            cursor = page.get("cursor")
            if not cursor or not page["records"]:
                return out

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_pds(install: PdsInstall, data_dir: Path) -> PdsServer:
    """Start a PLC and a PDS; raise RuntimeError (with the server's log) if it will not come up."""
    plc_port, pds_port = _free_port(), _free_port()
    jwt_secret = secrets.token_hex(32)
    blobs = data_dir / "blobs"
    blobs.mkdir(parents=True, exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(data_dir)),
        "KIZUNA_PLC_PORT": str(plc_port),
        "PDS_PORT": str(pds_port),
        "PDS_HOSTNAME": "localhost",  # dev mode: http://localhost:PORT, handles under .test
        "PDS_DEV_MODE": "true",
        "PDS_INVITE_REQUIRED": "false",
        "PDS_JWT_SECRET": jwt_secret,
        "PDS_ADMIN_PASSWORD": secrets.token_urlsafe(16),
        # A secp256k1 private key is any 32 bytes below the curve order: random bytes are
        # one with overwhelming probability.
        "PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX": secrets.token_hex(32),
        "PDS_DATA_DIRECTORY": str(data_dir),
        "PDS_BLOBSTORE_DISK_LOCATION": str(blobs),
        "PDS_RATE_LIMITS_ENABLED": "false",
        "LOG_ENABLED": "true",
        "LOG_LEVEL": "warn",
    }
    log_path = data_dir / "pds.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(install.node), str(SERVE_JS), str(install.prefix)],
            env=env,
            cwd=data_dir,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = PdsServer(
        url=f"http://127.0.0.1:{pds_port}",
        plc_url=f"http://127.0.0.1:{plc_port}",
        jwt_secret=jwt_secret,
        data_dir=data_dir,
        process=process,
        log_path=log_path,
    )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the PDS exited ({process.returncode}):\n{server.log_tail()}")
        try:
            # serve.js starts the PLC first, so a PDS that answers has its directory.
            if server.xrpc("GET", "_health").status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"the PDS did not answer within {START_TIMEOUT:.0f} s:\n{server.log_tail()}")
