"""The accounts and friends services load neither the network stack nor the keychain
until a method needs them (the window builds both before its first paint, issue #11)."""

from __future__ import annotations

import json
import subprocess
import sys

from app.auth import x_oauth
from app.services import accounts

_PROBE = """
import json, sys
import app.services.accounts, app.services.friends
from app.auth.credentials import CredentialStore
app.services.accounts.AccountService.__init__  # the class is built, nothing is called
print(json.dumps(sorted(m for m in sys.modules
      if m.split(".")[0] in ("httpx", "keyring") or m.startswith("app.networks"))))
"""


def test_importing_the_services_loads_no_network_code_and_no_keychain() -> None:
    run = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(run.stdout) == []


def test_the_x_endpoints_are_x_oauths_own() -> None:
    # Written out in accounts (importing x_oauth would load httpx): the same values.
    assert accounts.X_AUTHORIZE_URL == x_oauth.AUTHORIZE_URL
    assert accounts.X_API_BASE == x_oauth.API_BASE
