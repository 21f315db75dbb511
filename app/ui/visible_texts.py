"""The texts a window shows, as rendered: for the PNGs of ``--screenshot`` and the gallery.

:func:`visible_texts` lists the words of every visible label, button, tool button, tab,
group box title, table header, status bar message and menu action of a widget (post
texts in the timelines are content and left out). :func:`save_png` stores them, with the
UI language, as PNG text chunks (``Kizuna-Texts``, ``Kizuna-Language``) in the PNG
it writes, so a text search over the gallery's PNGs finds which one shows a
string, and a test can read what a real process showed without OCR:
``QImage(file).text("Kizuna-Texts")``.
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QImageWriter, QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QStatusBar,
    QTabBar,
    QWidget,
)

TEXTS_KEY = "Kizuna-Texts"
LANGUAGE_KEY = "Kizuna-Language"
_TAG = re.compile(r"<[A-Za-z!/]")
_MNEMONIC = re.compile(r"&(.)")


def shown(text: str) -> str:
    """``text`` as drawn: a keyboard mnemonic's ``&`` is not shown (``&&`` is one ``&``)."""
    return _MNEMONIC.sub(r"\1", text).strip()


def _label_text(label: QLabel) -> str:
    text = label.text()
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and _TAG.search(text) is not None
    )
    return QTextDocumentFragment.fromHtml(text).toPlainText() if rich else text


def _menu_texts(menu: QMenu | QMenuBar) -> list[str]:
    return [a.text() for a in menu.actions() if a.isVisible() and not a.isSeparator()]


def _header_texts(header: QHeaderView) -> list[str]:
    model = header.model()
    if model is None:
        return []
    found = []
    for section in range(header.count()):
        if not header.isSectionHidden(section):
            data = model.headerData(section, header.orientation())
            found.append(data if isinstance(data, str) else "")
    return found


def _texts_of(widget: QWidget) -> list[str]:
    """What one widget itself draws as words (nothing for other kinds of widget)."""
    if isinstance(widget, QLabel):
        return [_label_text(widget)] if widget.pixmap().isNull() else []
    if isinstance(widget, QAbstractButton):
        return [widget.text()]
    if isinstance(widget, (QMenu, QMenuBar)):
        return _menu_texts(widget)
    if isinstance(widget, QTabBar):
        return [widget.tabText(i) for i in range(widget.count()) if widget.isTabVisible(i)]
    if isinstance(widget, QGroupBox):
        return [widget.title()]
    if isinstance(widget, QStatusBar):
        return [widget.currentMessage()]
    if isinstance(widget, QComboBox):
        return [widget.currentText()]
    if isinstance(widget, QLineEdit) and not widget.text():
        return [widget.placeholderText()]
    if isinstance(widget, QHeaderView) and not widget.isHidden():
        return _header_texts(widget)
    return []


def _drawn_in(widget: QWidget, top: QWidget) -> bool:
    """Whether ``widget`` is visible in ``top`` itself: not hidden, and not inside a
    window of its own (a dialog whose parent is ``top`` is drawn in its own PNG)."""
    if widget is top:
        return True
    if not widget.isVisibleTo(top):
        return False
    ancestor: QWidget | None = widget
    while ancestor is not None and ancestor is not top:
        if ancestor.isWindow():
            return False
        ancestor = ancestor.parentWidget()
    return True


def visible_texts(top: QWidget) -> list[str]:
    """The words ``top`` and its visible children show, each once, in widget order."""
    found: dict[str, None] = {}
    for widget in [top, *top.findChildren(QWidget)]:
        if not _drawn_in(widget, top):
            continue
        for text in _texts_of(widget):
            if shown(text):
                found.setdefault(shown(text), None)
    return list(found)


def _text_chunk(key: str, text: str) -> bytes:
    """An uncompressed international text chunk (PNG ``iTXt``): UTF-8 that a plain text
    search finds (Qt compresses every text over 40 characters, which none would)."""
    data = key.encode("latin-1") + b"\0\0\0\0\0" + text.encode("utf-8")
    return (
        struct.pack(">I", len(data))
        + b"iTXt"
        + data
        + struct.pack(">I", zlib.crc32(b"iTXt" + data))
    )


def png_bytes(top: QWidget, language: str) -> bytes:
    """``top`` rendered as PNG, carrying the UI language and the texts it shows (empty
    when Qt could not encode it)."""
    image = top.grab().toImage()
    image.setText(LANGUAGE_KEY, language)  # short: Qt writes it as plain text
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not QImageWriter(buffer, b"PNG").write(image):
        return b""
    png = bytes(buffer.data().data())
    end = png.rindex(b"IEND") - 4  # the last chunk: its length, type and CRC
    return png[:end] + _text_chunk(TEXTS_KEY, "\n".join(visible_texts(top))) + png[end:]


def save_png(top: QWidget, path: Path, language: str) -> bool:
    """``top`` rendered into the PNG file ``path`` (whatever its suffix), labelled; False
    when it could not be written."""
    png = png_bytes(top, language)
    try:
        return bool(png) and path.write_bytes(png) == len(png)
    except OSError:
        return False
