"""The sandbox runner: both networks start on free 127.0.0.1 ports, accounts.json is
written, data survives a restart, background activity posts, the CLI prints its ready line
and exits 0 on SIGTERM, and find_running finds a sandbox another process runs."""

from __future__ import annotations

import asyncio
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.sandbox import community
from app.sandbox.activity import run_activity
from app.sandbox.runner import SandboxInfo, SandboxThread, find_running
from tests.conftest import ROOT


def test_sandbox_fixture_serves_both_networks(sandbox: SandboxInfo) -> None:
    accounts = json.loads((sandbox.data_dir / "accounts.json").read_text(encoding="utf-8"))
    assert accounts == sandbox.accounts
    assert accounts["pid"] == os.getpid()
    for side, network, label in (("public", "mastodon", "sora"), ("friends", "misskey", "nakama")):
        entry = accounts[side]
        assert (entry["network"], entry["label"], entry["demo"]) == (network, label, "me")
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", entry["url"])
        assert entry["streaming_url"].startswith("ws://127.0.0.1:")
        names = {a["username"] for a in entry["accounts"]}
        assert names == {m.username for m in community.MEMBERS}
    with httpx.Client(trust_env=False, timeout=10) as http:
        me = http.get(
            f"{sandbox.public_url}/api/v1/accounts/verify_credentials",
            headers={"Authorization": f"Bearer {sandbox.token('public')}"},
        )
        assert me.status_code == 200 and me.json()["username"] == "me"
        i = http.post(f"{sandbox.friends_url}/api/i", json={"i": sandbox.token("friends")})
        assert i.status_code == 200 and i.json()["username"] == "me"
    with pytest.raises(KeyError):
        sandbox.token("public", "nobody")


def test_post_as_and_data_survive_a_restart(tmp_path: Path) -> None:
    data = tmp_path / "sb"
    first = SandboxThread(data, activity=False)
    info = first.start()
    try:
        status = first.post_as("public", "haruka", "再起動しても残る", "public")
        note = first.post_as("friends", "takumi", "友だちにだけ", "followers")
        assert status["account"]["username"] == "haruka" and note["visibility"] == "followers"
    finally:
        first.stop()
    token = info.token("public")

    second = SandboxThread(data, activity=False)
    again = second.start()
    try:
        assert again.token("public") == token  # tokens persist, the ports may differ
        with httpx.Client(trust_env=False, timeout=10) as http:
            r = http.get(
                f"{again.public_url}/api/v1/statuses/{status['id']}",
                headers={"Authorization": f"Bearer {token}"},
            )
            assert r.status_code == 200 and r.json()["content"] == "<p>再起動しても残る</p>"
            assert r.json()["account"]["avatar"].startswith(again.public_url)
            n = http.post(
                f"{again.friends_url}/api/notes/show",
                json={"i": again.token("friends"), "noteId": note["id"]},
            )
            assert n.status_code == 200 and n.json()["text"] == "友だちにだけ"
    finally:
        second.stop()


def test_activity_posts_on_both_sides_until_stopped() -> None:
    class Recorder:
        def __init__(self) -> None:
            self.posts: list[tuple[str, str, str]] = []

        async def post_as(
            self, username: str, text: str, visibility: str, recipients: tuple[str, ...] = ()
        ) -> dict[str, Any]:
            self.posts.append((username, text, visibility))
            return {}

    servers = {"public": Recorder(), "friends": Recorder()}

    async def scenario() -> None:
        import random

        stop = asyncio.Event()
        task = asyncio.create_task(run_activity(servers, 0.001, stop, random.Random(7)))
        while not (servers["public"].posts and servers["friends"].posts):
            await asyncio.sleep(0.01)
        stop.set()
        await asyncio.wait_for(task, 5)

    asyncio.run(scenario())
    members = {m.username for m in community.MEMBERS}
    for recorder in servers.values():
        assert all(user in members and text for user, text, _ in recorder.posts)


def test_background_activity_reaches_the_public_timeline(tmp_path: Path) -> None:
    thread = SandboxThread(tmp_path / "sb", activity=0.02)
    info = thread.start()
    try:
        with httpx.Client(base_url=info.public_url, trust_env=False, timeout=10) as http:
            seeded = {s["id"] for s in http.get("/api/v1/timelines/public?limit=40").json()}

            async def new_public_post() -> None:
                while True:
                    r = await asyncio.to_thread(http.get, "/api/v1/timelines/public?limit=40")
                    if {s["id"] for s in r.json()} - seeded:
                        return
                    await asyncio.sleep(0.05)

            asyncio.run(asyncio.wait_for(new_public_post(), 20))
    finally:
        thread.stop()


def _read_line(stream: Any, timeout: float) -> str:
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(stream.readline()), daemon=True).start()
    return lines.get(timeout=timeout)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is POSIX")
def test_cli_prints_ready_line_is_found_and_exits_0_on_sigterm(tmp_path: Path) -> None:
    data = tmp_path / "cli"
    assert find_running(data) is None
    with subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.sandbox",
            "--data",
            str(data),
            "--no-activity",
            "--public-port",
            "0",
            "--friends-port",
            "0",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            line = _read_line(proc.stdout, 60)
            match = re.fullmatch(
                r"sandbox ready public=(http://127\.0\.0\.1:\d+) friends=(http://127\.0\.0\.1:\d+)\n",
                line,
            )
            assert match, line
            info = find_running(data)
            assert info is not None
            assert (info.public_url, info.friends_url) == match.groups()
            assert info.accounts["pid"] == proc.pid
            proc.send_signal(signal.SIGTERM)
            _out, err = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        assert proc.returncode == 0, err
    assert find_running(data) is None  # the file stays, but nobody answers any more


def test_find_running_ignores_a_stale_file(tmp_path: Path) -> None:
    data = tmp_path / "stale"
    data.mkdir()
    assert find_running(data) is None
    (data / "accounts.json").write_text("{not json", encoding="utf-8")
    assert find_running(data) is None
    with subprocess.Popen([sys.executable, "-c", "pass"]) as dead:
        dead.wait()
    entry = {"url": "http://127.0.0.1:9", "streaming_url": "ws://127.0.0.1:9", "accounts": []}
    stale = {"pid": dead.pid, "public": entry, "friends": entry}
    (data / "accounts.json").write_text(json.dumps(stale), encoding="utf-8")
    assert find_running(data) is None
    stale["pid"] = os.getpid()  # alive, but nothing listens there
    (data / "accounts.json").write_text(json.dumps(stale), encoding="utf-8")
    assert find_running(data) is None
