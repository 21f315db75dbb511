"""What a post offers, and doing it: reply, like (a reaction), boost, the conversation,
the browser, the link — and お返しを送る for a gift card addressed to the user.

:class:`PostActions` attaches to any list of posts painted by
:class:`~app.ui.post_delegate.PostDelegate` (both columns, the conversation view): the
delegate's hover buttons (``actionTriggered``), a context menu and keyboard shortcuts on
the view (R reply, L like, B boost, Enter/O conversation, Ctrl+C copy the link), each
with an accessible name. Every action goes through the account that shows the post:
the session facade (:mod:`app.services.answers`, the outbox's
:meth:`~app.services.poster.Poster.send_reply`) → its adapter. Nothing here decides an
audience: a reply's comes from :func:`app.core.answering.reply_audience` and is shown
locked (:mod:`app.ui.composer_reply`); a post that is not public offers no boost, and
the service refuses one anyway. Words for what happened go to ``status``.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QMenu, QWidget

from app.core.answering import can_boost, reply_audience
from app.core.errors import AudienceRefused
from app.core.gifts_received import ReceivedGift, gift_for_me
from app.core.models import Audience, Post
from app.services.catalogues import Catalogues, shipped
from app.ui.errors import describe
from app.ui.images import ImageCache
from app.ui.post_buttons import label, offered
from app.ui.post_delegate import PostDelegate
from app.ui.post_layout import LRU
from app.ui.timeline_model import Roles

if TYPE_CHECKING:
    import asyncio

    from app.services.session import Session
    from app.ui.composer_reply import ReplyDialog
    from app.ui.conversation_view import ConversationView

__all__ = ["SHORTCUTS", "PostActions", "install_post_actions"]

# Keys on a list of posts → the action on its current post.
SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("R", "reply"),
    ("L", "like"),
    ("B", "boost"),
    ("Return", "conversation"),
    ("Enter", "conversation"),
    ("O", "conversation"),
    ("Ctrl+C", "copy"),
)
_MENU_SHORTCUT = {"reply": "R", "like": "L", "boost": "B", "conversation": "O", "copy": "Ctrl+C"}


class PostActions(QObject):
    """The post actions of one window; see the module docstring."""

    status = Signal(str)  # what happened, in words (the window's status bar)

    def __init__(
        self,
        parent: QWidget,
        *,
        session: Callable[[], Session | None],
        images: ImageCache | None = None,
        lang: str = "en",
        open_url: Callable[[QUrl], object] = QDesktopServices.openUrl,
        catalogues: Catalogues | None = None,
        sender_name: Callable[[], str] = lambda: "",
    ) -> None:
        super().__init__(parent)
        self._window = parent
        self._session = session
        self._images = images
        self._lang = lang
        self._open_url = open_url
        self._catalogues = catalogues or shipped()
        self._sender_name = sender_name
        self._gifts: LRU[tuple[str, str], ReceivedGift | None] = LRU(2000)
        self._tasks: set[asyncio.Future[Any]] = set()
        self.dialogs: list[QWidget] = []  # open replies and conversations (kept alive)

    # -- attaching -----------------------------------------------------------------------
    def attach(self, view: QAbstractItemView, delegate: PostDelegate) -> None:
        """Hover buttons, context menu and shortcuts on ``view`` (painted by ``delegate``)."""
        delegate.actionTriggered.connect(self.trigger)
        delegate.ribbon_for = self.ribbon_for
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(partial(self._menu_at, view))
        for keys, action in SHORTCUTS:
            shortcut = QShortcut(QKeySequence(keys), view)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(partial(self._on_current, view, action))

    def forget(self) -> None:
        """A new session: whose gifts the rows are may have changed."""
        self._gifts.clear()

    # -- what a post offers ---------------------------------------------------------------
    def gift(self, post: Post) -> ReceivedGift | None:
        """``post`` as a gift card addressed to the account that shows it, if it is one."""
        session = self._session()
        if session is None:
            return None
        if post.key in self._gifts:
            return self._gifts.get_fresh(post.key)
        me_id, me_name = session.answers.me(post)
        try:
            found = gift_for_me(post, me_id, me_name, self._catalogues.gifts)
        except Exception:  # a broken catalogue must not break painting
            found = None
        self._gifts.put(post.key, found)
        return found

    def ribbon_for(self, post: Post) -> str | None:
        """The ribbon's words on a post that is a gift card for the user, else None."""
        if self.gift(post) is None:
            return None
        #: A red ribbon on a timeline post that is a gift card addressed to the user.
        return QCoreApplication.translate("PostActions", "A gift for you")

    def menu_for(self, post: Post) -> QMenu:
        """The context menu of ``post``: every action it offers, with its shortcut."""
        menu = QMenu(self._window)
        menu.setAccessibleName(label("post_menu"))
        for key in offered(post):
            action = self._menu_action(menu, key, post)
            if key == "like":
                reactions = self._reactions(post)
                if len(reactions) > 1:
                    action.setMenu(self._reaction_menu(menu, post, reactions))
        if self.gift(post) is not None:
            self._menu_action(menu, "return_gift", post)
        return menu

    def _menu_action(self, menu: QMenu, key: str, post: Post) -> QAction:
        action = menu.addAction(label(key))
        action.setObjectName(f"post_action_{key}")
        if key in _MENU_SHORTCUT:
            action.setShortcut(QKeySequence(_MENU_SHORTCUT[key]))
        action.triggered.connect(partial(self.trigger, key, post))
        return action

    def _reaction_menu(self, parent: QMenu, post: Post, reactions: tuple[str, ...]) -> QMenu:
        """A small picker of the network's reactions; the first is the default."""
        picker = QMenu(label("react_with"), parent)
        picker.setObjectName("post_reactions")
        picker.setAccessibleName(label("react_with"))
        for emoji in reactions:
            item = picker.addAction(emoji)
            item.setObjectName(f"post_reaction_{emoji}")
            item.triggered.connect(partial(self.like, post, emoji))
        return picker

    def _reactions(self, post: Post) -> tuple[str, ...]:
        session = self._session()
        if session is None:
            return ()
        try:
            return session.answers.adapter(post).capabilities.reactions
        except Exception:
            return ()

    # -- triggers ----------------------------------------------------------------------------
    def _menu_at(self, view: QAbstractItemView, pos: QPoint) -> None:
        post = view.indexAt(pos).data(Roles.PostRole)
        if isinstance(post, Post):
            self.menu_for(post).popup(view.viewport().mapToGlobal(pos))

    def _on_current(self, view: QAbstractItemView, key: str) -> None:
        post = view.currentIndex().data(Roles.PostRole)
        if isinstance(post, Post) and (key in offered(post) or key == "conversation"):
            self.trigger(key, post)

    def trigger(self, key: str, post: Post) -> None:
        """Do action ``key`` (see :mod:`app.ui.post_buttons`) on ``post``."""
        if key == "reply":
            self.reply(post)
        elif key == "like":
            self.like(post)
        elif key == "boost":
            self.boost(post)
        elif key == "conversation":
            self.conversation(post)
        elif key == "browser" and post.url:
            self._open_url(QUrl(post.url))
        elif key == "copy" and post.url:
            QGuiApplication.clipboard().setText(post.url)
            self.status.emit(label("copied"))
        elif key == "return_gift":
            self.return_gift(post)

    def _run(self, work: Coroutine[Any, Any, None]) -> asyncio.Future[None]:
        import asyncio

        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    # -- likes and boosts -----------------------------------------------------------------
    def like(self, post: Post, reaction: str | None = None) -> asyncio.Future[None] | None:
        session = self._session()
        if session is None:
            return None
        if reaction is None:
            reactions = self._reactions(post)
            reaction = reactions[0] if reactions else None
        return self._run(self._act(session.answers.react(post, reaction), label("liked")))

    def boost(self, post: Post) -> asyncio.Future[None] | None:
        session = self._session()
        if session is None:
            return None
        if not can_boost(post):
            self.status.emit(describe(AudienceRefused("boost")))
            return None
        return self._run(self._act(session.answers.boost(post), label("boosted")))

    async def _act(self, work: Coroutine[Any, Any, Any], done: str) -> None:
        try:
            await work
        except Exception as exc:  # said in words; the details are in the log
            self.status.emit(describe(exc))
            return
        self.status.emit(done)

    # -- replies, returns, conversations ------------------------------------------------------
    def reply(self, post: Post) -> ReplyDialog | None:
        session = self._session()
        if session is None:
            return None
        try:
            account = session.answers.adapter(post).account
            widest, people = reply_audience(post, account.user_id)
        except Exception as exc:  # signed out, or addressed to nobody else
            self.status.emit(describe(exc))
            return None
        audience = widest if widest in account.serves else Audience.FRIENDS
        return self._open_reply(session, post, audience, people)

    def return_gift(self, post: Post) -> ReplyDialog | None:
        """お返しを送る: the thank-you text and a card back, to the sender alone, in the
        gift's own audience."""
        session, found = self._session(), self.gift(post)
        if session is None or found is None:
            return None
        me = self._sender_name()
        from app.ui.gift_return import return_card, return_words

        text = return_words(found, self._catalogues, me)
        card = return_card(found, self._catalogues, me)
        return self._open_reply(
            session, post, found.audience, found.recipients, text=text, card=card, gift=True
        )

    def _open_reply(
        self,
        session: Session,
        post: Post,
        audience: Audience,
        people: tuple[str, ...],
        *,
        text: str = "",
        card: Any = None,
        gift: bool = False,
    ) -> ReplyDialog:
        def send(body: str, media: Any) -> Any:
            return session.poster.send_reply(
                post, body, audience=audience, recipients=people, media=media
            )

        from app.ui.composer_reply import ReplyDialog

        dialog = ReplyDialog(
            post,
            audience=audience,
            people=len(people),
            limits=session.answers.adapter(post).limits,
            send=send,
            text=text,
            card=card,
            title=label("return_gift") if gift else "",
            parent=self._window,
        )
        self._keep(dialog)
        dialog.open()
        return dialog

    def conversation(self, post: Post) -> ConversationView | None:
        session = self._session()
        if session is None:
            return None
        from app.ui.conversation_view import ConversationView

        view = ConversationView(post, images=self._images, lang=self._lang, parent=self._window)
        self.attach(view.view, view.delegate)
        self._keep(view)
        view.show()
        view.task = self._run(self._load_thread(session, post, view))  # type: ignore[attr-defined]
        return view

    async def _load_thread(self, session: Session, post: Post, view: ConversationView) -> None:
        try:
            thread = await session.answers.conversation(post)
        except Exception as exc:  # said in the view
            view.show_error(describe(exc))
            return
        view.show_thread(thread)

    def _keep(self, dialog: QWidget) -> None:
        self.dialogs.append(dialog)
        dialog.finished.connect(partial(self._drop, dialog))  # type: ignore[attr-defined]

    def _drop(self, dialog: QWidget, _result: int = 0) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
        dialog.deleteLater()


def install_post_actions(window: Any) -> PostActions:
    """The main window's post actions: both columns, words to its status bar, gifts
    looked at again for each new session. ``window``: a
    :class:`~app.ui.main_window.MainWindow` (not imported: it imports this module)."""
    actions = PostActions(
        window,
        session=lambda: window.session,
        images=window.images,
        lang=window.lang,
        sender_name=lambda: str(window.store.get("prefs.sender_name", "") or ""),
    )
    for column in (window.public_column, window.friends_column):
        actions.attach(column.view, column.delegate)
    actions.status.connect(lambda text: window.statusBar().showMessage(text, 5000))
    window.sessions.attached.connect(actions.forget)
    return actions
