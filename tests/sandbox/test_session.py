"""The session facade without Qt: queue first, sign in later, one side never blocking the
other, and the layers it keeps (services import no sandbox; accounts and session no
cycle). Accounts here are fakes; the real sandbox and CLI are in test_cli.py."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path

from app.auth.loopback import SignInError
from app.core.errors import ErrorKind, NetworkError
from app.core.models import (
    AccountRef,
    Audience,
    Author,
    Capabilities,
    Limits,
    Outgoing,
    Post,
    Published,
)
from app.networks.base import AdapterBase, NetworkAdapter
from app.services.session import Session
from app.services.sign_in_later import PendingSignIn
from app.store.db import Store
from app.store.outbox import OutboxStore, TargetState
from tests.conftest import ROOT

BOTH = frozenset({Audience.PUBLIC, Audience.FRIENDS})


def account(side: str, audience: Audience) -> AccountRef:
    return AccountRef(
        key=f"fake:{side}",
        network="misskey",
        base_url=f"https://{side}.invalid",
        user_id="1",
        username="me",
        handle=f"@me@{side}",
        serves=frozenset({audience}),
        label=side,
        sandbox=True,
    )


class Posting(AdapterBase):
    """A signed-in account that keeps what it is sent."""

    def __init__(self, ref: AccountRef) -> None:
        self.account, self.network = ref, ref.network
        self.sent: list[str] = []

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(audiences=BOTH, own_lookup=True)

    @property
    def limits(self) -> Limits:
        return Limits(max_characters=3000, unit="graphemes")

    async def me(self) -> Author:
        raise NetworkError(ErrorKind.OFFLINE)

    async def timeline(self, *, limit: int = 20, older_than: str | None = None) -> list[Post]:
        return []

    async def stream(self, on_open: Callable[[], None] | None = None) -> AsyncIterator[Post]:
        await asyncio.Event().wait()
        yield  # type: ignore[misc]

    async def publish(self, outgoing: Outgoing) -> Published:
        self.sent.append(outgoing.text)
        return Published(str(len(self.sent)), f"{self.account.base_url}/{len(self.sent)}")

    async def find_own(self, *args: object, **kwargs: object) -> Published | None:
        return None

    async def aclose(self) -> None:
        return None


class Server:
    """Signs an account in, or refuses while it is down; counts the attempts."""

    def __init__(self, ref: AccountRef) -> None:
        self.adapter = Posting(ref)
        self.down = False
        self.attempts = 0

    async def sign_in(self) -> NetworkAdapter:
        self.attempts += 1
        if self.down:
            raise SignInError("the server did not answer")
        return self.adapter


def two_sides(tmp_path: Path) -> tuple[Session, Server, Server]:
    public = Server(account("sora", Audience.PUBLIC))
    friends = Server(account("nakama", Audience.FRIENDS))
    session = Session(
        [
            PendingSignIn(public.adapter.account, public.sign_in),
            PendingSignIn(friends.adapter.account, friends.sign_in),
        ],
        outbox_store=OutboxStore(Store(tmp_path / "kizuna.db")),
    )
    return session, public, friends


def test_a_message_is_queued_for_every_account_before_any_sign_in(tmp_path: Path) -> None:
    session, public, friends = two_sides(tmp_path)
    message = session.outbox.enqueue({a: "おはよう" for a in BOTH}, BOTH)
    rows = session.outbox.targets(message)
    assert [(r.account.key, r.state) for r in rows] == [
        ("fake:sora", TargetState.QUEUED),
        ("fake:nakama", TargetState.QUEUED),
    ]
    assert public.attempts == friends.attempts == 0  # no network call yet
    assert [a.handle for a in session.waiting_for_sign_in()] == ["@me@sora", "@me@nakama"]


def test_a_side_that_cannot_sign_in_waits_and_the_other_is_sent(tmp_path: Path) -> None:
    session, public, friends = two_sides(tmp_path)
    friends.down = True
    woken: list[str] = []
    session.on_signed_in(lambda acc: woken.append(acc.handle))

    async def scenario() -> None:
        message = session.outbox.enqueue({a: "元気です" for a in BOTH}, BOTH)
        still = await session.sign_in()
        assert [a.handle for a in still] == ["@me@nakama"]
        await session.outbox.run_due()
        sent, waiting = session.outbox.targets(message)
        assert sent.state is TargetState.SENT and public.adapter.sent == ["元気です"]
        # Waiting with the reason, to be retried — never failed, never dropped.
        assert waiting.state is TargetState.QUEUED and waiting.error_kind == "offline"
        assert friends.adapter.sent == []
        assert session.poster.adapter(session.poster.targets(BOTH)[0]) is public.adapter

        friends.down = False
        assert await session.sign_in() == []
        assert woken == ["@me@sora", "@me@nakama"]
        # Due now (not at the end of its backoff), through the real adapter.
        await session.outbox.run_due()
        assert session.outbox.targets(message)[1].state is TargetState.SENT
        assert friends.adapter.sent == ["元気です"]
        assert friends.adapter in session.adapters and friends.adapter in session.friends.adapters
        assert friends.adapter in session.feeds[Audience.FRIENDS].adapters
        await session.aclose()

    asyncio.run(scenario())


def test_sending_never_signs_in_on_the_way(tmp_path: Path) -> None:
    """A target goes out only through the signed-in adapter (whose exactly-once checks the
    outbox makes), so publishing through a waiting account fails "offline" at once."""
    session, public, _friends = two_sides(tmp_path)
    pending = session.adapters[0]

    async def scenario() -> None:
        try:
            await pending.publish(Outgoing(text="x", audience=Audience.PUBLIC))
        except NetworkError as exc:
            assert exc.kind is ErrorKind.OFFLINE
        else:
            raise AssertionError("published without signing in")
        assert public.attempts == 0
        assert await pending.timeline() == []  # reading signs in
        assert public.attempts == 1

    asyncio.run(scenario())


def test_services_import_neither_the_sandbox_nor_each_other_in_a_cycle() -> None:
    code = (
        "import sys; import app.services.accounts as a; "
        "assert 'app.services.session' not in sys.modules, 'accounts imports session'; "
        "import app.services.session; "
        "bad = [m for m in sys.modules if m.startswith('app.sandbox') or m.startswith('app.ui')]; "
        "assert not bad, bad"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


def test_the_sandbox_accounts_are_known_before_signing_in_as_signing_in_names_them(
    sandbox,  # type: ignore[no-untyped-def]
) -> None:
    """What the sandbox's accounts file says is the account signing in gives: targets
    queued before the sign-in belong to the adapter after it."""
    from app.services.session import SandboxAccounts, open_sandbox_session

    found = SandboxAccounts.read(sandbox.data_dir)
    assert found is not None and found.sides() == ["public", "friends"]
    before = [found.account(side) for side in found.sides()]

    async def scenario() -> list[AccountRef]:
        session = await open_sandbox_session(sandbox.data_dir)
        try:
            assert session.waiting_for_sign_in() == []
            return [a.account for a in session.adapters]
        finally:
            await session.aclose()

    after = asyncio.run(scenario())
    assert before == after
    assert [a.handle for a in after] == ["@me@sora", "@me@nakama"]


class Reading(Posting):
    """A signed-in account whose timeline holds two friends' posts."""

    async def timeline(self, *, limit: int = 20, older_than: str | None = None) -> list[Post]:
        author = Author(id="2", username="rin", handle="@rin@nakama", display_name="りん")
        return [
            Post(
                id=str(i),
                network=self.network,
                account_key=self.account.key,
                author=author,
                created_at=datetime(2026, 1, 1, tzinfo=UTC),
                text=f"投稿{i}",
                html=f"投稿{i}",
                audience=Audience.FRIENDS,
                visibility="followers",
            )
            for i in (2, 1)
        ]


def test_a_feed_loads_the_first_page_of_an_account_that_signs_in_late(tmp_path: Path) -> None:
    """The friends feed's first page fails while its account cannot sign in; once it
    signs in, catch_up gives that page (once), and never for an account whose page is in."""
    friends = Server(account("nakama", Audience.FRIENDS))
    friends.adapter = Reading(friends.adapter.account)
    friends.down = True
    session = Session([PendingSignIn(friends.adapter.account, friends.sign_in)])
    feed = session.feeds[Audience.FRIENDS]

    async def scenario() -> None:
        posts, errors = await feed.initial()
        assert posts == [] and [e.kind for e in errors] == [ErrorKind.OFFLINE]
        assert feed.missing == {"fake:nakama"}
        friends.down = False
        assert await session.sign_in() == []
        caught, errors = await feed.catch_up("fake:nakama")
        assert [p.text for p in caught] == ["投稿2", "投稿1"] and errors == []
        assert feed.missing == frozenset()
        assert await feed.catch_up("fake:nakama") == ([], [])  # once only
        await session.aclose()

    asyncio.run(scenario())
