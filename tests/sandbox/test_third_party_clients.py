"""Existing third-party client libraries work against the embedded sandbox unchanged.

Issue 2 asks the sandbox to be faithful enough that well-known Python clients, written for
the real servers, work against it as they are: Mastodon.py (``import mastodon``) against the
public network and Misskey.py (``import misskey``) against the friends network. Each test
drives the library's own public API over real HTTP on 127.0.0.1 and asserts what the server
really did (ids, visibility, paging order, who can read what), so a shape the library cannot
parse, a missing header or a wrong status code makes a test fail.

Both libraries are synchronous (requests); they run in the test thread while the sandbox
serves from its own thread. Every requests session here ignores proxy settings from the
environment (``trust_env = False``) so no request can leave the loopback address.
"""

from __future__ import annotations

import io
import re
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import requests
from mastodon import (
    Mastodon,
    MastodonAPIError,
    MastodonIllegalArgumentError,
    MastodonNotFoundError,
    StreamListener,
)
from misskey import MiAuth, Misskey, NoteVisibility, Permissions
from misskey.exceptions import (
    MisskeyAPIException,
    MisskeyAuthorizeFailedException,
    MisskeyMiAuthFailedException,
)

from app.sandbox import community
from app.sandbox.artwork import image_png
from app.sandbox.guard import APPROVAL_HEADER
from app.sandbox.runner import SandboxInfo

OOB = "urn:ietf:wg:oauth:2.0:oob"
SCOPES = ["read", "write"]
# Only keeps a broken test from hanging; never a measured threshold.
GUARD = 10.0
# Closing a Mastodon.py SSE stream: how often to wake it and how long to wait after each.
WAKE_TRIES, WAKE_WAIT = 20, 0.5


@pytest.fixture
def http() -> Iterator[requests.Session]:
    """The requests session both libraries use: no proxies from the environment."""
    session = requests.Session()
    session.trust_env = False
    try:
        yield session
    finally:
        session.close()


def mastodon_as(
    sandbox: SandboxInfo, http: requests.Session, username: str = community.DEMO_USERNAME
) -> Mastodon:
    """Mastodon.py signed in with a member's ready-made token."""
    return Mastodon(
        access_token=sandbox.token("public", username),
        api_base_url=sandbox.public_url,
        session=http,
    )


def misskey_as(
    sandbox: SandboxInfo, http: requests.Session, username: str = community.DEMO_USERNAME
) -> Misskey:
    """Misskey.py signed in with a member's ready-made token (its constructor calls meta)."""
    return Misskey(sandbox.friends_url, i=sandbox.token("friends", username), session=http)


def approval(sandbox: SandboxInfo) -> dict[str, str]:
    """What the app's sign-in "browser" presents; the libraries only build the URL."""
    return {APPROVAL_HEADER: sandbox.approval}


def ids_of(items: list[Any]) -> list[int]:
    return [int(item["id"]) for item in items]


# ---------------------------------------------------------------------------- Mastodon.py


@pytest.mark.parametrize("redirect_uri", ["http://127.0.0.1:8765/callback", OOB])
def test_mastodon_py_registers_an_app_and_signs_in_with_the_code_flow(
    sandbox: SandboxInfo, http: requests.Session, redirect_uri: str
) -> None:
    base = sandbox.public_url
    client_id, client_secret = Mastodon.create_app(
        "Kizuna library test",
        scopes=SCOPES,
        redirect_uris=redirect_uri,
        api_base_url=base,
        session=http,
    )
    api = Mastodon(
        client_id=client_id, client_secret=client_secret, api_base_url=base, session=http
    )
    url = api.auth_request_url(
        redirect_uris=redirect_uri, scopes=SCOPES, state="s-42", allow_http=True
    )
    assert url.startswith(f"{base}/oauth/authorize?")
    # The sandbox approves at once for the demo user, as a person clicking "Authorise" would,
    # when the "browser" presents the run's sign-in secret (as the app does).
    page = httpx.get(url, headers=approval(sandbox), follow_redirects=False, trust_env=False)
    if redirect_uri == OOB:
        assert page.status_code == 200, page.text
        match = re.search(r"<pre id='code'>([^<]+)</pre>", page.text)
        assert match, page.text
        code = match.group(1)
    else:
        assert page.status_code == 302, page.text
        location = page.headers["Location"]
        assert location.startswith(redirect_uri + "?")
        query = parse_qs(urlsplit(location).query)
        assert query["state"] == ["s-42"]
        code = query["code"][0]

    # log_in also checks that every requested scope was granted (it raises otherwise).
    token = api.log_in(code=code, redirect_uri=redirect_uri, scopes=SCOPES, allow_http=True)
    assert token and api.access_token == token
    me = api.account_verify_credentials()
    assert me.username == community.DEMO_USERNAME
    assert me.acct == community.DEMO_USERNAME
    assert api.app_verify_credentials().name == "Kizuna library test"

    # A code is good once: the library reports the server's refusal as its own error.
    with pytest.raises(MastodonIllegalArgumentError):
        api.log_in(code=code, redirect_uri=redirect_uri, scopes=SCOPES, allow_http=True)


def test_mastodon_py_status_post_is_idempotent_per_key(
    sandbox: SandboxInfo, http: requests.Session
) -> None:
    api = mastodon_as(sandbox, http)
    key = str(uuid.uuid4())
    first = api.status_post("ライブラリから 1", visibility="private", idempotency_key=key)
    again = api.status_post("ライブラリから 1", visibility="private", idempotency_key=key)
    other = api.status_post(
        "ライブラリから 1", visibility="private", idempotency_key=str(uuid.uuid4())
    )

    assert first.id == again.id
    assert other.id != first.id
    assert first.visibility == "private"
    assert first.account.username == community.DEMO_USERNAME
    assert first.content == "<p>ライブラリから 1</p>"
    assert first.created_at.tzinfo is not None  # the library parsed the timestamp
    assert api.status(first.id).id == first.id
    mine = api.account_statuses(api.me().id, limit=5)
    assert [s.content for s in mine].count("<p>ライブラリから 1</p>") == 2


def test_mastodon_py_pages_the_home_timeline_through_link_headers(
    sandbox: SandboxInfo, http: requests.Session
) -> None:
    api = mastodon_as(sandbox, http)
    first = api.timeline_home(limit=5)
    assert len(first) == 5
    second = api.fetch_next(first)
    assert second is not None and len(second) == 5
    third = api.fetch_next(second)
    assert third is not None and len(third) == 5

    pages = ids_of(first) + ids_of(second) + ids_of(third)
    assert pages == sorted(pages, reverse=True) and len(set(pages)) == 15
    # Going back from the second page (min_id in its "prev" link) gives the first page again.
    back = api.fetch_previous(second)
    assert back is not None and ids_of(back) == ids_of(first)


def test_mastodon_py_reads_the_instance_and_its_version(
    sandbox: SandboxInfo, http: requests.Session
) -> None:
    api = mastodon_as(sandbox, http)
    version = api.retrieve_mastodon_version()
    assert re.match(r"\d+\.\d+\.\d+", version)
    assert api.verify_minimum_version("4.0.0", cached=True)

    v2 = api.instance_v2()
    assert v2.version == version
    assert v2.configuration.statuses.max_characters > 0
    assert v2.configuration.urls.streaming.startswith("ws://127.0.0.1:")
    v1 = api.instance_v1()
    assert v1.urls.streaming_api == v2.configuration.urls.streaming
    # instance() is the library's pick of the two for this server version.
    assert api.instance().version == version


def test_mastodon_py_uploads_media_with_a_description(
    sandbox: SandboxInfo, http: requests.Session
) -> None:
    api = mastodon_as(sandbox, http)
    picture = image_png("cat", 64, 40)
    media = api.media_post(
        io.BytesIO(picture), mime_type="image/png", description="ねこ", file_name="cat.png"
    )
    assert media.type == "image" and media.description == "ねこ"
    assert (media.meta.original.width, media.meta.original.height) == (64, 40)
    updated = api.media_update(media, description="ねこの写真")
    assert updated.description == "ねこの写真"

    status = api.status_post("写真です", media_ids=[media], visibility="unlisted")
    [attachment] = status.media_attachments
    assert attachment.id == media.id and attachment.description == "ねこの写真"
    served = http.get(attachment.url, timeout=GUARD)
    assert served.status_code == 200 and served.content == picture


class _Updates(StreamListener):
    """Collects the statuses a stream delivers and notes when the stream is live."""

    def __init__(self) -> None:
        self.connected = threading.Event()
        self.arrived = threading.Event()
        self.statuses: list[Any] = []
        self.errors: list[Exception] = []

    def handle_heartbeat(self) -> None:
        # The sandbox sends its first comment line once the subscription is registered.
        self.connected.set()

    def on_update(self, status: Any) -> None:
        self.statuses.append(status)
        self.arrived.set()

    def on_abort(self, err: Exception) -> None:
        self.errors.append(err)


def close_sse_stream(handle: Any, wake: Callable[[], None]) -> None:
    """Close a Mastodon.py SSE handle without waiting for the server's next heartbeat.

    ``SSEStreamHandle.close()`` closes the response while the worker thread is blocked
    reading it, so it waits until the read returns: on the next event or heartbeat (15 s
    apart on Mastodon and in the sandbox). It runs in a helper thread here, and ``wake``
    makes the server send an event; once close() has begun, the worker's next read finds
    the response gone and ends, as the library intends.
    """
    closer = threading.Thread(target=handle.close, daemon=True)
    closer.start()
    for _ in range(WAKE_TRIES):
        wake()
        closer.join(WAKE_WAIT)
        if not closer.is_alive():
            break
    closer.join(GUARD)
    handle.join(GUARD)
    assert not closer.is_alive() and not handle.is_alive()


def test_mastodon_py_user_stream_delivers_another_members_post(
    sandbox: SandboxInfo, http: requests.Session
) -> None:
    listener = _Updates()
    handle = mastodon_as(sandbox, http).stream_user(listener, run_async=True)
    with requests.Session() as other_http:
        other_http.trust_env = False
        # The demo user follows everyone on the public network, haruka included.
        haruka = mastodon_as(sandbox, other_http, "haruka")
        try:
            assert listener.connected.wait(GUARD), listener.errors
            posted = haruka.status_post("ストリームのテスト", visibility="public")
            assert listener.arrived.wait(GUARD), listener.errors
        finally:
            close_sse_stream(handle, lambda: haruka.status_post("おやすみ", visibility="public"))

    first = listener.statuses[0]
    assert first.id == posted.id
    assert first.account.username == "haruka"
    assert first.content == "<p>ストリームのテスト</p>"
    # Wake-up posts that arrive before the close takes hold are delivered too; nothing else.
    assert {s.content for s in listener.statuses[1:]} <= {"<p>おやすみ</p>"}
    assert listener.errors == []


def test_mastodon_py_private_post_is_invisible_to_a_non_follower(
    sandbox: SandboxInfo, http: requests.Session
) -> None:
    followers = {a for a, b in community.follows("public") if b == community.DEMO_USERNAME}
    members = [a["username"] for a in sandbox.accounts["public"]["accounts"]]
    outsider = next(u for u in members if u != community.DEMO_USERNAME and u not in followers)
    follower = next(u for u in members if u in followers)

    me = mastodon_as(sandbox, http)
    secret = me.status_post("フォロワーだけに", visibility="private")
    me_id = me.me().id

    sees = mastodon_as(sandbox, http, follower)
    assert sees.status(secret.id).id == secret.id
    assert secret.id in [s.id for s in sees.account_statuses(me_id, limit=5)]

    blind = mastodon_as(sandbox, http, outsider)
    with pytest.raises(MastodonNotFoundError):
        blind.status(secret.id)
    assert secret.id not in [s.id for s in blind.account_statuses(me_id, limit=40)]


def test_mastodon_py_reply_favourite_reblog_context_and_notifications(
    sandbox: SandboxInfo, http: requests.Session
) -> None:
    takumi = mastodon_as(sandbox, http, "takumi")
    me = mastodon_as(sandbox, http)
    parent = takumi.status_post("メリークリスマス！")
    reply = me.status_post("@takumi メリクリ！", in_reply_to_id=parent.id)
    assert reply.in_reply_to_id == parent.id
    assert me.status_favourite(parent.id).favourited is True
    boost = me.status_reblog(parent.id)
    assert boost.reblog.id == parent.id and boost.account.username == community.DEMO_USERNAME

    seen = mastodon_as(sandbox, http, "kenji").status(parent.id)
    assert (seen.favourites_count, seen.reblogs_count, seen.replies_count) == (1, 1, 1)
    context = takumi.status_context(parent.id)
    assert [s.id for s in context.descendants] == [reply.id] and context.ancestors == []

    mine = takumi.notifications(types=["mention", "favourite", "reblog"], limit=10)
    ours = [
        (n.type, n.account.username)
        for n in mine
        if n.status and n.status.id in (parent.id, reply.id)
    ]
    assert ("mention", "me") in ours and ("favourite", "me") in ours and ("reblog", "me") in ours
    assert takumi.notifications(since_id=mine[0].id) == []


def test_mastodon_py_cannot_reblog_a_private_post(
    sandbox: SandboxInfo, http: requests.Session
) -> None:
    private = mastodon_as(sandbox, http, "mio").status_post("内緒", visibility="private")
    with pytest.raises(MastodonAPIError):
        mastodon_as(sandbox, http).status_reblog(private.id)


# ----------------------------------------------------------------------------- Misskey.py


def test_misskey_py_reply_reaction_renote_thread_and_notifications(
    sandbox: SandboxInfo, http: requests.Session
) -> None:
    friend = misskey_as(sandbox, http, community.CIRCLE[0])
    me = misskey_as(sandbox, http)
    parent = friend.notes_create("忘年会どこにする？", visibility=NoteVisibility.FOLLOWERS)
    parent_id = parent["createdNote"]["id"]
    reply = me.notes_create("駅前！", reply_id=parent_id, visibility=NoteVisibility.FOLLOWERS)
    reply_id = reply["createdNote"]["id"]
    assert reply["createdNote"]["replyId"] == parent_id
    assert me.notes_reactions_create(parent_id, "🎉") is True
    with pytest.raises(MisskeyAPIException):
        me.notes_reactions_create(parent_id, "👍")  # one reaction per note

    shown = friend.notes_show(parent_id)
    assert shown["reactions"] == {"🎉": 1} and shown["repliesCount"] == 1
    assert [n["id"] for n in friend.notes_children(parent_id)] == [reply_id]
    assert [n["id"] for n in friend.notes_conversation(reply_id)] == [parent_id]

    found = friend.i_notifications(include_types=["reply", "reaction"], mark_as_read=False)
    kinds = [(n["type"], n["user"]["username"], n.get("reaction")) for n in found]
    assert kinds[:2] == [("reaction", "me", "🎉"), ("reply", "me", None)]
    with pytest.raises(MisskeyAPIException):  # a followers-only note is not renoted
        me.notes_create(renote_id=parent_id)


def test_misskey_py_reads_me_and_meta(sandbox: SandboxInfo, http: requests.Session) -> None:
    api = misskey_as(sandbox, http)
    me = api.i()
    assert me["username"] == community.DEMO_USERNAME
    meta = api.meta()
    assert meta["maxNoteTextLength"] > 0
    assert meta["name"]
    # A token the server does not know is refused by the library's constructor check.
    with pytest.raises(MisskeyAuthorizeFailedException):
        Misskey(sandbox.friends_url, i="not-a-token", session=http)


def test_misskey_py_followers_note_and_until_id_paging(
    sandbox: SandboxInfo, http: requests.Session
) -> None:
    api = misskey_as(sandbox, http)
    created = api.notes_create("ともだちだけに", visibility=NoteVisibility.FOLLOWERS)["createdNote"]
    assert created["visibility"] == "followers"
    assert created["user"]["username"] == community.DEMO_USERNAME

    # Misskey.py asks for notes with files only unless told otherwise (withFiles defaults true).
    first = api.notes_timeline(limit=5, with_files=False)
    assert first[0]["id"] == created["id"]
    second = api.notes_timeline(limit=5, until_id=first[-1]["id"], with_files=False)
    third = api.notes_timeline(limit=5, until_id=second[-1]["id"], with_files=False)
    pages = [n["id"] for n in first + second + third]
    # Misskey ids (aidx) sort by time as strings.
    assert len(pages) == 15 and pages == sorted(pages, reverse=True) and len(set(pages)) == 15
    # since_id pages forwards: the notes just newer than the second page are the first page.
    back = api.notes_timeline(limit=5, since_id=second[0]["id"], with_files=False)
    assert [n["id"] for n in back] == [n["id"] for n in first]


def test_misskey_py_followers_note_is_hidden_from_a_stranger(
    sandbox: SandboxInfo, http: requests.Session
) -> None:
    note = misskey_as(sandbox, http).notes_create("内緒の話", visibility="followers")
    note_id = note["createdNote"]["id"]

    friend = misskey_as(sandbox, http, community.CIRCLE[0])
    assert note_id in [n["id"] for n in friend.notes_timeline(limit=20, with_files=False)]

    shown = friend.notes_show(note_id)
    assert shown["text"] == "内緒の話" and not shown.get("isHidden")

    # Misskey shows a note one may not read as existing but hidden: no text, no files.
    stranger = misskey_as(sandbox, http, community.STRANGERS[0])
    hidden = stranger.notes_show(note_id)
    assert hidden["isHidden"] is True and hidden["text"] is None
    assert note_id not in [n["id"] for n in stranger.notes_timeline(limit=20, with_files=False)]


def test_misskey_py_uploads_to_the_drive_and_attaches_the_file(
    sandbox: SandboxInfo, http: requests.Session
) -> None:
    api = misskey_as(sandbox, http)
    picture = image_png("bread", 48, 32)
    uploaded = api.drive_files_create(io.BytesIO(picture), name="pan.png")
    assert uploaded["type"] == "image/png" and uploaded["name"] == "pan.png"
    assert uploaded["size"] == len(picture) and uploaded["isSensitive"] is False

    note = api.notes_create("パン焼けた", visibility="home", file_ids=[uploaded["id"]])
    [attached] = note["createdNote"]["files"]
    assert attached["id"] == uploaded["id"]
    served = http.get(attached["url"], timeout=GUARD)
    assert served.status_code == 200 and served.content == picture


def test_misskey_py_miauth_signs_in_with_the_permissions_asked_for(
    sandbox: SandboxInfo, http: requests.Session
) -> None:
    auth = MiAuth(
        sandbox.friends_url,
        name="Kizuna library test",
        permission=[Permissions.READ_ACCOUNT, Permissions.WRITE_NOTES],
        session=http,
    )
    url = auth.generate_url()
    assert url.startswith(f"{sandbox.friends_url}/miauth/{auth.session_id}?")
    # The sandbox's consent page approves at once for the demo user, given the secret.
    page = httpx.get(url, headers=approval(sandbox), follow_redirects=False, trust_env=False)
    assert page.status_code == 200, page.text

    token = auth.check()
    assert token and auth.token == token
    api = Misskey(sandbox.friends_url, i=token, session=http)
    assert api.i()["username"] == community.DEMO_USERNAME
    assert api.notes_create("MiAuth から")["createdNote"]["text"] == "MiAuth から"
    # write:drive was not asked for, so the server refuses the upload.
    with pytest.raises(MisskeyAPIException) as refused:
        api.drive_files_create(io.BytesIO(image_png("sky", 8, 8)))
    assert refused.value.code == "PERMISSION_DENIED"
    # The token is handed out once, as on Misskey.
    with pytest.raises(MisskeyMiAuthFailedException):
        auth.check()
