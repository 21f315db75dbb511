"""The sandbox, accelerated, for the drift benchmark (run by ``window_load.py stream``).

``python tests/benchmarks/stream_sandbox.py DATA N RATE`` starts the app's sandbox (both
networks, no background activity) in ``DATA`` and prints ``ready``; on a line on stdin
it has community members post N posts on each network, RATE per second on each (an
accelerated day: the activity's own post generator, each post stored and streamed by the
sandbox's streaming APIs — Mastodon's SSE, Misskey's WebSocket — exactly as its live
activity is), prints ``done``, and stops on the next line. Its own process, so its memory
is not Kizuna's.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.sandbox import post_generator
from app.sandbox.runner import SandboxThread

SIDES = ("public", "friends")


def stream(thread: SandboxThread, count: int, rate: float) -> None:
    """``count`` posts per side, ``rate`` per second per side (paced, never bursting)."""
    rng = random.Random(11)
    start = time.perf_counter()
    for i in range(count):
        for side in SIDES:
            post = post_generator.random_activity(rng, side)
            thread.post_as(side, post.username, post.text, post.visibility, post.recipients)
        ahead = start + (i + 1) / rate - time.perf_counter()
        if ahead > 0:
            time.sleep(ahead)


def main() -> int:
    data, count, rate = Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    thread = SandboxThread(data, activity=None, admin=False)
    thread.start()
    try:
        print("ready", flush=True)
        sys.stdin.readline()
        stream(thread, count, rate)
        print("done", flush=True)
        sys.stdin.readline()
    finally:
        thread.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
