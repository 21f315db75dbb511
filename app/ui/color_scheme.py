"""Light or dark: the user's choice (system, light, dark) applied to the whole application.

"system" follows the platform's colour scheme (``QStyleHints.colorScheme`` and its
``colorSchemeChanged`` signal) for the life of the app; "light" and "dark" ask Qt for that
scheme (``QStyleHints.setColorScheme``, Qt 6.8+). Where the platform does not supply a
palette of the wanted scheme (the offscreen platform, many Linux desktops, a light choice
on a platform that ignores the request), an explicit Fusion-style palette is set, so what
is painted always matches what was chosen.

Widgets never hard-code light colours: they read palette roles, or colours derived from
them in :mod:`app.ui.theme`, and re-derive them when the palette changes.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

__all__ = ["SCHEMES", "apply_color_scheme", "dark_palette", "is_dark", "light_palette"]

SCHEMES: Final = ("system", "light", "dark")
_FOLLOWER = "KizunaColorScheme"
# Styles that draw with native theme parts and ignore a dark palette: an explicit dark
# palette needs Fusion to show.
_PALETTE_BLIND_STYLES: Final = frozenset({"windowsvista", "windows"})

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

_DARK: Final = {
    Role.Window: "#202124",
    Role.WindowText: "#e8e6e3",
    Role.Base: "#18191b",
    Role.AlternateBase: "#25272a",
    Role.Text: "#e8e6e3",
    Role.Button: "#2c2e31",
    Role.ButtonText: "#e8e6e3",
    Role.BrightText: "#ff8a80",
    Role.Light: "#4a4d52",
    Role.Midlight: "#3a3c40",
    Role.Mid: "#4f5257",
    Role.Dark: "#111214",
    Role.Shadow: "#000000",
    Role.Highlight: "#2f6fcf",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#7cb8ff",
    Role.LinkVisited: "#c3a6ff",
    Role.PlaceholderText: "#9aa0a6",
    Role.ToolTipBase: "#2c2e31",
    Role.ToolTipText: "#e8e6e3",
    Role.Accent: "#2f6fcf",
}
_DARK_DISABLED: Final = {
    Role.WindowText: "#7d8085",
    Role.Text: "#7d8085",
    Role.ButtonText: "#7d8085",
    Role.Highlight: "#3a3c40",
    Role.HighlightedText: "#b0b3b8",
}


def dark_palette() -> QPalette:
    """A dark palette in the manner of Fusion's, every text role readable on its ground."""
    palette = QPalette()
    for role, colour in _DARK.items():
        palette.setColor(Group.All, role, QColor(colour))
    for role, colour in _DARK_DISABLED.items():
        palette.setColor(Group.Disabled, role, QColor(colour))
    return palette


def light_palette() -> QPalette:
    """Fusion's own light palette."""
    style = QStyleFactory.create("Fusion")
    return style.standardPalette() if style is not None else QPalette()


def is_dark(palette: QPalette) -> bool:
    """Whether ``palette`` paints light text on a dark window."""
    window = palette.color(Role.Window)
    text = palette.color(Role.WindowText)
    return window.lightness() < text.lightness()


def _scheme_value(choice: str) -> Qt.ColorScheme:
    return {
        "light": Qt.ColorScheme.Light,
        "dark": Qt.ColorScheme.Dark,
    }.get(choice, Qt.ColorScheme.Unknown)


class _Follower(QObject):
    """Keeps the application's palette in step with the choice and the platform."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName(_FOLLOWER)
        self.app = app
        self.choice = "system"
        self.explicit: QPalette | None = None  # the palette we set, if any
        app.styleHints().colorSchemeChanged.connect(self.sync)

    def wanted(self) -> str:
        if self.choice != "system":
            return self.choice
        scheme = self.app.styleHints().colorScheme()
        return "dark" if scheme == Qt.ColorScheme.Dark else "light"

    def sync(self) -> str:
        wanted = self.wanted()
        if self.explicit is not None:
            if is_dark(self.explicit) == (wanted == "dark"):
                return wanted  # ours still fits: no second palette change
            # Ours no longer fits; the platform's may (it changes with the system's).
            self.explicit = None
            QApplication.setPalette(QPalette())
        if is_dark(QApplication.palette()) == (wanted == "dark"):
            return wanted
        palette = dark_palette() if wanted == "dark" else light_palette()
        if wanted == "dark" and self.app.style().name().lower() in _PALETTE_BLIND_STYLES:
            self.app.setStyle("Fusion")
        self.explicit = palette
        QApplication.setPalette(palette)
        return wanted


def _follower(app: QApplication) -> _Follower:
    found = app.findChild(QObject, _FOLLOWER)
    if isinstance(found, _Follower):
        return found
    return _Follower(app)


def apply_color_scheme(app: QApplication, choice: str) -> str:
    """Apply ``choice`` ("system", "light" or "dark"; anything else counts as "system")
    to ``app`` and keep following the platform while it is "system". Returns the scheme
    now in effect, "light" or "dark"."""
    if choice not in SCHEMES:
        choice = "system"
    follower = _follower(app)
    follower.choice = choice
    hints = QGuiApplication.styleHints()
    if hasattr(hints, "setColorScheme"):  # Qt 6.8+; may emit colorSchemeChanged → sync
        hints.setColorScheme(_scheme_value(choice))
    return follower.sync()
