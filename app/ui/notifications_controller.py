"""Notifications in the window: the session's notifications service feeding the panel's
model, the unread count, and desktop notices for mentions, replies and gifts.

:class:`NotificationsController` is attached to each session the window shows (and
detached before it goes). It fills the model from the profile first (what came before
this start), then runs the service's watch; new notifications go into the model, the
unread count (``countChanged``) is read from the profile, and a live mention, reply or
gift card addressed to the user asks for a desktop notice (``notice_wanted(title, body)``)
unless those are turned off. Showing the panel marks everything seen. How the watch goes
(an error and its backoff, as a reason code) becomes words here, through ``ui.errors``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from app.core.errors import NetworkError
from app.core.models import NotificationKind, Post
from app.i18n import data_names
from app.services.notifications import StoredNotification, Watching, WatchState
from app.ui.errors import describe
from app.ui.notifications_model import NotificationsModel, excerpt, what_happened
from app.ui.notifications_panel import NotificationsPanel

if TYPE_CHECKING:  # the session (and the network stack) load when first used
    import asyncio

    from app.services.session import Session

log = logging.getLogger(__name__)

translate = QCoreApplication.translate  # the name lupdate recognises

ANNOUNCED = (NotificationKind.MENTION, NotificationKind.REPLY)


class NotificationsController(QObject):
    countChanged = Signal(int)  # unread notifications of the session's accounts
    notice_wanted = Signal(str, str)  # (title, body) of a desktop notice

    def __init__(
        self,
        *,
        window: QWidget,
        lang: str,
        notices_enabled: Callable[[], bool],
        open_post: Callable[[Post], bool] | None = None,
        open_url: Callable[[str], object] | None = None,
    ) -> None:
        """``notices_enabled``: whether desktop notices are on (the setting, read each
        time). ``open_post``: shows a post's conversation (False: it could not); without
        it, or when it cannot, the post opens in the browser (``open_url``)."""
        super().__init__(window)
        self._window = window
        self._notices_enabled = notices_enabled
        self._open_post = open_post
        self._open_url = open_url or (lambda url: QDesktopServices.openUrl(QUrl(url)))
        self.model = NotificationsModel(self, lang=lang)
        self.panel: NotificationsPanel | None = None
        self.session: Session | None = None
        self._task: asyncio.Task[None] | None = None
        self._states: dict[str, WatchState] = {}
        self.count = 0

    # -- the session -------------------------------------------------------------------------
    def attach(self, session: Session) -> None:
        """Show ``session``'s notifications (the stored ones now, new ones as they come)."""
        import asyncio

        if self._task is not None:
            self._task.cancel()
        self.session = session
        self._states.clear()
        self.model.set_rows(session.notifications.recent())
        self._recount()
        self._task = asyncio.ensure_future(session.notifications.run(self._on_new, self._on_state))

    async def detach(self) -> None:
        """Stop watching (the session is about to go)."""
        import asyncio

        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        self.session = None

    def _recount(self) -> None:
        count = self.session.notifications.unseen_count() if self.session is not None else 0
        self.count = count
        self.countChanged.emit(count)

    def _on_new(self, rows: list[StoredNotification], live: bool) -> None:
        self.model.add(rows)
        if self.panel is not None and self.panel.isVisible():
            self.mark_seen()  # the user is looking at them
        else:
            self._recount()
        if live:
            for row in rows:
                self._announce(row)

    def _announce(self, row: StoredNotification) -> None:
        """A desktop notice for a gift card addressed to the user, a mention or a reply."""
        if not self._notices_enabled() or self.session is None:
            return
        gift = self.session.notifications.gift_in(row)
        if gift is not None:
            who = gift.sender.display_name or gift.sender.username
            #: Desktop notice title; %1 is the sender's display name.
            title = translate("Notifications", "%1 sent you a gift").replace("%1", who)
            #: Desktop notice text; %1 is the gift's name (e.g. 門松).
            body = translate("Notifications", "A gift card for you: %1")
            name = data_names.gift_name(gift.gift.name_ja, gift.gift.name_en)
            self.notice_wanted.emit(title, body.replace("%1", name))
        elif row.notification.kind in ANNOUNCED:
            self.notice_wanted.emit(what_happened(row), excerpt(row))

    def _on_state(self, state: WatchState) -> None:
        self._states[state.account_key] = state
        if self.panel is not None:
            self.panel.set_status(self.status_words())

    def status_words(self) -> str:
        """Why notifications of some account do not arrive now ("" when they do)."""
        for state in self._states.values():
            if state.watching is Watching.RETRYING and state.error is not None:
                words = describe(NetworkError(state.error, retry_after=state.retry_after))
                #: Notifications panel status; %1 says why (e.g. the server is unreachable).
                return translate("Notifications", "Notifications are delayed: %1").replace(
                    "%1", words
                )
        return ""

    # -- the panel ---------------------------------------------------------------------------
    def open_panel(self) -> NotificationsPanel:
        """通知: the panel, shown; everything in it counts as seen."""
        if self.panel is None:
            self.panel = NotificationsPanel(self.model, self._window)
            self.panel.openRequested.connect(self.open_notification)
            self.panel.shown.connect(self.mark_seen)
        self.panel.set_status(self.status_words())
        self.panel.show()
        self.panel.raise_()
        self.panel.activateWindow()
        self.mark_seen()
        return self.panel

    def mark_seen(self) -> None:
        if self.session is not None:
            self.session.notifications.mark_seen()
        self.model.mark_all_seen()
        self._recount()

    def open_notification(self, row: StoredNotification) -> None:
        """The post a notification is about: its conversation when the window can show
        it, else in the browser (a follow has no post: nothing to open)."""
        post = row.notification.post
        if post is None:
            return
        if self._open_post is not None and self._open_post(post):
            return
        if post.url and post.url.startswith(("http://", "https://")):
            self._open_url(post.url)
