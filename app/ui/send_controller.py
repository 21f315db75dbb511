"""The composer's sends: the targets it counts against, the draft handed to the session's
poster, and each target's progress back in the composer's result rows.

A refused draft (nothing stored) and every target's error are worded from their reason
codes (:mod:`app.ui.errors`); the rows update again when the outbox retries a target in
the background (:meth:`SendController.on_row`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from app.core.models import Audience, Friend, MediaUpload
from app.services.outbox_rows import OutboxTarget
from app.services.poster import TargetResult, TargetState, result_of
from app.ui.errors import describe, describe_kind, describe_refusal

if TYPE_CHECKING:  # the composer is loaded when first opened, not at the window's start
    from app.services.session import Session
    from app.ui.composer import Composer, Draft
    from app.ui.composer_counters import TargetInfo


class SendController:
    def __init__(
        self,
        *,
        session: Callable[[], Session | None],
        composer: Callable[[], Composer | None],
        sent: Callable[[], None],
        save_draft: Callable[[], object],
        forget_draft: Callable[[], None],
        status: Callable[[str], None],
    ) -> None:
        """``sent``: a send ended (wake the outbox, recount it). ``status``: a short
        message for the window's status bar."""
        self._session = session
        self._composer = composer
        self._sent = sent
        self._save_draft = save_draft
        self._forget_draft = forget_draft
        self._status = status
        self._shown: set[int] = set()  # outbox ids shown in the composer

    def targets(self, audiences: frozenset[Audience]) -> list[TargetInfo]:
        """What the composer counts against: one line per account and audience."""
        from app.ui.composer_counters import TargetInfo  # with the composer, not at start

        session = self._session()
        if session is None:
            return []
        # A gift to chosen friends also goes through the accounts those friends belong to
        # (a server without followers-only posts carries a friends post only addressed).
        addressed: set[str] = set()
        composer = self._composer()
        if composer is not None and composer.gift_picker.gift() is not None:
            addressed = {f.account_key for f in composer.gift_picker.recipients()}
        infos = []
        for target in session.poster.targets(audiences, addressed):
            limits = session.poster.adapter(target).limits
            infos.append(
                TargetInfo(
                    key=target.key,
                    label=target.account.handle,
                    network=target.account.network,
                    audience=target.audience,
                    limit=limits.max_characters,
                    unit=limits.unit,
                    url_weight=limits.characters_reserved_per_url,
                    limits=limits,
                )
            )
        return infos

    def on_row(self, row: OutboxTarget) -> None:
        """A target changed in the outbox (a background retry, say)."""
        if row.id in self._shown:
            scheduled = row.scheduled_at is not None and row.scheduled_at > time.time()
            self._show(row.key, result_of(row), scheduled)

    def _why(self, result: TargetResult) -> str:
        """Why a target is not sent, worded from the reason its outbox row keeps (the
        outbox's own reasons as well as the ErrorKinds)."""
        session = self._session()
        if result.outbox_id is not None and session is not None:
            row = session.outbox.target(result.outbox_id)
            if row is not None and row.error_kind:
                return describe_kind(row.error_kind, row.error_detail)
        return describe(result.error) if result.error else ""

    def _show(self, row_key: str, result: TargetResult, scheduled: bool) -> None:
        composer = self._composer()
        if composer is None:
            return
        # The composer's rows: a target that waits for the user reads as failed (with why).
        state = "failed" if result.needs_user else result.state.value
        detail = self._why(result) if result.state is not TargetState.SENT else ""
        if result.held or (scheduled and result.state is TargetState.QUEUED):
            state, detail = "scheduled", ""
        url = result.published.url if result.published else None
        composer.update_target(row_key, state, detail, url, result.outbox_id)

    async def send_draft(self, draft: Draft) -> None:
        session = self._session()
        if session is None:
            return
        scheduled = draft.at is not None and draft.at > datetime.now(UTC)

        def update(result: TargetResult) -> None:
            if result.outbox_id is not None:
                self._shown.add(result.outbox_id)
            self._show(result.target.key, result, scheduled)

        # Each audience gets its own card: the public an open one, friends the one
        # addressed to the chosen friends (their names never reach the public side).
        media: dict[Audience, tuple[MediaUpload, ...]] = {}
        recipients: tuple[Friend, ...] = ()
        if draft.gift is not None:
            media = draft.gift.media()
            recipients = tuple(draft.gift.recipients)
        self._save_draft()
        try:
            results = await session.poster.send_draft(
                dict(draft.texts), media=media, recipients=recipients, at=draft.at, on_update=update
            )
        except ValueError as exc:  # refused before anything was stored or sent
            self._refused(draft, describe_refusal(exc))
            return
        finally:
            self._sent()
        for result in results:  # a scheduled draft is stored, not attempted: say so
            update(result)
        if scheduled:
            self._forget_draft()  # it is safe in the outbox now
            self._status(
                QCoreApplication.translate("MainWindow", "Scheduled; it waits in the outbox")
            )
        elif results and all(r.state is TargetState.SENT for r in results):
            self._forget_draft()
            #: Status bar after a post reached every account it was for (送信済み).
            self._status(QCoreApplication.translate("MainWindow", "Sent"))

    def _refused(self, draft: Draft, reason: str) -> None:
        composer = self._composer()
        if composer is None:
            return
        for info in self.targets(frozenset(draft.texts)):
            composer.update_target(info.key, "failed", reason)  # the row says "not sent"
