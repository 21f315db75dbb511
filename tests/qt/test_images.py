"""Image decoding cannot freeze the window or eat the memory (issue 10, finding 6): a
hostile 8000×8000 PNG is refused from its header and a 7900×7900 SVG canvas is drawn at
the size shown, both decoded off the GUI thread; failures are forgotten after a while."""

from __future__ import annotations

import asyncio
import struct
import threading
import zlib
from collections.abc import Callable

import pytest
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QColor, QImage

from app.ui import images
from app.ui.images import MAX_SIDE, ImageCache, ImageRefused, decode_image
from tests.helpers import until


def grey_png(width: int, height: int) -> bytes:
    """A valid 8-bit greyscale PNG of ``width``×``height`` zeros, built without ever
    holding the pixels (64 MB at 8000×8000) in memory."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    packer = zlib.compressobj(9)
    row = b"\0" * (width + 1)  # filter byte + one byte per pixel
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def huge_svg() -> bytes:
    """About 16 KB of SVG that claims a 7900×7900 canvas covered by large shapes."""
    shapes = b"".join(
        b'<circle cx="%d" cy="%d" r="3000" fill="#c03" opacity="0.5"/>' % (i * 25, i * 25)
        for i in range(260)
    )
    return (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="7900" height="7900">' + shapes + b"</svg>"
    )


def png_of(width: int, height: int) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366ff"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


class Recorder:
    """Wraps the real decoder to see which thread ran it and what it made."""

    def __init__(self) -> None:
        self.threads: list[threading.Thread] = []
        self.results: list[QImage | BaseException] = []

    def __call__(self, data: bytes, max_side: int = MAX_SIDE) -> QImage:
        self.threads.append(threading.current_thread())
        try:
            image = decode_image(data, max_side)
        except BaseException as exc:
            self.results.append(exc)
            raise
        self.results.append(image)
        return image


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    spy = Recorder()
    monkeypatch.setattr(images, "decode_image", spy)
    return spy


def load(qloop, cache: ImageCache, url: str) -> None:
    async def scenario() -> None:
        assert cache.pixmap(url) is None  # schedules the fetch
        await until(lambda: not cache.pending, timeout=30)
        await cache.aclose()

    qloop.run_until_complete(scenario())


def serving(data: bytes) -> Callable[[str], object]:
    async def fetch(url: str) -> bytes:
        return data

    return fetch


def test_a_huge_png_is_refused_off_the_gui_thread(qtbot, qloop, recorder) -> None:
    cache = ImageCache(serving(grey_png(8000, 8000)))  # type: ignore[arg-type]
    url = "https://img.example/bomb.png"
    load(qloop, cache, url)
    assert recorder.threads and all(t is not threading.main_thread() for t in recorder.threads)
    assert len(recorder.results) == 1 and isinstance(recorder.results[0], ImageRefused)
    assert cache.has_failed(url) and cache.pixmap(url) is None
    assert cache.cached_bytes == 0


def test_a_huge_svg_canvas_is_drawn_at_the_shown_size_off_the_gui_thread(
    qtbot, qloop, recorder
) -> None:
    data = huge_svg()
    assert len(data) < 20_000
    cache = ImageCache(serving(data))  # type: ignore[arg-type]
    url = "https://img.example/canvas.svg"
    load(qloop, cache, url)
    assert recorder.threads and all(t is not threading.main_thread() for t in recorder.threads)
    decoded = recorder.results[0]
    assert isinstance(decoded, QImage)
    assert max(decoded.width(), decoded.height()) <= MAX_SIDE
    pix = cache.pixmap(url)
    assert pix is not None and max(pix.width(), pix.height()) <= MAX_SIDE
    assert cache.cached_bytes <= MAX_SIDE * MAX_SIDE * 4


def test_decode_scales_what_fits_and_refuses_what_is_not_an_image(qapp) -> None:
    image = decode_image(png_of(2400, 1200))
    assert (image.width(), image.height()) == (MAX_SIDE, MAX_SIDE // 2)
    small = decode_image(png_of(40, 30))
    assert (small.width(), small.height()) == (40, 30)  # never scaled up
    with pytest.raises(ImageRefused):
        decode_image(b"<html>not found</html>")
    xpm = b'/* XPM */\nstatic char *x[] = {"1 1 1 1", "a c #ff0000", "a"};\n'
    with pytest.raises(ImageRefused):  # a format Qt reads, but no server serves
        decode_image(xpm)


def test_a_failed_image_is_tried_again_after_a_while(qtbot, qloop) -> None:
    now = [1000.0]
    calls: list[str] = []

    async def fetch(url: str) -> bytes:
        calls.append(url)
        if len(calls) == 1:
            raise OSError("the server hiccupped")
        return png_of(20, 20)

    cache = ImageCache(fetch, failure_ttl=60.0, clock=lambda: now[0])
    url = "https://img.example/avatar.png"

    async def scenario() -> None:
        assert cache.pixmap(url) is None
        await until(lambda: not cache.pending)
        assert cache.has_failed(url)
        now[0] += 59.0
        assert cache.pixmap(url) is None and not cache.pending  # still left alone
        now[0] += 1.0
        assert not cache.has_failed(url)
        assert cache.pixmap(url) is None and cache.pending  # fetched again
        await until(lambda: not cache.pending)
        await cache.aclose()

    qloop.run_until_complete(asyncio.wait_for(scenario(), 30))
    assert len(calls) == 2
    pix = cache.pixmap(url)
    assert pix is not None and pix.width() == 20
