"""Small questions to the operating system that more than one layer asks.

:func:`pid_alive` tells whether a process id still names a running process: the outbox
asks it before taking over a send a crashed process left half-done, the sandbox before
joining one that another process started. Correct on Windows too (``OpenProcess`` and
``GetExitCodeProcess`` through ctypes), where ``os.kill(pid, 0)`` would end the process.
"""

from __future__ import annotations

import os
import sys
from typing import Protocol

_STILL_ACTIVE = 259  # GetExitCodeProcess's exit code while the process runs
_PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
_ERROR_ACCESS_DENIED = 5


class WindowsProcesses(Protocol):
    """The three kernel32 calls :func:`pid_alive` makes on Windows (a seam: tests play
    Windows on any system)."""

    def open_process(self, pid: int) -> int | None:
        """A handle for querying ``pid``; None when refused (see :meth:`last_error`)."""

    def last_error(self) -> int: ...

    def exit_code(self, handle: int) -> int | None:
        """The process's exit code (259 while it runs); None when it cannot be read."""

    def close(self, handle: int) -> None: ...


def pid_alive(
    pid: int, *, platform: str | None = None, windows: WindowsProcesses | None = None
) -> bool:
    """Whether ``pid`` is a running process (ours counts). A process we may not inspect
    is taken as alive: better to wait for a lease than to send twice. ``platform`` and
    ``windows``: ``sys.platform`` and the real kernel32 (tests simulate Windows)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if (platform or sys.platform) == "win32":
        return _pid_alive_windows(pid, windows or _Kernel32())
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _pid_alive_windows(pid: int, api: WindowsProcesses) -> bool:
    handle = api.open_process(pid)
    if handle is None:
        # No such process, or one we may not look at (another user's): alive then.
        return api.last_error() == _ERROR_ACCESS_DENIED
    try:
        code = api.exit_code(handle)
        return code is None or code == _STILL_ACTIVE
    finally:
        api.close(handle)


class _Kernel32:  # pragma: no cover - exercised on Windows CI
    """:class:`WindowsProcesses` through ctypes (``OpenProcess``, ``GetExitCodeProcess``,
    ``CloseHandle``)."""

    def __init__(self) -> None:
        import ctypes
        from ctypes import wintypes

        self._ctypes = ctypes
        self._wintypes = wintypes
        k = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        k.OpenProcess.restype = wintypes.HANDLE
        k.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
        k.GetExitCodeProcess.argtypes = (wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
        k.CloseHandle.argtypes = (wintypes.HANDLE,)
        self._k = k

    def open_process(self, pid: int) -> int | None:
        handle = self._k.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
        return int(handle) if handle else None

    def last_error(self) -> int:
        error: int = self._ctypes.get_last_error()  # type: ignore[attr-defined]
        return error

    def exit_code(self, handle: int) -> int | None:
        code = self._wintypes.DWORD()
        if not self._k.GetExitCodeProcess(handle, self._ctypes.byref(code)):
            return None
        return int(code.value)

    def close(self, handle: int) -> None:
        self._k.CloseHandle(handle)
