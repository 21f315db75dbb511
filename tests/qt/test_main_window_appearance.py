"""Settings → Appearance (外観) in the real window: three exclusive choices checked from the
saved preference; a choice is saved and applied at once (the application's palette turns
dark), and the window's own colours follow — the sandbox banner amber on a light window
and readable on a dark one, its words at a WCAG contrast of at least 4.5 in both.

And when opening the session fails, the window says why in words, neither column claims
to be connecting, and Try again opens it."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from app.core.models import Audience
from app.services.session import Session
from app.services.timeline import LiveState
from app.store.db import Store
from app.store.settings import COLOR_SCHEME, Settings
from app.ui.color_scheme import apply_color_scheme, is_dark
from app.ui.main_window import MainWindow
from tests.helpers import until
from tests.qt.test_dark_mode import contrast_ratio
from tests.qt.test_main_window_errors import Failing


@pytest.fixture
def scheme_reset(qapp: QApplication) -> Iterator[None]:
    yield
    apply_color_scheme(qapp, "system")
    QApplication.processEvents()


def banner_colours(window: MainWindow) -> tuple[QColor, QColor]:
    """The banner's (ground, text) as the window's style sheet gives them now."""
    found = re.search(
        r"#SandboxBanner\s*\{[^}]*background:\s*(#[0-9a-fA-F]{6});[^}]*color:\s*(#[0-9a-fA-F]{6})",
        window.styleSheet(),
    )
    assert found, window.styleSheet()
    return QColor(found.group(1)), QColor(found.group(2))


def painted_ground(window: MainWindow) -> QColor:
    image = window.banner.grab().toImage()
    return image.pixelColor(2, 2)


def test_the_appearance_menu_is_checked_from_the_saved_choice(
    qtbot: Any, profile_dir: Path
) -> None:
    store = Store(profile_dir / "kizuna.db")
    Settings(store).set(COLOR_SCHEME, "light")
    window = MainWindow(store=store, lang="en")
    qtbot.addWidget(window)
    actions = window.top_bar.color_scheme_actions
    assert list(actions) == ["system", "light", "dark"]
    assert [a.isChecked() for a in actions.values()] == [False, True, False]
    assert all(a.isCheckable() for a in actions.values())
    assert actions["light"].actionGroup() is actions["dark"].actionGroup()
    assert actions["light"].actionGroup().isExclusive()
    menu_titles = [a.text() for a in window.settings_button.menu().actions()]
    assert "Appearance" in menu_titles


def test_choosing_dark_saves_it_and_turns_the_window_dark(
    qtbot: Any, qapp: QApplication, scheme_reset: None, profile_dir: Path
) -> None:
    apply_color_scheme(qapp, "light")
    store = Store(profile_dir / "kizuna.db")
    window = MainWindow(store=store, lang="en")
    qtbot.addWidget(window)
    window.banner.setVisible(True)
    window.resize(900, 500)
    window.show()
    qtbot.waitExposed(window)
    light_ground, light_text = banner_colours(window)
    # Amber on a light window: a warm hue, clearly tinted, light.
    assert 30 <= light_ground.hslHue() <= 60 and light_ground.hslSaturation() > 100
    assert light_ground.lightness() > 200
    assert contrast_ratio(light_text, light_ground) >= 4.5
    assert painted_ground(window).name() == light_ground.name()

    window.top_bar.color_scheme_actions["dark"].trigger()
    QApplication.processEvents()
    assert Settings(store).get(COLOR_SCHEME) == "dark"
    assert is_dark(QApplication.palette()) and is_dark(window.palette())
    assert window.palette().color(window.palette().ColorRole.Window).lightness() < 80
    dark_ground, dark_text = banner_colours(window)
    assert dark_ground.lightness() < 100 and 30 <= dark_ground.hslHue() <= 60
    assert contrast_ratio(dark_text, dark_ground) >= 4.5
    assert painted_ground(window).name() == dark_ground.name()

    window.top_bar.color_scheme_actions["light"].trigger()
    QApplication.processEvents()
    assert Settings(store).get(COLOR_SCHEME) == "light"
    assert not is_dark(window.palette())
    assert banner_colours(window) == (light_ground, light_text)


class FailingOnce:
    """An opener whose first call fails (the sandbox could not start), then works."""

    def __init__(self) -> None:
        self.calls = 0
        self.sessions: list[Session] = []

    async def __call__(self, sandbox: bool) -> Session:
        self.calls += 1
        if self.calls == 1:
            raise OSError("address already in use")
        session = Session([Failing("sora", Audience.PUBLIC), Failing("nakama", Audience.FRIENDS)])
        self.sessions.append(session)
        return session


def test_a_session_that_cannot_open_is_said_with_try_again(
    qtbot: Any, qloop: Any, profile_dir: Path
) -> None:
    opener = FailingOnce()
    window = MainWindow(
        store=Store(profile_dir / "kizuna.db"), lang="en", opener=opener, force_sandbox=True
    )
    qtbot.addWidget(window)
    window.show()

    async def scenario() -> None:
        try:
            with pytest.raises(OSError):
                await window.open_session()
            window.show_fatal(OSError("address already in use"))  # as the bootstrap does
            said = window.accounts_label.text()
            assert "sandbox could not be started" in said and "address" not in said
            assert window.top_bar.retry_button.isVisibleTo(window)
            assert "log" in window.statusBar().currentMessage()
            for audience in (Audience.PUBLIC, Audience.FRIENDS):
                assert window.column(audience).state is LiveState.OFFLINE

            window.top_bar.retry_button.click()
            await window.settled()
            assert opener.calls == 2 and window.session is opener.sessions[0]
            assert not window.top_bar.retry_button.isVisibleTo(window)
            assert "@わたし@sora" in window.accounts_label.text()
        finally:
            await window.close_session()

    qloop.run_until_complete(asyncio.wait_for(scenario(), 30))


def test_the_app_keeps_its_window_after_a_failed_open_and_try_again_works(
    qtbot: Any, qapp: QApplication, qloop: Any, profile_dir: Path
) -> None:
    """Through the bootstrap's main coroutine: the first open fails, the window stays with
    the words and Try again; Try again opens the session; closing ends the run with 0."""
    import argparse

    from app import bootstrap

    opener = FailingOnce()
    window = MainWindow(
        store=Store(profile_dir / "kizuna.db"), lang="en", opener=opener, force_sandbox=True
    )
    qtbot.addWidget(window)
    window.show()

    async def scenario() -> int:
        run = asyncio.ensure_future(bootstrap._main(window, argparse.Namespace(screenshot=None)))
        await until(lambda: window.top_bar.retry_button.isVisibleTo(window), 10)
        assert not run.done()
        window.top_bar.retry_button.click()
        await until(lambda: window.session is not None, 10)
        window.close()
        return await run

    quits = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)  # as the bootstrap has it
    try:
        assert qloop.run_until_complete(asyncio.wait_for(scenario(), 30)) == 0
    finally:
        qapp.setQuitOnLastWindowClosed(quits)
    assert opener.calls == 2
