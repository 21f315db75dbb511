"""Server content is made safe: nothing executable, no remote resource, only our subset."""

from __future__ import annotations

import html as htmlmod
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.content import (
    from_mastodon_html,
    from_misskey_text,
    parse_link,
    tag_href,
    user_href,
    with_warning,
)


def only_allowed_markup(html: str) -> bool:
    """Every tag in ``html`` is <a href="http(s)|kizuna-…">, </a> or <br>."""
    for tag in re.findall(r"<[^>]*>", html):
        if tag in ("<br>", "</a>"):
            continue
        m = re.fullmatch(r'<a href="([^"<>]*)">', tag)
        if m is None or parse_link(m.group(1).replace("&amp;", "&")) is None:
            return False
    return True


def hrefs(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'<a href="([^"]*)">', html)]


# ------------------------------------------------------------------------- Mastodon


def test_mastodon_paragraphs_links_tags_and_mentions() -> None:
    html = (
        '<p>Hello <a href="https://sora.example/tags/cafe" class="mention hashtag" rel="tag">'
        '#<span>cafe</span></a> <span class="h-card"><a href="https://sora.example/@bob" '
        'class="u-url mention">@<span>bob</span></a></span></p>'
        "<p>line one<br />line two &amp; &lt;three&gt;</p>"
    )
    c = from_mastodon_html(html, mentions={"https://sora.example/@bob": "bob"})
    assert c.text == "Hello #cafe @bob\n\nline one\nline two & <three>"
    assert c.tags == ("cafe",)
    assert hrefs(c.html) == [tag_href("cafe"), user_href("bob")]
    assert "<br><br>line one<br>line two &amp; &lt;three&gt;" in c.html
    assert only_allowed_markup(c.html)


def test_mastodon_shortened_link_shows_short_form_and_keeps_full_text() -> None:
    html = (
        '<p><a href="https://example.com/a/very/long/path" rel="nofollow noopener">'
        '<span class="invisible">https://</span><span class="ellipsis">example.com/a/ve'
        '</span><span class="invisible">ry/long/path</span></a></p>'
    )
    c = from_mastodon_html(html)
    assert c.text == "https://example.com/a/very/long/path"
    assert c.html == '<a href="https://example.com/a/very/long/path">example.com/a/ve…</a>'


@pytest.mark.parametrize(
    ("hostile", "must_not_contain"),
    [
        ("<p>hi<script>alert('x')</script></p>", ["script", "alert"]),
        (
            "<style>p { background: url(https://evil.example/x) }</style><p>hi</p>",
            ["evil", "style"],
        ),
        ('<iframe src="https://evil.example/"></iframe><p>hi</p>', ["iframe", "evil"]),
        ('<p><a href="javascript:alert(1)">hi</a></p>', ["javascript", "alert", "href"]),
        ('<p><a href="JaVaScRiPt:alert(1)">hi</a></p>', ["javascript", "alert", "href"]),
        ('<p><a href="data:text/html,&lt;script&gt;">hi</a></p>', ["data:", "href"]),
        ('<p><img src="https://evil.example/track.png">hi</p>', ["img", "evil", "src"]),
        (
            '<p onclick="steal()">hi<span onmouseover="x()">!</span></p>',
            ["onclick", "steal", "onmouse"],
        ),
        ('<p><a href="/relative/path">hi</a></p>', ["relative", "href"]),
        ('<p style="background:url(https://evil.example/)">hi</p>', ["style", "evil"]),
        ('<svg><image href="https://evil.example/x"/></svg><p>hi</p>', ["svg", "evil", "image"]),
        ('<object data="https://evil.example/x.swf"></object><p>hi</p>', ["object", "evil"]),
        ('<link rel="stylesheet" href="https://evil.example/x.css"><p>hi</p>', ["link", "evil"]),
        ('<form action="https://evil.example/"><input name=q></form><p>hi</p>', ["form", "input"]),
        ("<p>hi<!-- <img src=https://evil.example/> --></p>", ["evil", "img"]),
        (
            '<p><a href="https://ok.example/" onclick="x()" style="color:red">hi</a></p>',
            ["onclick", "style"],
        ),
    ],
)
def test_mastodon_hostile_html_is_neutralised(hostile: str, must_not_contain: list[str]) -> None:
    c = from_mastodon_html(hostile)
    assert "hi" in c.text
    for needle in must_not_contain:
        assert needle.lower() not in c.html.lower()
    assert only_allowed_markup(c.html)


def test_mastodon_safe_link_survives_with_escaped_query() -> None:
    c = from_mastodon_html('<p><a href="https://ok.example/?a=1&amp;b=&quot;2">x</a></p>')
    # The quote stays escaped inside the attribute: it cannot end the href early.
    assert c.html == '<a href="https://ok.example/?a=1&amp;b=&quot;2">x</a>'
    assert only_allowed_markup(c.html)


def test_mastodon_huge_and_deeply_nested_input_is_cut_and_stays_safe() -> None:
    huge = "<p>" + "あ" * 500_000 + "</p>"
    c = from_mastodon_html(huge)
    assert 0 < len(c.text) <= 100_000
    nested = "<span>" * 50_000 + "deep" + "</span>" * 50_000
    d = from_mastodon_html(nested + "<script>x</script>")
    assert "script" not in d.html
    assert only_allowed_markup(d.html)


def test_mastodon_unclosed_link_and_empty_input() -> None:
    assert from_mastodon_html("") == from_mastodon_html("<p></p>")
    c = from_mastodon_html('<p><a href="https://ok.example/">open')
    assert c.text == "open"
    assert only_allowed_markup(c.html)


HTML_PIECES = [
    "<p>", "</p>", "<br>", '<a href="', "https://ok.example/", "javascript:", "//evil.example",
    '">', "</a>", "<script>", "</script>", "<img src=", "<span class=\"invisible\">", "</span>",
    " onclick=", "'", '"', "&amp;", "&#106;avascript:", "#", "@", "タグ", " ", "\n", "<", ">",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(HTML_PIECES), max_size=40).map("".join) | st.text())
def test_mastodon_any_input_gives_only_allowed_markup(raw: str) -> None:
    assert only_allowed_markup(from_mastodon_html(raw).html)


# -------------------------------------------------------------------------- Misskey


def test_misskey_text_is_escaped_and_linkified() -> None:
    c = from_misskey_text(
        "こんにちは @alice と @bob@nakama.example.\n<b>太字</b> & https://example.com/a_(b). #散歩"
    )
    assert c.text.startswith("こんにちは @alice")
    assert "&lt;b&gt;太字&lt;/b&gt; &amp; " in c.html
    assert hrefs(c.html) == [
        user_href("alice"),
        user_href("bob@nakama.example"),
        "https://example.com/a_(b)",
        tag_href("散歩"),
    ]
    assert ">@bob@nakama.example</a>." in c.html  # the trailing dot is not part of the host
    assert c.tags == ("散歩",)
    assert "<br>" in c.html
    assert only_allowed_markup(c.html)


def test_misskey_hashtag_rules() -> None:
    # Misskey does not end a tag at Japanese punctuation, only at ASCII/bracket stops.
    assert from_misskey_text("#あけおめ！今年も").tags == ("あけおめ！今年も",)
    assert from_misskey_text("#クリスマス。 #メリクリ、").tags == ("クリスマス。", "メリクリ、")
    assert from_misskey_text("#tag.next #two,x #three!").tags == ("tag", "two", "three")
    # Only the ASCII '#'; not after a letter or digit; not digits only.
    assert from_misskey_text("＃全角 abc#no 1#no #123 #1a").tags == ("1a",)
    assert from_misskey_text("#a #a #b").tags == ("a", "b")


def test_misskey_mentions_follow_mfm_rules() -> None:
    assert hrefs(from_misskey_text("mail me: a@b.example").html) == []
    assert hrefs(from_misskey_text("@alice-").html) == [user_href("alice")]
    assert hrefs(from_misskey_text("@-alice").html) == []
    assert hrefs(from_misskey_text("@alice@.example").html) == []


@pytest.mark.parametrize(
    "hostile",
    [
        '<script>alert("x")</script>',
        '<img src="https://evil.example/x.png" onerror="x()">',
        'javascript:alert(1) <a href="javascript:alert(1)">x</a>',
        '"><iframe src=https://evil.example/>',
        'https://ok.example/"onmouseover="x()',
        "https://ok.example/<script>",
    ],
)
def test_misskey_hostile_text_stays_text(hostile: str) -> None:
    c = from_misskey_text(hostile)
    assert c.text == hostile.strip()
    assert only_allowed_markup(c.html)
    assert "<script" not in c.html and "<img" not in c.html and "<iframe" not in c.html
    for h in hrefs(c.html):
        assert parse_link(h) is not None and not h.lower().startswith("javascript")


def test_misskey_huge_input_is_cut() -> None:
    c = from_misskey_text("#tag " * 100_000)
    assert len(c.text) <= 100_000
    assert c.tags == ("tag",)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_misskey_any_text_round_trips_as_text(raw: str) -> None:
    c = from_misskey_text(raw)
    assert only_allowed_markup(c.html)
    # Strip our markup and unescape: what is shown is exactly what was written.
    shown = htmlmod.unescape(re.sub(r"<a [^>]*>|</a>", "", c.html).replace("<br>", "\n"))
    normalised = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
    assert shown == normalised


# ---------------------------------------------------------------------------- links


def test_parse_link_round_trips_our_schemes_and_refuses_others() -> None:
    assert parse_link(tag_href("あけおめ")) == ("tag", "あけおめ")
    assert parse_link(user_href("bob@nakama.example")) == ("user", "bob@nakama.example")
    assert parse_link("https://example.com/x") == ("web", "https://example.com/x")
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "http:/x", ""):
        assert parse_link(bad) is None


def test_content_warning_goes_first() -> None:
    c = with_warning(from_misskey_text("本文 #tag"), "ネタバレ <注意>")
    assert c.text == "ネタバレ <注意>\n\n本文 #tag"
    assert c.html.startswith("ネタバレ &lt;注意&gt;<br><br>本文 ")
    assert c.tags == ("tag",)
