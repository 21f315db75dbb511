"""In the pseudo-locale every word the UI itself shows came through ``translate()``.

``--lang pseudo`` answers every message accented, longer and in brackets
(:mod:`app.i18n.pseudo`); a word that shows without that treatment was never translated.
On the sandbox in the pseudo-locale, every gallery window, dialog and menu (with a fresh
mention in the notifications panel, plus the tray menu and a post's context menu), then
the composer with an occasion and a card, each network's sign-in form, a reply, a
conversation, and what a scheduled send and a safety check show are read: labels,
buttons, tabs, headers and menu entries (:func:`app.ui.visible_texts.visible_texts`),
and what that does not list — window titles, tooltips, accessible names and list rows.
A word outside the brackets, or a plain ASCII word inside them (the pseudo-locale accents
every source letter, so such a word was put into a placeholder from outside), is a leak
unless a named rule says why it is no UI string: user content, the draft's Japanese
content, brand names, languages' own names, dates and times as CLDR words them, symbols
and numbers. What no run opens is read in the source: no literal with a letter is handed
to a widget as its text.
"""

from __future__ import annotations

import ast
import asyncio
import re
import string
import unicodedata
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache, partial
from pathlib import Path

import httpx
import pytest
from babel.dates import format_skeleton, format_time, format_timedelta
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QStringListModel, Qt
from PySide6.QtGui import QAction, QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.core.models import Audience, Author, NotificationKind, Post
from app.core.network_kinds import KINDS
from app.i18n import languages
from app.i18n.formatting import babel_locale, relative_time
from app.i18n.pseudo import pseudo
from app.sandbox.community import MEMBERS
from app.sandbox.runner import SandboxInfo
from app.store.db import Store
from app.store.notifications import StoredNotification
from app.store.outbox import TargetState
from app.ui import gallery
from app.ui.composer import Composer
from app.ui.main_window import MainWindow
from app.ui.timeline_model import Roles
from app.ui.visible_texts import visible_texts
from tests.helpers import IN_SEASON, outside_task, ui_language, until

LANG = "en"  # the pseudo-locale formats dates and numbers as English (translators.py)
_PSEUDO_END = re.compile(r" ~+$")  # how app.i18n.pseudo ends every translation
_TAG = re.compile(r"<[A-Za-z!/]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_KEY = re.compile(r"[A-Z0-9]|F[0-9]{1,2}")  # a key on the keyboard: Z, 5, F12
# A fediverse handle ("@haruka@sora", "@me"): an account's name, the user's to choose.
_HANDLE = re.compile(r"@[\w.-]+(@[\w.:-]+)?")
# Stripped off a word's ends before a rule reads it; "@" and "#" begin handles and tags.
_EDGES = string.punctuation.replace("@", "").replace("#", "") + "「」『』（）、。・…—–·　"
MENTION = "初詣いこう、七草がゆも"  # what a member of the sandbox writes to the user
FOLLOW, MESSAGE = NotificationKind.FOLLOW, NotificationKind.MESSAGE
_ROWS = 60  # rows of a list read (the first screenfuls are what a reader sees)


# -- telling translated words from the rest ----------------------------------------------


def pseudo_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds pseudo translations: each ``[`` … `` ~]`` pair (brackets of
    the source itself, such as a notification's ``[%1]``, do not end in ``~``)."""
    spans, opened = [], []
    for at, char in enumerate(text):
        if char == "[":
            opened.append(at)
        elif char == "]" and opened:
            start = opened.pop()
            if _PSEUDO_END.search(text[start + 1 : at]):
                spans.append((start, at + 1))
    return spans


def suspects(text: str) -> list[str]:
    """The words of ``text`` that did not come through the pseudo translator: each word
    outside every pseudo span, and each word inside one that has a plain ASCII letter
    (a source letter is always accented, so it was put into a placeholder from outside)."""
    inside = [False] * len(text)
    edges: set[int] = set()  # a span's own brackets: the pseudo translator's, not the text's
    for start, end in pseudo_spans(text):
        inside[start:end] = [True] * (end - start)
        edges.update((start, end - 1))
    outer = "".join(" " if covered else c for c, covered in zip(text, inside, strict=True))
    inner = "".join(
        c if covered and at not in edges else " "
        for at, (c, covered) in enumerate(zip(text, inside, strict=True))
    )
    return outer.split() + [w for w in inner.split() if _ASCII_LETTER.search(w)]


# -- what is legitimately not a UI string ------------------------------------------------


@dataclass
class Content:
    """What the window shows that is not ours to translate, read from the session."""

    words: set[str] = field(default_factory=set)  # of posts, names and handles shown
    japanese: set[str] = field(default_factory=set)  # of the draft's Japanese content

    def add(self, *texts: str) -> None:
        for text in texts:
            self.words.update(_bare(word) for word in text.split())

    def add_draft(self, composer: Composer) -> None:
        """The Japanese content a draft carries: its texts (from the templates), the
        occasion's and the card's tags, and each card's message and image description."""
        occasion, picker = composer.occasion(), composer.gift_picker
        texts = [*composer.texts().values(), picker.message()]
        gift = picker.gift()
        tags = [*(occasion.tags if occasion else ()), *(gift.tags if gift else ())]
        texts += [f"#{tag}" for tag in tags]
        texts += [picker.alt_text(audience) for audience in picker.card_audiences()]
        self.japanese.update(_bare(word) for text in texts for word in text.split())

    def add_post(self, post: Post) -> None:
        self.add_author(post.author)
        self.add(post.text)

    def add_author(self, author: Author) -> None:
        self.add(author.display_name, author.username, author.handle)

    def add_notification(self, row: StoredNotification) -> None:
        self.add_author(row.notification.author)
        if row.notification.post is not None:
            self.add_post(row.notification.post)

    def add_accounts(self, window: MainWindow) -> None:
        """The session's own accounts: handles and the servers' own short names."""
        assert window.session is not None
        for account in window.session.accounts():
            self.add(account.handle, account.label)


def _bare(word: str) -> str:
    return word.strip(_EDGES)


def no_words(word: str, content: Content) -> bool:
    """Numbers, times and dates in digits, separators (·, —), counts in parentheses and
    emoji: nothing in them is a word a translator could change."""
    return not any(unicodedata.category(c).startswith("L") for c in word)


def user_content(word: str, content: Content) -> bool:
    """Handles, display names, post texts (a notification's excerpt may end in "…") and
    a server's own short name ("sora", as in @me@sora): people's own words and names,
    shown as they wrote them. The sandbox community's members count too: any window may
    list them (the gift card's friends)."""
    bare = _bare(word)
    if _HANDLE.fullmatch(bare) or bare in content.words or bare in _member_names():
        return True
    cut = word.endswith("…") and bare
    return bool(cut) and any(w.startswith(bare) for w in content.words)


def japanese_content(word: str, content: Content) -> bool:
    """Greeting texts, the occasion's tags and the card's message and image description:
    Japanese content the post carries, written in Japanese whatever the UI language
    (the composer says so), never UI strings (ARCHITECTURE.md: templates are content)."""
    return _bare(word) in content.japanese


def brand(word: str, content: Content) -> bool:
    """Network names (Mastodon, Misskey, Bluesky, X, mixi2): brands, the same in every
    language (``app.core.network_kinds`` keeps them out of the translations)."""
    return _bare(word) in _brand_words()


def language_own_name(word: str, content: Content) -> bool:
    """The language menu names each language in itself (日本語, English), so that a reader
    finds theirs whatever language the UI is in now."""
    return _bare(word) in _language_words()


def shortcut_key(word: str, content: Content) -> bool:
    """The key of a shortcut (Ctrl+Z, F5): the letter on the keyboard, the same in every
    language; QKeySequence translates the modifiers (Ctrl, Shift) itself."""
    return _KEY.fullmatch(_bare(word)) is not None


def cldr_time(word: str, content: Content) -> bool:
    """Dates, times and relative times ("Dec 24, 2026 3:00 PM", "5 minutes ago", "just
    now") as ``app.i18n.formatting`` words them: CLDR's words, through Babel, in the
    formatting language — not messages of the ``.ts``."""
    return _bare(word) in _time_words()


Rule = Callable[[str, Content], bool]
RULES: tuple[Rule, ...] = (
    no_words,
    user_content,
    japanese_content,
    brand,
    language_own_name,
    shortcut_key,
    cldr_time,
)


def _words(texts: Iterable[str]) -> frozenset[str]:
    return frozenset(_bare(w) for text in texts for w in text.split())


def _time_texts(lang: str) -> list[str]:
    """Every word CLDR (through Babel, as app.i18n.formatting calls it) uses for dates,
    times and ages: each month and weekday, morning and afternoon, each unit either way."""
    locale = babel_locale(lang)
    days = [
        datetime(2026, 1, 1, 9, tzinfo=UTC) + timedelta(days=d, hours=d % 2 * 6) for d in range(366)
    ]
    texts = [format_skeleton("yMMMEd", d, locale=locale) for d in days]
    texts += [format_time(d, format="short", locale=locale) for d in days[:2]]
    ages = [timedelta(seconds=s) for s in (1, 2, 60, 120, 3600, 7200)]
    ages += [timedelta(days=d) for d in (1, 2, 7, 14, 31, 62, 366, 800)]
    for age in ages:
        for width in ("long", "short", "narrow"):
            for sign in (1, -1):
                texts.append(
                    format_timedelta(sign * age, add_direction=True, format=width, locale=locale)
                )
    now = datetime(2026, 12, 7, 12, tzinfo=UTC)
    texts += [relative_time(now - age, now, lang) for age in (timedelta(0), *ages)]
    return texts


# Read once, when a rule first asks (not when the suite is collected).
@cache
def _member_names() -> frozenset[str]:
    return _words(t for m in MEMBERS for t in (m.display_name, m.username))


@cache
def _brand_words() -> frozenset[str]:
    return _words(kind.display_name for kind in KINDS.values())


@cache
def _language_words() -> frozenset[str]:
    return _words(languages.native_name(code) for code in languages.available())


@cache
def _time_words() -> frozenset[str]:
    return _words(_time_texts(LANG))


def leaks(texts: Iterable[str], content: Content) -> list[str]:
    """Each text with a word no rule lets through, and those words."""
    found = []
    for text in texts:
        bad = [w for w in suspects(text) if not any(rule(w, content) for rule in RULES)]
        if bad:
            found.append(f"{text!r}: {', '.join(bad)}")
    return found


# -- reading everything a window shows ---------------------------------------------------


def _plain(text: str) -> str:
    """A tooltip's words as shown (a tooltip with tags is rich text)."""
    return QTextDocumentFragment.fromHtml(text).toPlainText() if _TAG.search(text) else text


def _in_window(widget: QWidget, top: QWidget) -> bool:
    """Shown in ``top`` itself (a dialog whose parent is ``top`` is read on its own)."""
    if widget is top:
        return True
    if not widget.isVisibleTo(top):
        return False
    ancestor = widget.parentWidget()
    while ancestor is not None and ancestor is not top:
        if ancestor.isWindow():
            return False
        ancestor = ancestor.parentWidget()
    return widget.isWindow() is False


def _action_texts(actions: Iterable[QAction]) -> list[str]:
    return [t for a in actions if a.isVisible() for t in (a.text(), a.toolTip()) if t]


def _row_texts(model: QAbstractItemModel, content: Content) -> list[str]:
    """The words of a list's rows: what is drawn, said by a screen reader or shown on
    hovering. The posts and notifications behind them are user content."""
    texts = []
    roles = (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.AccessibleTextRole,
    )
    for row in range(min(model.rowCount(QModelIndex()), _ROWS)):
        for column in range(_ROWS):  # a list model keeps its columnCount() private
            index = model.index(row, column, QModelIndex())
            if not index.isValid():
                break
            behind = index.data(Roles.PostRole)  # NoticeRole is the same role number
            roles_read: tuple[Qt.ItemDataRole, ...] = roles
            if isinstance(behind, Post):
                content.add_post(behind)
                roles_read = roles[1:]  # the row is the post itself, painted by the delegate
            elif isinstance(behind, StoredNotification):
                content.add_notification(behind)
            texts += [v for role in roles_read if isinstance(v := index.data(role), str) and v]
    return texts


def everything_shown(top: QWidget, content: Content) -> list[str]:
    """What ``top`` shows, as words: its visible texts, title, the tooltips and
    accessible names of its widgets and actions, and its lists' rows."""
    texts = [*visible_texts(top), top.windowTitle()]
    for widget in [top, *top.findChildren(QWidget)]:
        if not _in_window(widget, top):
            continue
        texts += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
        texts += _action_texts(widget.actions())
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            texts += _row_texts(widget.model(), content)
    return [_plain(t) for t in texts if t]


# -- the windows, opened in the pseudo-locale on the sandbox ------------------------------

Shown = Iterator[tuple[str, QWidget]]


class PseudoRun:
    """The main window on the sandbox in the pseudo-locale (the :func:`pseudo_run`
    fixture puts the English UI back), and what each window read so far lets through."""

    def __init__(self, qtbot: QtBot, store: Store, sandbox: SandboxInfo) -> None:
        self.window = MainWindow(
            store=store,
            lang=LANG,
            sandbox_dir=sandbox.data_dir,
            force_sandbox=True,
            today=lambda: IN_SEASON,  # the composer offers Christmas
        )
        qtbot.addWidget(self.window)
        self.window.resize(1280, 800)
        self.window.show()
        self.content = Content()
        self.found: dict[str, list[str]] = {}

    def read(self, shown: Shown) -> None:
        """Read each window as ``shown`` opens it (call outside any task: it processes
        Qt events, tests/conftest.py)."""
        for name, widget in shown:
            QApplication.processEvents()
            self.found[name] = leaks(everything_shown(widget, self.content), self.content)

    def run(self, qloop: asyncio.AbstractEventLoop, work: Callable[[], Awaitable[None]]) -> None:
        """``work()`` with the session open and both columns loaded."""

        async def scenario() -> None:
            try:
                await self.window.open_session()
                await self.window.wait_loaded()
                self.content.add_accounts(self.window)
                await work()
            finally:
                await self.window.close_session()
                self.window.drafts.close()

        qloop.run_until_complete(scenario())

    def assert_all_translated(self, names: set[str]) -> None:
        assert names <= set(self.found), sorted(self.found)
        bad = {name: texts for name, texts in self.found.items() if texts}
        assert not bad, "not translated in the pseudo-locale:\n" + "\n".join(
            f"{name}: {text}" for name, texts in bad.items() for text in texts
        )


@pytest.fixture
def pseudo_run(
    qtbot: QtBot, qapp: QApplication, sandbox: SandboxInfo, store: Store, tmp_path: Path
) -> Iterator[PseudoRun]:
    with ui_language(qapp, "pseudo", tmp_path / "translations"):
        yield PseudoRun(qtbot, store, sandbox)


def _answer_me(sandbox: SandboxInfo) -> None:
    """The demo user posts on both networks and a member of the sandbox (rin) answers:
    likes, boosts and replies to the public post, mentions the user, and reacts to the
    friends note — a notification of each kind."""
    sora, nakama = sandbox.public_url, sandbox.friends_url
    me, rin = ({"Authorization": f"Bearer {sandbox.token('public', who)}"} for who in ("me", "rin"))
    with httpx.Client(timeout=10.0) as http:
        mine = {"status": "おはようございます", "visibility": "public"}
        post = http.post(f"{sora}/api/v1/statuses", headers=me, data=mine).json()
        for action in ("favourite", "reblog"):
            http.post(
                f"{sora}/api/v1/statuses/{post['id']}/{action}", headers=rin
            ).raise_for_status()
        for data in ({"in_reply_to_id": post["id"]}, {}):  # a reply, then the mention
            data |= {"status": f"@me {MENTION}", "visibility": "public"}
            http.post(f"{sora}/api/v1/statuses", headers=rin, data=data).raise_for_status()
        note = {"i": sandbox.token("friends", "me"), "text": "おはよ", "visibility": "followers"}
        made = http.post(f"{nakama}/api/notes/create", json=note).json()["createdNote"]
        reaction = {"i": sandbox.token("friends", "rin"), "noteId": made["id"], "reaction": "🎉"}
        http.post(f"{nakama}/api/notes/reactions/create", json=reaction).raise_for_status()


def _kinds(window: MainWindow, since: datetime) -> set[NotificationKind]:
    """The kinds of notification the panel lists of what rin did ``since``."""
    model = window.notices.model
    rows = [model.row_at(r).notification for r in range(model.rowCount())]
    return {n.kind for n in rows if n.author.username == "rin" and n.created_at >= since}


def _newest(window: MainWindow) -> Post:
    post = window.public_column.view.model().index(0, 0).data(Roles.PostRole)
    assert isinstance(post, Post)
    return post


def _gallery(window: MainWindow, content: Content) -> Shown:
    """Every gallery window, dialog and menu, then the menus it does not shoot: the
    tray's and a post's context menu."""
    yield from gallery.windows(window)
    yield "tray-menu", window.background.tray.menu
    yield from gallery.menus(window.post_actions.menu_for(_newest(window)), "post-menu")


def _composer_with_a_card(window: MainWindow, content: Content) -> Shown:
    """The composer for Christmas to both circles, with the first card it offers."""
    composer = window.open_composer()
    composer.set_audiences(frozenset(Audience))
    assert composer.choose_occasion("christmas")
    picker = composer.gift_picker
    picker.select_gift(picker.offered()[0].key)
    content.add_draft(composer)
    yield "composer-card", composer
    # The editor's own context menu: Qt's words (qtbase's translations), Undo, Paste…
    menu = composer.edit.createStandardContextMenu()
    menu.setParent(composer, menu.windowFlags())
    yield "composer-editor-menu", menu


def _accounts_forms(window: MainWindow, content: Content) -> Shown:
    """The accounts dialog with each network's sign-in form."""
    dialog = window.open_accounts()
    for index in range(dialog.network_combo.count()):
        dialog.network_combo.setCurrentIndex(index)
        yield f"accounts-{dialog.network_combo.currentData()}", dialog


def _reply(window: MainWindow, content: Content) -> Shown:
    """A reply to the newest public post (its text is shown above the editor)."""
    post = _newest(window)
    content.add_post(post)
    dialog = window.post_actions.reply(post)
    assert dialog is not None
    yield "reply", dialog


def test_in_the_pseudo_locale_every_word_the_gallery_shows_is_translated(
    qloop: asyncio.AbstractEventLoop, pseudo_run: PseudoRun, sandbox: SandboxInfo
) -> None:
    """Every gallery window, with a fresh notification of each kind in the panel (but
    a follow: the sandbox has no way to follow, and chat messages are mixi2's)."""
    window = pseudo_run.window

    async def work() -> None:
        since = datetime.now(UTC).replace(microsecond=0)  # the servers keep milliseconds
        await asyncio.to_thread(_answer_me, sandbox)
        await until(lambda: _kinds(window, since) >= set(NotificationKind) - {FOLLOW, MESSAGE})
        # Shown before the panel is read: in the status bar, where there is no tray.
        model = window.notices.model
        for row in range(model.rowCount()):
            pseudo_run.content.add_notification(model.row_at(row))
        # A generator: it opens its windows when read, outside the task.
        await outside_task(partial(pseudo_run.read, _gallery(window, pseudo_run.content)))

    pseudo_run.run(qloop, work)
    assert window.public_column.title_label.text().startswith("[")  # pseudo, really
    pseudo_run.assert_all_translated({*gallery.OPENERS, "settings-menu", "tray-menu", "post-menu"})


def test_in_the_pseudo_locale_more_states_show_only_translated_words(
    qloop: asyncio.AbstractEventLoop, pseudo_run: PseudoRun
) -> None:
    """The composer with an occasion and a card, each network's sign-in form, a reply
    and a conversation as loaded."""
    window, content = pseudo_run.window, pseudo_run.content

    async def work() -> None:
        for opener in (_composer_with_a_card, _accounts_forms, _reply):
            await outside_task(partial(pseudo_run.read, opener(window, content)))
        view = window.post_actions.conversation(_newest(window))
        assert view is not None
        await until(lambda: view.shown is not None)
        await outside_task(partial(pseudo_run.read, iter([("conversation", view)])))

    pseudo_run.run(qloop, work)
    pseudo_run.assert_all_translated(
        {"composer-card", "composer-editor-menu", "accounts-misskey", "reply", "conversation"}
    )


def test_in_the_pseudo_locale_what_a_send_shows_is_translated(
    qloop: asyncio.AbstractEventLoop, pseudo_run: PseudoRun
) -> None:
    """A card to two friends and the public, scheduled: the composer's results and the
    outbox holding it; then a safety check, reached."""
    window, content = pseudo_run.window, pseudo_run.content

    def read(name: str, widget: QWidget) -> None:
        pseudo_run.read(iter([(name, widget)]))

    async def work() -> None:
        composer = next(_composer_with_a_card(window, content))[1]
        assert isinstance(composer, Composer)
        picker = composer.gift_picker
        friends = await picker.load_friends()
        picker.choose_friends(f.user_id for f in friends[:2])
        picker.refresh_now()
        composer.schedule_at(datetime.now(UTC) + timedelta(days=1))
        content.add_draft(composer)
        composer.send_now()
        await composer.wait_sent()
        assert set(composer.target_states().values()) == {"scheduled"}
        await outside_task(partial(read, "composer-sent", composer))
        await outside_task(partial(read, "outbox-scheduled", window.open_outbox()))
        safety = window.open_safety_check()
        await outside_task(safety.send_button.click)
        await until(lambda: window.safety_message is not None)
        outbox, message = window.outbox, window.safety_message
        assert outbox is not None and message is not None
        await until(lambda: all(r.state is TargetState.SENT for r in outbox.targets(message)))
        await until(safety.send_button.isEnabled)
        await outside_task(partial(read, "safety-reached", safety))

    pseudo_run.run(qloop, work)
    pseudo_run.assert_all_translated({"composer-sent", "outbox-scheduled", "safety-reached"})


# -- the check itself ---------------------------------------------------------------------


def test_the_check_tells_hard_coded_words_from_translated_ones_and_content(
    qtbot: QtBot,
) -> None:
    top = QWidget()
    qtbot.addWidget(top)
    box = QVBoxLayout(top)
    ok = [pseudo("Send now"), "@haruka@sora · 12:30", "Mastodon", "日本語", "🎁 (3)"]
    ok.append(pseudo("%1 mentioned you").replace("%1", "春香"))  # a name put in: content
    ok.append(pseudo("Sent %1").replace("%1", "Dec 24, 2026 9:00\u202fPM"))  # CLDR's words
    for text in ok:
        box.addWidget(QLabel(text))
    box.addWidget(QLabel("Send this"))  # never translated
    button = QPushButton(pseudo("Sent to %1").replace("%1", "Friends"))  # English put in
    button.setToolTip("Retry")  # a tooltip never translated
    box.addWidget(button)
    rows = QListView()
    rows.setModel(QStringListModel(["Loading…", pseudo("Nothing yet")], rows))
    box.addWidget(rows)
    top.show()
    found = leaks(everything_shown(top, Content()), Content())
    assert found == [
        "'Send this': Send, this",
        f"{button.text()!r}: Friends",
        "'Retry': Retry",
        "'Loading…': Loading…",
    ], found


def test_brackets_of_the_source_itself_are_not_taken_for_translations() -> None:
    row = f"[{pseudo('Friends')}] {pseudo('%1 mentioned you').replace('%1', 'rin')} · now"
    assert suspects(row) == ["[", "]", "·", "now", "rin"]
    assert suspects(pseudo("Public: %1").replace("%1", "@me@sora")) == ["@me@sora"]


# -- the states no test opens: the source, read -------------------------------------------

# Qt calls that put words on screen, and widgets whose first argument is their text.
_TEXT_SETTERS = frozenset(
    """setText setToolTip setWindowTitle setPlaceholderText setAccessibleName
    setAccessibleDescription setStatusTip setWhatsThis setTitle showMessage addTab
    insertTab setTabText setTabToolTip addAction addItem addItems insertItem setItemText
    setHeaderLabels setHorizontalHeaderLabels setVerticalHeaderLabels setInformativeText
    setDetailedText setLabelText setSpecialValueText setSuffix setPrefix addMenu""".split()
)
_TEXT_WIDGETS = frozenset(
    """QLabel QPushButton QCheckBox QRadioButton QGroupBox QAction QToolButton QMenu
    QStandardItem QListWidgetItem QTableWidgetItem""".split()
)


def _literal_words(node: ast.AST) -> list[str]:
    """The string literals with a letter in ``node`` that are shown as they are: inside a
    call they are its arguments (``translate()``'s source, a ``replace()`` pattern)."""
    if isinstance(node, ast.Call):
        return []
    if isinstance(node, ast.Constant):
        text = node.value if isinstance(node.value, str) else ""
        return [] if no_words(text, Content()) else [text]
    if isinstance(node, ast.FormattedValue):
        return _literal_words(node.value)  # its format spec is no text
    return [w for child in ast.iter_child_nodes(node) for w in _literal_words(child)]


def hard_coded(source: str) -> list[tuple[int, str]]:
    """Each (line, literal) of ``source`` whose words reach a Qt text call or a text
    widget's constructor without ``translate()``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in _TEXT_SETTERS or name in _TEXT_WIDGETS:
            found += [(node.lineno, word) for word in _literal_words(node.args[0])]
    return found


def test_no_literal_words_reach_a_widget_outside_translate() -> None:
    """What the pseudo-locale tests above do not open (an error, a rare state) is read in
    the source: no literal with a letter is handed to a widget as its text."""
    ui = Path(__file__).resolve().parents[2] / "app" / "ui"
    found = [
        f"{path.name}:{line}: {word!r}"
        for path in sorted(ui.glob("*.py"))
        for line, word in hard_coded(path.read_text(encoding="utf-8"))
    ]
    assert not found, "shown without translate():\n" + "\n".join(found)


def test_the_source_check_finds_literals_and_lets_translations_through() -> None:
    source = """
label = QLabel("Loading…")
button.setToolTip(f"{count} left to send")
box.setText(translate("Ctx", "Sent") + " " + name)
pill.setText("↑ " + translate("Ctx", "%n new", "", n))
self.status.showMessage(
    "Saved " + when.replace("%1", "x")
)
"""
    assert hard_coded(source) == [(2, "Loading…"), (3, " left to send"), (6, "Saved ")]
