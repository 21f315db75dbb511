"""The conversation view: a post's ancestors, the post, and its replies, in one list.

A dialog over one :class:`~app.ui.timeline_model.TimelineModel` painted by the same
:class:`~app.ui.post_delegate.PostDelegate` as the columns (no widget per post), oldest
first, the post itself selected. Its rows have the same actions as a column's
(:mod:`app.ui.post_actions` attaches to :attr:`ConversationView.view`). Where the network
can list ancestors only (a Bluesky server without an AppView) a line says so.

The thread is loaded by the caller (:meth:`app.services.answers.AnswerService.conversation`)
and handed in with :meth:`ConversationView.show_thread`, or an error with
:meth:`ConversationView.show_error`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QListView,
    QVBoxLayout,
    QWidget,
)

from app.core.models import Post
from app.services.answers import Thread
from app.ui.images import ImageCache
from app.ui.post_delegate import PostDelegate
from app.ui.theme import named
from app.ui.timeline_model import Roles, describe_post

translate = QCoreApplication.translate

__all__ = ["ConversationView", "ThreadModel"]

Index = QModelIndex | QPersistentModelIndex


class ThreadModel(QAbstractListModel):
    """The thread's posts in the order given (oldest first), with the roles the post
    delegate paints from."""

    def __init__(self, parent: Any = None, *, lang: str = "en") -> None:
        super().__init__(parent)
        self.lang = lang
        self._posts: list[Post] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._posts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._posts):
            return None
        post = self._posts[index.row()]
        if role == Roles.PostRole:
            return post
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return describe_post(post, self.lang)
        return None

    def set_posts(self, posts: list[Post]) -> None:
        self.beginResetModel()
        self._posts = list(posts)
        self.endResetModel()

    def post_at(self, row: int) -> Post:
        return self._posts[row]


class ConversationView(QDialog):
    """A post's thread; see the module docstring."""

    def __init__(
        self,
        post: Post,
        *,
        images: ImageCache | None = None,
        lang: str = "en",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.post = post
        self.setObjectName("ConversationView")
        #: Window title of a post with the posts before it and its replies.
        self.setWindowTitle(translate("ConversationView", "Conversation"))
        self.setAccessibleName(self.windowTitle())
        layout = QVBoxLayout(self)
        self.status = named(
            QLabel(translate("ConversationView", "Loading the conversation…")), "ConversationStatus"
        )
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.model = ThreadModel(self, lang=lang)
        self.delegate = PostDelegate(images, self, lang=lang)
        self.view = named(QListView(), "ConversationList")
        self.view.setAccessibleName(translate("ConversationView", "Posts of the conversation"))
        self.view.setModel(self.model)
        self.view.setItemDelegate(self.delegate)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setUniformItemSizes(False)
        self.view.setWordWrap(True)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setAttribute(Qt.WidgetAttribute.WA_Hover, True)
        self.delegate.watch(self.view)
        layout.addWidget(self.view, 1)
        self.note = named(QLabel(), "ConversationNote")
        self.note.setWordWrap(True)
        self.note.setVisible(False)
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.shown: Thread | None = None
        self.resize(560, 640)

    def show_thread(self, thread: Thread) -> None:
        """Ancestors, the post (selected), replies — oldest first."""
        self.shown = thread
        posts = [*thread.ancestors, thread.post, *thread.replies]
        self.model.set_posts(posts)
        earlier, replies = len(thread.ancestors), len(thread.replies)
        #: Conversation window status: how many posts came before the one opened.
        text = translate("ConversationView", "%n earlier post(s)", "", earlier)
        #: Conversation window status: how many replies the post opened has.
        more = translate("ConversationView", "%n repl(ies)", "", replies)
        #: Conversation window status; %1 is "N earlier posts", %2 is "N replies".
        both = translate("ConversationView", "%1 · %2")
        self.status.setText(both.replace("%1", text).replace("%2", more))
        index = self.model.index(len(thread.ancestors), 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        if not thread.replies_known:
            self.note.setText(
                translate(
                    "ConversationView", "No replies can be looked up on this server (no AppView)."
                )
            )
        self.note.setVisible(not thread.replies_known)

    def show_error(self, words: str) -> None:
        self.status.setText(words)
