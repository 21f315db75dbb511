"""mixi2 through the real window, on the fake mixi2 Application API
(tests/fakes/mixi2_server.py): sign in with the application's client id and secret in
Settings → Accounts; two people write to the application in a chat (learnt from the
event stream the window keeps open); a 150-character text is counted 150/149 in the
composer and cannot be sent, nothing reaches mixi2; then a New Year card goes to the
public (one post with the picture) and to the two chosen friends (one chat message each,
with the picture) — nothing public for them."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from app.core.models import Audience
from app.services.accounts import AccountService
from app.store.db import Store
from app.store.mixi2_rooms import Mixi2Rooms
from tests.fakes.mixi2_server import Mixi2Fake
from tests.helpers import IN_SEASON, MemoryKeyring, account_service, main_window, until

pytestmark = pytest.mark.e2e
BOTH = frozenset({Audience.PUBLIC, Audience.FRIENDS})
CLIENT, SECRET = "kizuna-client", "s3cret-value-never-logged"


@pytest.fixture
def fake() -> Iterator[Mixi2Fake]:
    with Mixi2Fake({CLIENT: SECRET}) as server:
        yield server


@pytest.fixture
def accounts(store: Store) -> AccountService:
    return account_service(store, MemoryKeyring())


def test_new_year_card_to_the_public_and_two_friends_on_mixi2(
    qtbot, qloop, sandbox, store: Store, accounts: AccountService, fake: Mixi2Fake
) -> None:
    window = main_window(qtbot, store, accounts, sandbox, today=IN_SEASON)  # お年賀 offered

    async def sign_in() -> str:
        await window.open_session()
        window.accounts_action.trigger()
        dialog = window.accounts_dialog
        assert dialog is not None
        dialog.network_combo.setCurrentIndex(dialog.network_combo.findData("mixi2"))
        dialog.server_edit.setText(fake.endpoint)
        dialog.mixi2_client_id_edit.setText(CLIENT)
        dialog.mixi2_secret_edit.setText(SECRET)
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
        assert dialog.pending is not None
        account = await dialog.pending
        assert account is not None, dialog.status_text()
        await window.settled()
        assert window.session is not None and not window.session.is_sandbox
        return account.key

    async def scenario() -> None:
        try:
            key = await sign_in()
            # The window listens to the event stream; two people write to the application.
            await until(lambda: fake.subscribers() > 0)
            fake.user_writes("u-haruka", "春香", "あけましておめでとう！")
            fake.user_writes("u-mio", "みお", "ことしもよろしく")
            await until(lambda: len(Mixi2Rooms(store).rooms(key)) == 2)

            composer = window.open_composer()
            composer.set_audiences(BOTH)
            assert composer.choose_occasion("onenga")
            composer.set_texts({Audience.PUBLIC: "賀" * 150, Audience.FRIENDS: "あけおめ"})
            [(target, counted)] = [(k, c) for k, c in composer.counts().items()]
            assert (counted.used, counted.limit, counted.fits) == (150, 149, False)
            assert "150" in composer.counter_labels()[target].text()
            assert not composer.send_button.isEnabled()
            assert "CreatePost" not in fake.calls

            picker = composer.gift_picker
            assert picker.select_gift("kadomatsu")
            friends = await picker.load_friends()
            assert {f.user_id for f in friends} >= {"u-haruka", "u-mio"}
            picker.choose_friends(["u-haruka", "u-mio"])
            picker.refresh_now()
            composer.set_texts({Audience.PUBLIC: "謹賀新年", Audience.FRIENDS: "あけおめ！"})
            assert composer.send_button.isEnabled()
            qtbot.keyClick(composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            await composer.wait_sent()
            assert set(composer.target_states().values()) == {"sent"}
        finally:
            await window.close_session()

    qloop.run_until_complete(asyncio.wait_for(scenario(), 120))
    [post] = fake.posts
    assert post.text == "謹賀新年" and len(post.post_media_list) == 1
    messages = fake.messages
    assert sorted(m.room_id for m in messages) == ["room-u-haruka", "room-u-mio"]
    assert all(m.text == "あけおめ！" and len(m.media_list) == 1 for m in messages)
    descriptions = [m.description or "" for m in fake.state.media.values()]
    assert len(descriptions) == 2 and all(descriptions)  # each card with its alt text
