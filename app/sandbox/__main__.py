"""``python -m app.sandbox``: run both sandbox networks in the foreground.

Prints one line, ``sandbox ready public=URL friends=URL``, once both accept connections,
and stops cleanly (exit 0) on SIGTERM or SIGINT.

Fault injection for tests and demos (see :mod:`app.sandbox.faults`). Each fault flag takes
``VALUE`` (both networks) or ``SIDE=VALUE`` (``public`` or ``friends``) and may be repeated::

    --latency-ms 300 --error-rate friends=0.2 --rate-limit-burst public=5 --retry-after 10
    --drop-rate 0.05 --outage friends=30:15     # friends down 30 s after start, for 15 s

The admin endpoint (on by default, 127.0.0.1 only; its URL is ``admin_url`` in
``accounts.json`` and printed on stderr) changes faults while running. It wants the
``admin_token`` from the same file (readable by the user alone), e.g.
``curl -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json'
-d '{"for_s": 10}' ADMIN/_sandbox/down/friends``.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.sandbox.faults import parse_changes
from app.sandbox.probe import SIDES
from app.sandbox.runner import SandboxInfo, serve

# flag → (fault setting, how to read its value)
_FAULT_FLAGS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "latency_ms": ("latency_ms", float),
    "error_rate": ("error_rate", float),
    "drop_rate": ("drop_rate", float),
    "rate_limit_burst": ("burst_429", int),
    "retry_after": ("retry_after", float),
}


def _sided(value: str) -> tuple[str, str]:
    """``SIDE=VALUE`` → (side, value); a bare ``VALUE`` is for both sides."""
    side, sep, rest = value.partition("=")
    if not sep:
        return "both", value
    if side not in (*SIDES, "both"):
        raise argparse.ArgumentTypeError(f"side must be public, friends or both, not {side!r}")
    return side, rest


def _outage(value: str) -> tuple[str, tuple[float, float]]:
    side, rest = _sided(value)
    after, sep, length = rest.partition(":")
    try:
        times = (float(after), float(length))
    except ValueError:
        raise argparse.ArgumentTypeError("an outage is [SIDE=]AFTER_S:FOR_S") from None
    if not sep or min(times) < 0:
        raise argparse.ArgumentTypeError("an outage is [SIDE=]AFTER_S:FOR_S")
    return side, times


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
    faults = parser.add_argument_group(
        "faults", "each takes VALUE (both networks) or SIDE=VALUE; repeat for each side"
    )
    for flag, metavar, text in (
        ("--latency-ms", "MS", "added delay before every API request"),
        ("--error-rate", "FRACTION", "share of API requests answered 500/503 (0-1)"),
        ("--drop-rate", "FRACTION", "share of API requests whose connection is cut (0-1)"),
        ("--rate-limit-burst", "N", "answer the first N API requests 429"),
        ("--retry-after", "S", "the Retry-After of those 429s (default 1)"),
    ):
        faults.add_argument(flag, action="append", type=_sided, default=[], metavar=metavar,
                            help=text)  # fmt: skip
    faults.add_argument(
        "--outage", action="append", type=_outage, default=[], metavar="AFTER_S:FOR_S",
        help="go down AFTER_S seconds after start (connections refused), back FOR_S later",
    )  # fmt: skip
    faults.add_argument("--fault-seed", type=int, default=0, help="seed of the random faults")
    faults.add_argument("--admin-port", type=int, default=0, help="admin endpoint port (0: free)")
    faults.add_argument("--no-admin", action="store_true", help="no admin endpoint")
    return parser


def fault_plan(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """The ``faults`` argument of :func:`serve` from the parsed flags (ValueError if bad)."""
    plan: dict[str, dict[str, Any]] = {}
    for flag, (setting, convert) in _FAULT_FLAGS.items():
        for side, raw in getattr(args, flag):
            try:
                value = convert(raw)
            except ValueError:
                raise ValueError(f"--{flag.replace('_', '-')}: not a number: {raw!r}") from None
            plan.setdefault(side, {})[setting] = value
    for settings in plan.values():
        parse_changes(settings)
    return plan


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
        if info.admin_url:
            print(f"sandbox admin {info.admin_url}/_sandbox/faults", file=sys.stderr, flush=True)

    await serve(
        args.data,
        args.public_port,
        args.friends_port,
        activity=None if args.no_activity else args.activity_interval,
        on_ready=ready,
        stop=stop,
        faults=args.plan,
        fault_seed=args.fault_seed,
        admin_port=None if args.no_admin else args.admin_port,
        outages=dict(args.outage),
    )


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        args.plan = fault_plan(args)
    except ValueError as exc:
        parser.error(str(exc))  # exits 2 with the usage line
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    try:
        asyncio.run(_main(args))
    except OSError as exc:  # a port in use, an unwritable data folder
        print(f"sandbox failed to start: {exc}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
