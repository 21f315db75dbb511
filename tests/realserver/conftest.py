"""Fixtures that install and run real servers for the tests in this folder.

- ``snac_server`` (session): snac2 from Debian 13 on a free 127.0.0.1 port, with users
  ``alice`` and ``bob`` and their generated passwords; stopped after the session.
- ``secret_service`` (session) and ``keychain`` (per test): GNOME Keyring on a private
  D-Bus session bus, and keyring pointed at it for the one test.
- ``pds`` (session): the reference Bluesky PDS (``@atproto/pds``) with a mock PLC on free
  127.0.0.1 ports (tests/realserver/pds), shared by every module that needs it; each
  module makes its own accounts on it.

When something cannot be installed (no apt, not root) the tests are skipped with the
reason — except in CI (``CI=true``), where these tests must run, so it is a failure.
"""

from __future__ import annotations

import sys

import pytest

if sys.platform != "linux":
    # provision.py needs fcntl and apt; GNOME Keyring and the servers are Debian packages.
    pytest.skip(
        "real-server tests run on Linux only (Debian packages via apt, GNOME Keyring, fcntl)",
        allow_module_level=True,
    )

from collections.abc import Iterator
from typing import NoReturn

from tests.realserver.provision import ProvisionError, in_ci


def unavailable(what: str, exc: ProvisionError) -> NoReturn:
    reason = f"{what} unavailable: {exc}"
    if in_ci():
        pytest.fail(f"{reason}\n(CI=true: the real-server tests must run in CI)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def snac_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from tests.realserver.snac import start_server

    try:
        server = start_server(tmp_path_factory.mktemp("snac") / "data")
    except ProvisionError as exc:
        unavailable("snac2", exc)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from tests.realserver.pds.install import PdsUnavailable, ensure_pds
    from tests.realserver.pds.server import start_pds

    try:
        install = ensure_pds()
    except PdsUnavailable as exc:
        if in_ci():
            pytest.fail(
                f"cannot install the Bluesky PDS on CI: {exc}\n"
                "(CI=true: the real-server tests must run in CI)",
                pytrace=False,
            )
        pytest.skip(f"cannot install the Bluesky PDS here: {exc}")
    server = start_pds(install, tmp_path_factory.mktemp("pds"))
    try:
        yield server
    finally:
        server.stop()
