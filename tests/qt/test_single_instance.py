"""The single-instance pieces in one process: the server name of a profile (any path, a
Japanese user name too) and taking over a socket file a crashed instance left behind.
Two real processes meeting are in tests/e2e/test_single_instance.py."""

from __future__ import annotations

import os
import socket
import tempfile
from pathlib import Path, PureWindowsPath
from typing import Any

import pytest

from app.ui.single_instance import LOCK_FILE, SingleInstance, server_name


def test_the_server_name_of_a_profile() -> None:
    windows = server_name(Path(str(PureWindowsPath(r"C:\Users\さくら\AppData\Roaming\Kizuna"))))
    mac = server_name(Path("/Users/さくら/Library/Application Support/Kizuna"))
    for name in (windows, mac):
        assert name.isascii() and name.startswith("kizuna-")
        assert len(name) <= 40  # a Unix socket path has room for ~100 bytes, temp dir included
    assert windows != mac
    assert mac == server_name(Path("/Users/さくら/Library/Application Support/Kizuna"))


@pytest.mark.skipif(os.name != "posix", reason="a socket file is a Unix socket's")
def test_a_socket_and_lock_a_crashed_instance_left_are_taken_over(
    qtbot: Any, tmp_path: Path
) -> None:
    profile = tmp_path / "プロファイル"
    profile.mkdir()
    instance = SingleInstance(profile)
    # What a SIGKILLed instance leaves: a bound socket file nobody listens on.
    path = Path(tempfile.gettempdir()) / instance.name
    path.unlink(missing_ok=True)
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(path))
    stale.close()
    assert path.exists()
    try:
        assert instance.claim(give_up_after=0)
        assert instance.server is not None and instance.server.isListening()
        assert (profile / LOCK_FILE).exists()
    finally:
        instance.release()
    assert not path.exists()  # closing the server removes its socket file
