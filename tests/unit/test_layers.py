"""The import contracts in pyproject.toml (``[tool.importlinter]``) hold.

They write down ARCHITECTURE.md's arrows — ui → services → auth → (networks | store) →
core, core pure, no Qt below the UI, no layer importing the sandbox, no cycles — so a
wrong import fails here instead of waiting for a reviewer. The venv's own ``lint-imports``
is used, so the pinned import-linter decides, not whatever is on PATH.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def test_import_contracts_are_kept(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", "--cache-dir", str(tmp_path / "cache")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert " 0 broken" in done.stdout, done.stdout


def test_the_contracts_cover_every_room() -> None:
    """Deleting a contract to make the test above pass should be a visible change here."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    linter = config["tool"]["importlinter"]
    assert linter["root_package"] == "app"
    assert linter["include_external_packages"] is True  # else Qt/httpx/sqlite3 go unseen
    contracts = {c["id"]: c for c in linter["contracts"]}
    assert {
        "layers",
        "core-pure",
        "below-services-no-qt",
        "services-no-ui",
        "ui-through-services",
        "cli-no-widgets",
        "sandbox-apart",
        "nobody-imports-sandbox",
        "i18n-support",
        "support-leaves",
        "no-cycles",
    } <= contracts.keys()
    assert not any(c.get("ignore_imports") for c in contracts.values()), "no silent exceptions"
    packages = {p.name for p in (ROOT / "app").iterdir() if (p / "__init__.py").exists()}
    named = " ".join(str(c) for c in contracts.values())
    assert all(f"app.{p}" in named for p in packages), "a new package needs its contract"
