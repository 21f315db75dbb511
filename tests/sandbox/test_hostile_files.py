"""Issue #13, point 7: hostile input files — a setting of the wrong type, an account of a
network this Kizuna does not know, a translation that does not load, an occasion file
with a bad date — are each logged and skipped with a notice, never a crash."""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.store.db import Store
from tests.conftest import ROOT

TIMEOUT = 120


def kizuna(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command, *rest = args
    return subprocess.run(
        [sys.executable, "-m", "app", "--lang", "en", command, "--profile", str(profile), *rest],
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def test_a_setting_of_the_wrong_type_is_skipped_with_a_notice(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    Store(profile / "kizuna.db").close()
    db = sqlite3.connect(profile / "kizuna.db")
    db.execute("INSERT INTO settings(key, value) VALUES('prefs.sandbox', '\"yes please\"')")
    db.commit()
    db.close()
    result = kizuna(profile, "post", "--to", "public", "設定が壊れていても")
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert "The saved setting prefs.sandbox could not be read" in result.stderr
    assert "holds an invalid str" in (profile / "logs" / "kizuna.log").read_text(encoding="utf-8")


def test_an_account_of_an_unknown_network_is_skipped_with_a_notice(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    Store(profile / "kizuna.db").close()
    db = sqlite3.connect(profile / "kizuna.db")
    db.execute(
        "INSERT INTO accounts(key, position, network, base_url, user_id, username, handle,"
        " serves) VALUES('friendica:1', 0, 'friendica', 'https://f.example', '1', 'me',"
        " '@me@f.example', '[\"public\"]')"
    )
    db.commit()
    db.close()
    result = kizuna(profile, "post", "--to", "public", "知らないネットワーク")
    assert "Traceback" not in result.stderr
    assert "@me@f.example" in result.stderr  # named, not silently dropped
    assert result.returncode in (1, 2)  # nothing serves the public side: refused in words
    assert result.stderr.startswith("warning: ") or "error: " in result.stderr
    db = sqlite3.connect(profile / "kizuna.db")
    assert db.execute("SELECT network FROM accounts").fetchall() == [("friendica",)]  # kept
    db.close()


def test_a_translation_that_does_not_load_is_skipped(
    qapp: object, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from PySide6.QtCore import QCoreApplication, QLocale

    from app.i18n import translators

    broken = tmp_path / "kizuna_ja.qm"
    broken.write_bytes(b"this is not a compiled translation" * 10)
    app = QCoreApplication.instance()
    assert app is not None
    before = QLocale()
    with caplog.at_level(logging.WARNING, logger="app.i18n.translators"):
        kept = translators.install(app, "ja", qm=broken)
    try:
        assert "no Kizuna translation for ja" in caplog.text
        assert all(t.language() != "ja_JP" or t.filePath() != str(broken) for t in kept)
    finally:
        translators.uninstall(app, kept)
        QLocale.setDefault(before)


def test_an_occasion_file_with_a_bad_date_is_skipped(tmp_path: Path) -> None:
    from app.services.catalogues import Catalogues, shipped_occasions_dir

    folder = tmp_path / "occasions"
    shutil.copytree(shipped_occasions_dir(), folder)
    shipped_count = len(list(folder.glob("*.json")))
    bad = folder / "chichinohi.json"
    data = json.loads(bad.read_text(encoding="utf-8"))
    data["rule"]["month"] = 13
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    catalogues = Catalogues(occasions_dir=folder)
    keys = set(catalogues.occasions.entries)
    assert "chichinohi" not in keys
    assert len(keys) == shipped_count - 1  # every other occasion still there
    assert catalogues.skipped == ["chichinohi.json: rule.month: must be 1-12"]
