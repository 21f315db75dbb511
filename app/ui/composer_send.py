"""One send from the composer: the :class:`Draft` it carries, the lead's coroutine run
without blocking the window, and its progress shown in the result rows.

A send that fails as a whole (the coroutine raised) marks every target not yet done as
failed, with the error's type only — its English text stays in the log; a problem of the
profile on disk (the disk full, the folder read-only, the database locked or damaged) is
said in words with what to do (:func:`app.ui.profile_dialog.problem_text`). Strings keep
the "Composer" translation context.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Signal

from app.core.models import Audience
from app.services.profile_problems import write_problem_of
from app.ui.composer_results import DONE, FAILED, SENDING, ResultRows
from app.ui.gift_picker import GiftDraft
from app.ui.profile_dialog import problem_text

translate = QCoreApplication.translate
log = logging.getLogger(__name__)

__all__ = ["Draft", "Send", "SendDraft", "SendFlow"]


@dataclass(frozen=True, slots=True)
class Draft:
    """Everything one send carries."""

    texts: Mapping[Audience, str]  # one text per chosen audience (they may differ)
    gift: GiftDraft | None = None  # a card per audience; recipients empty = an open card
    at: dt.datetime | None = None  # aware; None = now
    occasion_key: str | None = None


Send = Callable[[dict[Audience, str]], Awaitable[None]]
SendDraft = Callable[[Draft], Awaitable[None]]


class SendFlow(QObject):
    """Runs one send at a time; ``finished(ok, draft)`` when it is over."""

    finished = Signal(bool, object)  # every target has it (or has it scheduled); the Draft

    def __init__(
        self,
        results: ResultRows,
        send: Send | None,
        send_draft: SendDraft | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if send is None and send_draft is None:
            raise TypeError("Composer needs send_draft= (or the older send=)")
        self._results = results
        self._send = send
        self._send_draft = send_draft
        self._task: asyncio.Task[None] | None = None
        self.last_draft: Draft | None = None

    def sending(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self, draft: Draft, target_keys: list[str]) -> None:
        self.last_draft = draft
        self._results.reset()
        for key in target_keys:
            self.update(key, SENDING)
        self._results.setVisible(True)
        self._task = asyncio.ensure_future(self._run(draft))

    async def _run(self, draft: Draft) -> None:
        try:
            if self._send_draft is not None:
                await self._send_draft(draft)
            else:
                assert self._send is not None
                await self._send(dict(draft.texts))
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the lead's send failed as a whole: say so, keep the text
            log.exception("sending failed")
            reason = _failed_words(exc)
            for key, state in self._results.states().items():
                if state not in DONE:
                    self.update(key, FAILED, reason)
        finally:
            self._task = None
        self.finished.emit(self._results.all_done(), draft)

    async def wait(self) -> None:
        task = self._task
        if task is not None:
            await asyncio.gather(task, return_exceptions=True)

    def update(
        self,
        key: str,
        state: str,
        detail: str = "",
        url: str | None = None,
        outbox_id: int | None = None,
        *,
        at: dt.datetime | None = None,
    ) -> None:
        """One target's progress; a schedule without ``at`` shows the last draft's time."""
        moment = at or (self.last_draft.at if self.last_draft else None)
        self._results.show_state(key, state, detail, url, outbox_id, at=moment)


def _failed_words(error: BaseException) -> str:
    """Why a send failed as a whole: a profile problem in words (the draft is kept), else
    the error's type."""
    problem = write_problem_of(error)
    if problem is not None:
        reason, holders = problem
        return problem_text(reason, "kizuna.db", holders)
    #: Composer status; %1 is a programmer's error name (e.g. ValueError).
    return translate("Composer", "Unexpected error: %1").replace("%1", type(error).__name__)
