"""Data checks over everything a writer adds in resources/: every greeting template (both
registers) and every gift message is scanned for the words its occasion must not use
(年賀 wording, memorial and mourning times, the wrong season), and every hashtag an
occasion or gift suggests is inserted by the safe rule and read back on every network.

A writer who adds an occasion or a gift is checked here without writing a test."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from app.core import hashtags
from app.core.templates import render
from app.services.catalogues import shipped

on = shipped().on

NETWORKS = ("x", "mastodon", "bluesky", "misskey")
YEARS = range(2020, 2036)
NEW_YEAR = frozenset({"shogatsu", "onenga"})
# Memorial and mourning times: nothing celebratory.
SOMBRE = frozenset({"obon", "kanchu"})

# Forbidden everywhere, with the reason a reviewer gives.
EVERYWHERE = {
    "去年": "昨年 / 旧年 (去る is an 忌み言葉)",
    "新年あけまして": "doubled: あけまして already says 新年",
    "元旦の朝": "doubled: 元旦 is the morning of 1 January",
    "A Happy New Year": "no article in a greeting",
}
# Forbidden per occasion.
PER_OCCASION: dict[str, dict[str, str]] = {
    "shogatsu": {},
    "onenga": {},
    "omisoka": {
        "あけまして": "not yet the new year",
        "おめでと": "not yet the new year",
        "謹賀": "not yet the new year",
    },
    "obon": {"おめでと": "a memorial time", "お祝い": "a memorial time", "🎉": "a memorial time"},
    "kanchu": {
        "おめでと": "sent in mourning",
        "賀": "no 賀詞 in mourning (謹賀, 年賀, 賀正)",
        "迎春": "no 賀詞 in mourning",
        "新春": "no 賀詞 in mourning",
        "🎉": "sent in mourning",
        "🎍": "sent in mourning",
        "良いお年": "the new year has begun",
    },
    "shochu": {"残暑": "残暑見舞い begins at 立秋"},
    "zansho": {"暑中": "暑中見舞い ends the day before 立秋"},
    "oseibo": {"あけまして": "a year-end gift", "おめでと": "a year-end gift"},
    "christmas": {"あけまして": "before the new year"},
}
# New Year words that are 忌み言葉 (words of loss and ending) in a 年賀.
IMI_KOTOBA = ("去る", "失", "破れ", "滅", "衰え", "倒れ", "枯れ", "終わり", "離れ", "別れ")
# 良いお年を is said only before the new year, i.e. in 大晦日's (and the year-end gifts').
GOOD_YEAR_ALLOWED = frozenset({"omisoka", "oseibo"})


def _texts() -> list[tuple[str, str, str]]:
    """(occasion key, where, text) for every template and every gift message."""
    found = [
        (entry.key, f"{entry.source.name} {register}[{i}]", text)
        for entry in shipped().occasions.entries.values()
        for register in ("polite", "casual")
        for i, text in enumerate(getattr(entry, register))
    ]
    for gift in shipped().gifts:
        for key in gift.occasions:
            found.append((key, f"gift {gift.key} message_ja", gift.message_ja))
    return found


TEXTS = _texts()


def test_the_scan_sees_every_occasion_and_gift() -> None:
    keys = {key for key, _, _ in TEXTS}
    assert set(shipped().occasions.entries) <= keys
    assert set(PER_OCCASION) <= keys  # no rule for an occasion that does not exist
    assert sum(where.startswith("gift ") for _, where, _ in TEXTS) >= 12


@pytest.mark.parametrize(("key", "where", "text"), TEXTS, ids=[w for _, w, _ in TEXTS])
def test_no_forbidden_words_for_the_occasion(key: str, where: str, text: str) -> None:
    rules = {**EVERYWHERE, **PER_OCCASION.get(key, {})}
    for word, reason in rules.items():
        assert word not in text, f"{where}: {word!r} — {reason}: {text!r}"
    if key in NEW_YEAR:
        for word in IMI_KOTOBA:
            assert word not in text, f"{where}: {word!r} is an 忌み言葉 in a 年賀: {text!r}"
    if key in SOMBRE or not _celebratory(key):
        assert "おめでと" not in text, f"{where}: not a celebration: {text!r}"
    if "良いお年" in text:
        assert key in GOOD_YEAR_ALLOWED, f"{where}: 良いお年を only before the new year"
    # 「令和九年 元旦」, never 「一月一日元旦」 / 「1月1日 元旦」: 元旦 is the day itself.
    assert not re.search(r"[月日一1１]\s*元旦", text), f"{where}: {text!r}"


def _celebratory(key: str) -> bool:
    entries = shipped().occasions.entries
    return entries[key].celebratory if key in entries else True


@pytest.mark.parametrize("year", [2026, 2027, 2031])
def test_rendered_new_year_texts_date_the_year_in_wareki(year: int) -> None:
    for occasion in on(year):
        if occasion.key not in NEW_YEAR:
            continue
        entry = shipped().occasions.get(occasion.key)
        for template in entry.polite + entry.casual:
            text = render(
                template, occasion=occasion, today=dt.date(year - 1, 12, 20),
                recipient="ゆき", sender="ハル",
            )  # fmt: skip
            if "元旦" in text:
                era = "令和元年" if year == 2019 else f"令和{year - 2018}年"
                assert f"{era} 元旦" in text, text
            assert "{" not in text and "}" not in text


# -- hashtags: the safe rule for every occasion's and gift's tags --------------------------


def _tag_sets() -> list[tuple[str, tuple[str, ...]]]:
    found: dict[str, tuple[str, ...]] = {}
    for year in YEARS:  # national holidays bring their own names as tags
        for occasion in on(year):
            found.setdefault(occasion.key.split(":")[0] + ":" + "+".join(occasion.tags),
                             occasion.tags)  # fmt: skip
    for gift in shipped().gifts:
        for key in gift.occasions:
            occasion_tags = shipped().occasions.get(key).tags
            found[f"gift {gift.key} for {key}"] = occasion_tags + gift.tags
    return sorted((k, v) for k, v in found.items() if v)


TAG_SETS = _tag_sets()


@pytest.mark.parametrize(("where", "tags"), TAG_SETS, ids=[w for w, _ in TAG_SETS])
def test_suggested_tags_are_inserted_by_the_safe_rule(where: str, tags: tuple[str, ...]) -> None:
    for body in ("メリクリ🎄", "暑いね～！\n元気？", "一行目\n\n#既存 のタグではない文"):
        text = hashtags.append_tags(body, tags)
        last = text.split("\n")[-1]
        unique = list(dict.fromkeys(tags))
        # Its own last line, ASCII '#', one space between tags, no ～ inside.
        assert last == " ".join(f"#{t}" for t in unique), (where, text)
        assert text == body.rstrip() + "\n" + last  # the body is untouched
        assert "＃" not in last and "～" not in last and "〜" not in last
        for network in NETWORKS:
            found = hashtags.extract(last, network)
            assert found == unique, (where, network, found)
        # Every network finds the same tags in the whole text's last line too.
        for network in NETWORKS:
            assert hashtags.extract(text, network)[-len(unique) :] == unique, (where, network)
