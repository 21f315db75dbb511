"""The main window's centre: the sandbox banner above 公開タイムライン and 友だちフィード,
side by side in a splitter.

Only widgets: :meth:`ColumnArea.show_cached` paints both columns from the timeline cache
(at start, before any session is open), :meth:`ColumnArea.show_accounts` says who feeds
each column (or why it stays empty); the session controller starts the feeds.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from app.core.models import Audience
from app.services.timeline import LiveState
from app.services.timeline_cache import CachedColumn
from app.ui.images import ImageCache
from app.ui.theme import named
from app.ui.timeline_column import TimelineColumn


def no_account_text(audience: Audience) -> str:
    if audience is Audience.PUBLIC:
        return QCoreApplication.translate(
            "MainWindow", "No account serves the public side — add one in Settings → Accounts"
        )
    return QCoreApplication.translate(
        "MainWindow", "No account serves the friends side — add one in Settings → Accounts"
    )


class ColumnArea(QWidget):
    linkActivated = Signal(str)

    def __init__(self, images: ImageCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = named(QLabel(), "SandboxBanner")
        self.banner.setText(
            QCoreApplication.translate(
                "MainWindow", "Sandbox — a local practice network; nothing leaves this computer"
            )
        )
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setVisible(False)
        layout.addWidget(self.banner)
        self.splitter = named(QSplitter(Qt.Orientation.Horizontal), "Columns")
        #: Title of the left column: public posts (公開タイムライン).
        self.public_column = TimelineColumn(
            QCoreApplication.translate("MainWindow", "Public timeline"),
            audience=Audience.PUBLIC,
            images=images,
        )
        #: Title of the right column: posts of friends only.
        self.friends_column = TimelineColumn(
            QCoreApplication.translate("MainWindow", "Friends feed"),
            audience=Audience.FRIENDS,
            images=images,
        )
        for column in (self.public_column, self.friends_column):
            column.linkActivated.connect(self.linkActivated)
            self.splitter.addWidget(column)
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)

    def column(self, audience: Audience) -> TimelineColumn:
        return self.public_column if audience is Audience.PUBLIC else self.friends_column

    def show_cached(self, cached: dict[Audience, CachedColumn]) -> None:
        """Both columns as the cache last saw them (see
        :func:`app.services.timeline_cache.read_start`); a column without cached posts
        is left as it is."""
        for audience, found in cached.items():
            if found.posts:
                self.column(audience).show_cached(found)

    def show_accounts(self, audience: Audience, handles: str) -> TimelineColumn:
        """Show ``audience``'s column for the accounts named by ``handles`` (none: it is
        cleared and says why it stays empty and what to do). Its posts stay until its
        feed starts: those of the same accounts, from the cache, are kept."""
        column = self.column(audience)
        if not handles:
            column.model.clear()
            column.cached_accounts = ()
        column.clear_error()
        column.set_accounts(handles)
        column.set_empty_text("" if handles else no_account_text(audience))
        column.set_state(LiveState.CONNECTING if handles else LiveState.OFFLINE)
        return column

    def show_open_failed(self, words: str) -> None:
        """No session could be opened: neither column claims to connect; both say why."""
        for audience in (Audience.PUBLIC, Audience.FRIENDS):
            column = self.column(audience)
            column.set_empty_text(words)
            column.set_state(LiveState.OFFLINE)
