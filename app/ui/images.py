"""Avatars and thumbnails: fetched once through the owner's async ``fetch``, decoded off
the GUI thread at the size they are shown, kept in a bounded LRU, painted from memory.

``pixmap(url)`` never blocks: it returns what is cached, or ``None`` after scheduling a
fetch on the running (qasync) loop; ``loaded(url)`` tells views to repaint.

Decoding (:func:`decode_image`) runs in a small worker pool, never on the GUI thread: the
asyncio loop *is* the Qt loop, so a slow decode would freeze the window. It reads the
header first and never allocates what the display does not need:

- formats that can scale while reading (SVG, JPEG) are read straight at the shown size
  (at most :data:`MAX_SIDE` on the longer side);
- others (PNG, GIF, WebP …) are decoded whole and then scaled, so a picture larger than
  :data:`MAX_SOURCE_PIXELS` is refused from its header alone (an 8000×8000 PNG would
  take a quarter of a gigabyte first);
- Qt's own allocation limit is lowered from 256 MB to :data:`ALLOCATION_LIMIT_MB`, for
  formats whose header does not tell the size;
- only the formats servers use for avatars and media are read at all.

Failures are remembered for :data:`FAILURE_TTL` seconds (a broken avatar is not fetched
again on every repaint), then forgotten, so a server's hiccup does not hide a picture for
the rest of the session.
"""

from __future__ import annotations

import functools
import logging
import sys
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage, QImageIOHandler, QImageReader, QPixmap

if TYPE_CHECKING:  # imported where used: the window's first paint loads this module
    import asyncio

log = logging.getLogger(__name__)

Fetch = Callable[[str], Awaitable[bytes]]
Clock = Callable[[], float]

# Decoded images are scaled down to this: timeline thumbnails never need more, and a
# 4000×3000 photo would otherwise take 48 MB of the cache.
MAX_SIDE = 1024
# The largest picture decoded whole before scaling: 24 megapixels (a 6000×4000 camera
# frame, about 96 MB while it is scaled). Larger ones are refused unless their format
# scales while reading.
MAX_SOURCE_PIXELS = 24_000_000
# …and for those that scale while reading, a sane bound on the canvas they claim.
MAX_SCALABLE_PIXELS = 400_000_000
ALLOCATION_LIMIT_MB = 100
FORMATS = frozenset({b"png", b"jpeg", b"jpg", b"gif", b"webp", b"bmp", b"svg", b"svgz"})
FAILURE_TTL = 600.0  # seconds a failed URL is left alone before it may be fetched again
# Two decodes at a time bound the memory they take together; more would not paint sooner
# on the machines Kizuna runs on.
_DECODERS = 2


class ImageRefused(ValueError):
    """The data is not an image we read, or is too large to decode safely."""


def decode_image(data: bytes, max_side: int = MAX_SIDE) -> QImage:
    """``data`` as an image at most ``max_side`` on its longer side. Safe off the GUI
    thread (QImage, unlike QPixmap, is); raises :class:`ImageRefused`."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAllocationLimit(ALLOCATION_LIMIT_MB)
    reader.setAutoTransform(True)
    if bytes(reader.format().data()).lower() not in FORMATS:
        raise ImageRefused("not an image format we read")
    size = reader.size()
    if not size.isValid() or size.isEmpty():
        raise ImageRefused("no size in the header")
    pixels = size.width() * size.height()
    scales = reader.supportsOption(QImageIOHandler.ImageOption.ScaledSize)
    if pixels > (MAX_SCALABLE_PIXELS if scales else MAX_SOURCE_PIXELS):
        raise ImageRefused(f"{size.width()}×{size.height()} is too large to decode")
    shown = size.scaled(QSize(max_side, max_side), Qt.AspectRatioMode.KeepAspectRatio)
    if scales and (shown.width() < size.width() or shown.height() < size.height()):
        reader.setScaledSize(shown)
    image = reader.read()
    if image.isNull():
        raise ImageRefused(reader.errorString())
    if max(image.width(), image.height()) > max_side:
        image = image.scaled(
            QSize(max_side, max_side),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return image


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
        failure_ttl: float = FAILURE_TTL,
        clock: Clock = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._cache: OrderedDict[str, QPixmap] = OrderedDict()
        self._bytes = 0
        self.max_bytes = max_bytes
        self._failed: OrderedDict[str, float] = OrderedDict()  # url → when it failed
        self._max_failures = max_failures
        self._failure_ttl = failure_ttl
        self._clock = clock
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._pool: ThreadPoolExecutor | None = None

    @property
    def pending(self) -> frozenset[str]:
        """URLs being fetched right now."""
        return frozenset(self._tasks)

    @property
    def cached_bytes(self) -> int:
        return self._bytes

    def has_failed(self, url: str) -> bool:
        """Whether ``url`` failed recently (and is therefore not fetched again yet)."""
        failed_at = self._failed.get(url)
        if failed_at is None:
            return False
        if self._clock() - failed_at >= self._failure_ttl:
            del self._failed[url]
            return False
        return True

    def pixmap(self, url: str | None) -> QPixmap | None:
        if not url or not url.startswith(("http://", "https://")):
            return None
        pix = self._cache.get(url)
        if pix is not None:
            self._cache.move_to_end(url)
            return pix
        if not self.has_failed(url) and url not in self._tasks:
            self._schedule(url)
        return None

    def _schedule(self, url: str) -> None:
        if "asyncio" not in sys.modules:
            return  # no loop runs yet (the first paint, from the cache): nothing to fetch with
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            # Painting outside the app's loop (a test rendering into an image): no fetch.
            return
        task = loop.create_task(self._load(url))
        self._tasks[url] = task
        task.add_done_callback(functools.partial(self._forget_task, url))

    def _forget_task(self, url: str, _task: asyncio.Task[None]) -> None:
        self._tasks.pop(url, None)

    async def _decode(self, data: bytes) -> QImage:
        import asyncio

        if self._pool is None:
            self._pool = ThreadPoolExecutor(_DECODERS, thread_name_prefix="kizuna-images")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, decode_image, data, MAX_SIDE)

    async def _load(self, url: str) -> None:
        import asyncio

        try:
            data = await self._fetch(url)
            image = await self._decode(data)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # any failure: remember it for a while, never loop
            log.info("image %s not loaded: %s", url, exc)
            self._remember_failure(url)
            self.failed.emit(url)
            return
        # QPixmap belongs to the GUI thread: converted here, after the await.
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
        self._failed.pop(url, None)
        self._failed[url] = self._clock()
        while len(self._failed) > self._max_failures:
            self._failed.popitem(last=False)

    async def aclose(self) -> None:
        """Cancel fetches in flight (before the loop closes) and stop the decoders."""
        import asyncio

        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._pool is not None:
            # A decode already running finishes on its own; nothing waits for it.
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def _size(pix: QPixmap) -> int:
    return pix.width() * pix.height() * max(1, pix.depth() // 8)
