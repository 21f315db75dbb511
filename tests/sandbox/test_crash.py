"""Killing the command line (SIGKILL) in the middle of sending to both circles, then
``outbox --resume``, leaves exactly one post in each circle.

The outbox's test hook (``KIZUNA_OUTBOX_TEST_PAUSE``, honoured only with KIZUNA_TESTING=1)
stops each target at a chosen point and says so on stderr; the test kills the process
once both targets are there, so the crash always lands at the same place.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import uuid

import pytest

from tests.conftest import ROOT
from tests.sandbox.test_cli import TIMEOUT, Lines, RunningSandbox, env, kizuna, running_sandbox

__all__ = ["running_sandbox"]  # the fixture, shared with test_cli

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


@pytest.mark.parametrize(
    ("pause", "posted_before_resume"),
    [
        # Both requests reached the servers; the process died before recording them.
        ("after_publish", 1),
        # Both targets were marked "sending"; the process died before any request.
        ("before_publish", 0),
    ],
)
def test_sigkill_while_sending_then_resume_posts_exactly_once(
    running_sandbox: RunningSandbox, pause: str, posted_before_resume: int
) -> None:
    tag = uuid.uuid4().hex[:10]
    profile = running_sandbox.profile
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "--profile", str(profile), "post", "--to", "both",
         f"地震がありました {tag}"],
        cwd=ROOT, env=env(KIZUNA_OUTBOX_TEST_PAUSE=pause),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    err = Lines(process.stderr)  # type: ignore[arg-type]
    try:
        err.wait_for(f"outbox-test-hook: paused {pause}", count=2)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=TIMEOUT)
        err.close()
    assert process.returncode == -signal.SIGKILL

    assert len(running_sandbox.public_posts(tag)) == posted_before_resume
    assert len(running_sandbox.friends_notes(tag)) == posted_before_resume
    listing = kizuna(profile, "outbox")
    assert [row.split()[1:3] for row in listing.stdout.splitlines()] == [
        ["sending", "public"],
        ["sending", "friends"],
    ]

    resumed = kizuna(profile, "outbox", "--resume")
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert [row.split()[:2] for row in resumed.stdout.splitlines()] == [
        ["sent", "public"],
        ["sent", "friends"],
    ]
    public = running_sandbox.public_posts(tag)
    friends = running_sandbox.friends_notes(tag)
    assert len(public) == 1 and len(friends) == 1
    assert resumed.stdout.splitlines()[0].split()[3] == public[0]["url"]
    assert resumed.stdout.splitlines()[1].split()[3].endswith(friends[0]["id"])
    assert kizuna(profile, "outbox").stdout.strip() == "the outbox is empty"
