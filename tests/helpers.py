"""Small helpers shared by tests."""

from __future__ import annotations


async def until(predicate: object, timeout: float = 20.0, interval: float = 0.05) -> None:
    """Wait, inside a running loop, until ``predicate()`` is true; fail with a clear message."""
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():  # type: ignore[operator]
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s: {predicate}")
        await asyncio.sleep(interval)
