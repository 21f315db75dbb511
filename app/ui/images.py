"""Avatars and thumbnails: fetched once through the owner's async ``fetch``, kept in a
bounded LRU, painted from memory.

``pixmap(url)`` never blocks: it returns what is cached, or ``None`` after scheduling a
fetch on the running (qasync) loop; ``loaded(url)`` tells views to repaint. Failures are
remembered, so a broken avatar is not fetched again on every repaint.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap

log = logging.getLogger(__name__)

Fetch = Callable[[str], Awaitable[bytes]]

# Decoded images are scaled down to this: timeline thumbnails never need more, and a
# 4000×3000 photo would otherwise take 48 MB of the cache.
MAX_SIDE = 1024


class ImageCache(QObject):
    loaded = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        fetch: Fetch,
        parent: QObject | None = None,
        *,
        max_bytes: int = 96 * 1024 * 1024,
        max_failures: int = 2000,
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._cache: OrderedDict[str, QPixmap] = OrderedDict()
        self._bytes = 0
        self.max_bytes = max_bytes
        self._failed: OrderedDict[str, None] = OrderedDict()
        self._max_failures = max_failures
        self._tasks: dict[str, asyncio.Task[None]] = {}

    @property
    def pending(self) -> frozenset[str]:
        """URLs being fetched right now."""
        return frozenset(self._tasks)

    @property
    def cached_bytes(self) -> int:
        return self._bytes

    def has_failed(self, url: str) -> bool:
        return url in self._failed

    def pixmap(self, url: str | None) -> QPixmap | None:
        if not url or not url.startswith(("http://", "https://")):
            return None
        pix = self._cache.get(url)
        if pix is not None:
            self._cache.move_to_end(url)
            return pix
        if url not in self._failed and url not in self._tasks:
            self._schedule(url)
        return None

    def _schedule(self, url: str) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            # Painting outside the app's loop (a test rendering into an image): no fetch.
            return
        task = loop.create_task(self._load(url))
        self._tasks[url] = task
        task.add_done_callback(lambda _t, u=url: self._tasks.pop(u, None))

    async def _load(self, url: str) -> None:
        try:
            data = await self._fetch(url)
            image = QImage.fromData(data)
            if image.isNull():
                raise ValueError("not an image")
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # any failure: remember it, never retry in a loop
            log.info("image %s not loaded: %s", url, exc)
            self._remember_failure(url)
            self.failed.emit(url)
            return
        if max(image.width(), image.height()) > MAX_SIDE:
            image = image.scaled(
                QSize(MAX_SIDE, MAX_SIDE),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        self.insert(url, QPixmap.fromImage(image))
        self.loaded.emit(url)

    def insert(self, url: str, pixmap: QPixmap) -> None:
        """Put a pixmap in the cache (also used by tests and by preloaded resources)."""
        old = self._cache.pop(url, None)
        if old is not None:
            self._bytes -= _size(old)
        self._cache[url] = pixmap
        self._bytes += _size(pixmap)
        while self._bytes > self.max_bytes and len(self._cache) > 1:
            _, evicted = self._cache.popitem(last=False)
            self._bytes -= _size(evicted)

    def _remember_failure(self, url: str) -> None:
        self._failed[url] = None
        while len(self._failed) > self._max_failures:
            self._failed.popitem(last=False)

    async def aclose(self) -> None:
        """Cancel fetches in flight (before the loop closes)."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _size(pix: QPixmap) -> int:
    return pix.width() * pix.height() * max(1, pix.depth() // 8)
