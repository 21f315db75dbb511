"""The audience guard as an invariant (hypothesis): for any draft and any set of accounts,
friends-only text never leaves with a public visibility, every target gets exactly the text
of its own audience, and a target that cannot honour its audience gets nothing at all.

Real adapters (Mastodon, Misskey, Bluesky) talk to scripted servers (httpx.MockTransport)
that record every request, so the check is on what would really go over the wire. Bluesky
has no friends audience at all: every post there is public.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qs

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.models import AccountRef, Audience, Capabilities, Outgoing
from app.networks.base import AudienceRefused, ErrorKind, NetworkAdapter
from app.networks.bluesky import BlueskyAdapter, BlueskySession
from app.networks.mastodon import MastodonAdapter
from app.networks.misskey import MisskeyAdapter
from app.services.poster import Poster, TargetResult, TargetState

# What each network's wire visibilities mean: who may read the post.
PUBLIC_WIRE = {
    "mastodon": {"public", "unlisted"},
    "misskey": {"public", "home"},
    "bluesky": {"public"},
}
FRIENDS_WIRE: dict[str, set[str]] = {
    "mastodon": {"private", "direct"},
    "misskey": {"followers", "specified"},
    "bluesky": set(),  # nothing on Bluesky is private
}
NETWORKS = ("mastodon", "misskey", "bluesky")


@dataclass
class Sent:
    host: str
    network: str
    visibility: str
    text: str
    recipients: list[str] = field(default_factory=list)


@dataclass
class Wire:
    """Scripted servers for every account; records each post that would be published."""

    sent: list[Sent] = field(default_factory=list)
    other: list[str] = field(default_factory=list)  # every other request, for the record

    def handle(self, request: httpx.Request) -> httpx.Response:
        host, path = request.url.host, request.url.path
        if path == "/api/v1/statuses" and request.method == "POST":
            form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
            self.sent.append(Sent(host, "mastodon", form.get("visibility", ""), form["status"]))
            return httpx.Response(200, json={"id": str(len(self.sent)), "url": None})
        if path == "/api/notes/create":
            body = json.loads(request.content)
            self.sent.append(
                Sent(
                    host,
                    "misskey",
                    body.get("visibility", ""),
                    body["text"],
                    list(body.get("visibleUserIds", [])),
                )
            )
            return httpx.Response(200, json={"createdNote": {"id": f"n{len(self.sent)}"}})
        if path == "/xrpc/com.atproto.repo.createRecord":
            body = json.loads(request.content)
            self.sent.append(Sent(host, "bluesky", "public", body["record"]["text"]))
            uri = f"at://did:plc:me/app.bsky.feed.post/{body['rkey']}"
            return httpx.Response(200, json={"uri": uri, "cid": "bafy"})
        self.other.append(f"{request.method} {host}{path}")
        if path == "/api/v2/instance":
            # A Mastodon that says what it is (a friends post is held until it has).
            return httpx.Response(200, json={"domain": host, "version": "4.3.0"})
        if path == "/xrpc/com.atproto.identity.resolveHandle":
            return httpx.Response(400, json={"error": "InvalidRequest", "message": "no such"})
        if path.startswith("/api/v1/accounts/"):
            return httpx.Response(200, json={"id": path.rsplit("/", 1)[1], "acct": "friend"})
        return httpx.Response(404, json={"error": "Record not found"})


class Restricted:
    """A real adapter behind a server that can honour only some audiences."""

    def __init__(self, inner: NetworkAdapter, audiences: frozenset[Audience]) -> None:
        self._inner = inner
        self.network = inner.network
        self.account = inner.account
        self._caps = replace(inner.capabilities, audiences=audiences)

    @property
    def capabilities(self) -> Capabilities:
        return self._caps

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


@dataclass(frozen=True)
class AccountSpec:
    network: str
    serves: frozenset[Audience]
    honours: frozenset[Audience]


audiences = st.frozensets(st.sampled_from(list(Audience)))
# Accounts as the app has them: any network, serving any subset of the audiences, each
# adapter honouring what its network can do.
NATURAL = {
    "mastodon": frozenset(Audience),
    "misskey": frozenset(Audience),
    "bluesky": frozenset({Audience.PUBLIC}),
}
natural_specs = st.builds(
    lambda network, serves: AccountSpec(network, serves, NATURAL[network]),
    st.sampled_from(NETWORKS),
    audiences,
)
texts = st.text(max_size=30) | st.sampled_from(["", "   ", "\n", "@friend 元気？", "#タグ"])
drafts = st.fixed_dictionaries({}, optional={Audience.PUBLIC: texts, Audience.FRIENDS: texts})


def build(specs: list[AccountSpec], wire: Wire) -> list[NetworkAdapter]:
    adapters: list[NetworkAdapter] = []
    for i, spec in enumerate(specs):
        base = f"https://a{i}.test"
        account = AccountRef(
            key=f"{spec.network}:{base}:me",
            network=spec.network,
            base_url=base,
            user_id="1",
            username="me",
            handle=f"@me@a{i}",
            serves=spec.serves,
            label=f"a{i}",
        )
        client = httpx.AsyncClient(transport=httpx.MockTransport(wire.handle))
        inner: Any
        if spec.network == "bluesky":
            session = BlueskySession("did:plc:me", f"me.a{i}.test", "access", "refresh")
            inner = BlueskyAdapter(account, session, client=client)
        elif spec.network == "mastodon":
            inner = MastodonAdapter(account, "tok", client=client)
        else:
            inner = MisskeyAdapter(account, "tok", client=client)
        if spec.honours != inner.capabilities.audiences:
            inner = Restricted(inner, spec.honours)
        adapters.append(inner)
    return adapters


@settings(max_examples=150, deadline=None)
@given(st.lists(natural_specs, min_size=1, max_size=4), drafts)
def test_poster_never_widens_friends_text_and_skips_what_it_cannot_honour(
    specs: list[AccountSpec], draft: dict[Audience, str]
) -> None:
    check_poster(specs, draft)


def test_an_adapter_that_says_it_cannot_honour_an_audience_is_not_asked_to() -> None:
    check_poster(
        [AccountSpec("mastodon", frozenset({Audience.PUBLIC}), frozenset())],
        {Audience.PUBLIC: "hello"},
    )


def check_poster(specs: list[AccountSpec], draft: dict[Audience, str]) -> None:
    """Send ``draft`` through the Poster to accounts built from ``specs``; check the wire."""
    # Unique markers make each audience's text recognisable on the wire.
    marker = {a: f"[{a.value}-{uuid.uuid4().hex[:8]}]" for a in Audience}
    draft = {a: (f"{marker[a]} {t}" if t.strip() else t) for a, t in draft.items()}
    wire = Wire()
    adapters = build(specs, wire)
    updates: list[TargetResult] = []

    async def send() -> list[TargetResult]:
        try:
            return await Poster(adapters).send(draft, updates.append)
        finally:
            for a in adapters:
                await a.aclose()

    results = asyncio.run(send())

    # 1. Friends text never leaves with a public visibility, public text never as friends.
    for s in wire.sent:
        if marker[Audience.FRIENDS] in s.text:
            assert s.visibility in FRIENDS_WIRE[s.network], s
            assert marker[Audience.PUBLIC] not in s.text
        if s.visibility in PUBLIC_WIRE[s.network]:
            assert marker[Audience.FRIENDS] not in s.text, s
            assert marker[Audience.PUBLIC] in s.text, s
        else:
            assert s.visibility in FRIENDS_WIRE[s.network], s
            assert marker[Audience.FRIENDS] in s.text, s

    # 2. Exactly one post per target that serves and honours its audience; none elsewhere.
    for i, spec in enumerate(specs):
        here = [s for s in wire.sent if s.host == f"a{i}.test"]
        for audience in Audience:
            wanted = bool(draft.get(audience, "").strip()) and audience in spec.serves
            on_wire = (PUBLIC_WIRE if audience is Audience.PUBLIC else FRIENDS_WIRE)[spec.network]
            count = sum(s.visibility in on_wire for s in here)
            assert count == (1 if wanted and audience in spec.honours else 0), (spec, here)

    # 3. Every target has an outcome; refused ones say why.
    for result in results:
        spec = specs[[a.account.key for a in adapters].index(result.target.account.key)]
        if result.target.audience in spec.honours:
            assert result.state is TargetState.SENT, result
        else:
            assert result.state is TargetState.FAILED, result
            assert result.error is not None and result.error.kind is ErrorKind.AUDIENCE_REFUSED
    assert len(results) == sum(
        1
        for spec in specs
        for audience in Audience
        if audience in spec.serves and draft.get(audience, "").strip()
    )
    assert {u.target.key for u in updates} == {r.target.key for r in results}


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(NETWORKS),
    st.sampled_from(list(Audience)),
    st.lists(st.sampled_from(["7", "8", "9abc"]), max_size=3),
    texts,
)
def test_an_adapter_never_sends_recipients_or_friends_text_publicly(
    network: str, audience: Audience, recipients: list[str], text: str
) -> None:
    """Straight at the adapters, with chosen recipients: a post for chosen friends goes
    only to them (direct/specified); recipients with the public audience are refused
    before anything is sent."""
    wire = Wire()
    (adapter,) = build([AccountSpec(network, frozenset(Audience), NATURAL[network])], wire)
    outgoing = Outgoing(text=f"[m] {text}", audience=audience, recipients=tuple(recipients))

    async def publish() -> Exception | None:
        try:
            await adapter.publish(outgoing)
        except AudienceRefused as exc:
            return exc
        finally:
            await adapter.aclose()
        return None

    refused = asyncio.run(publish())
    if recipients and (audience is Audience.PUBLIC or network == "bluesky"):
        assert refused is not None and wire.sent == [] and wire.other == []
        return
    if audience not in NATURAL[network]:
        assert refused is not None and wire.sent == [] and wire.other == []
        return
    assert refused is None and len(wire.sent) == 1
    (s,) = wire.sent
    if audience is Audience.PUBLIC:
        assert s.visibility in PUBLIC_WIRE[network] and not recipients
    elif recipients:
        assert s.visibility == {"mastodon": "direct", "misskey": "specified"}[network]
        if network == "misskey":
            assert s.recipients == list(dict.fromkeys(recipients))
        else:
            assert s.text.startswith("@friend ") or "@friend" in text
    else:
        assert s.visibility == {"mastodon": "private", "misskey": "followers"}[network]
    assert "[m]" in s.text
