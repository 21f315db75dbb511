"""The catalogue loader: the one place that reads occasions and gifts from disk.

``app.core`` validates and computes; it must not read a file, not even when imported, and
``app.core.templates`` must not depend on ``app.core.occasions`` (which depends on it)."""

from __future__ import annotations

import ast
import datetime as dt
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.core import gifts, templates
from app.services import catalogues
from app.services.catalogues import Catalogues, load_gifts, load_occasions, shipped

ROOT = Path(__file__).resolve().parents[2]


def test_importing_core_reads_no_data_file() -> None:
    # A fresh interpreter with an audit hook: every file opened while app.core's catalogue
    # modules are imported (and their pure functions used) is recorded.
    script = textwrap.dedent(
        """
        import sys
        opened = []
        sys.addaudithook(lambda e, a: opened.append(str(a[0])) if e == "open" else None)
        import app.core.gifts, app.core.templates, app.core.occasions
        data = [p for p in opened if not p.endswith((".py", ".pyc")) and "__pycache__" not in p]
        mine = [p for p in opened if "resources" in p or p.endswith((".json", ".svg"))]
        print(repr((data, mine)))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    data, mine = ast.literal_eval(done.stdout.strip())
    assert mine == []
    assert [p for p in data if str(ROOT) in p] == []


def _imports(module: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def test_templates_does_not_import_occasions() -> None:
    imported = _imports(ROOT / "app" / "core" / "templates.py")
    assert not {n for n in imported if n.startswith("app.core.occasions")}
    assert "app.core.templates" in _imports(ROOT / "app" / "core" / "occasions.py")


def test_shipped_catalogues_load_once_and_answer() -> None:
    one = shipped()
    assert one is shipped()
    assert one.occasions is one.occasions  # read once
    assert len(one.occasions.entries) >= 20 and len(one.gifts) >= 12
    assert one.suggest("christmas", "polite") == list(one.entry("christmas").polite)
    christmas = next(o for o in one.on(2026) if o.key == "christmas")
    assert christmas.start == dt.date(2026, 12, 24)
    assert christmas in one.upcoming(dt.date(2026, 12, 20), 10)
    assert one.next_occasion(dt.date(2026, 12, 24)) is not None
    assert one.timing(christmas, dt.date(2026, 12, 26)) is not None
    assert one.gift("christmas_cake").path.is_file()
    assert [g.key for g in one.gifts_for("christmas")] == [
        g.key for g in gifts.gifts_for("christmas", one.gifts)
    ]
    with pytest.raises(KeyError):
        one.gift("fruitcake")


GOOD_OCCASION = {
    "key": "tsukimi",
    "name_ja": "お月見",
    "name_en": "Moon viewing",
    "celebratory": False,
    "rule": {"type": "fixed", "start": "09-15"},
    "tags": ["お月見"],
    "polite": ["きれいな月ですね", "{recipient}様\n良い夜を"],
    "casual": ["月がきれい🌕", "団子食べよう"],
}


def test_catalogues_of_other_files(tmp_path: Path) -> None:
    folder = tmp_path / "occ"
    folder.mkdir()
    (folder / "tsukimi.json").write_text(json.dumps(GOOD_OCCASION), encoding="utf-8")
    gift_dir = tmp_path / "gifts"
    gift_dir.mkdir()
    (gift_dir / "dango.svg").write_text("<svg/>", encoding="utf-8")
    gift = {
        "key": "dango", "name_ja": "月見団子", "name_en": "Moon dumplings",
        "file": "dango.svg", "occasions": ["tsukimi"], "message_ja": "お月見しよう",
        "tags": ["お月見"], "alt_template": "{to}{name}のカード",
    }  # fmt: skip
    (gift_dir / "catalogue.json").write_text(
        json.dumps({"version": 1, "gifts": [gift]}), encoding="utf-8"
    )
    mine = Catalogues(folder, gift_dir / "catalogue.json")
    assert [o.key for o in mine.on(2026)] == ["tsukimi"]
    assert [g.key for g in mine.gifts_for("tsukimi")] == ["dango"]
    assert mine.thanks == shipped().thanks  # none of its own: the shipped words
    thanks = {**json.loads(catalogues.shipped_gifts_file().read_text("utf-8"))["thanks"]}
    thanks["signature"] = "{me}から"
    (gift_dir / "catalogue.json").write_text(
        json.dumps({"version": 1, "thanks": thanks, "gifts": [gift]}), encoding="utf-8"
    )
    assert Catalogues(folder, gift_dir / "catalogue.json").thanks.signature == "{me}から"


def test_unreadable_files_are_named(tmp_path: Path) -> None:
    folder = tmp_path / "occ"
    folder.mkdir()
    (folder / "broken.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(templates.CatalogueError, match=r"^broken\.json: not valid JSON"):
        load_occasions(folder)
    with pytest.raises(templates.CatalogueError, match="missing"):
        load_occasions(tmp_path / "nowhere")
    (folder / "broken.json").unlink()
    with pytest.raises(templates.CatalogueError, match="holds no occasion files"):
        load_occasions(folder)

    data = json.loads(catalogues.shipped_gifts_file().read_text(encoding="utf-8"))
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(gifts.CatalogueError, match=r"artwork christmas_cake\.svg is missing"):
        load_gifts(path)
    path.write_text("{", encoding="utf-8")
    with pytest.raises(gifts.CatalogueError, match="not valid JSON"):
        load_gifts(path)
    with pytest.raises(gifts.CatalogueError, match="cannot read"):
        load_gifts(tmp_path / "nowhere.json")
