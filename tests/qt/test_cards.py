"""Gift cards: PNGs of the requested size with the artwork and the words on them, and a
年賀状 whose greeting really runs top to bottom (layout positions and painted ink), with
the OpenType ``vert`` forms, kanji numerals and no column opening with 、。."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from app.services.catalogues import shipped
from app.ui import cards
from app.ui.cards import card_font, render_card, render_image, vertical_layout

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def decode(png: bytes) -> QImage:
    image = QImage()
    assert image.loadFromData(png, "PNG")
    return image


def ink_box(image: QImage, region: QRect, threshold: int = 110) -> QRect:
    """The bounding box of dark pixels (text ink) inside ``region``."""
    grey = image.copy(region).convertToFormat(QImage.Format.Format_Grayscale8)
    stride = grey.bytesPerLine()
    data = bytes(grey.constBits())
    xs: list[int] = []
    ys: list[int] = []
    for y in range(grey.height()):
        row = data[y * stride : y * stride + grey.width()]
        dark = [x for x, v in enumerate(row) if v < threshold]
        if dark:
            ys.append(y)
            xs.extend((dark[0], dark[-1]))
    assert xs, "no ink found"
    return QRect(min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)


def count_colour(image: QImage, region: QRect, colour: str, tolerance: int = 12) -> int:
    want = QColor(colour)
    n = 0
    for y in range(region.top(), region.bottom(), 2):
        for x in range(region.left(), region.right(), 2):
            c = image.pixelColor(x, y)
            if (
                abs(c.red() - want.red()) <= tolerance
                and abs(c.green() - want.green()) <= tolerance
                and abs(c.blue() - want.blue()) <= tolerance
            ):
                n += 1
    return n


@pytest.mark.parametrize("size", [(1200, 800), (640, 480), (600, 900)])
def test_a_card_is_a_png_of_the_requested_size(qapp: object, size: tuple[int, int]) -> None:
    png = render_card(
        shipped().gift("christmas_cake"), "メリークリスマス！", "ゆき", "はる", size=size
    )
    assert png.startswith(PNG_MAGIC)
    image = decode(png)
    assert (image.width(), image.height()) == size


def test_the_card_carries_the_artwork_and_the_words(qapp: object) -> None:
    image = render_image(
        shipped().gift("christmas_cake"), "メリークリスマス！", "ゆき", "はる", size=(600, 400)
    )
    left, right = QRect(0, 0, 260, 400), QRect(300, 0, 300, 400)
    # The cake's strawberries (#E0524D) and cream backdrop (#FDF1DC) are on the left…
    assert count_colour(image, left, "#E0524D") > 50
    assert count_colour(image, left, "#FDF1DC") > 500
    assert count_colour(image, right, "#E0524D") == 0
    # …and ink (the message) on the right, running across rather than down.
    box = ink_box(image, QRect(300, 100, 280, 220))
    assert box.width() > box.height()


def test_an_empty_card_differs_from_one_with_a_message(qapp: object) -> None:
    gift = shipped().gift("tanzaku")
    with_words = render_image(gift, "願いが叶いますように。", "ゆき", "はる", size=(600, 400))
    without = render_image(gift, "", "", "", size=(600, 400))
    assert with_words != without


def test_the_nenga_layout_runs_top_to_bottom_and_right_to_left(qapp: object) -> None:
    layout = vertical_layout(
        "謹賀新年\n旧年中は大変お世話になりました\n本年もよろしくお願いいたします",
        "ゆき",
        "はる",
        "令和九年 元旦",
    )
    message = layout.role("message")
    assert "".join(c.text for c in message) == (
        "旧年中は大変お世話になりました本年もよろしくお願いいたします"
    )
    columns: dict[int, list[cards.PlacedChar]] = {}
    for placed in message:
        columns.setdefault(placed.column, []).append(placed)
    assert len(columns) >= 2
    for column in columns.values():
        assert len({round(c.rect.center().x(), 3) for c in column}) == 1  # x constant
        ys = [c.rect.top() for c in column]
        assert ys == sorted(ys) and len(set(ys)) == len(ys)  # y increases
    xs = [columns[i][0].rect.center().x() for i in sorted(columns)]
    assert xs == sorted(xs, reverse=True)  # later columns to the left
    # Recipient rightmost, then the 賀詞, the greeting, the date, and the sender leftmost.
    order = ["recipient", "greeting", "message", "date", "sender"]
    rights = [max(c.rect.right() for c in layout.role(r)) for r in order]
    assert rights == sorted(rights, reverse=True)
    assert "".join(c.text for c in layout.role("date")) == "令和九年 元旦"
    assert layout.role("date")[0].rect.top() > message[0].rect.top()  # starts lower
    assert "".join(c.text for c in layout.role("sender")) == "はるより"
    assert "".join(c.text for c in layout.role("recipient")) == "ゆきさんへ"
    # Nothing runs into the artwork.
    for placed in layout.chars:
        assert not placed.rect.intersects(layout.art)


def test_the_painted_nenga_greeting_is_taller_than_wide(qapp: object) -> None:
    size = (600, 400)
    layout = vertical_layout("あけましておめでとう", "", "", "", size)
    placed = layout.role("message")
    area = placed[0].rect.united(placed[-1].rect).toAlignedRect().adjusted(-4, -4, 4, 4)
    image = render_image(
        shipped().gift("kadomatsu"), "あけましておめでとう", "", "", vertical=True, size=size,
        date_line="",
    )  # fmt: skip
    box = ink_box(image, area)
    assert box.height() > 5 * box.width()


def test_vert_turns_the_long_vowel_mark_and_brackets_upright(qapp: object) -> None:
    def painted(text: str, vertical: bool) -> QImage:
        image = QImage(120, 120, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setFont(card_font(80, vertical=vertical))
        painter.setPen(QColor("black"))
        painter.drawText(QRectF(0, 0, 120, 120), Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
        return image

    whole = QRect(0, 0, 120, 120)
    flat, upright = ink_box(painted("ー", False), whole), ink_box(painted("ー", True), whole)
    assert flat.width() > 3 * flat.height()
    assert upright.height() > 3 * upright.width()
    # 「 in its vertical form opens downward: its ink sits in a different place.
    assert ink_box(painted("「", False), whole) != ink_box(painted("「", True), whole)


def test_digits_become_kanji_numerals_and_no_column_opens_with_a_stop(qapp: object) -> None:
    layout = vertical_layout("2027年もよろしく", "", "", "", (600, 400))
    assert "".join(c.text for c in layout.role("message")).startswith("二〇二七年")
    text = "、".join(["ありがとう"] * 12) + "。"
    layout = vertical_layout(text, "", "", "", (600, 400))
    starts: dict[int, str] = {}
    for placed in layout.role("message"):
        starts.setdefault(placed.column, placed.text)
    assert len(starts) > 1
    assert not any(ch in "、。」ー" for ch in starts.values())


def test_the_default_date_line_greets_the_coming_new_year_in_wareki(qapp: object) -> None:
    assert cards.coming_new_year(date(2026, 12, 20)) == 2027
    assert cards.coming_new_year(date(2027, 1, 3)) == 2027
    assert cards.default_date_line(date(2026, 12, 20)) == "令和九年 元旦"
    # 1 January 2019 was still 平成 (令和 began on 1 May).
    assert cards.default_date_line(date(2018, 12, 1)) == "平成三十一年 元旦"
    assert cards.default_date_line(date(2019, 12, 1)) == "令和二年 元旦"


def test_names_keep_their_own_honorific(qapp: object) -> None:
    assert cards.addressed("ゆき") == "ゆきさんへ"
    assert cards.addressed("山田太郎様") == "山田太郎様へ"
    assert cards.addressed(" ") == ""
    assert cards.signed("はる") == "はるより"


def test_vertical_card_portrait_and_bad_sizes(qapp: object) -> None:
    gift = shipped().gift("kagami_mochi")
    png = render_card(gift, gift.message_ja, "ゆき", "はる", vertical=True, size=(800, 1200))
    image = decode(png)
    assert (image.width(), image.height()) == (800, 1200)
    with pytest.raises(ValueError, match="at least 64"):
        render_card(gift, "x", "", "", size=(10, 10))


def count_dark(image: QImage, region: QRect, threshold: int = 110) -> int:
    grey = image.copy(region).convertToFormat(QImage.Format.Format_Grayscale8)
    stride = grey.bytesPerLine()
    data = bytes(grey.constBits())
    return sum(
        1
        for y in range(grey.height())
        for v in data[y * stride : y * stride + grey.width()]
        if v < threshold
    )


def test_several_names_on_a_nenga_take_a_column_each_when_one_is_too_short(qapp: object) -> None:
    to = "ゆきのしたさん、はるかぜさん、そらもようさん"
    layout = vertical_layout("謹賀新年\n本年もよろしく", to, "はる", "令和九年 元旦", (600, 400))
    columns: dict[int, str] = {}
    for placed in layout.role("recipient"):
        columns[placed.column] = columns.get(placed.column, "") + placed.text
    assert list(columns.values()) == ["ゆきのしたさん、", "はるかぜさん、", "そらもようさんへ"]
    # Still right of the greeting, and the sender still signs at the far left.
    assert min(c.rect.left() for c in layout.role("recipient")) > max(
        c.rect.right() for c in layout.role("greeting")
    )
    assert "".join(c.text for c in layout.role("sender")) == "はるより"
    short = vertical_layout("謹賀新年\n本年もよろしく", "ゆきさん、はるさん", "", "", (600, 400))
    assert {c.column for c in short.role("recipient")} == {0}  # fits in one column


def test_a_long_line_of_names_stays_inside_the_card(qapp: object) -> None:
    to = "ゆきのしたさん、はるかぜさん、そらもようさん"
    image = render_image(shipped().gift("christmas_cake"), "メリークリスマス！", to, "はる")
    one = render_image(shipped().gift("christmas_cake"), "メリークリスマス！", "ゆき", "はる")
    # Between the text column's right edge and the inner frame, in the recipients' band,
    # there is only paper: the names shrink, then take a second line, to fit.
    assert count_dark(image, QRect(1146, 70, 16, 110), threshold=130) == 0
    assert count_dark(image, QRect(600, 70, 540, 42), threshold=130) > 200  # first line
    assert count_dark(image, QRect(600, 132, 540, 18), threshold=130) > 100  # second line
    assert count_dark(one, QRect(600, 132, 540, 18), threshold=130) == 0  # one name: one line


def test_a_nenga_from_the_picker_is_vertical_with_message_sender_and_friends(qtbot, qloop) -> None:
    from app.core.models import Audience, Friend
    from app.ui.gift_picker import GiftPicker

    account = "misskey:http://127.0.0.1:4002:me"
    yuki = Friend(account, "u-yuki", "yuki", "@yuki@nakama", "ゆき")
    hiro = Friend(account, "u-hiro", "hiro", "@hiro@nakama", "ひろさん")

    async def friends() -> list[Friend]:
        return [yuki, hiro]

    picker = GiftPicker(friends=friends, today=lambda: date(2026, 12, 20))
    qtbot.addWidget(picker)
    picker.set_occasion("shogatsu")
    assert picker.select_gift("kadomatsu")
    picker.set_audiences({Audience.PUBLIC, Audience.FRIENDS})
    picker.set_message("謹賀新年\n本年もどうぞよろしく")
    picker.set_sender_name("はる")
    qloop.run_until_complete(picker.load_friends())
    picker.choose_friends(["u-yuki", "u-hiro"])
    picker.refresh_now()
    draft = picker.gift_draft()
    assert draft is not None
    public, addressed = draft.cards
    # In the picker's order (by name, gojūon: ひ before ゆ); ひろさん keeps his own さん.
    assert addressed.recipient == "ひろさん、ゆきさん"
    for card in (public, addressed):
        image = decode(card.png)
        assert (image.width(), image.height()) == (800, 1200)  # a 年賀状 stands upright

    image = decode(addressed.png)
    layout = vertical_layout(
        "謹賀新年\n本年もどうぞよろしく", addressed.recipient, "はる", "令和九年 元旦", (800, 1200)
    )
    assert "".join(c.text for c in layout.role("recipient")) == "ひろさん、ゆきさんへ"
    assert "".join(c.text for c in layout.role("sender")) == "はるより"
    for role in ("recipient", "message", "sender"):
        placed = layout.role(role)
        area = placed[0].rect.united(placed[-1].rect).toAlignedRect()
        box = ink_box(image, area, threshold=140)
        assert box.height() > 3 * box.width(), role  # each runs top to bottom
    # The public card is the open one: the same words, no names at all.
    open_layout = vertical_layout(
        "謹賀新年\n本年もどうぞよろしく", "", "はる", "令和九年 元旦", (800, 1200)
    )
    assert open_layout.role("recipient") == []
    assert public.recipient == "" and "ゆき" not in public.alt and "ひろ" not in public.alt
    expected = render_image(
        shipped().gift("kadomatsu"),
        "謹賀新年\n本年もどうぞよろしく",
        "",
        "はる",
        vertical=True,
        size=(800, 1200),
        date_line="令和九年 元旦",
    )
    assert decode(public.png) == expected.convertToFormat(decode(public.png).format())
