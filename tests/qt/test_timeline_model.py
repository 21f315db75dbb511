"""TimelineModel: newest-first merging, dedupe, row inserts (never a reset), older pages,
bounded memory — each checked by Qt's model tester while it happens."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt

from app.core.models import Audience, Author, MediaAttachment, Post
from app.ui.timeline_model import Roles, TimelineModel

T0 = datetime(2025, 12, 24, 6, 0, tzinfo=UTC)


def make_post(
    n: int,
    *,
    account: str = "acct",
    post_id: str | None = None,
    audience: Audience = Audience.PUBLIC,
    media: tuple[MediaAttachment, ...] = (),
) -> Post:
    """Post number ``n`` was written ``n`` seconds after T0: higher is newer."""
    author = Author(id="u1", username="alice", handle="@alice@sora", display_name="アリス")
    return Post(
        id=post_id or f"{n:08d}",
        network="mastodon",
        account_key=account,
        author=author,
        created_at=T0 + timedelta(seconds=n),
        text=f"投稿 {n}",
        html=f"投稿 {n}",
        audience=audience,
        visibility="public" if audience is Audience.PUBLIC else "private",
        media=media,
    )


def numbers(model: TimelineModel) -> list[int]:
    return [int(model.post_at(r).text.split()[1]) for r in range(model.rowCount())]


class Recorder:
    def __init__(self, model: TimelineModel) -> None:
        self.inserted: list[tuple[int, int]] = []
        self.removed: list[tuple[int, int]] = []
        self.resets = 0
        model.rowsInserted.connect(lambda _p, a, b: self.inserted.append((a, b)))
        model.rowsRemoved.connect(lambda _p, a, b: self.removed.append((a, b)))
        model.modelReset.connect(self._reset)

    def _reset(self) -> None:
        self.resets += 1


@pytest.fixture
def model(qtmodeltester: object) -> TimelineModel:
    m = TimelineModel()
    qtmodeltester.check(m)  # type: ignore[attr-defined]  # keeps watching every change
    return m


def test_merges_newest_first_in_contiguous_runs(model: TimelineModel, qtmodeltester) -> None:
    rec = Recorder(model)
    assert model.add_posts([make_post(10), make_post(30)]) == 2
    assert rec.inserted == [(0, 1)]
    model.add_posts([make_post(20), make_post(40), make_post(0), make_post(35)])
    assert numbers(model) == [40, 35, 30, 20, 10, 0]
    # 40 and 35 go above 30 (one run), 20 between 30 and 10, 0 at the end.
    assert rec.inserted[1:] == [(0, 1), (3, 3), (5, 5)]
    assert rec.resets == 0
    qtmodeltester.check(model)


def test_dedupes_by_account_and_id(model: TimelineModel) -> None:
    rec = Recorder(model)
    model.add_posts([make_post(1), make_post(2), make_post(2)])
    assert model.rowCount() == 2
    assert model.add_posts([make_post(1), make_post(2)]) == 0
    assert rec.inserted == [(0, 1)]
    # The same id read through another account is another row.
    model.add_posts([make_post(2, account="other")])
    assert model.rowCount() == 3
    assert model.row_of(("other", f"{2:08d}")) is not None


def test_same_time_is_ordered_by_id(model: TimelineModel) -> None:
    a = make_post(5, post_id="a")
    b = make_post(5, post_id="b")
    model.add_posts([a])
    model.add_posts([b])
    assert [model.post_at(r).id for r in range(2)] == ["b", "a"]


def test_roles(model: TimelineModel) -> None:
    media = (MediaAttachment(url="https://x.example/a.png", description="青い空"),)
    model.add_posts([make_post(1, audience=Audience.FRIENDS, media=media), make_post(0)])
    first = model.index(0)
    post = model.data(first, Roles.PostRole)
    assert isinstance(post, Post) and post.id == f"{1:08d}"
    assert model.data(first, Qt.ItemDataRole.DisplayRole) == "投稿 1"
    assert model.data(first, Roles.TextRole) == "投稿 1"
    assert model.data(first, Roles.AuthorNameRole) == "アリス"
    assert model.data(first, Roles.HandleRole) == "@alice@sora"
    assert model.data(first, Roles.TimeRole) == T0 + timedelta(seconds=1)
    assert model.data(first, Roles.AudienceRole) == "friends"
    assert model.data(first, Roles.HasMediaRole) is True
    assert model.data(model.index(1), Roles.HasMediaRole) is False
    spoken = model.data(first, Qt.ItemDataRole.AccessibleTextRole)
    assert "アリス" in spoken and "投稿 1" in spoken and "Friends only." in spoken
    assert "Friends only." not in model.data(model.index(1), Qt.ItemDataRole.AccessibleTextRole)
    assert "@alice@sora" in model.data(first, Qt.ItemDataRole.ToolTipRole)
    assert model.roleNames()[Roles.PostRole].data() == b"post"


def test_older_pages_are_fetched_once_at_a_time(qtmodeltester) -> None:
    # Watched by the model tester only at the end: the tester calls fetchMore itself.
    model = TimelineModel()
    calls: list[int] = []
    loading: list[bool] = []
    model.older_loader = lambda: calls.append(1)
    model.loadingChanged.connect(loading.append)
    root = QModelIndex()
    assert not model.canFetchMore(root)  # nothing before the first page
    model.add_posts([make_post(n) for n in range(100, 110)])
    assert model.canFetchMore(root)
    model.fetchMore(root)
    model.fetchMore(root)  # the view asks again while the page is on its way
    assert calls == [1]
    assert model.loading and not model.canFetchMore(root)
    model.older_loaded([make_post(n) for n in range(90, 100)], exhausted=False)
    assert numbers(model) == list(range(109, 89, -1))
    assert loading == [True, False]
    model.fetchMore(root)
    assert calls == [1, 1]
    model.older_loaded([make_post(85), make_post(105)], exhausted=True)  # 105 is a duplicate
    assert model.rowCount() == 21 and model.exhausted
    assert not model.canFetchMore(root)
    qtmodeltester.check(model)


def test_failed_older_page_can_be_asked_again(model: TimelineModel) -> None:
    calls: list[int] = []
    model.older_loader = lambda: calls.append(1)
    model.add_posts([make_post(1)])
    model.fetchMore(QModelIndex())
    model.older_failed()
    assert not model.loading
    model.fetchMore(QModelIndex())
    assert calls == [1, 1]


def test_ten_thousand_posts(qtmodeltester) -> None:
    # Qt's tester re-checks the whole model on every insert, which is quadratic over 10,000
    # rows: the other tests run it live, this one checks the result.
    model = TimelineModel()
    rng = random.Random(7)
    order = list(range(10_000))
    rng.shuffle(order)
    for start in range(0, 10_000, 1000):
        model.add_posts(make_post(n) for n in order[start : start + 1000])
    assert model.rowCount() == 10_000
    assert numbers(model) == list(range(9_999, -1, -1))
    # Live posts one at a time on top of a full model.
    for n in range(10_000, 10_050):
        model.add_posts([make_post(n)])
    assert numbers(model)[:3] == [10_049, 10_048, 10_047]
    assert model.rowCount() == 10_050
    qtmodeltester.check(model)


def test_trims_oldest_only_when_allowed(qtmodeltester) -> None:
    model = TimelineModel(max_rows=5)
    qtmodeltester.check(model)
    rec = Recorder(model)
    reading_old_posts = True
    model.can_trim = lambda: not reading_old_posts
    model.add_posts([make_post(n) for n in range(8)])
    assert model.rowCount() == 8  # the user is down there: keep everything
    model.exhausted = True
    reading_old_posts = False
    model.add_posts([make_post(8)])
    assert numbers(model) == [8, 7, 6, 5, 4]
    assert rec.removed == [(5, 8)]
    assert not model.exhausted  # the dropped posts can be paged in again
    assert model.row_of(("acct", f"{0:08d}")) is None
    # A dropped post may come back later (from an older page) as a new row.
    model.older_loaded([make_post(0)], exhausted=False)
    assert numbers(model)[-1] == 0
    qtmodeltester.check(model)


def test_clear_and_oldest_ids(model: TimelineModel) -> None:
    model.add_posts([make_post(3), make_post(1), make_post(2, account="b")])
    assert model.oldest_ids() == {"acct": f"{1:08d}", "b": f"{2:08d}"}
    model.clear()
    assert model.rowCount() == 0 and model.oldest_ids() == {}
