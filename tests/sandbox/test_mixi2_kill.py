"""Kill a mixi2 sender (SIGKILL) while it uploads a New Year card, and after its post
was made: the resumed send posts exactly once, or — when mixi2 cannot say whether the
post went out (no idempotency key, no list of the application's own posts) — waits for
the user instead of posting twice. The sender is tests/sandbox/mixi2_send_driver.py over
the real services; the fake mixi2 (tests/fakes/mixi2_server.py) runs in this process and
holds the upload until the kill."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.fakes.mixi2_server import Mixi2Fake
from tests.sandbox.test_cli import TIMEOUT, Lines, env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

CLIENT, SECRET = "kizuna-client", "s3cret-value-never-logged"
CALL_TIMEOUT = 1.0  # the driver's gRPC deadline: the outbox's in-transit wait


@pytest.fixture
def fake() -> Iterator[Mixi2Fake]:
    with Mixi2Fake({CLIENT: SECRET}) as server:
        yield server
        server.state.hold_uploads.set()


def driver(profile: Path, fake: Mixi2Fake, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.sandbox.mixi2_send_driver", "--profile", str(profile),
         "--endpoint", fake.endpoint, "--client-id", CLIENT, "--timeout", str(CALL_TIMEOUT),
         *args],
        cwd=ROOT, env=env(KIZUNA_TEST_MIXI2_SECRET=SECRET), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def run_driver(profile: Path, fake: Mixi2Fake, *args: str) -> list[list[str]]:
    process = driver(profile, fake, *args)
    out, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 0, out + err
    return [line.split() for line in out.splitlines() if not line.startswith(("at ", "ready"))]


def kill(process: subprocess.Popen[str], out: Lines) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=TIMEOUT)
    out.close()
    if process.stderr is not None:
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL


def test_killed_mid_upload_the_resumed_send_posts_once(profile_dir: Path, fake: Mixi2Fake) -> None:
    fake.state.hold_uploads.clear()
    process = driver(profile_dir, fake, "post", "謹賀新年")
    out = Lines(process.stdout)  # type: ignore[arg-type]
    try:
        assert fake.state.upload_arrived.wait(TIMEOUT), "the upload never started"
    finally:
        kill(process, out)
    fake.state.hold_uploads.set()  # the dead sender's upload lands; nothing posts it
    assert fake.posts == []
    assert "CreatePost" not in fake.calls

    assert run_driver(profile_dir, fake, "resume") == [["sent", "public", "-"]]
    assert run_driver(profile_dir, fake, "resume") == [["sent", "public", "-"]]
    [post] = fake.posts
    assert post.text == "謹賀新年" and len(post.post_media_list) == 1
    assert fake.calls.count("CreatePost") == 1


def test_killed_after_the_post_was_made_it_waits_for_the_user(
    profile_dir: Path, fake: Mixi2Fake
) -> None:
    process = driver(profile_dir, fake, "post", "あけおめ", "--stop", "after_request")
    out = Lines(process.stdout)  # type: ignore[arg-type]
    try:
        out.wait_for("at after_request", count=1)
    finally:
        kill(process, out)
    assert len(fake.posts) == 1  # made, but the dead sender never recorded it

    time.sleep(CALL_TIMEOUT + 0.5)  # the killed sender's request can no longer arrive
    rows = run_driver(profile_dir, fake, "resume")
    assert rows == [["needs_attention", "public", "maybe_sent"]], rows
    assert len(fake.posts) == 1  # never a second post
