"""The greeting catalogue: shipped data, validation with clear errors, rendering."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.core import occasions
from app.core.templates import (
    PLACEHOLDERS,
    CatalogueError,
    friends_address,
    render,
    template_fields,
)
from app.services.catalogues import load_occasions, shipped

on, suggest = shipped().on, shipped().suggest

D = dt.date
TOKYO = ZoneInfo("Asia/Tokyo")
FIXED_TODAY = D(2026, 12, 20)


def test_shipped_catalogue_loads_and_every_occasion_has_two_of_each_register() -> None:
    catalogue = shipped().occasions
    assert len(catalogue.entries) >= 20
    for occasion in on(2026) + on(2027):
        entry = catalogue.get(occasion.key)
        assert len(suggest(occasion.key, "polite")) >= 2, entry.source.name
        assert len(suggest(occasion.key, "casual")) >= 2, entry.source.name


def test_holiday_keys_share_the_national_templates() -> None:
    assert suggest("holiday:2026-05-06", "polite") == suggest("holiday", "polite")
    with pytest.raises(KeyError):
        suggest("nosuch", "polite")
    with pytest.raises(ValueError):
        suggest("christmas", "formal")


def _all_texts() -> list[tuple[str, str, str]]:
    return [
        (entry.key, register, text)
        for entry in shipped().occasions.entries.values()
        for register in ("polite", "casual")
        for text in getattr(entry, register)
    ]


def test_wording_rules() -> None:
    for key, register, text in _all_texts():
        where = f"{key}/{register}: {text!r}"
        assert "去年" not in text, where  # 昨年 / 旧年 in greetings
        assert "一月一日元旦" not in text, where
        if key == "obon":
            assert "おめでと" not in text, where  # a memorial time
        if "良いお年を" in text:
            assert key == "omisoka", where  # only before the new year
        if key in {"shogatsu", "kanchu", "onenga"}:
            assert "良いお年" not in text, where
    for key, register, text in _all_texts():
        where = f"{key}/{register}: {text!r}"
        if register == "casual":
            assert "申し上げ" not in text and "ございます" not in text, where
        else:
            assert not any(slang in text for slang in ("あけおめ", "ことよろ", "メリクリ")), where


def test_product_table_phrases_are_offered() -> None:
    assert "あけましておめでとうございます。本年もよろしくお願い申し上げます" in suggest(
        "shogatsu", "polite"
    )
    assert "あけおめ！ことよろ！🎍" in suggest("shogatsu", "casual")
    assert "メリクリ🎄" in suggest("christmas", "casual")
    assert "今夜は十五夜🌕" in suggest("jugoya", "casual")


def test_rendering_fills_every_placeholder() -> None:
    for year in (2026, 2027):
        for occasion in on(year):
            for register in ("polite", "casual"):
                for template in suggest(occasion.key, register):
                    text = render(
                        template, occasion=occasion, today=FIXED_TODAY,
                        recipient="田中", sender="佐藤",
                    )  # fmt: skip
                    assert text and not re.search(r"[{}]", text), (occasion.key, text)
                    if "{recipient}" in template:
                        assert "田中" in text


def _occasion(year: int, key: str):  # type: ignore[no-untyped-def]
    return next(o for o in on(year) if o.key == key)


def test_render_nenga_uses_wareki_eto_and_drops_empty_name_lines() -> None:
    new_year = _occasion(2027, "shogatsu")
    template = (
        "{recipient}様\nあけましておめでとうございます\n{eto_animal}年 {eto}\n"
        "{year_wareki} 元旦\n{sender}"
    )
    full = render(template, occasion=new_year, today=FIXED_TODAY, recipient="田中", sender="佐藤")
    assert full == "田中様\nあけましておめでとうございます\n未年 丁未\n令和9年 元旦\n佐藤"
    bare = render(template, occasion=new_year, today=FIXED_TODAY)
    assert bare == "あけましておめでとうございます\n未年 丁未\n令和9年 元旦"
    first_reiwa = _occasion(2019, "christmas")
    assert render("{year_wareki}", occasion=first_reiwa, today=D(2019, 12, 1)) == "令和元年"


def test_render_date_by_babel_in_tokyo() -> None:
    christmas = _occasion(2026, "christmas")
    # Before the window: its first day; inside it: today.
    assert render("{date}", occasion=christmas, today=FIXED_TODAY) == "12月24日(木)"
    assert render("{date}", occasion=christmas, today=D(2026, 12, 25)) == "12月25日(金)"
    # An aware time is read in Tokyo: 16:00 UTC on the 24th is already the 25th there.
    late = dt.datetime(2026, 12, 24, 16, 0, tzinfo=dt.UTC)
    assert render("{date}", occasion=christmas, today=late) == "12月25日(金)"
    with pytest.raises(ValueError, match="aware"):
        render("{date}", occasion=christmas, today=dt.datetime(2026, 12, 24, 12))


# -- validation: a writer's mistake is named, file and field ---------------------------------

GOOD = {
    "key": "tsukimi",
    "name_ja": "お月見",
    "name_en": "Moon viewing",
    "celebratory": False,
    "rule": {"type": "fixed", "start": "09-15"},
    "tags": ["お月見"],
    "polite": ["きれいな月ですね", "{recipient}様\n良い夜を"],
    "casual": ["月がきれい🌕", "団子食べよう"],
}


def _write(folder: Path, data: dict, name: str = "tsukimi.json") -> Path:  # type: ignore[type-arg]
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_good_file_in_a_folder_of_its_own_loads(tmp_path: Path) -> None:
    _write(tmp_path / "occ", GOOD)
    catalogue = load_occasions(tmp_path / "occ")
    assert catalogue.suggest("tsukimi", "casual") == GOOD["casual"]
    dates = [o for o in occasions.on(2026, catalogue)]
    assert [(o.key, o.start) for o in dates] == [("tsukimi", D(2026, 9, 15))]


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        ({"polite": None}, "polite", "missing"),
        ({"casual": ["ひとつだけ"]}, "casual", "at least 2"),
        ({"polite": ["{name}様", "こんにちは"]}, "polite", "unknown placeholder {name}"),
        ({"polite": ["{date:%Y}", "こんにちは"]}, "polite", "format spec"),
        ({"polite": ["{recipient", "こんにちは"]}, "polite", "malformed"),
        ({"tags": ["メ～テレ"]}, "tags", "not safe"),
        ({"tags": ["#タグ"]}, "tags", "not safe"),
        ({"celebratory": "yes"}, "celebratory", "true or false"),
        ({"key": "other"}, "key", "file name"),
        ({"rule": {"type": "fixed", "start": "9/15"}}, "rule.start", "MM-DD"),
        ({"rule": {"type": "computed", "name": "tsukimi"}}, "rule.name", "must be one of"),
        ({"rule": {"type": "lunar"}}, "rule", "type is one of"),
        ({"colour": "red"}, "colour", "unknown field"),
        ({"late": ["nosuch"]}, "late", "not another occasion's key"),
        ({"late": ["tsukimi"]}, "late", "not another occasion's key"),
        ({"late": "fine"}, "late", "list of non-empty strings"),
        ({"not_before": "yes"}, "not_before", "true or false"),
    ],
)
def test_malformed_file_names_file_and_field(
    tmp_path: Path,
    change: dict,
    field: str,
    problem: str,  # type: ignore[type-arg]
) -> None:
    data = {**GOOD, **change}
    data = {k: v for k, v in data.items() if v is not None}
    _write(tmp_path / "occ", {**GOOD, "key": "fine"}, "fine.json")
    _write(tmp_path / "occ", data, "tsukimi.json")
    with pytest.raises(CatalogueError) as err:
        load_occasions(tmp_path / "occ")
    message = str(err.value)
    assert message.startswith(f"tsukimi.json: {field}: "), message
    assert problem in message, message


def test_broken_json_and_missing_folder(tmp_path: Path) -> None:
    folder = tmp_path / "occ"
    folder.mkdir()
    (folder / "broken.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"^broken\.json: not valid JSON"):
        load_occasions(folder)
    with pytest.raises(CatalogueError, match="missing"):
        load_occasions(tmp_path / "nowhere")


def test_template_fields_and_placeholder_set() -> None:
    assert template_fields("{recipient}様 {date}") == ["recipient", "date"]
    assert {"recipient", "sender", "year_wareki", "eto", "date"} <= PLACEHOLDERS


def test_friends_address_names_the_chosen_friends_casually() -> None:
    assert friends_address([]) == ""
    assert friends_address(["ゆき"]) == "ゆき"
    assert friends_address(["ゆき", " はる "]) == "ゆき、はる"
    assert friends_address(["ゆきちゃん", "", "はる", "そら"]) == "ゆきちゃん、はる、そら"
    assert friends_address(["a", "b", "c", "d"]) == "みんな"
    christmas = _occasion(2026, "christmas")
    template = "{recipient}へ\nメリクリ！\n{sender}より"
    two = render(template, occasion=christmas, today=FIXED_TODAY,
                 recipient=friends_address(["ゆき", "はる"]), sender="ハル")  # fmt: skip
    assert two == "ゆき、はるへ\nメリクリ！\nハルより"
    assert render(template, occasion=christmas, today=FIXED_TODAY) == "メリクリ！"
