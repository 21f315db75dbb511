"""What another local user tries against a Kizuna profile and its running sandbox.

Run by test_other_user.py as a second OS user, with the standard library only (that user
cannot read our virtualenv): ``python3 -I -c <this file's text> <json>``. It reads
nothing of the test's and trusts nothing; it prints one JSON object with what happened:
files it could read, folders it could list, and the HTTP status of every request.
"""

from __future__ import annotations

import http.client
import json
import os
import sys
from typing import Any
from urllib.parse import urlencode, urlsplit

PROBE_TEXT = "another user was here"


def try_read(path: str) -> str:
    try:
        with open(path, "rb") as f:
            f.read(1)
    except FileNotFoundError:
        return "missing"
    except PermissionError:
        return "denied"
    except OSError as exc:
        return f"error {exc.errno}"
    return "read"


def try_list(path: str) -> str:
    try:
        os.listdir(path)
    except FileNotFoundError:
        return "missing"
    except PermissionError:
        return "denied"
    return "listed"


def request(
    method: str,
    url: str,
    *,
    json_body: Any = None,
    form: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    body: bytes | None = None
    sent = dict(headers or {})
    if json_body is not None:
        body = json.dumps(json_body).encode()
        sent.setdefault("Content-Type", "application/json")
    elif form is not None:
        body = urlencode(form).encode()
        sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    try:
        conn.request(method, target, body=body, headers=sent)
        reply = conn.getresponse()
        text = reply.read(4000).decode("utf-8", "replace")
        return {"status": reply.status, "location": reply.getheader("Location"), "body": text}
    except OSError as exc:
        return {"status": None, "error": type(exc).__name__}
    finally:
        conn.close()


def main(cfg: dict[str, Any]) -> dict[str, Any]:
    public, friends, admin = cfg["public_url"], cfg["friends_url"], cfg["admin_url"]
    out: dict[str, Any] = {"uid": os.getuid()}
    out["files"] = {p: try_read(p) for p in cfg["files"]}
    out["dirs"] = {p: try_list(p) for p in cfg["dirs"]}
    calls: dict[str, Any] = {}

    # A token through Mastodon OAuth: registering an app is open to anyone (as on Mastodon);
    # the authorize page is what must refuse.
    redirect = "http://127.0.0.1:9/callback"
    app = request(
        "POST",
        f"{public}/api/v1/apps",
        form={"client_name": "probe", "redirect_uris": redirect, "scopes": "read write"},
    )
    calls["register_app"] = app
    client_id = json.loads(app["body"]).get("client_id", "") if app.get("status") == 200 else ""
    query = urlencode({"response_type": "code", "client_id": client_id, "redirect_uri": redirect})
    calls["authorize"] = request("GET", f"{public}/oauth/authorize?{query}")
    calls["authorize_guess"] = request(
        "GET",
        f"{public}/oauth/authorize?{query}",
        headers={"X-Kizuna-Sandbox-Approval": "guess"},
    )
    # A token through MiAuth.
    miauth = urlencode({"name": "probe", "callback": redirect, "permission": "write:notes"})
    calls["miauth"] = request("GET", f"{friends}/miauth/probe-session?{miauth}")
    calls["miauth_check"] = request("POST", f"{friends}/api/miauth/probe-session/check")
    # The fault admin endpoint.
    calls["admin_read"] = request("GET", f"{admin}/_sandbox/faults")
    calls["admin_down"] = request("POST", f"{admin}/_sandbox/down/both", json_body={})
    calls["admin_faults"] = request(
        "POST",
        f"{admin}/_sandbox/faults/both",
        json_body={"drop_rate": 1},
        headers={"Authorization": "Bearer guess"},
    )
    # Posting without a token, or with a made-up one.
    calls["post_public"] = request("POST", f"{public}/api/v1/statuses", form={"status": PROBE_TEXT})
    calls["post_public_guess"] = request(
        "POST",
        f"{public}/api/v1/statuses",
        form={"status": PROBE_TEXT},
        headers={"Authorization": "Bearer guess"},
    )
    calls["post_friends"] = request(
        "POST", f"{friends}/api/notes/create", json_body={"text": PROBE_TEXT}
    )
    calls["post_friends_guess"] = request(
        "POST", f"{friends}/api/notes/create", json_body={"i": "guess", "text": PROBE_TEXT}
    )
    out["http"] = calls
    return out


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))
