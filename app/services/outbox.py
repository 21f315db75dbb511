"""The durable outbox: every send goes through here (async, no Qt).

- :meth:`OutboxService.enqueue` stores a message and its targets as
  :func:`app.services.send.plan_send` resolves them (once, for the whole send); a target
  only ever gets the text of its own audience, so friends-only text never reaches a public
  target. A draft that cannot go out raises :class:`~app.services.send.SendRefused` with a
  reason code before anything is stored.
- :meth:`OutboxService.run_due` sends what is due: accounts in parallel, each account's
  targets in order (safety messages first, then oldest first).
- Pictures (a gift card) and chosen recipients travel with the message: each target
  uploads its pictures once, records every media id as it gets it (a retry reuses them),
  then publishes with those ids. Recipients apply to the friends target of their own
  account only, which then goes out addressed to them alone.
- A message scheduled ``at`` a time is not sent before it (the injectable clock decides).
  One whose time passed more than :data:`LATE_AFTER` ago before it could be tried waits
  for the user: :meth:`late_schedules`, :meth:`confirm_late`. With ``server_schedule`` on,
  a target whose network keeps schedules (``capabilities.server_schedule``) scheduled at
  least :data:`SERVER_SCHEDULE_AHEAD` ahead is handed to its server at once and recorded
  as sent and held; :meth:`cancel`, :meth:`send_now` and :meth:`reschedule` act on a
  schedule wherever it is kept, and change nothing locally when the server cannot be
  reached.
- A reply (:meth:`OutboxService.enqueue_reply`) is a message with one target, the
  account that shows the post it answers, and that post stored with it; it goes out
  through the adapter's ``reply`` (threaded on the server), never wider than the post it
  answers (:mod:`app.core.answering`: checked when queued, and by the adapter again).
- Targets left "sending" by a process that died are taken over (:meth:`resume`, and at
  the start of every :meth:`run_due`).

Retry policy
    Transient failures — no connection, a dropped connection, a timeout, 429 (its
    ``Retry-After`` wins), 5xx, a malformed reply — wait with exponential backoff and
    jitter, up to :data:`BACKOFF_CAP` (six hours), and are tried again for as long as it
    takes: they never turn a target FAILED. Only what the user must settle stops a
    target: the server refused the content, the account cannot serve the audience, the
    account is signed out or gone, or we cannot tell whether a post went out.

Exactly once
    Each attempt's create request records when it started (:meth:`OutboxStore.request_started
    <app.store.outbox.OutboxStore.request_started>`), before it leaves. A failure that
    may have reached the server — anything but a refused connection or a 4xx other than
    a rate limit (429 is "unknown": a proxy or the server may have handled the request
    first) — and a sender that died mid-attempt leave the target ``maybe_sent``. Before
    such a target is sent again:

    - first it waits (``in_transit``) until its last create request can no longer be on
      its way: the request's start plus the adapter's own request timeout
      (:attr:`NetworkAdapter.request_timeout <app.networks.base.NetworkAdapter>`, every
      phase of its HTTP client's timeout; at most :data:`LEASE` for a client without a
      limit) — a server that has not made the post yet knows neither its key nor it;
    - networks with ``capabilities.idempotent_create`` (Mastodon's ``Idempotency-Key``,
      Bluesky's client-chosen record key) are then sent again with the target's key,
      stored before the first attempt; Mastodon forgets a key after an hour, so past
      :data:`IDEMPOTENCY_WINDOW` they are treated like the next kind;
    - networks with ``capabilities.own_lookup`` and no usable key (Misskey; X; a
      Mastodon-API server that ignores the key, such as snac, or one not yet known not
      to be snac) look for *that* post: ``find_own`` with the exact text and audience,
      created since the first attempt less :data:`CLOCK_SKEW`, and never a post another
      outbox row is recorded with (two equal greetings claim two posts); found, it is
      recorded as sent; not found, it is sent again;
    - any other network: the user decides (``needs_attention``, ``maybe_sent``) rather
      than risk a double.

    A target whose attempts never started a create request (the sender died before it)
    is sent without a look-up. Per network, as their adapters declare it:

    ==========  ==========================================================================
    Mastodon    wait, then resend with the Idempotency-Key (past an hour: look up)
    snac        ignores the key: wait, then look up its own statuses, then resend
    Misskey     no key: wait, then look up ``users/notes``, then resend
    Bluesky     wait, then resend with the same record key: the repo keeps one record,
                the adapter reads a taken key back (ours only with the same text);
                past the window, like any key, the user decides (no look-up)
    X           no key: wait, then look up its own tweets, then resend
    ==========  ==========================================================================

Seams: the clock, the random source and ``checkpoint`` (awaited at named points of an
attempt — ``claimed``, ``before_request``, ``after_request`` — so a test can stop or kill
the sender there) come in through the constructor.
"""

from __future__ import annotations

import logging
import math
import os
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from app.core.answering import check_reply, reply_audience
from app.core.backoff import backoff_delay
from app.core.clock import TOKYO
from app.core.errors import AudienceRefused, ErrorKind, NetworkError
from app.core.models import AccountRef, Audience, Friend, MediaUpload, Outgoing, Post, Published
from app.services.profile_problems import WriteWatch, write_problem
from app.services.send import Pictures, Refusal, SendRefused, audience_refusal, plan_send
from app.store.outbox import LATE, MessageKind, OutboxStore, OutboxTarget, TargetState
from app.system import pid_alive

if TYPE_CHECKING:
    import asyncio

    from app.networks.base import NetworkAdapter

log = logging.getLogger(__name__)

ACCOUNT_UNAVAILABLE = "account_unavailable"
MAYBE_SENT = "maybe_sent"
# Waiting until an earlier attempt's request can no longer be in transit, then looking.
IN_TRANSIT = "in_transit"
# A sender holds a target this long; a crashed sender on another machine (or one whose
# process id we cannot check) is detected when it runs out. Longer than any one request.
LEASE = 300.0
BACKOFF_BASE = 2.0
# Transient failures are retried for ever, at most this far apart.
BACKOFF_CAP = 6 * 3600.0
# Mastodon keeps an Idempotency-Key for one hour; past that a re-send could duplicate.
IDEMPOTENCY_WINDOW = 50 * 60.0
# Server clocks differ from ours: look for our own post a little before the first try.
CLOCK_SKEW = 120.0
# A schedule missed by more than this (the app was closed) is put to the user first.
LATE_AFTER = 10 * 60.0
# Mastodon refuses a time less than 5 minutes ahead of its own clock; a minute more for
# clocks that differ and for the pictures' upload before the post itself.
SERVER_SCHEDULE_AHEAD = 5 * 60.0 + 60.0
# A sender pass that failed (the profile refused a write: disk full, read-only, locked)
# is tried again after this, doubling up to the cap, never in a tight loop.
PASS_BACKOFF_BASE = 2.0
PASS_BACKOFF_CAP = 60.0

_RETRY = frozenset(
    {
        ErrorKind.OFFLINE,
        ErrorKind.TIMEOUT,
        ErrorKind.RATE_LIMITED,
        ErrorKind.SERVER_ERROR,
        ErrorKind.BAD_RESPONSE,
    }
)
# The request never left, or the server answered before doing anything.
_NOT_SENT_DETAILS = frozenset({"ConnectError", "ConnectTimeout"})

OnUpdate = Callable[[OutboxTarget], None]
Checkpoint = Callable[[str, OutboxTarget], Awaitable[None]]


class _NotYet(Exception):
    """A target due early (for its server's schedule) that its server cannot keep now."""


class _InTransit(Exception):
    """An earlier request may still reach the server: look for its post at ``until``."""

    def __init__(self, until: float) -> None:
        super().__init__(until)
        self.until = until


class _CannotTell(Exception):
    """An earlier attempt may have posted and nothing can tell: the user decides."""


class ScheduleGone(Exception):
    """The server no longer holds a scheduled post (it was published, or cancelled
    elsewhere); the outbox forgot it. The message is the account's handle."""


class _UploadFailed(Exception):
    """A picture could not be uploaded: the post itself was certainly not sent."""

    def __init__(self, error: NetworkError) -> None:
        super().__init__(str(error))
        self.error = error


def _maybe_sent(exc: NetworkError) -> bool:
    """Whether the failed request may have been carried out by the server anyway. A 429
    may come after the server (or a proxy in front of it) handled the request."""
    if exc.kind is ErrorKind.AUDIENCE_REFUSED:
        return False
    if exc.kind is not ErrorKind.RATE_LIMITED and exc.status is not None:
        if 400 <= exc.status < 500:
            return False
    return exc.detail not in _NOT_SENT_DETAILS


def same_account(a: AccountRef, b: AccountRef) -> bool:
    """The same account, even if the local sandbox came back on other ports."""
    if a.key == b.key:
        return True
    return (
        a.sandbox
        and b.sandbox
        and (a.network, a.label, a.username) == (b.network, b.label, b.username)
    )


class OutboxService:
    def __init__(
        self,
        store: OutboxStore,
        adapters: Sequence[NetworkAdapter] = (),
        *,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
        server_schedule: bool = False,
        accounts: Sequence[AccountRef] = (),
        request_timeout: float | None = None,
        checkpoint: Checkpoint | None = None,
    ) -> None:
        """``server_schedule``: hand far-off schedules to servers that keep them (see the
        module docstring); off, every schedule stays local. ``accounts``: accounts to
        queue for that are not signed in yet (their targets wait for their adapters).
        ``request_timeout``: the longest one request can take, for every adapter (None:
        each adapter's own :attr:`~app.networks.base.NetworkAdapter.request_timeout`).
        ``checkpoint``: awaited with a point's name and the target at each point of an
        attempt (see the module docstring)."""
        self.store = store
        self.server_schedule = server_schedule
        self.adapters = list(adapters)
        self._known = list(accounts)
        self._clock = clock
        self._rng = rng or random.Random()
        self._pid = os.getpid()
        self._request_timeout = request_timeout
        self._checkpoint = checkpoint
        #: The sender's write problem (disk full, read-only, locked), None while writes work.
        self.writes = WriteWatch()
        # Claimed by this sender, whose outcome the profile refused to record.
        self._stranded: set[int] = set()

    # -- accounts -----------------------------------------------------------------------
    def accounts(self) -> list[AccountRef]:
        """The signed-in accounts, then those known but not signed in yet."""
        signed_in = [a.account for a in self.adapters]
        waiting = [k for k in self._known if not any(same_account(k, a) for a in signed_in)]
        return signed_in + waiting

    def adapter_for(self, account: AccountRef) -> NetworkAdapter | None:
        exact = [a for a in self.adapters if a.account.key == account.key]
        if exact:
            return exact[0]
        return next((a for a in self.adapters if same_account(a.account, account)), None)

    # -- queueing -----------------------------------------------------------------------
    def enqueue(
        self,
        texts: dict[Audience, str],
        audiences: frozenset[Audience] | None = None,
        *,
        kind: MessageKind | str = MessageKind.POST,
        at: datetime | None = None,
        media: Pictures = (),
        recipients: Sequence[Friend] = (),
    ) -> int:
        """Store a message for every account serving ``audiences`` (default: every audience
        with text); sent by :meth:`run_due` once ``at`` (aware) has come. Returns its id.

        ``media``: a sequence goes to every target; a mapping gives each audience its own
        pictures (a gift's open card to the public, the card addressed to the chosen
        friends to friends only — never the other's). ``recipients`` address the friends
        target of their own account (``Friend.account_key``) to them alone; other
        accounts' friends targets are then left out.
        Raises :class:`~app.services.send.SendRefused` (a reason code) when the draft
        cannot go out — before anything is stored or sent."""
        now = self._clock()
        plan = plan_send(
            self.accounts(),
            {a.account.key: a.capabilities for a in self.adapters},
            texts,
            audiences,
            media=media,
            recipients=recipients,
            at=at,
            now=now,
            server_schedule_ahead=SERVER_SCHEDULE_AHEAD if self.server_schedule else None,
        )
        return self.store.add_message(
            plan.texts,
            plan.targets,
            kind=MessageKind(kind),
            now=now,
            scheduled_at=plan.scheduled_at,
            media=plan.pictures,
            recipients=plan.recipients,
            due_now=plan.server_held,
        )

    def enqueue_reply(
        self,
        parent: Post,
        text: str,
        *,
        audience: Audience | None = None,
        recipients: Sequence[str] | None = None,
        media: Sequence[MediaUpload] = (),
    ) -> int:
        """Store a reply to ``parent`` from the account that shows it; returns its id.

        ``audience``/``recipients`` default to the widest the parent allows (and the
        account serves); anything wider than the parent raises
        :class:`~app.services.send.SendRefused` (``audience``) before anything is stored.
        Raises ``no_target`` when the parent's account is not in this session."""
        account = next((a for a in self.accounts() if a.key == parent.account_key), None)
        if account is None or not text.strip():
            raise SendRefused(Refusal.NO_TARGET, parent.account_key)
        try:
            widest, people = reply_audience(parent, account.user_id)
            if audience is None:
                audience = widest if widest in account.serves else Audience.FRIENDS
            chosen = people if recipients is None else tuple(recipients)
            check_reply(parent, audience, chosen, account.user_id)
        except AudienceRefused as exc:
            raise SendRefused(Refusal.AUDIENCE, account.handle) from exc
        adapter = self.adapter_for(account)
        if adapter is not None:
            caps = adapter.capabilities
            if media and not caps.media:
                raise SendRefused(Refusal.NO_MEDIA, account.handle)
            refusal = audience_refusal(account, caps, audience, addressed=bool(chosen))
            if refusal is not None or not caps.reply:
                raise SendRefused(refusal or Refusal.AUDIENCE, account.handle)
        return self.store.add_message(
            {audience: text},
            [(account, audience)],
            kind=MessageKind.POST,
            now=self._clock(),
            media={audience: tuple(media)} if media else (),
            recipients={account.key: chosen},
            reply_to=parent,
        )

    def late_schedules(self) -> list[OutboxTarget]:
        """Scheduled targets whose time passed while the app was closed: ask the user,
        then :meth:`confirm_late` (send now) or :meth:`discard` each.

        Those not looked at since (still queued, never tried, their time long past) are
        marked late here first, as :meth:`run_due` would: the question can be asked at
        start, before the first pass sends anything."""
        now = self._clock()
        for target in self.store.due(now):
            if self._missed(target, now) and self.store.mark_late(target.id, now=now):
                log.info("outbox: target %s missed its schedule; asking first", target.id)
        return [
            t
            for t in self.store.targets(states=(TargetState.NEEDS_ATTENTION,))
            if t.error_kind == LATE
        ]

    def confirm_late(self, message_id: int) -> int:
        """Send a missed schedule late after all: its late targets are due now (run
        :meth:`run_due` or wake the loop). Returns how many."""
        return self.store.confirm_late(message_id, now=self._clock())

    def pending(self) -> list[OutboxTarget]:
        """Everything that still waits, in sending order: not sent yet (waiting, scheduled,
        sending, failed) and what a server holds to publish later (:meth:`server_held`)."""
        return self.store.waiting(self._clock())

    # -- schedules ----------------------------------------------------------------------
    def server_held(self) -> list[OutboxTarget]:
        """Targets their server holds to publish later (Mastodon ``scheduled_at``), whose
        time has not come: ``state`` sent, ``server_scheduled``, ``remote_id`` the
        scheduled post's id."""
        return self.store.server_held(self._clock())

    @staticmethod
    def is_held(target: OutboxTarget) -> bool:
        """Whether the target was handed to its server to publish later."""
        return target.state is TargetState.SENT and target.server_scheduled

    async def cancel(self, target_id: int) -> bool:
        """Cancel a target not published yet. A local one is discarded; one its server
        holds is cancelled there first (``cancel_scheduled``) and forgotten only once the
        server agreed — a NetworkError (offline …) leaves the row as it was. A server that
        no longer holds it (404) has nothing left to cancel. False: no such target."""
        target = self.store.target(target_id)
        if target is None:
            return False
        if not self.is_held(target):
            return self.store.discard(target_id)
        await self._cancel_on_server(target, gone_is_error=False)
        return self.store.forget_held(target_id)

    async def send_now(self, target_id: int) -> bool:
        """A scheduled (missed, waiting or failed) target → due now, without a schedule;
        wake :meth:`run_forever` or call :meth:`run_due` next. One its server holds is
        cancelled there first, then sent as an ordinary post (a NetworkError leaves it
        held; :class:`ScheduleGone` when the server no longer held it)."""
        target = self.store.target(target_id)
        if target is None:
            return False
        now = self._clock()
        if self.is_held(target):
            await self._cancel_on_server(target, gone_is_error=True)
            return self.store.release_held(target_id, at=None, due_at=None, now=now)
        return self.store.reschedule(target_id, at=None, due_at=None, now=now)

    async def reschedule(self, target_id: int, at: datetime) -> bool:
        """Move a target not published yet to ``at`` (aware, in the future); a target that
        shares its message with others moves alone.

        One its server holds is moved there (``PUT``); when the new time is too close for
        the server (or the server refuses it) it is cancelled there and kept on the local
        schedule instead. A local one far enough ahead for its server is handed to it by
        the next :meth:`run_due`. Raises :class:`~app.services.send.SendRefused` for a time
        not ahead (or without a zone), NetworkError when
        the server cannot be reached (nothing changed), :class:`ScheduleGone` as above."""
        if at.tzinfo is None:
            raise SendRefused(Refusal.NAIVE_TIME)
        now = self._clock()
        when = at.timestamp()
        if when <= now:
            raise SendRefused(Refusal.TIME_PASSED)
        target = self.store.target(target_id)
        if target is None:
            return False
        adapter = self.adapter_for(target.account)
        far = when - now >= SERVER_SCHEDULE_AHEAD
        if not self.is_held(target):
            # Far enough ahead for its server: due now, so run_due hands it over.
            due_at = None if far and self._server_schedules(adapter) else when
            return self.store.reschedule(target_id, at=when, due_at=due_at, now=now)
        if (
            far
            and adapter is not None
            and adapter.capabilities.server_schedule
            and target.remote_id
        ):
            try:
                await adapter.reschedule(target.remote_id, at)
            except NetworkError as exc:
                if exc.status == 404:
                    self.store.forget_held(target_id)
                    raise ScheduleGone(target.account.handle) from exc
                if not self._refused_schedule(target, exc):
                    raise
            else:
                return self.store.reschedule_held(target_id, at=when, now=now)
        await self._cancel_on_server(target, gone_is_error=True)
        return self.store.release_held(target_id, at=when, due_at=when, now=now)

    async def _cancel_on_server(self, target: OutboxTarget, *, gone_is_error: bool) -> None:
        """Cancel the post its server holds for ``target``; a 404 (published, or cancelled
        elsewhere) is fine, or with ``gone_is_error`` forgets it and raises ScheduleGone."""
        adapter = self.adapter_for(target.account)
        if adapter is None or not adapter.capabilities.server_schedule:
            raise NetworkError(ErrorKind.SIGNED_OUT, target.account.handle)
        try:
            await adapter.cancel_scheduled(target.remote_id or "")
        except NetworkError as exc:
            if exc.status != 404:
                raise
            log.info("outbox: the server no longer held target %s", target.id)
            if gone_is_error:
                self.store.forget_held(target.id)
                raise ScheduleGone(target.account.handle) from exc

    def targets(self, message_id: int) -> list[OutboxTarget]:
        return self.store.targets(message_id=message_id)

    def target(self, target_id: int) -> OutboxTarget | None:
        """One target as the outbox keeps it now (None: discarded)."""
        return self.store.target(target_id)

    def retry(self, target_id: int) -> bool:
        return self.store.retry(target_id, now=self._clock())

    def discard(self, target_id: int) -> bool:
        return self.store.discard(target_id)

    def edit_target(self, target_id: int, text: str) -> bool:
        return self.store.edit(target_id, text, now=self._clock())

    def edit(self, message_id: int, texts: dict[Audience, str]) -> list[int]:
        """New texts for the targets of ``message_id`` not sent yet; their ids."""
        edited = []
        for target in self.store.targets(message_id=message_id):
            text = texts.get(target.audience)
            if text is not None and self.store.edit(target.id, text, now=self._clock()):
                edited.append(target.id)
        return edited

    def next_due_in(self) -> float | None:
        """Seconds until something is due (0: now; None: nothing queued)."""
        due = self.store.next_due_at()
        return None if due is None else max(0.0, due - self._clock())

    # -- sending ------------------------------------------------------------------------
    def recover_abandoned(self) -> list[OutboxTarget]:
        """Targets a dead sender left "sending" → queued again, marked as possibly sent."""
        now = self._clock()
        recovered = []
        for target in self.store.sending():
            pid, lease_until = self.store.owner(target.id)
            alive = pid is not None and pid_alive(pid)
            expired = lease_until is None or lease_until < now
            if (expired or not alive) and self.store.recover(target.id, owner_pid=pid, now=now):
                log.info("outbox: taking over target %s left sending by %s", target.id, pid)
                recovered.append(target)
        return recovered

    async def resume(self, on_update: OnUpdate | None = None) -> list[OutboxTarget]:
        """After a restart, or when asked to try again: take over what a crash left
        behind, make what waits after an error due now (a rate limit still waits), send."""
        now = self._clock()
        self.store.prune_sent(now - 30 * 86400)
        self.store.hurry(now=now)
        for target in self.store.targets(states=(TargetState.NEEDS_ATTENTION,)):
            # Its account is signed in again: nothing for the user to do any more.
            if target.error_kind == ACCOUNT_UNAVAILABLE and self.adapter_for(target.account):
                self.store.retry(target.id, now=now)
        return await self.run_due(on_update)

    async def run_due(
        self, on_update: OnUpdate | None = None, *, message_id: int | None = None
    ) -> list[OutboxTarget]:
        """One pass over the due targets (only ``message_id``'s when given); returns each
        attempted target as it ended up."""
        import asyncio

        self.recover_abandoned()
        by_account: dict[str, list[OutboxTarget]] = {}
        now = self._clock()
        for target in self.store.due(now, message_id=message_id):
            if self._missed(target, now):
                if self.store.mark_late(target.id, now=now):
                    log.info("outbox: target %s missed its schedule; asking first", target.id)
                    self._updated(target.id, on_update)
                continue
            by_account.setdefault(target.account.key, []).append(target)
        # Every account's attempts end before a failure ends the pass.
        results = await asyncio.gather(
            *(self._run_account(targets, on_update) for targets in by_account.values()),
            return_exceptions=True,
        )
        failed = [r for r in results if isinstance(r, BaseException)]
        if failed:
            raise failed[0]
        ended = [t for group in results if not isinstance(group, BaseException) for t in group]
        order = {t.id: i for i, t in enumerate(self.store.targets(message_id=message_id))}
        return sorted(ended, key=lambda t: order.get(t.id, len(order)))

    async def send_message(
        self, message_id: int, on_update: OnUpdate | None = None
    ) -> list[OutboxTarget]:
        """Send one message's due targets now; returns all its targets as they ended up."""
        await self.run_due(on_update, message_id=message_id)
        return self.store.targets(message_id=message_id)

    async def run_forever(self, on_update: OnUpdate | None, wake: asyncio.Event) -> None:
        """Send what is due, then sleep until the next due time or ``wake`` (set it after
        enqueueing, retrying or when the network came back). Cancel to stop.

        A pass that fails waits with backoff (``wake`` still cuts it short) and is tried
        again. When the profile refused a write (disk full, read-only, locked) the rows
        stay as they were — a target claimed whose outcome could not be written is queued
        again as possibly sent once writes work — and :attr:`writes` says so, and says
        again when a pass went through."""
        import asyncio

        resumed = False
        failures = 0  # passes in a row that failed
        while True:
            wake.clear()
            try:
                self._release_stranded()
                if resumed:
                    await self.run_due(on_update)
                else:
                    await self.resume(on_update)
                    resumed = True
            except Exception as exc:  # one bad pass must not end the loop that never loses posts
                failures += 1
                self._pass_failed(exc)
            else:
                failures = 0
                self.writes.report(None)
            if failures:
                delay: float | None = backoff_delay(
                    failures - 1, base=PASS_BACKOFF_BASE, cap=PASS_BACKOFF_CAP, rng=self._rng
                )
            else:
                delay = self._next_due_in_safely()
            # Wake up now and then regardless: a crashed sender's lease may run out.
            timeout = LEASE if delay is None else min(max(delay, 0.05), LEASE)
            try:
                # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a
                # cancel that arrives with the wake-up, and the sender never stops.
                async with asyncio.timeout(timeout):
                    await wake.wait()
            except TimeoutError:
                pass

    def _pass_failed(self, exc: Exception) -> None:
        """Log a failed pass; a write the profile refused goes to :attr:`writes`."""
        problem = write_problem(exc, self.store.store.path)
        if problem is None:
            log.error("outbox pass failed", exc_info=exc)
            return
        log.warning("outbox pass stopped: the profile refused a write (%s)", problem.reason)
        self.writes.report(problem)

    def _next_due_in_safely(self) -> float | None:
        """:meth:`next_due_in`, or a retry soon when even that read fails."""
        try:
            return self.next_due_in()
        except Exception as exc:
            self._pass_failed(exc)
            return PASS_BACKOFF_BASE

    def _release_stranded(self) -> None:
        """Targets this sender claimed but could not record the end of (the profile
        refused the write) are queued again, as possibly sent: the exactly-once rules
        look for the post before sending it again."""
        for target_id in sorted(self._stranded):
            self.store.recover(target_id, owner_pid=self._pid, now=self._clock())
            self._stranded.discard(target_id)

    async def _run_account(
        self, targets: list[OutboxTarget], on_update: OnUpdate | None
    ) -> list[OutboxTarget]:
        ended: list[OutboxTarget] = []
        for i, target in enumerate(targets):
            final = await self._attempt(target, on_update)
            if final is None:
                continue  # another process took it
            ended.append(final)
            if final.state is TargetState.QUEUED and final.error_kind in {k.value for k in _RETRY}:
                # The account is unreachable or busy: its other targets wait as long,
                # in the same order (a safety message stays ahead of the rest).
                for later in targets[i + 1 :]:
                    self.store.mark_waiting(
                        later.id,
                        next_attempt_at=final.next_attempt_at or self._clock(),
                        error_kind=final.error_kind or "",
                        error_detail=final.error_detail,
                        maybe_sent=False,
                        now=self._clock(),
                        from_state=TargetState.QUEUED,
                    )
                    again = self.store.target(later.id)
                    if again is not None:
                        ended.append(again)
                        if on_update:
                            on_update(again)
                break
        return ended

    @staticmethod
    def _missed(target: OutboxTarget, now: float) -> bool:
        """Never tried, and its scheduled time passed long ago (the app was closed)."""
        return (
            target.scheduled_at is not None
            and not target.late_confirmed
            and target.attempts == 0
            and target.error_kind is None
            and now - target.scheduled_at > LATE_AFTER
        )

    async def _attempt(
        self, target: OutboxTarget, on_update: OnUpdate | None
    ) -> OutboxTarget | None:
        now = self._clock()
        adapter = self.adapter_for(target.account)
        if adapter is None:
            # Signed out or removed since it was queued: keep it for when it is back.
            self.store.mark_stopped(
                target.id,
                TargetState.NEEDS_ATTENTION,
                error_kind=ACCOUNT_UNAVAILABLE,
                error_detail=target.account.handle,
                maybe_sent=False,
                now=now,
                from_state=TargetState.QUEUED,
            )
            return self._updated(target.id, on_update)
        if not self.store.claim(target.id, pid=self._pid, lease_until=now + LEASE, now=now):
            return None
        try:
            claimed = self._updated(target.id, on_update)
            assert claimed is not None
            try:
                await self._pause("claimed", claimed)
                published = await self._publish(adapter, claimed)
            except Exception as exc:  # a bug in one adapter must not lose the other targets
                self._record_outcome(claimed, exc)
            else:
                self.store.mark_sent(
                    claimed.id,
                    remote_id=published.remote_id,
                    url=published.url,
                    now=self._clock(),
                    server_scheduled=published.scheduled,
                )
        except Exception:
            self._stranded.add(target.id)  # its outcome was not written: see run_forever
            raise
        return self._updated(target.id, on_update)

    def _record_outcome(self, target: OutboxTarget, exc: Exception) -> None:
        """Record why an attempt at ``target`` ended without a post."""
        if isinstance(exc, _NotYet):
            self._schedule_locally(target)
        elif isinstance(exc, _InTransit):
            log.info("outbox: target %s waits for its last request before looking", target.id)
            self.store.mark_waiting(
                target.id,
                next_attempt_at=exc.until,
                error_kind=IN_TRANSIT,
                error_detail="",
                maybe_sent=True,
                now=self._clock(),
            )
        elif isinstance(exc, _CannotTell):
            self.store.mark_stopped(
                target.id,
                TargetState.NEEDS_ATTENTION,
                error_kind=MAYBE_SENT,
                error_detail="",
                maybe_sent=True,
                now=self._clock(),
            )
        elif isinstance(exc, _UploadFailed):
            self._record_failure(target, exc.error, not_sent=True)
        elif isinstance(exc, NetworkError):
            if self._refused_schedule(target, exc):
                log.info("outbox: %s refused the schedule of target %s", exc.detail, target.id)
                self._schedule_locally(target)
            else:
                self._record_failure(target, exc)
        else:
            log.error("outbox: unexpected error sending target %s", target.id, exc_info=exc)
            self._record_failure(target, NetworkError(ErrorKind.BAD_RESPONSE, type(exc).__name__))

    async def _pause(self, point: str, target: OutboxTarget) -> None:
        if self._checkpoint is not None:
            await self._checkpoint(point, target)

    def _server_schedules(self, adapter: NetworkAdapter | None) -> bool:
        return self.server_schedule and adapter is not None and adapter.capabilities.server_schedule

    def _server_time(self, adapter: NetworkAdapter, target: OutboxTarget) -> datetime | None:
        """The time to hand the target's server (None: send now). Raises :class:`_NotYet`
        for a target due before its time whose server cannot keep that time now."""
        if target.scheduled_at is None or not self._server_schedules(adapter):
            return None
        ahead = target.scheduled_at - self._clock()
        if ahead <= 0:
            return None  # its time has come: an ordinary post
        if ahead < SERVER_SCHEDULE_AHEAD:
            raise _NotYet
        return datetime.fromtimestamp(target.scheduled_at, UTC)

    @staticmethod
    def _refused_schedule(target: OutboxTarget, exc: NetworkError) -> bool:
        """The server refused the time itself (Mastodon's 422 "Scheduled at …"): nothing
        was posted, the local schedule takes over."""
        return (
            target.scheduled_at is not None
            and exc.kind is ErrorKind.REJECTED
            and "scheduled at" in (exc.detail or "").lower()
        )

    def _schedule_locally(self, target: OutboxTarget) -> None:
        assert target.scheduled_at is not None
        self.store.schedule_locally(
            target.id,
            at=target.scheduled_at,
            now=self._clock(),
            from_state=TargetState.SENDING,
        )

    async def _publish(self, adapter: NetworkAdapter, target: OutboxTarget) -> Published:
        """The target's post: found again when an earlier attempt made it, else sent."""
        addressed = bool(target.recipients)
        refusal = audience_refusal(
            adapter.account, adapter.capabilities, target.audience, addressed=addressed
        )
        if refusal is not None:
            # Checked again at send time: the adapter may have learnt more since the
            # message was queued. Nothing is ever silently widened from friends to public.
            raise NetworkError(ErrorKind.AUDIENCE_REFUSED, refusal.value)
        if target.maybe_sent:
            found = await self._earlier_post(adapter, target)
            if found is not None:
                log.info("outbox: target %s was already posted as %s", target.id, found.remote_id)
                return found
        server_time = self._server_time(adapter, target)
        media_ids = await self._upload(adapter, target)
        await self._pause("before_request", target)
        self.store.request_started(target.id, at=self._clock())
        outgoing = Outgoing(
            text=target.text,
            audience=target.audience,
            recipients=target.recipients,
            idempotency_key=target.idempotency_key,
            media_ids=media_ids,
            scheduled_at=server_time,
        )
        if target.reply_to is not None:
            published = await adapter.reply(target.reply_to, outgoing)
        else:
            published = await adapter.publish(outgoing)
        await self._pause("after_request", target)
        return published

    async def _earlier_post(
        self, adapter: NetworkAdapter, target: OutboxTarget
    ) -> Published | None:
        """The post an earlier attempt of ``target`` made, or None when sending (again)
        cannot make a second one. Raises :class:`_InTransit` while the last request may
        still arrive, :class:`_CannotTell` when nothing can tell (module docstring)."""
        started = target.request_started_at
        if started is None:
            return None  # no attempt ever got as far as the request
        now = self._clock()
        first = target.first_attempt_at or started
        caps = adapter.capabilities
        keyed = caps.idempotent_create and now - first <= IDEMPOTENCY_WINDOW
        if not (keyed or caps.own_lookup):
            raise _CannotTell
        in_transit_until = started + self._in_transit_bound(adapter)
        if now < in_transit_until:
            # Even a key does not help while the first request is still on its way: a
            # server records the key only once it made the post.
            raise _InTransit(in_transit_until)
        if keyed:
            return None  # the stored key makes the server answer with the first post
        return await adapter.find_own(
            target.text,
            target.audience,
            datetime.fromtimestamp(min(first, started) - CLOCK_SKEW, UTC),
            exclude=self.store.claimed_remote_ids(besides=target.id),
        )

    def _in_transit_bound(self, adapter: NetworkAdapter) -> float:
        """How long after its start a create request of ``adapter`` may still arrive."""
        bound = self._request_timeout
        if bound is None:
            bound = adapter.request_timeout
        # A client without a limit on some phase: the lease, which outlasts any request
        # the outbox waits for, bounds it (else the target would wait for ever).
        return bound if math.isfinite(bound) else LEASE

    async def _upload(self, adapter: NetworkAdapter, target: OutboxTarget) -> tuple[str, ...]:
        """The media ids of the target's pictures, uploading only those not uploaded yet
        (each id is stored as soon as the server gives it)."""
        media_ids = list(target.media_ids)
        if target.media_count <= len(media_ids):
            return tuple(media_ids[: target.media_count])
        if not adapter.capabilities.media:
            raise NetworkError(ErrorKind.REJECTED, "no_media")
        for item in self.store.media(target.message_id, target.audience)[len(media_ids) :]:
            try:
                media_id = await adapter.upload(item)
            except NetworkError as exc:
                raise _UploadFailed(exc) from exc
            self.store.add_media_id(target.id, media_id)
            media_ids.append(media_id)
        return tuple(media_ids)

    def _record_failure(
        self, target: OutboxTarget, exc: NetworkError, *, not_sent: bool = False
    ) -> None:
        """Transient failures wait (never FAILED); the rest wait for the user."""
        now = self._clock()
        maybe = False if not_sent else _maybe_sent(exc)
        detail = exc.detail or ""
        if exc.kind not in _RETRY:
            log.warning("outbox: target %s failed: %s", target.id, exc.kind.value)
            self.store.mark_stopped(
                target.id,
                TargetState.FAILED,
                error_kind=exc.kind.value,
                error_detail=detail,
                maybe_sent=maybe,
                now=now,
            )
            return
        delay = backoff_delay(
            target.attempts - 1,
            base=BACKOFF_BASE,
            cap=BACKOFF_CAP,
            rng=self._rng,
            retry_after=exc.retry_after,
        )
        log.info("outbox: target %s waits %.1fs after %s", target.id, delay, exc.kind.value)
        self.store.mark_waiting(
            target.id,
            next_attempt_at=now + delay,
            error_kind=exc.kind.value,
            error_detail=detail,
            maybe_sent=maybe,
            now=now,
        )

    def _updated(self, target_id: int, on_update: OnUpdate | None) -> OutboxTarget | None:
        target = self.store.target(target_id)
        if target is not None and on_update is not None:
            on_update(target)
        return target


# -- stored reasons and texts ---------------------------------------------------------


def error_of(target: OutboxTarget) -> NetworkError | None:
    """The stored reason as a NetworkError (for code that shows those)."""
    if not target.error_kind:
        return None
    try:
        kind = ErrorKind(target.error_kind)
    except ValueError:
        kind = ErrorKind.BAD_RESPONSE
    return NetworkError(kind, target.error_detail)


def safety_texts(
    message: str | None = None,
    *,
    place: str | None = None,
    when: datetime | None = None,
) -> dict[Audience, str]:
    """The 安否確認 message: polite to the public, casual to friends, with the time
    (Asia/Tokyo) and, if given, the place."""
    when = (when or datetime.now(UTC)).astimezone(TOKYO)
    stamp = f"{when.month}月{when.day}日 {when:%H:%M}"
    message = (message or "").strip()
    if message:
        public, friends = f"【安否確認】{message}", message
    else:
        public = "【安否確認】無事です。ご心配をおかけしました。"
        friends = "無事だよ！心配かけてごめんね"
    if place and place.strip():
        public += f"\n場所：{place.strip()}（{stamp} 現在）"
        friends += f"\nいま{place.strip()}にいるよ（{stamp}）"
    else:
        public += f"\n（{stamp} 現在）"
        friends += f"\n（{stamp}）"
    return {Audience.PUBLIC: public, Audience.FRIENDS: friends}
