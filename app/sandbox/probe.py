"""Is a sandbox already running in this folder? Asked by whoever joins one (the window's
start, the CLI) without importing the servers: only the standard library and httpx.

:func:`running_accounts` reads the folder's ``accounts.json``, checks that the process
that wrote it is alive and that the sandbox answers — its admin endpoint (which answers
even while a network is down on purpose), else both networks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.system import pid_alive

ACCOUNTS_FILE = "accounts.json"
SIDES = ("public", "friends")


def _answers(accounts: dict[str, Any], timeout: float) -> bool:
    import httpx

    admin_url = accounts.get("admin_url")
    headers = {"Authorization": f"Bearer {accounts.get('admin_token') or ''}"}
    try:
        with httpx.Client(timeout=timeout, trust_env=False) as client:
            if admin_url:
                admin = client.get(f"{admin_url}/_sandbox/faults", headers=headers)
                state = admin.json() if admin.status_code == 200 else None
                if isinstance(state, dict) and all(side in state for side in SIDES):
                    return True
            public = client.get(f"{accounts['public']['url']}/api/v1/instance")
            friends = client.post(f"{accounts['friends']['url']}/api/meta", json={})
    except (httpx.HTTPError, ValueError):
        return False
    return public.status_code == 200 and friends.status_code == 200


def running_accounts(data_dir: Path, timeout: float = 1.0) -> dict[str, Any] | None:
    """What ``accounts.json`` of the sandbox serving ``data_dir`` says, or None when no
    sandbox serves it (no file, its process gone, or it does not answer)."""
    try:
        accounts = json.loads((Path(data_dir) / ACCOUNTS_FILE).read_text(encoding="utf-8"))
        pid = int(accounts["pid"])
        for side in SIDES:
            str(accounts[side]["url"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(accounts, dict) or not pid_alive(pid):
        return None
    return accounts if _answers(accounts, timeout) else None
