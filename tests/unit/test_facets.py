"""AT Protocol facets: the spans found and their UTF-8 byte offsets (app.core.facets)."""

from __future__ import annotations

import pytest

from app.core.facets import (
    LINK,
    MENTION,
    TAG,
    build_facets,
    byte_range,
    find_spans,
    mention_handles,
)


def _slice(text: str, facet: dict[str, object]) -> str:
    """What a server sees at a facet's index: the bytes, decoded."""
    index = facet["index"]
    assert isinstance(index, dict)
    return text.encode()[index["byteStart"] : index["byteEnd"]].decode()


def test_japanese_tag_and_link_have_utf8_byte_offsets() -> None:
    text = "メリークリスマス🎄 詳しくは https://example.com/xmas?q=1 #メリクリ"
    facets = build_facets(text)
    assert [f["features"][0]["$type"] for f in facets] == [LINK, TAG]
    link, tag = facets
    # Offsets computed independently: the bytes before each span.
    assert link["index"]["byteStart"] == len("メリークリスマス🎄 詳しくは ".encode())
    assert link["index"]["byteEnd"] == len(
        "メリークリスマス🎄 詳しくは https://example.com/xmas?q=1".encode()
    )
    assert _slice(text, link) == "https://example.com/xmas?q=1"
    assert link["features"][0]["uri"] == "https://example.com/xmas?q=1"
    assert tag["index"] == {
        "byteStart": len(text.encode()) - len("#メリクリ".encode()),
        "byteEnd": len(text.encode()),
    }
    assert _slice(text, tag) == "#メリクリ"
    assert tag["features"][0]["tag"] == "メリクリ"


def test_offsets_count_bytes_not_code_points_or_utf16() -> None:
    # "𠮷" is one code point, two UTF-16 units and four UTF-8 bytes.
    text = "𠮷野家 #牛丼"
    (tag,) = build_facets(text)
    assert tag["index"] == {"byteStart": 4 + 3 + 3 + 1, "byteEnd": 4 + 3 + 3 + 1 + 1 + 6}
    assert byte_range(text, 4, 7) == (11, 18)


def test_combining_characters_stay_inside_the_tag() -> None:
    # か + combining voiced mark (が, decomposed) and e + combining acute: one grapheme each.
    text = "ok #か\u3099っこう #cafe\u0301 end"
    spans = find_spans(text)
    assert [s.value for s in spans] == ["か\u3099っこう", "cafe\u0301"]
    facets = build_facets(text)
    assert [_slice(text, f) for f in facets] == ["#か\u3099っこう", "#cafe\u0301"]


def test_emoji_glued_to_a_tag_stays_and_punctuation_ends_it() -> None:
    text = "#メリクリ🎄 と #あけおめ。 と #七夕！"
    assert [s.value for s in find_spans(text)] == ["メリクリ🎄", "あけおめ", "七夕"]
    assert [_slice(text, f) for f in build_facets(text)] == ["#メリクリ🎄", "#あけおめ", "#七夕"]


def test_emoji_zwj_sequence_before_a_link_shifts_its_offsets() -> None:
    family = "👨\u200d👩\u200d👧\u200d👦"  # 7 code points, 25 bytes, one grapheme
    text = f"{family} https://example.org/"
    (link,) = build_facets(text)
    assert link["index"] == {"byteStart": 26, "byteEnd": 26 + len("https://example.org/")}


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("こんにちは#タグ", []),  # a tag needs the start or whitespace before it
        ("#123 #1位", ["1位"]),  # all digits is not a tag
        ("＃全角", ["全角"]),  # the full-width sign counts too
        ("#", []),
        ("#!!!", []),
        ("line\n#改行の後", ["改行の後"]),
        ("#" + "あ" * 65, []),  # over 64 characters
    ],
)
def test_tag_rules(text: str, tags: list[str]) -> None:
    assert [s.value for s in find_spans(text) if s.kind == "tag"] == tags


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("詳しくはhttps://example.com/を見て", "https://example.com/"),
        ("(see https://example.com/a_(b))", "https://example.com/a_(b)"),
        ("(see https://example.com/a)", "https://example.com/a"),
        ("Go to https://example.com/x.", "https://example.com/x"),
        ("「https://example.jp/パス」", "https://example.jp/"),
    ],
)
def test_link_rules(text: str, url: str) -> None:
    links = [s for s in find_spans(text) if s.kind == "link"]
    assert [s.value for s in links] == [url]
    assert text[links[0].start : links[0].end] == url


def test_a_fragment_inside_a_link_is_not_a_tag() -> None:
    text = "https://example.com/page #top"
    assert [(s.kind, s.value) for s in find_spans(text)] == [
        ("link", "https://example.com/page"),
        ("tag", "top"),
    ]
    assert [s.kind for s in find_spans("https://example.com/#top")] == ["link"]


def test_mentions_become_facets_only_when_resolved() -> None:
    text = "こんにちは @Bob.test さん、@alice.test と @nobody.test (@carol.example.com)"
    # As in Bluesky's own clients, "、@alice.test" is no mention: only the start of the
    # text, whitespace or "(" may come before "@".
    assert mention_handles(text) == ["bob.test", "nobody.test", "carol.example.com"]
    facets = build_facets(text, {"bob.test": "did:plc:bob", "carol.example.com": "did:plc:carol"})
    assert [(_slice(text, f), f["features"][0]) for f in facets] == [
        ("@Bob.test", {"$type": MENTION, "did": "did:plc:bob"}),
        ("@carol.example.com", {"$type": MENTION, "did": "did:plc:carol"}),
    ]


@pytest.mark.parametrize("text", ["mail me@example.com", "@nodot", "@1.2", "x@bob.test"])
def test_not_mentions(text: str) -> None:
    assert mention_handles(text) == []


def test_plain_text_has_no_facets() -> None:
    assert build_facets("あけましておめでとうございます。") == []
