"""The gift catalogue: the shipped one is valid (≥ 12 gifts across the year, every SVG
present and parseable by Qt), mistakes are named clearly, and alt text reads well."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from app.core import gifts
from app.core.gifts import CatalogueError, default_alt, parse_catalogue, parse_thanks
from app.services import catalogues
from app.services.catalogues import load_gifts, shipped_gifts_file


def load_catalogue() -> tuple[gifts.Gift, ...]:
    return load_gifts(shipped_gifts_file())


def gifts_for(occasion_key: str) -> list[gifts.Gift]:
    return gifts.gifts_for(occasion_key, catalogues.shipped().gifts)


SVG_NS = "{http://www.w3.org/2000/svg}"


def shipped() -> dict[str, Any]:
    return json.loads(shipped_gifts_file().read_text(encoding="utf-8"))


def test_the_shipped_catalogue_has_at_least_twelve_gifts_across_the_year() -> None:
    catalogue = load_catalogue()
    assert len(catalogue) >= 12
    names = {g.name_ja for g in catalogue}
    for wanted in ("クリスマスケーキ", "門松", "鏡餅", "お年玉袋", "義理チョコ", "友チョコ"):
        assert wanted in names
    for wanted in ("桜餅", "鯉のぼり", "短冊", "月見団子", "千歳飴"):
        assert wanted in names
    occasions = {o for g in catalogue for o in g.occasions}
    assert {"christmas", "shogatsu", "valentine", "tanabata", "jugoya", "shichigosan"} <= occasions
    assert {"kodomonohi", "hinamatsuri", "whiteday"} <= occasions


def test_every_occasion_of_a_gift_is_a_known_occasion() -> None:
    known = set(catalogues.shipped().occasions.entries)
    for gift in load_catalogue():
        assert set(gift.occasions) <= known, gift.key


def test_every_gift_has_artwork_with_the_shared_viewbox() -> None:
    for gift in load_catalogue():
        root = ET.parse(gift.path).getroot()
        assert root.tag == f"{SVG_NS}svg", gift.key
        assert root.get("viewBox") == "0 0 256 256", gift.key
        title = root.find(f"{SVG_NS}title")
        assert title is not None and title.text, gift.key


def test_every_svg_parses_in_qt(qapp: object) -> None:
    from PySide6.QtSvg import QSvgRenderer

    for gift in load_catalogue():
        renderer = QSvgRenderer(str(gift.path))
        assert renderer.isValid(), gift.key
        assert renderer.viewBoxF().width() == 256, gift.key


def test_gifts_for_an_occasion_in_catalogue_order() -> None:
    christmas = gifts_for("christmas")
    assert [g.key for g in christmas][:2] == ["christmas_cake", "christmas_tree"]
    new_year = gifts_for("shogatsu")
    assert {g.name_ja for g in new_year} == {"門松", "鏡餅", "お年玉袋"}
    assert all(g.vertical for g in new_year)  # 年賀状 are set in 縦書き
    assert gifts_for("no_such_occasion") == []
    assert catalogues.shipped().gift("tanzaku").name_ja == "短冊"
    with pytest.raises(KeyError):
        catalogues.shipped().gift("fruitcake")


def test_alt_text_names_the_recipient_the_picture_and_the_message() -> None:
    cake = catalogues.shipped().gift("christmas_cake")
    alt = default_alt(cake, "ゆき", "メリークリスマス！\nまたね")
    assert alt.startswith("ゆきさんへのクリスマスケーキのカード。")
    assert "いちご" in alt  # the picture is described, not only named
    assert alt.endswith("メッセージ：「メリークリスマス！ またね」")
    assert "{" not in alt
    # No recipient: no dangling 「さんへの」.
    assert default_alt(cake, "  ", "").startswith("クリスマスケーキのカード。")
    assert "さんへ" not in default_alt(cake, "", "やあ")


@pytest.mark.parametrize(
    ("name", "polite"),
    [
        ("ゆき", "ゆきさん"),
        ("ゆきちゃん", "ゆきちゃん"),
        ("たくみくん", "たくみくん"),
        ("拓海君", "拓海君"),
        ("山田様", "山田様"),
        ("やまださま", "やまださま"),
        ("田中先生", "田中先生"),
        ("佐藤先輩", "佐藤先輩"),
        ("鈴木氏", "鈴木氏"),
        ("ひろさん", "ひろさん"),  # a sandbox member's own display name
        ("  はる  ", "はるさん"),
        ("", ""),
        ("ちゃんこ鍋部", "ちゃんこ鍋部さん"),  # an honorific inside a name is just a name
    ],
)
def test_a_name_gets_san_only_when_it_has_no_honorific(name: str, polite: str) -> None:
    assert gifts.polite_name(name) == polite
    assert gifts.has_honorific(name) == (polite == name.strip() and bool(polite))


def test_alt_text_never_doubles_an_honorific() -> None:
    cake = catalogues.shipped().gift("christmas_cake")
    alt = default_alt(cake, "ゆきちゃん", "")
    assert alt.startswith("ゆきちゃんへのクリスマスケーキのカード。")
    assert default_alt(cake, "山田様", "").startswith("山田様への")
    assert default_alt(cake, "ひろさん", "").startswith("ひろさんへの")
    assert default_alt(cake, "田中先生", "").startswith("田中先生への")
    assert default_alt(cake, "ゆきさん、はるちゃん", "").startswith("ゆきさん、はるちゃんへの")


def test_alt_text_says_who_the_card_is_from() -> None:
    cake = catalogues.shipped().gift("christmas_cake")
    alt = default_alt(cake, "", "メリークリスマス！", "はる")
    assert alt.endswith("メッセージ：「メリークリスマス！」（はるより）")
    assert default_alt(cake, "", "", " はる ").endswith("（はるより）")
    assert "より" not in default_alt(cake, "", "やあ", "  ")
    long = default_alt(cake, "ゆき", "あ" * 2000, "はる")
    assert len(long) <= gifts.MAX_ALT_CHARS and long.endswith("…」（はるより）")


def test_alt_text_stays_within_what_misskey_keeps() -> None:
    alt = default_alt(catalogues.shipped().gift("kadomatsu"), "ゆき", "あ" * 2000)
    assert len(alt) <= gifts.MAX_ALT_CHARS <= 512
    assert alt.endswith("…」")


def broken(**changes: Any) -> dict[str, Any]:
    data = shipped()
    data["gifts"][0].update(changes)
    return data


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ([], "must be a JSON object"),
        ({"version": 2, "gifts": []}, "'version' must be 1"),
        ({"version": 1, "gifts": []}, "'gifts' must be a non-empty list"),
        (broken(key="Christmas Cake"), "'key' must be lower-case"),
        (broken(name_ja=""), "christmas_cake): 'name_ja' must be a non-empty string"),
        (broken(occasions=[]), "'occasions' must be a non-empty list"),
        (broken(occasions=["クリスマス"]), "is not an occasion key"),
        (broken(tags=["#メリクリ"]), "write tags without '#'"),
        (broken(file="../x.svg"), "'file' must be an .svg file name"),
        (broken(alt_template="{to}{sender}のカード"), "uses {sender}; allowed"),
        (broken(alt_template="{to"), "'alt_template' is not a valid template"),
        (broken(accent="red"), "'accent' must be a colour"),
        (broken(layout="diagonal"), "'layout' must be one of"),
        (broken(price=300), "unknown field(s) price"),
    ],
)
def test_mistakes_are_named_with_the_gift_and_field(data: Any, words: str) -> None:
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(data, Path("."), "catalogue.json")
    assert words in str(caught.value)
    assert str(caught.value).startswith("catalogue.json")


def test_a_duplicate_key_is_refused() -> None:
    data = shipped()
    data["gifts"].append(dict(data["gifts"][0]))
    with pytest.raises(CatalogueError, match="'christmas_cake' is used twice"):
        parse_catalogue(data, Path("."))


def test_missing_artwork_and_bad_json_are_reported_by_file(tmp_path: Path) -> None:
    data = shipped()
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"artwork christmas_cake\.svg is missing"):
        load_gifts(path)
    path.write_text("{", encoding="utf-8")
    with pytest.raises(CatalogueError, match="not valid JSON"):
        load_gifts(path)
    with pytest.raises(CatalogueError, match="cannot read"):
        load_gifts(tmp_path / "nowhere.json")


def with_thanks(**changes: Any) -> dict[str, Any]:
    data = shipped()
    data["thanks"].update(changes)
    return data


def test_the_shipped_thanks_are_read_as_written() -> None:
    thanks = parse_thanks(shipped(), "catalogue.json")
    assert thanks is not None
    assert thanks.public.splitlines()[0] == "{sender}様"
    assert thanks.friends.splitlines()[0] == "{sender}へ"
    assert thanks.signature == "{me}より"
    assert parse_thanks({"version": 1, "gifts": []}) is None  # none of its own


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (with_thanks(public="{name}様"), "'public' uses {name}; allowed: {gift}, {occasion}"),
        (with_thanks(signature="{sender}より"), "'signature' uses {sender}; allowed: {me}"),
        (with_thanks(any_occasion="{occasion}"), "'any_occasion' uses {occasion}; allowed: none"),
        (with_thanks(card="{occasion"), "'card' is not a valid template"),
        (with_thanks(friends=[]), "'friends' must be a non-empty string or a list"),
        (with_thanks(friends=["ok", ""]), "'friends' must be a non-empty string or a list"),
        (with_thanks(price=300), "unknown field(s) price"),
        ({**shipped(), "thanks": "ありがとう"}, "must be an object"),
    ],
)
def test_mistakes_in_the_thanks_are_named(data: Any, words: str) -> None:
    with pytest.raises(CatalogueError) as caught:
        parse_thanks(data, "catalogue.json")
    assert words in str(caught.value)
    assert str(caught.value).startswith("catalogue.json: thanks")


def test_a_missing_thanks_field_is_named() -> None:
    data = shipped()
    del data["thanks"]["card"]
    with pytest.raises(CatalogueError, match=r"thanks: missing field\(s\) card"):
        parse_thanks(data, "catalogue.json")
