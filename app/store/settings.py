"""Every settings key of a profile, with its type, default and validation — in one place.

In the spirit of MusicBrainz Picard's option schema: a key that is not declared here cannot
be read or written (:class:`~app.store.db.Store` raises ``KeyError``), a value that breaks
its option's rule is refused when written (:class:`SettingError`), and a stored value of
the wrong type (an older version, a hand edit, a bug) is logged and read as the default —
it never crashes the app.

Three kinds of data, told apart by the key's first word:

- ``prefs.*`` — the user's preferences (language, 喪中, the practice sandbox, the name
  signed on gift cards);
- ``ui.*`` — window state the app remembers by itself (size, splitter);
- ``accounts.*`` — non-secret data about signing in (the user's X app). The accounts
  themselves have their own table (:mod:`app.store.accounts`); secrets never live in the
  settings, only in the OS keychain.

Values are stored as JSON. Public API::

    Option(key, default, check, doc)      # one declared key; option.valid(value) -> bool
    OPTIONS: Mapping[str, Option]          # every key, by name
    option(key) -> Option                  # KeyError for an undeclared key
    Settings(store).get(OPT) -> T          # typed, the default when unset or invalid
    Settings(store).set(OPT, value)        # SettingError when invalid
    Settings(store).is_set(OPT) -> bool

The options: :data:`LANG`, :data:`MOURNING`, :data:`SANDBOX`, :data:`SENDER_NAME`,
:data:`COLOR_SCHEME`, :data:`WINDOW_SIZE`, :data:`SPLITTER`, :data:`TRAY_NOTICE_SHOWN`,
:data:`DESKTOP_NOTICES`, :data:`X_PORT`, :data:`X_CLIENT_ID`, and two legacy ones kept
for the accounts migration (:data:`ACCOUNTS_LEGACY`, :data:`ACCOUNTS_UNREADABLE`).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar, cast

T = TypeVar("T")

# A UI language is a translation file (app.i18n.languages; store may not import i18n), so
# any language code is kept: "ja", "ko", "zh_TW". "" follows the system.
LANGUAGE_CODE = re.compile(r"^(?:[a-z]{2,3}(?:_[A-Za-z]{2,4})?)?$")
MAX_NAME_CHARS = 100  # a name signed on cards; longer is a paste gone wrong
MIN_FIXED_PORT, MAX_PORT = 1024, 65535
MAX_WINDOW_EDGE = 100_000  # pixels; anything above is a corrupt value, not a screen


class SettingError(ValueError):
    """A value refused for a settings key; the message names the key."""


@dataclass(frozen=True)
class Option(Generic[T]):
    """One settings key: its JSON value must pass ``check``; ``default`` when unset."""

    key: str
    default: T
    check: Callable[[object], bool]
    doc: str

    def valid(self, value: object) -> bool:
        return self.check(value)


# -------------------------------------------------------------------- checks


def _is_bool(value: object) -> bool:
    return isinstance(value, bool)


def _text(max_chars: int) -> Callable[[object], bool]:
    return lambda value: isinstance(value, str) and len(value) <= max_chars


def _one_of(*choices: str) -> Callable[[object], bool]:
    return lambda value: isinstance(value, str) and value in choices


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)  # True is an int too


def _int_between(low: int, high: int) -> Callable[[object], bool]:
    return lambda value: _is_int(value) and low <= cast(int, value) <= high


def _sizes(count: int) -> Callable[[object], bool]:
    """None, or a list of ``count`` whole pixel sizes (0 is a collapsed splitter pane)."""

    def check(value: object) -> bool:
        if value is None:
            return True
        return (
            isinstance(value, list)
            and len(value) == count
            and all(_is_int(v) and 0 <= v <= MAX_WINDOW_EDGE for v in value)
        )

    return check


def _is_list(value: object) -> bool:
    return isinstance(value, list)


# ------------------------------------------------------------------- options

LANG: Option[str] = Option(
    "prefs.lang",
    "",
    lambda value: isinstance(value, str) and bool(LANGUAGE_CODE.match(value)),
    "UI language: a code such as 'ja', 'en', 'zh_TW' (a translation file), or '' for the system's",
)
MOURNING: Option[bool] = Option(
    "prefs.mourning", False, _is_bool, "喪中: celebratory occasions are not offered"
)
SANDBOX: Option[bool] = Option(
    "prefs.sandbox", False, _is_bool, "use the local practice networks instead of accounts"
)
SENDER_NAME: Option[str] = Option(
    "prefs.sender_name", "", _text(MAX_NAME_CHARS), "the name signed on gift cards"
)
WINDOW_SIZE: Option[list[int] | None] = Option(
    "ui.window_size", None, _sizes(2), "main window [width, height]; None: the first start's"
)
SPLITTER: Option[list[int] | None] = Option(
    "ui.splitter", None, _sizes(2), "the two timeline columns' widths; None: half each"
)
X_PORT: Option[int] = Option(
    "accounts.x_port",
    8765,
    _int_between(MIN_FIXED_PORT, MAX_PORT),
    "the fixed loopback callback port registered in the user's X app",
)
X_CLIENT_ID: Option[str] = Option(
    "accounts.x_client_id", "", _text(200), "the public client id of the user's X app"
)
ACCOUNTS_LEGACY: Option[list[Any]] = Option(
    "accounts.list",
    [],
    _is_list,
    "legacy: the account list before it had a table (moved there by migration 6)",
)
ACCOUNTS_UNREADABLE: Option[list[Any]] = Option(
    "accounts.unreadable",
    [],
    _is_list,
    "saved accounts migration 6 could not read, kept verbatim (never used by the app)",
)
COLOR_SCHEME: Option[str] = Option(
    "prefs.color_scheme",
    "system",
    _one_of("system", "light", "dark"),
    "light or dark: 'system' follows the platform's colour scheme",
)
TRAY_NOTICE_SHOWN: Option[bool] = Option(
    "ui.tray_notice_shown",
    False,
    _is_bool,
    "the first-time notice that Kizuna keeps running in the tray was shown",
)
DESKTOP_NOTICES: Option[bool] = Option(
    "prefs.desktop_notices",
    True,
    _is_bool,
    "a desktop notification for each mention and gift received",
)

OPTIONS: Mapping[str, Option[Any]] = {
    o.key: o
    for o in (
        LANG,
        MOURNING,
        SANDBOX,
        SENDER_NAME,
        COLOR_SCHEME,
        WINDOW_SIZE,
        SPLITTER,
        TRAY_NOTICE_SHOWN,
        DESKTOP_NOTICES,
        X_PORT,
        X_CLIENT_ID,
        ACCOUNTS_LEGACY,
        ACCOUNTS_UNREADABLE,
    )
}


def option(key: str) -> Option[Any]:
    """The declared option ``key``; KeyError names an undeclared one."""
    try:
        return OPTIONS[key]
    except KeyError:
        raise KeyError(f"{key!r} is not a declared setting (see app.store.settings)") from None


# --------------------------------------------------------------- typed facade


class _Backend(Protocol):
    """What :class:`Settings` needs of a store (:class:`app.store.db.Store` is one)."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def set(self, key: str, value: Any) -> None: ...

    def is_set(self, key: str) -> bool: ...


_UNSET = object()


class Settings:
    """Typed access to a store's settings: ``Settings(store).get(MOURNING)`` is a bool."""

    def __init__(self, store: _Backend) -> None:
        self._store = store

    def get(self, opt: Option[T]) -> T:
        """The stored value, or the option's default when unset or unreadable."""
        value = self._store.get(opt.key, _UNSET)
        # A copy, so that a caller changing a list default cannot change it for everyone.
        return copy.deepcopy(opt.default) if value is _UNSET else cast(T, value)

    def set(self, opt: Option[T], value: T) -> None:
        self._store.set(opt.key, value)

    def is_set(self, opt: Option[Any]) -> bool:
        return self._store.is_set(opt.key)
