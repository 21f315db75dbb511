"""A small sender built from the real services, for tests that kill it (SIGKILL).

``python -m tests.sandbox.send_driver --profile P --sandbox D post TEXT [--stop POINT]``
signs in to the sandbox serving ``D``, queues TEXT for both circles in the profile's
outbox and sends it; ``resume`` takes over what a killed sender left and sends what is
due. One line per target is printed at the end: ``STATE AUDIENCE ERROR_KIND``.

The outbox's ``checkpoint`` seam prints ``at POINT AUDIENCE`` at each point of an attempt
(``claimed``, ``before_request``, ``after_request``) and ``at queue`` before queueing. At
``--stop POINT`` it then waits for a line on stdin ("go") — or for ever, when the test
kills the process there. Every request of the driver's adapters gives up after
``--timeout`` seconds per phase; the outbox reads the whole bound from each adapter
(``request_timeout``: every phase added up).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
import threading
from collections.abc import Mapping
from pathlib import Path

import httpx

from app.auth.sandbox import sign_in_sandbox
from app.core.models import Audience
from app.networks.base import NetworkAdapter
from app.networks.http import make_client
from app.networks.mastodon import MastodonAdapter
from app.networks.misskey import MisskeyAdapter
from app.sandbox.runner import find_running
from app.services.outbox import Checkpoint, OutboxService
from app.store.db import Store
from app.store.outbox import OutboxStore, OutboxTarget

PHASES = 4  # pool, connect, write, read: each may take the whole per-phase timeout


def say(line: str) -> None:
    print(line, flush=True)


class Gate:
    """Lines from stdin, one per waiter: a single reader thread (two threads reading one
    pipe at once may both wake on one line)."""

    def __init__(self) -> None:
        self._lines: asyncio.Queue[str] = asyncio.Queue()
        self._reader: threading.Thread | None = None

    async def wait_for_go(self) -> None:
        if self._reader is None:
            loop = asyncio.get_running_loop()

            def read() -> None:
                for line in sys.stdin:
                    loop.call_soon_threadsafe(self._lines.put_nowait, line)

            self._reader = threading.Thread(target=read, daemon=True)
            self._reader.start()
        await self._lines.get()


def checkpoint_for(stop: str | None, gate: Gate) -> Checkpoint:
    async def checkpoint(point: str, target: OutboxTarget) -> None:
        say(f"at {point} {target.audience.value}")
        if point == stop:
            await gate.wait_for_go()

    return checkpoint


async def adapters_for(
    data_dir: Path, timeout: float, via: Mapping[str, str] | None = None
) -> list[NetworkAdapter]:
    """The demo user's adapters on the sandbox serving ``data_dir``, each request giving
    up after ``timeout`` per phase; ``via`` (network → URL) puts a proxy in between (the
    account, and so its outbox rows, stay the same)."""
    info = await asyncio.to_thread(find_running, data_dir)
    if info is None:
        raise SystemExit("no sandbox running there")
    out: list[NetworkAdapter] = []
    for signed_in, token in await sign_in_sandbox(info.accounts):
        account = signed_in
        if via and signed_in.network in via:
            account = dataclasses.replace(signed_in, base_url=via[signed_in.network])
        client = make_client(timeout=httpx.Timeout(timeout))
        if account.network == "mastodon":
            mastodon = MastodonAdapter(account, token, client=client)
            # As the app's first page does: the server has said what it is (and so that
            # it keeps the Idempotency-Key) before anything is posted.
            await mastodon.refresh_instance()
            out.append(mastodon)
        else:
            out.append(MisskeyAdapter(account, token, client=client))
    return out


async def main(args: argparse.Namespace) -> int:
    via = dict(item.split("=", 1) for item in args.via)
    adapters = await adapters_for(Path(args.sandbox), args.timeout, via)
    gate = Gate()
    outbox = OutboxService(
        OutboxStore(Store(Path(args.profile) / "kizuna.db")),
        adapters,
        checkpoint=checkpoint_for(args.stop, gate),
    )
    say("ready")
    try:
        if args.command == "post":
            say("at queue")
            if args.stop == "queue":
                await gate.wait_for_go()
            texts = {Audience.PUBLIC: args.text, Audience.FRIENDS: args.text}
            message_id = outbox.enqueue(texts)
            rows = await outbox.send_message(message_id)
        else:
            await outbox.resume()
            rows = outbox.store.targets()
        for row in rows:
            say(f"{row.state.value} {row.audience.value} {row.error_kind or '-'}")
    finally:
        for adapter in adapters:
            await adapter.aclose()
        outbox.store.store.close()
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", required=True)
    parser.add_argument("--sandbox", required=True)
    parser.add_argument("--stop", default=None)
    parser.add_argument("--timeout", type=float, default=2.0)
    parser.add_argument("--via", action="append", default=[], help="NETWORK=PROXY_URL")
    parser.add_argument("command", choices=("post", "resume"))
    parser.add_argument("text", nargs="?", default="")
    sys.exit(asyncio.run(main(parser.parse_args())))
