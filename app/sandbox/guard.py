"""What keeps the sandbox its user's alone: who may reach it, who may approve a sign-in,
who may change its faults, and files only the user can read.

The sandbox listens on 127.0.0.1, which every local user and every web page the user opens
can reach. So:

- :func:`host_guard` — every request must name the server as ``127.0.0.1:PORT`` or
  ``localhost:PORT``, with the port the connection really arrived on; anything else is a
  421. A web page that rebinds its own DNS name to 127.0.0.1 sends its own name as Host,
  so it never gets an answer (DNS rebinding).
- The sign-in secret (``approval`` in ``accounts.json``) — the sandbox has no login page,
  so its OAuth authorize page and MiAuth page approve a sign-in only when the request
  presents this secret in :data:`APPROVAL_HEADER` (:func:`approved`). Only the app can read
  it, because the file is the user's alone; anyone else gets a 403. A new secret is made
  for every run of the sandbox.
- The admin token (``admin_token`` in ``accounts.json``) — the fault admin endpoint wants
  it as ``Authorization: Bearer …`` (:func:`bearer_ok`).
- :func:`private_dir` and :func:`private_file` — the sandbox's folder 0700 and its files
  (tokens, databases) 0600 on POSIX. On Windows a folder under the user's profile is
  already the user's alone (its ACL inherits from ``%APPDATA%``), so nothing is changed.
"""

from __future__ import annotations

import hmac
import os
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web

APPROVAL_HEADER = "X-Kizuna-Sandbox-Approval"
_POSIX = os.name == "posix"
_LOOPBACK_NAMES = ("127.0.0.1", "localhost")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def _same(given: str | None, expected: str | None) -> bool:
    # compare_digest: the time a wrong guess takes says nothing about the right one.
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def approved(request: web.Request, approval: str | None) -> bool:
    """Whether ``request`` presents the sign-in secret of this sandbox run."""
    return _same(request.headers.get(APPROVAL_HEADER), approval)


def bearer_ok(request: web.Request, token: str | None) -> bool:
    """Whether ``request`` carries ``Authorization: Bearer <token>``."""
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and _same(given.strip(), token)


def host_allowed(host: str | None, port: int) -> bool:
    """``host`` (a Host header) names this machine's loopback server on ``port``."""
    if not host:
        return False
    return host.lower() in {f"{name}:{port}" for name in _LOOPBACK_NAMES}


def _local_port(request: web.Request) -> int | None:
    transport = request.transport
    sockname = transport.get_extra_info("sockname") if transport is not None else None
    if isinstance(sockname, tuple) and len(sockname) >= 2:
        return int(sockname[1])
    return None


@web.middleware
async def host_guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """421 for a request whose Host is not ``127.0.0.1``/``localhost`` with our port."""
    port = _local_port(request)
    if port is None or not host_allowed(request.headers.get("Host"), port):
        return web.json_response({"error": "misdirected request"}, status=421)
    return await handler(request)


def private_dir(path: Path) -> None:
    """Create ``path`` (and parents) and make it the user's alone."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if _POSIX:
        os.chmod(path, 0o700)


def private_file(path: Path) -> None:
    """Create ``path`` if missing and make it readable and writable by the user alone.

    SQLite gives its -wal and -shm files the mode of the database file, so a database
    made private here keeps its journal private too; ones left by an older run are fixed.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    os.close(fd)
    if _POSIX:
        for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if p.exists():
                os.chmod(p, 0o600)


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, the file readable by the user alone from its
    first byte (never briefly world-readable)."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        if _POSIX:
            os.fchmod(fd, 0o600)  # a leftover .tmp may have had another mode
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            fd = -1
            out.write(text)
    finally:
        if fd >= 0:
            os.close(fd)
    os.replace(tmp, path)
