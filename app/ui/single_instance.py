"""One Kizuna window per profile: starting it again on the same profile brings the
running window to the front instead of a second window competing for the same outbox.

:class:`SingleInstance` holds a ``QLockFile`` in the profile (``instance.lock``) for the
life of the window and listens on a ``QLocalServer`` (a Unix socket, a named pipe on
Windows) whose name is derived from the profile's path and the user
(:func:`server_name`), so different profiles, and different users, never meet. A second
start finds the lock taken, connects, asks ``show``, waits for the answer and exits 0.

A crashed instance leaves its lock and, on Unix, its socket file: QLockFile takes over a
lock whose process is gone, and the socket file is removed before listening. The CLI
takes no lock: it works beside the window (the outbox's leases keep a send exactly once).
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import time
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

LOCK_FILE = "instance.lock"
SHOW = b"show\n"
SHOWN = b"shown\n"
CONNECT_MS = 1000
ANSWER_MS = 5000
GIVE_UP_AFTER = 15.0  # seconds a second start waits for a first one still starting


def server_name(profile: Path) -> str:
    """The local server's name for ``profile``: a hash of its resolved path (any
    characters, e.g. ``C:\\Users\\さくら\\…``) and the user, short enough for a socket path."""
    key = f"{profile.expanduser().resolve()}\0{_user()}"
    return "kizuna-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (a service account)
        return ""


class SingleInstance(QObject):
    """Claim the profile (:meth:`claim`); ``showRequested`` when a later start asks."""

    showRequested = Signal()

    def __init__(self, profile: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        self.name = server_name(profile)
        self._lock = QLockFile(str(profile / LOCK_FILE))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone
        self.server: QLocalServer | None = None

    def claim(self, give_up_after: float = GIVE_UP_AFTER) -> bool:
        """True: this process is the profile's window (it listens from now on). False:
        another one runs and was asked to come to the front (or, starting or hung, did
        not answer within ``give_up_after`` seconds: logged)."""
        deadline = time.monotonic() + give_up_after
        while True:
            if self._lock.tryLock(0):
                self._listen()
                return True
            if ask_to_show(self.name):
                log.info("Kizuna already runs on this profile: brought it to the front")
                return False
            if time.monotonic() > deadline:
                log.warning("Kizuna runs on this profile but did not answer; not starting")
                return False
            time.sleep(0.1)  # the other one holds the lock but is not listening yet

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
        self._lock.unlock()

    def _listen(self) -> None:
        # A socket file left by a crashed instance would make listen() fail.
        QLocalServer.removeServer(self.name)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            log.warning("cannot listen as %s: %s", self.name, server.errorString())
            return
        server.newConnection.connect(self._accept)
        self.server = server
        log.info("the window of this profile, listening as %s", self.name)

    def _accept(self) -> None:
        assert self.server is not None
        while (socket := self.server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        if bytes(socket.readLine().data()) == SHOW:
            log.info("brought to the front at a second start's request")
            socket.write(SHOWN)
            socket.flush()
            self.showRequested.emit()
        socket.disconnectFromServer()


def ask_to_show(name: str) -> bool:
    """Ask the instance listening as ``name`` to show its window; whether it answered."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    try:
        if not socket.waitForConnected(CONNECT_MS):
            return False
        socket.write(SHOW)
        if not socket.waitForBytesWritten(CONNECT_MS):
            return False
        while not socket.canReadLine():
            if not socket.waitForReadyRead(ANSWER_MS):
                return False
        return bytes(socket.readLine().data()) == SHOWN
    finally:
        socket.abort()
