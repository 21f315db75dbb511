"""Fan-out: one send to both circles against the slower of the two single-circle sends,
over the sandbox with every reply delayed (``--latency-ms``), through the real session
(the outbox, the poster, both adapters). Run by run.py; no Qt.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app.core.models import Audience
from tests.benchmarks.common import ROOT, median


async def _timed_sends(data: Path, profile: Path, reps: int) -> dict[str, float]:
    from app.compose import SessionOpener
    from app.store.db import Store

    store = Store(profile / "kizuna.db")
    session = await SessionOpener(store, data)(True)
    try:
        await session.sign_in()
        times: dict[str, list[float]] = {"public": [], "friends": [], "both": []}
        for rep in range(reps):
            for name, audiences in (
                ("public", (Audience.PUBLIC,)),
                ("friends", (Audience.FRIENDS,)),
                ("both", (Audience.PUBLIC, Audience.FRIENDS)),
            ):
                texts = {a: f"fan-out {name} {rep} {time.time_ns()}" for a in audiences}
                start = time.perf_counter()
                results = await session.poster.send(texts)
                times[name].append(time.perf_counter() - start)
                if len(results) != len(audiences) or not all(
                    r.state.value == "sent" for r in results
                ):
                    raise RuntimeError(f"fan-out send {name} did not go out: {results}")
        return {name: median(values) for name, values in times.items()}
    finally:
        await session.aclose()
        store.close()


def measure(latency_ms: int, reps: int) -> dict[str, float]:
    """Median seconds per send: public alone, friends alone, both at once."""
    with tempfile.TemporaryDirectory() as tmp:
        data, profile = Path(tmp) / "sandbox", Path(tmp) / "profile"
        profile.mkdir()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app.sandbox",
                "--data",
                str(data),
                "--no-activity",
                "--latency-ms",
                str(latency_ms),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert server.stdout is not None
            if not server.stdout.readline().startswith("sandbox ready"):
                raise RuntimeError("the sandbox did not start")
            return asyncio.run(_timed_sends(data, profile, reps))
        finally:
            server.terminate()
            server.wait(timeout=30)
            if server.stdout is not None:
                server.stdout.close()
