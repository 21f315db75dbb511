"""Posts as plain JSON-ready dicts and back, for the timeline cache.

:func:`post_to_dict` keeps every field of :class:`~app.core.models.Post` (author, media,
reply references, counts, flags); :func:`post_from_dict` checks every field's type and
raises :class:`ValueError` for anything it cannot read, so a damaged or foreign row is
refused instead of showing half a post. ``FORMAT`` changes whenever the shape does.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.core.models import Audience, Author, MediaAttachment, Post, RecordRef

FORMAT = 1  # the shape written by post_to_dict


def post_to_dict(post: Post) -> dict[str, Any]:
    author = post.author
    return {
        "id": post.id,
        "network": post.network,
        "account_key": post.account_key,
        "author": {
            "id": author.id,
            "username": author.username,
            "handle": author.handle,
            "display_name": author.display_name,
            "avatar_url": author.avatar_url,
        },
        "created_at": post.created_at.isoformat(),
        "text": post.text,
        "html": post.html,
        "audience": post.audience.value,
        "visibility": post.visibility,
        "url": post.url,
        "tags": list(post.tags),
        "media": [
            {
                "url": m.url,
                "preview_url": m.preview_url,
                "description": m.description,
                "kind": m.kind,
                "width": m.width,
                "height": m.height,
            }
            for m in post.media
        ],
        "in_reply_to_id": post.in_reply_to_id,
        "recipients": list(post.recipients),
        "boost_of": post.boost_of,
        "reply_count": post.reply_count,
        "favourited": post.favourited,
        "boosted": post.boosted,
        "ref": _ref_dict(post.ref),
        "root": _ref_dict(post.root),
        "parent": _ref_dict(post.parent),
    }


def _ref_dict(ref: RecordRef | None) -> dict[str, str] | None:
    return None if ref is None else {"uri": ref.uri, "cid": ref.cid}


def _field(data: Any, name: str, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(data, dict) or name not in data:
        raise ValueError(f"missing {name}")
    value = data[name]
    # bool is an int: a count must not be a flag.
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _kinds(kind)):
        raise ValueError(f"{name} has the wrong type")
    return value


def _kinds(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _optional(data: Any, name: str, kind: type) -> Any:
    return _field(data, name, (kind, type(None)))


def _strings(data: Any, name: str) -> tuple[str, ...]:
    items = _field(data, name, list)
    if not all(isinstance(i, str) for i in items):
        raise ValueError(f"{name} holds a non-string")
    return tuple(items)


def _ref(data: Any, name: str) -> RecordRef | None:
    value = _optional(data, name, dict)
    if value is None:
        return None
    return RecordRef(uri=_field(value, "uri", str), cid=_field(value, "cid", str))


def _author(data: Any) -> Author:
    return Author(
        id=_field(data, "id", str),
        username=_field(data, "username", str),
        handle=_field(data, "handle", str),
        display_name=_field(data, "display_name", str),
        avatar_url=_optional(data, "avatar_url", str),
    )


def _media(data: Any) -> MediaAttachment:
    return MediaAttachment(
        url=_field(data, "url", str),
        preview_url=_optional(data, "preview_url", str),
        description=_field(data, "description", str),
        kind=_field(data, "kind", str),
        width=_optional(data, "width", int),
        height=_optional(data, "height", int),
    )


def _time(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("created_at has no time zone")
    return moment.astimezone(UTC)


def post_from_dict(data: Any) -> Post:
    """The post ``data`` describes; ValueError when any field is missing or mistyped."""
    return Post(
        id=_field(data, "id", str),
        network=_field(data, "network", str),
        account_key=_field(data, "account_key", str),
        author=_author(_field(data, "author", dict)),
        created_at=_time(_field(data, "created_at", str)),
        text=_field(data, "text", str),
        html=_field(data, "html", str),
        audience=Audience(_field(data, "audience", str)),
        visibility=_field(data, "visibility", str),
        url=_optional(data, "url", str),
        tags=_strings(data, "tags"),
        media=tuple(_media(m) for m in _field(data, "media", list)),
        in_reply_to_id=_optional(data, "in_reply_to_id", str),
        recipients=_strings(data, "recipients"),
        boost_of=_optional(data, "boost_of", str),
        reply_count=_field(data, "reply_count", int),
        favourited=_field(data, "favourited", bool),
        boosted=_field(data, "boosted", bool),
        ref=_ref(data, "ref"),
        root=_ref(data, "root"),
        parent=_ref(data, "parent"),
    )
