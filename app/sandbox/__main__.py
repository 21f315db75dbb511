"""``python -m app.sandbox``: run both sandbox networks in the foreground.

Prints one line, ``sandbox ready public=URL friends=URL``, once both accept connections,
and stops cleanly (exit 0) on SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from pathlib import Path

from app.sandbox.runner import SandboxInfo, serve


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m app.sandbox",
        description="Kizuna's local sandbox: a Mastodon-API public network and a Misskey-API "
        "friends network on 127.0.0.1.",
    )
    parser.add_argument("--data", type=Path, required=True, help="folder for the databases")
    parser.add_argument("--public-port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--friends-port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--no-activity", action="store_true", help="no background posts")
    parser.add_argument(
        "--activity-interval", type=float, default=20.0, metavar="S",
        help="mean seconds between background posts (default 20)",
    )  # fmt: skip
    return parser


async def _main(args: argparse.Namespace) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except NotImplementedError:  # Windows: no loop signal handlers
            signal.signal(sig, lambda *_: loop.call_soon_threadsafe(stop.set))

    def ready(info: SandboxInfo) -> None:
        print(f"sandbox ready public={info.public_url} friends={info.friends_url}", flush=True)

    await serve(
        args.data,
        args.public_port,
        args.friends_port,
        activity=None if args.no_activity else args.activity_interval,
        on_ready=ready,
        stop=stop,
    )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    try:
        asyncio.run(_main(args))
    except OSError as exc:  # a port in use, an unwritable data folder
        print(f"sandbox failed to start: {exc}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
