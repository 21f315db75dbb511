"""Fault injection in the sandbox, over real HTTP on 127.0.0.1: latency, error rate, 429
bursts, dropped connections, going down and coming back (HTTP and streams), the admin
endpoint and the command-line flags — each seen through the app's own adapters and feed."""

from __future__ import annotations

import asyncio
import json
import re
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.core.models import AccountRef, Audience, Post
from app.networks.base import ErrorKind, NetworkAdapter, NetworkError
from app.networks.mastodon import MastodonAdapter
from app.networks.misskey import MisskeyAdapter
from app.sandbox import community
from app.sandbox.faults import Faults, parse_changes
from app.sandbox.runner import SandboxInfo, SandboxThread, find_running
from app.services.timeline import LiveState, TimelineFeed
from tests.conftest import ROOT
from tests.helpers import until
from tests.sandbox.test_runner import _read_line

SIDES = ("public", "friends")


@pytest.fixture
def faulty(tmp_path: Path) -> Iterator[SandboxThread]:
    """A running sandbox whose faults the test changes (no background posts)."""
    thread = SandboxThread(tmp_path / "sandbox", activity=False, fault_seed=7)
    thread.start()
    try:
        yield thread
    finally:
        thread.stop()


def _info(thread: SandboxThread) -> SandboxInfo:
    assert thread.info is not None
    return thread.info


def adapter(info: SandboxInfo, side: str) -> NetworkAdapter:
    """The demo user's adapter on ``side``, as the app builds it."""
    network = "mastodon" if side == "public" else "misskey"
    url = info.public_url if side == "public" else info.friends_url
    account = AccountRef(
        key=f"{network}:{url}:me",
        network=network,
        base_url=url,
        user_id="?",
        username="me",
        handle="@me",
        serves=frozenset({Audience.PUBLIC if side == "public" else Audience.FRIENDS}),
        label="sora" if side == "public" else "nakama",
        sandbox=True,
    )
    if side == "public":
        return MastodonAdapter(
            account, info.token("public"), streaming_url=info.public_streaming_url
        )
    return MisskeyAdapter(account, info.token("friends"))


async def _me_error(a: NetworkAdapter) -> NetworkError:
    with pytest.raises(NetworkError) as caught:
        await a.me()
    return caught.value


# ---- settings -------------------------------------------------------------------------------


def test_the_same_seed_meets_the_same_faults_and_another_seed_does_not() -> None:
    def rolls(seed: str) -> list[str]:
        faults = Faults(seed, error_statuses=(500, 503))
        faults.configure(error_rate=0.5, drop_rate=0.2)
        return [faults._decide()[0] for _ in range(200)]

    first = rolls("7:public")
    assert first == rolls("7:public")
    assert first != rolls("8:public")
    assert {"pass", "error", "drop"} <= set(first)


def test_bad_settings_are_refused_naming_the_field() -> None:
    for bad, field in (
        ({"error_rate": 1.5}, "error_rate"),
        ({"drop_rate": "half"}, "drop_rate"),
        ({"latency_ms": float("nan")}, "latency_ms"),
        ({"burst_429": 2.5}, "burst_429"),
        ({"burst_429": {"count": 1, "wait": 3}}, "burst_429"),
        ({"eror_rate": 0.1}, "eror_rate"),
        ({"reset": "yes"}, "reset"),
    ):
        with pytest.raises(ValueError, match=field):
            parse_changes(bad)
    changes, reset, down = parse_changes({"burst_429": {"count": 3, "retry_after": 9}})
    assert changes == {"burst_429": 3, "retry_after": 9.0} and not reset and down is None


def test_a_bad_plan_is_refused_before_the_sandbox_starts(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="error_rate"):
        SandboxThread(tmp_path / "x", faults={"both": {"error_rate": 2}})
    with pytest.raises(ValueError, match="side"):
        SandboxThread(tmp_path / "x", faults={"moon": {"error_rate": 0.5}})


# ---- faults seen by the adapters ------------------------------------------------------------


def test_latency_delays_api_requests_and_not_pictures(faulty: SandboxThread) -> None:
    info = _info(faulty)
    faulty.set_faults("public", latency_ms=400)
    avatar = f"{info.public_url}/avatars/me.png"
    api = f"{info.public_url}/api/v1/instance"

    async def scenario() -> list[str]:
        done: list[str] = []
        async with httpx.AsyncClient(trust_env=False, timeout=20) as http:

            async def get(name: str, url: str) -> None:
                (await http.get(url)).raise_for_status()
                done.append(name)

            # Started together (the API one first); the delayed one must finish last.
            await asyncio.gather(get("api", api), get("avatar", avatar))
        return done

    assert asyncio.run(scenario()) == ["avatar", "api"]
    state = faulty.faults("public")
    assert state["latency_ms"] == 400 and state["injected"] == {"latency": 1}
    assert faulty.faults("friends")["injected"] == {}


def test_error_rate_one_gives_server_errors_with_the_networks_own_body(
    faulty: SandboxThread,
) -> None:
    info = _info(faulty)
    faulty.set_faults("both", error_rate=1.0)

    async def scenario() -> None:
        public, friends = adapter(info, "public"), adapter(info, "friends")
        try:
            for _ in range(6):
                error = await _me_error(public)
                assert error.kind is ErrorKind.SERVER_ERROR and error.status in (500, 503)
                assert (
                    error.detail
                    == {
                        500: "Internal Server Error",
                        503: "There was a temporary problem serving your request, please try again",
                    }[error.status]
                )
            error = await _me_error(friends)
            assert (error.kind, error.status) == (ErrorKind.SERVER_ERROR, 500)
            assert error.detail.startswith("INTERNAL_ERROR: Internal error occurred")
            faulty.set_faults("both", error_rate=0)
            assert (await public.me()).username == "me"
            assert (await friends.me()).username == "me"
        finally:
            await public.aclose()
            await friends.aclose()

    asyncio.run(scenario())
    assert faulty.faults("public")["injected"]["error"] == 6


@pytest.mark.parametrize("side", SIDES)
def test_a_429_burst_is_rate_limited_with_retry_after_then_normal_service(
    faulty: SandboxThread, side: str
) -> None:
    info = _info(faulty)
    faulty.set_faults(side, burst_429={"count": 2, "retry_after": 7})

    async def scenario() -> None:
        a = adapter(info, side)
        try:
            for _ in range(2):
                error = await _me_error(a)
                assert (error.kind, error.status) == (ErrorKind.RATE_LIMITED, 429)
                assert error.retry_after == 7.0
            assert (await a.me()).username == "me"
        finally:
            await a.aclose()

    asyncio.run(scenario())
    state = faulty.faults(side)
    assert state["burst_429"] == {"count": 0, "retry_after": 7.0}
    assert state["injected"]["rate_limited"] == 2


def test_misskey_rate_limit_info_gives_durations(faulty: SandboxThread) -> None:
    """Misskey's LimitInfo (resetMs & co.) is time *until* the reset; clients that read it
    instead of Retry-After must not be told to wait decades."""
    info = _info(faulty)
    faulty.set_faults("friends", burst_429={"count": 1, "retry_after": 4})
    r = httpx.post(f"{info.friends_url}/api/i", json={"i": info.token("friends")})
    assert r.status_code == 429 and r.headers["Retry-After"] == "4"
    error = r.json()["error"]
    assert (error["code"], error["id"]) == (
        "RATE_LIMIT_EXCEEDED",
        "d5826d14-3982-4d2e-8011-b9e9f02499ef",
    )
    assert error["info"]["resetMs"] == 4000 and error["info"]["resetSec"] == 4


@pytest.mark.parametrize("side", SIDES)
def test_a_dropped_connection_is_offline(faulty: SandboxThread, side: str) -> None:
    info = _info(faulty)
    faulty.set_faults(side, drop_rate=1.0)

    async def scenario() -> None:
        a = adapter(info, side)
        try:
            error = await _me_error(a)
            assert error.kind is ErrorKind.OFFLINE
            faulty.set_faults(side, reset=True)
            assert (await a.me()).username == "me"
        finally:
            await a.aclose()

    asyncio.run(scenario())
    assert faulty.faults(side)["injected"]["drop"] == 1


@pytest.mark.parametrize("side", SIDES)
def test_down_is_offline_and_up_serves_again_on_the_same_port(
    faulty: SandboxThread, side: str
) -> None:
    info = _info(faulty)

    async def scenario() -> None:
        a = adapter(info, side)
        try:
            assert (await a.me()).username == "me"  # a kept-alive connection now exists
            await asyncio.to_thread(faulty.down, side)
            assert faulty.faults(side)["down"] is True
            for _ in range(2):  # the kept-alive connection was cut, and nothing listens
                assert (await _me_error(a)).kind is ErrorKind.OFFLINE
            await asyncio.to_thread(faulty.up, side)
            assert (await a.me()).username == "me"
        finally:
            await a.aclose()

    asyncio.run(scenario())
    state = faulty.faults(side)
    assert state["down"] is False and state["outages"] == 1
    assert find_running(info.data_dir) is not None


def test_down_for_a_while_comes_back_by_itself(faulty: SandboxThread) -> None:
    info = _info(faulty)
    faulty.set_faults("friends", down_for_s=0.5)
    with pytest.raises(httpx.ConnectError):
        httpx.post(f"{info.friends_url}/api/meta", json={})
    # The sandbox is still running (its admin endpoint says so) while a side is down.
    assert find_running(info.data_dir) is not None

    async def back() -> None:
        await until(lambda: faulty.faults("friends")["down"] is False, timeout=10)

    asyncio.run(back())
    assert httpx.post(f"{info.friends_url}/api/meta", json={}).status_code == 200


def _post_as_followee(info: SandboxInfo, side: str, text: str) -> None:
    """Post as a member the demo user follows, so the home stream carries it."""
    followees = {b for a, b in community.follows(side) if a == "me"}
    other = next(a for a in info.accounts[side]["accounts"] if a["username"] in followees)
    if side == "friends":
        r = httpx.post(
            f"{info.friends_url}/api/notes/create",
            json={"i": other["token"], "text": text, "visibility": "public"},
        )
    else:
        r = httpx.post(
            f"{info.public_url}/api/v1/statuses",
            headers={"Authorization": f"Bearer {other['token']}"},
            data={"status": text, "visibility": "public"},
        )
    r.raise_for_status()


async def _live_feed_survives(
    thread: SandboxThread, side: str, outage: str, tag: str
) -> list[LiveState]:
    info = _info(thread)
    a = adapter(info, side)
    audience = Audience.PUBLIC if side == "public" else Audience.FRIENDS
    feed = TimelineFeed(audience, [a], reconnect_cap=0.2)
    states: list[LiveState] = []
    got: list[Post] = []
    task = asyncio.ensure_future(feed.run_live(got.extend, states.append))
    try:
        await until(lambda: LiveState.LIVE in states)
        if outage == "down":
            await asyncio.to_thread(thread.down, side)
            await until(lambda: states[-1] is LiveState.RECONNECTING)
            # Reconnecting fails while down (connection refused), then works once up.
            await asyncio.sleep(0.5)
            assert states[-1] is LiveState.RECONNECTING
            await asyncio.to_thread(thread.up, side)
        else:
            assert await asyncio.to_thread(thread.drop_streams, side) == 1
            await until(lambda: LiveState.RECONNECTING in states)
        await until(lambda: states[-1] is LiveState.LIVE and states.count(LiveState.LIVE) == 2)
        await asyncio.to_thread(_post_as_followee, info, side, f"戻ってきた {tag}")
        await until(lambda: any(tag in p.text for p in got))
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await a.aclose()
    return states


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("outage", ["down", "dropped"])
def test_a_live_feed_reports_reconnecting_then_live_and_delivers_again(
    faulty: SandboxThread, side: str, outage: str
) -> None:
    tag = uuid.uuid4().hex[:8]
    states = asyncio.run(_live_feed_survives(faulty, side, outage, tag))
    first_live = states.index(LiveState.LIVE)
    assert states[0] is LiveState.CONNECTING
    assert LiveState.RECONNECTING in states[first_live:]
    assert states[-1] is LiveState.LIVE


# ---- the admin endpoint ---------------------------------------------------------------------


def test_admin_endpoint_changes_reports_and_guards(faulty: SandboxThread) -> None:
    info = _info(faulty)
    admin = info.admin_url
    assert admin is not None and re.fullmatch(r"http://127\.0\.0\.1:\d+", admin)
    accounts = json.loads((info.data_dir / "accounts.json").read_text(encoding="utf-8"))
    assert accounts["admin_url"] == admin
    with (
        httpx.Client(trust_env=False, timeout=10) as http,
        httpx.Client(trust_env=False, timeout=10, headers=info.admin_headers()) as admin_http,
    ):
        # Without the admin token from accounts.json (the user's alone), nothing is shown or
        # changed.
        assert http.get(f"{admin}/_sandbox/faults").status_code == 403
        wrong = {"Authorization": "Bearer not-the-token"}
        assert http.get(f"{admin}/_sandbox/faults", headers=wrong).status_code == 403
        anon = http.post(f"{admin}/_sandbox/faults/public", json={"drop_rate": 1})
        assert anon.status_code == 403
        assert faulty.faults("public")["drop_rate"] == 0
        state = admin_http.get(f"{admin}/_sandbox/faults").json()
        assert set(state) == {"public", "friends"}
        assert state["public"]["error_rate"] == 0 and state["public"]["down"] is False

        r = admin_http.post(
            f"{admin}/_sandbox/faults/both",
            json={"latency_ms": 5, "error_rate": 0.25, "burst_429": {"count": 3, "retry_after": 2}},
        )
        assert r.status_code == 200
        for side in SIDES:
            assert r.json()[side]["error_rate"] == 0.25
            assert r.json()[side]["burst_429"] == {"count": 3, "retry_after": 2.0}

        # A bad value changes nothing; neither does a non-JSON body or a foreign Host.
        bad = admin_http.post(
            f"{admin}/_sandbox/faults/public", json={"error_rate": 3, "drop_rate": 1}
        )
        assert bad.status_code == 422 and "error_rate" in bad.json()["error"]
        form = admin_http.post(f"{admin}/_sandbox/faults/public", data={"drop_rate": "1"})
        assert form.status_code == 415
        rebound = admin_http.post(
            f"{admin}/_sandbox/faults/public",
            json={"drop_rate": 1},
            headers={"Host": "attacker.example"},
        )
        assert rebound.status_code == 421
        assert admin_http.post(f"{admin}/_sandbox/faults/moon", json={}).status_code == 404
        assert faulty.faults("public")["drop_rate"] == 0

        r = admin_http.post(f"{admin}/_sandbox/faults/both", json={"reset": True})
        assert all(r.json()[s]["error_rate"] == 0 for s in SIDES)

        assert admin_http.post(f"{admin}/_sandbox/down/public", json={}).json()["public"]["down"]
        with pytest.raises(httpx.ConnectError):
            http.get(f"{info.public_url}/api/v1/instance")
        assert (
            admin_http.post(f"{admin}/_sandbox/up/public", json={}).json()["public"]["down"]
            is False
        )
        assert http.get(f"{info.public_url}/api/v1/instance").status_code == 200


def test_no_admin_endpoint_when_turned_off(tmp_path: Path) -> None:
    thread = SandboxThread(tmp_path / "sb", activity=False, admin=False)
    info = thread.start()
    try:
        assert info.admin_url is None and "admin_url" not in info.accounts
        thread.set_faults("friends", error_rate=1)  # the thread helpers still work
        r = httpx.post(f"{info.friends_url}/api/meta", json={})
        assert r.status_code == 500
    finally:
        thread.stop()


# ---- the command line -----------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is POSIX")
def test_cli_fault_flags(tmp_path: Path) -> None:
    data = tmp_path / "cli"
    command = [
        sys.executable, "-m", "app.sandbox", "--data", str(data), "--no-activity",
        "--error-rate", "friends=1", "--rate-limit-burst", "public=1", "--retry-after", "5",
        "--outage", "friends=600:1",
    ]  # fmt: skip
    with subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        try:
            line = _read_line(proc.stdout, 60)
            assert re.fullmatch(
                r"sandbox ready public=http://127\.0\.0\.1:\d+ friends=http://127\.0\.0\.1:\d+\n",
                line,
            ), line
            info = find_running(data)
            assert info is not None and info.admin_url
            token = {"Authorization": f"Bearer {info.token('public')}"}
            first = httpx.get(
                f"{info.public_url}/api/v1/accounts/verify_credentials", headers=token
            )
            assert first.status_code == 429 and first.headers["Retry-After"] == "5"
            again = httpx.get(
                f"{info.public_url}/api/v1/accounts/verify_credentials", headers=token
            )
            assert again.status_code == 200
            friends = httpx.post(f"{info.friends_url}/api/meta", json={})
            assert friends.status_code == 500
            state = httpx.get(
                f"{info.admin_url}/_sandbox/faults", headers=info.admin_headers()
            ).json()
            assert state["friends"]["error_rate"] == 1 and state["public"]["error_rate"] == 0
            assert state["friends"]["down"] is False  # the outage is 10 minutes away
            proc.send_signal(signal.SIGTERM)
            _out, err = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        assert proc.returncode == 0, err
        assert f"sandbox admin {info.admin_url}/_sandbox/faults" in err


@pytest.mark.parametrize(
    "flags",
    [["--error-rate", "2"], ["--latency-ms", "moon=5"], ["--outage", "friends=5"]],
)
def test_cli_refuses_bad_fault_flags(tmp_path: Path, flags: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app.sandbox", "--data", str(tmp_path / "x"), *flags],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "usage:" in done.stderr
    assert not (tmp_path / "x").exists()
