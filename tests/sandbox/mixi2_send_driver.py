"""A small sender for mixi2 built from the real services, for tests that kill it (SIGKILL).

``python -m tests.sandbox.mixi2_send_driver --profile P --endpoint E post TEXT`` queues
TEXT with one picture (a New Year card's bytes) for the public side of the mixi2
account at endpoint ``E`` (a fake's) in the profile's outbox and sends it; ``resume``
takes over what a killed sender left and sends what is due. The client secret comes in
through the environment (``KIZUNA_TEST_MIXI2_SECRET``), never the command line. One line
per target is printed at the end: ``STATE AUDIENCE ERROR_KIND``; ``at POINT`` lines come
from the outbox's checkpoint seam; ``--stop POINT`` holds there for ever (until killed);
``--timeout`` is each gRPC call's deadline (the adapter's ``request_timeout``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from app.auth.mixi2 import mixi2_account
from app.core.models import Audience, MediaUpload
from app.networks.mixi2 import Mixi2Adapter
from app.networks.mixi2_token import Mixi2Credentials
from app.services.outbox import Checkpoint, OutboxService
from app.store.db import Store
from app.store.outbox import OutboxStore, OutboxTarget

CARD = MediaUpload(b"\x89PNG\r\n\x1a\n" + b"nenga" * 400, "nenga.png", "image/png", "年賀状")


def say(line: str) -> None:
    print(line, flush=True)


def checkpoint_for(stop: str | None) -> Checkpoint:
    async def checkpoint(point: str, target: OutboxTarget) -> None:
        say(f"at {point} {target.audience.value}")
        if point == stop:
            await asyncio.Event().wait()  # held here until the test kills the process

    return checkpoint


async def main(args: argparse.Namespace) -> int:
    account = mixi2_account(args.endpoint, args.client_id)
    secret = os.environ["KIZUNA_TEST_MIXI2_SECRET"]
    adapter = Mixi2Adapter(
        account,
        Mixi2Credentials(args.client_id, secret),
        media_poll_interval=0.01,
        call_timeout=args.timeout,
    )
    store = Store(Path(args.profile) / "kizuna.db")
    outbox = OutboxService(OutboxStore(store), [adapter], checkpoint=checkpoint_for(args.stop))
    say("ready")
    try:
        if args.command == "post":
            message_id = outbox.enqueue({Audience.PUBLIC: args.text}, media=(CARD,))
            rows = await outbox.send_message(message_id)
        else:
            await outbox.resume()
            rows = outbox.store.targets()
        for row in rows:
            say(f"{row.state.value} {row.audience.value} {row.error_kind or '-'}")
    finally:
        await adapter.aclose()
        store.close()
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", required=True)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--stop", default=None, help="hold at this checkpoint for ever")
    parser.add_argument("--timeout", type=float, default=30.0, help="each call's deadline")
    parser.add_argument("command", choices=("post", "resume"))
    parser.add_argument("text", nargs="?", default="")
    sys.exit(asyncio.run(main(parser.parse_args())))
