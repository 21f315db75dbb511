"""The greeting ledger (挨拶帳) as a use case: collect the greetings you received, read the
ones you sent from the outbox, and answer every unanswered one (async, no Qt).

- :meth:`LedgerService.collect` reads the notifications the notification service already
  stored for every account of the session (:mod:`app.store.notifications`: mentions and
  replies, no network), asks each account (through the session's adapters) only for the
  notifications newer than the newest stored one (one page when none is stored), and
  reads the friends feed for posts addressed to you; those that are greetings of the
  occasion (:func:`app.core.ledger.received_greeting`) are kept in SQLite
  (:mod:`app.store.ledger`). An account that cannot be reached still gives what was
  stored, so the ledger opens offline with what is known. How far back: the stored
  notifications, and the friends feed until its posts are older than the occasion's
  window (at most :data:`MAX_FEED_PAGES` pages).
- :meth:`LedgerService.ledger` builds the ledger (:func:`app.core.ledger.build`) from
  what was kept and the outbox's rows, which it remembers (the outbox forgets sent
  messages after a month).
- :meth:`LedgerService.answer_all` answers every unanswered greeting once, through the
  outbox, each in its sender's own audience and through the account it reached: a friends
  greeting with a friends-only post addressed to that sender alone; a public greeting with
  a public post through that account only, mentioning the sender. A public greeting that
  reached an account you keep for friends only is answered to the sender alone, friends
  only — narrower, never wider. One answer per person and audience, however many
  greetings they sent. Where the account can reply, the answer is a reply to the newest
  of their greetings (the outbox's ``enqueue_reply``: threaded, and checked never to be
  wider than that post); otherwise a post of its own. In 喪中 (the setting) the answer
  is a 寒中見舞い. The polite (public) or casual (friends) template that thanks is used
  (:func:`app.core.ledger.answer_template`).

The clock comes in through the constructor (Unix seconds), so "which occasion is now" and
the rendered dates are testable.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core import ledger as core
from app.core.clock import TOKYO
from app.core.errors import NetworkError
from app.core.hashtags import append_tags
from app.core.models import AccountRef, Audience, Friend, NotificationKind, Post
from app.core.occasions import Occasion as CalendarOccasion
from app.core.templates import render
from app.services.catalogues import Catalogues, shipped
from app.services.send import SendRefused, plan_send
from app.store.db import Store
from app.store.ledger import LedgerStore
from app.store.notifications import NotificationStore
from app.store.outbox import MessageKind, OutboxTarget, TargetState
from app.store.settings import MOURNING, SENDER_NAME, Settings

if TYPE_CHECKING:  # types only: the session and the network code load when a session opens
    from app.networks.base import NetworkAdapter
    from app.services.session import Session

log = logging.getLogger(__name__)

MAX_FEED_PAGES = 5
FEED_PAGE = 40
# Occasions a ledger is kept for, in the order the chooser offers them (national holidays
# are not greeted person to person).
LEDGER_KEYS = (
    "shogatsu",
    "onenga",
    "kanchu",
    "valentine",
    "whiteday",
    "hahanohi",
    "chichinohi",
    "shochu",
    "zansho",
    "keiro",
    "oseibo",
    "christmas",
    "omisoka",
)


# Notifications that carry a post addressed to the account (a mixi2 chat message too).
_ADDRESSED = (NotificationKind.MENTION, NotificationKind.REPLY, NotificationKind.MESSAGE)


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer ``answer_all`` would send: to whom, where, and the text."""

    account: AccountRef
    audience: Audience
    greetings: tuple[core.Received, ...]  # what it answers (one person, one audience)
    text: str
    recipient: Friend | None  # friends answers: the sender alone

    @property
    def to(self) -> str:
        return self.greetings[0].sender_handle


def _ledger_occasion(o: CalendarOccasion) -> core.Occasion:
    return core.Occasion(o.key, o.name_ja, o.start, o.end, o.tags)


class LedgerService:
    def __init__(
        self,
        session: Session,
        store: Store,
        *,
        catalogues: Catalogues | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.session = session
        self.table = LedgerStore(store)
        self.notices = NotificationStore(store)  # what the notification service kept
        self.settings = Settings(store)
        self.catalogues = catalogues or shipped()
        self._clock = clock
        self.unreachable: list[AccountRef] = []  # accounts the last collect could not read

    # -- which occasion ------------------------------------------------------------------
    def now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self._clock(), TOKYO)

    def occasion(self, key: str, year: int) -> CalendarOccasion:
        """``key`` of ``year`` from the catalogue; KeyError when there is none."""
        for found in self.catalogues.on(year):
            if found.key == key:
                return found
        raise KeyError(key)

    def choices(self) -> list[CalendarOccasion]:
        """The ledger's occasions of this year and last (and next, once its window is
        near), newest first — for a chooser."""
        year = self.now().year
        found = [
            self.occasion(key, y)
            for y in (year + 1, year, year - 1)
            for key in LEDGER_KEYS
            if key in self.catalogues.occasions.entries
        ]
        today = self.now().date()
        return [o for o in found if o.start <= today + dt.timedelta(days=31)]

    def current(self) -> tuple[str, int]:
        """The occasion whose window (grace included) holds now, else the latest one that
        began before now: (key, year)."""
        now = self.now()
        options = self.choices()
        open_now = [o for o in options if core.within(_ledger_occasion(o), now)]
        if open_now:
            best = min(open_now, key=lambda o: (-o.start.toordinal(), LEDGER_KEYS.index(o.key)))
            return best.key, best.start.year
        past = [o for o in options if o.start <= now.date()]
        best = min(past, key=lambda o: (-o.start.toordinal(), LEDGER_KEYS.index(o.key)))
        return best.key, best.start.year

    def mourning(self) -> bool:
        return bool(self.settings.get(MOURNING))

    def gift_names(self, key: str) -> tuple[str, str]:
        """A gift's Japanese and English names (「門松」, "Kadomatsu"), for the UI to pick
        the one of its language (``app.i18n.data_names``); the key twice when the
        catalogue has no such gift."""
        try:
            gift = self.catalogues.gift(key)
        except KeyError:
            return key, key
        return gift.name_ja, gift.name_en

    def sender_name(self) -> str:
        """The name the user signs gift cards with (the composer remembers it)."""
        return str(self.settings.get(SENDER_NAME) or "")

    # -- collecting ----------------------------------------------------------------------
    async def collect(self, key: str, year: int) -> int:
        """Read what may be greetings to you (stored notifications first, then what the
        network has that is newer) and keep those of ``key``/``year``; returns how many new
        ones were kept. An account that cannot be read gives what was stored; it is logged
        and listed in :attr:`unreachable` until the next collect."""
        occasion = _ledger_occasion(self.occasion(key, year))
        found: dict[tuple[str, str], core.Received] = {}
        self.unreachable = []
        for adapter in list(self.session.adapters):
            posts = self._stored(adapter.account)
            try:
                posts += await self._addressed(adapter, occasion)
            except NetworkError as exc:
                log.info("ledger: %s not read (%s)", adapter.account.key, exc.kind.value)
                self.unreachable.append(adapter.account)
            except Exception:  # a sign-in that failed; the other accounts go on
                log.exception("ledger: %s not read", adapter.account.key)
                self.unreachable.append(adapter.account)
            for post in posts:
                greeting = self._greeting(occasion, adapter.account, post)
                if greeting is not None:
                    found[(greeting.account_key, greeting.post_id)] = greeting
        return self.table.add(key, year, found.values())

    def _stored(self, account: AccountRef) -> list[Post]:
        """The posts of the mentions and replies stored for ``account`` (no network)."""
        rows = self.notices.recent([account.key])
        return [
            r.notification.post
            for r in rows
            if r.notification.kind in _ADDRESSED and r.notification.post is not None
        ]

    async def _addressed(self, adapter: NetworkAdapter, occasion: core.Occasion) -> list[Post]:
        """Posts that reached you on this account and are not stored yet: mentions and
        replies newer than the newest stored notification, and friends posts addressed to
        you."""
        account = adapter.account
        posts: list[Post] = []
        if adapter.capabilities.notifications:
            try:
                found = await adapter.notifications(self.notices.newest_id(account.key))
            except NetworkError as exc:  # the feed below may still have them
                log.info("ledger: no notifications of %s (%s)", account.key, exc.kind.value)
                found = []
            for n in found:
                if n.kind in _ADDRESSED and n.post:
                    posts.append(n.post)
        if Audience.FRIENDS in account.serves:
            start, _end = core.reach(occasion)
            older: str | None = None
            for _ in range(MAX_FEED_PAGES):
                page = await adapter.timeline(limit=FEED_PAGE, older_than=older)
                posts += [p for p in page if _to_me(p, account)]
                if not page or min(p.created_at for p in page) < start:
                    break
                older = page[-1].id
        return posts

    def _greeting(
        self, occasion: core.Occasion, account: AccountRef, post: Post
    ) -> core.Received | None:
        if post.author.id == account.user_id or post.boost_of is not None:
            return None
        gift = core.gift_of((m.description for m in post.media), self.catalogues.gifts)
        if not core.received_greeting(occasion, post.text, post.created_at, gift):
            return None
        return core.Received(
            account_key=account.key,
            post_id=post.id,
            sender_id=post.author.id,
            sender_username=post.author.username,
            sender_handle=post.author.handle,
            sender_name=post.author.display_name,
            audience=post.audience,
            at=post.created_at,
            text=post.text,
            gift=gift.key if gift is not None else "",
            url=post.url,
            post=post,
        )

    # -- the ledger ----------------------------------------------------------------------
    def ledger(self, key: str, year: int) -> core.Ledger:
        """The ledger of ``key``/``year`` from what was collected and the outbox.

        Greetings sent are read from the outbox and remembered (the outbox forgets sent
        messages after a month); one that was never sent and is gone from the outbox was
        discarded: forgotten, and the greetings it answered are unanswered again."""
        occasion = _ledger_occasion(self.occasion(key, year))
        outbox = self.session.outbox.store
        answer_of = {m: keys[0] for m, keys in self.table.answers(key, year).items()}
        targets = outbox.targets()
        found = []
        for target in targets:
            candidate = self._candidate(target, answer_of.get(target.message_id))
            greeting = core.sent_greeting(occasion, candidate, self.catalogues.gifts)
            if greeting is not None:
                found.append(greeting)
        self.table.keep_sent(key, year, found)
        alive = {t.id for t in targets}
        kept = self.table.sent(key, year)
        discarded = [s for s in kept if s.target_id not in alive and not s.delivered]
        self.table.drop_sent(key, year, (s.target_id for s in discarded))
        known = {s.message_id for s in kept if s not in discarded}
        messages = {t.message_id for t in targets} | known
        for message_id in answer_of:
            if message_id not in messages:  # discarded before it was ever sent
                self.table.forget_answer(message_id)
        sent = [s for s in kept if s not in discarded]
        received = self.table.received(key, year)
        return core.build(occasion, received, sent, mourning=self.mourning())

    def _candidate(
        self, target: OutboxTarget, answer_to: tuple[str, str] | None
    ) -> core.SentCandidate:
        when = target.scheduled_at if target.scheduled_at is not None else target.created_at
        at = dt.datetime.fromtimestamp(when, TOKYO)
        descriptions: tuple[str, ...] = ()
        if target.media_count and answer_to is None:
            media = self.session.outbox.store.media(target.message_id, target.audience)
            descriptions = tuple(m.description for m in media)
        return core.SentCandidate(
            account_key=target.account.key,
            audience=target.audience,
            at=at,
            text=target.text,
            descriptions=descriptions,
            recipient_ids=target.recipients,
            target_id=target.id,
            message_id=target.message_id,
            delivered=target.state is TargetState.SENT,
            answer_to=answer_to,
        )

    # -- answering -----------------------------------------------------------------------
    def plan(self, ledger: core.Ledger, sender: str | None = None) -> list[Answer]:
        """What :meth:`answer_all` would send for ``ledger``: one answer per person and
        audience among the unanswered greetings (an account not in the session: none).
        ``sender``: the name to sign with (None: :meth:`sender_name`)."""
        sender = self.sender_name() if sender is None else sender
        groups: dict[tuple[str, str, Audience], list[core.Received]] = {}
        for row in ledger.unanswered:
            g = row.greeting
            groups.setdefault((g.account_key, g.sender_id, g.audience), []).append(g)
        out = []
        for (account_key, _sender, audience), greetings in groups.items():
            adapter = next((a for a in self.session.adapters if a.account.key == account_key), None)
            if adapter is None:
                continue
            account = adapter.account
            if audience is Audience.PUBLIC and Audience.PUBLIC not in account.serves:
                audience = Audience.FRIENDS  # narrower, never wider
            out.append(self._answer(ledger, account, audience, tuple(greetings), sender))
        return out

    def _answer(
        self,
        ledger: core.Ledger,
        account: AccountRef,
        audience: Audience,
        greetings: tuple[core.Received, ...],
        sender: str,
    ) -> Answer:
        first = greetings[0]
        entry = self.catalogues.entry(ledger.occasion.key)
        key = core.answer_occasion_key(ledger.occasion.key, ledger.mourning and entry.celebratory)
        answering = self.occasion(key, ledger.occasion.year)
        public = audience is Audience.PUBLIC
        template = core.answer_template(
            self.catalogues.suggest(key, "polite" if public else "casual")
        )
        text = render(
            template,
            occasion=answering,
            today=self.now(),
            recipient="" if public else first.sender_name,
            sender=sender,
        )
        recipient = None
        if public:
            text = f"{core.mention_of(first.sender_handle, account.label)}\n{text}"
            if answering.tags:
                text = append_tags(text, answering.tags)
        else:
            username = first.sender_username
            recipient = Friend(account.key, first.sender_id, username, first.sender_handle,
                               first.sender_name)  # fmt: skip
        return Answer(account, audience, greetings, text, recipient)

    async def answer_all(
        self, key: str, year: int, *, sender: str | None = None, send: bool = True
    ) -> list[int]:
        """Answer every unanswered greeting of ``key``/``year`` once (see the module
        docstring); returns the outbox message ids queued. ``send``: try each at once
        (else the outbox's runner sends them). A greeting another run is answering, or
        whose answer the send plan refuses, is left as it is."""
        answers = self.plan(self.ledger(key, year), sender)
        queued = []
        for answer in answers:
            keys = [(g.account_key, g.post_id) for g in answer.greetings]
            taken = self.table.claim(key, year, keys, now=self._clock())
            if not taken:
                continue
            try:
                message_id = self._enqueue(answer)
            except SendRefused as refused:
                log.info("ledger: answer to %s refused (%s)", answer.to, refused.reason.value)
                self.table.release(key, year, taken)
                continue
            self.table.answered(key, year, taken, message_id)
            queued.append(message_id)
        if send:
            for message_id in queued:
                await self.session.outbox.send_message(message_id)
        return queued

    def _enqueue(self, answer: Answer) -> int:
        """Queue ``answer`` through its own account alone: as a reply to the newest
        greeting it answers (threaded, never wider than that post) when the greeting's
        post was kept and the account can reply; else as a post of its own (a mention, or
        friends-only to the sender)."""
        outbox = self.session.outbox
        parent = answer.greetings[0].post
        recipients = (answer.recipient.user_id,) if answer.recipient is not None else None
        if parent is not None:
            try:
                return outbox.enqueue_reply(
                    parent, answer.text, audience=answer.audience, recipients=recipients
                )
            except SendRefused as refused:
                log.info("ledger: no reply to %s (%s)", answer.to, refused.reason.value)
        adapters: Sequence[NetworkAdapter] = outbox.adapters
        caps = {a.account.key: a.capabilities for a in adapters if a.account == answer.account}
        plan = plan_send(
            [answer.account],
            caps,
            {answer.audience: answer.text},
            frozenset({answer.audience}),
            recipients=(answer.recipient,) if answer.recipient is not None else (),
            now=self._clock(),
        )
        return outbox.store.add_message(
            plan.texts,
            plan.targets,
            kind=MessageKind.POST,
            now=time.time(),
            recipients=plan.recipients,
        )


def _to_me(post: Post, account: AccountRef) -> bool:
    """A friends-feed post addressed to you: you are among its recipients, or it
    mentions you."""
    if post.author.id == account.user_id:
        return False
    return account.user_id in post.recipients or account.username.casefold() in (
        core.mentioned(post.text)
    )
