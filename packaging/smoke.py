"""Release smoke test: start the BUILT app and check it, not just that it was built.

``python packaging/smoke.py [--dist dist]`` runs the frozen executables, with fresh
temporary profiles and Qt's offscreen platform:

1. ``Kizuna --self-check``: every check of packaging/selfcheck.py passes inside the
   bundle (resources, kizuna_ja.qm and qtbase_ja.qm, Babel ja_JP/en_US, tzdata without
   the system's zone files, jpholiday, nh3, regex, keyring backends, certifi, the SVG
   and platform plugins);
2. ``Kizuna --profile TMP --lang ja --screenshot TMP/out.png``: the app starts its
   embedded sandbox, signs in, loads both columns in Japanese, writes the PNG and exits 0.
   The PNG must be a real picture of the window (its size, many colours), and the
   profile's log must show both sign-ins and no ERROR or CRITICAL line;
3. the console program beside it: ``kizuna-cli --version`` prints this checkout's
   version (so does ``Kizuna --version``, except on Windows, where the windowed app
   has no stdout: the reason kizuna-cli exists), and ``kizuna-cli outbox --sandbox
   --profile TMP`` exits 0 and reports the new profile's empty outbox (no network).

Exit code 0 when all passed; otherwise each failure is printed. Used by
tests/packaging/test_frozen_app.py and by packagers before they ship a build.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZE = (1280, 800)
# Generous: a first start on a cold disk (or a virus scanner on Windows) is slow.
TIMEOUT_S = 300


@dataclass
class Result:
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def check(self, ok: bool, failure: str) -> bool:
        if not ok:
            self.failures.append(failure)
        return ok


def executable(dist: Path) -> Path:
    """The app's own executable inside a build in ``dist``."""
    if sys.platform == "darwin":
        return dist / "Kizuna.app" / "Contents" / "MacOS" / "Kizuna"
    return dist / "Kizuna" / ("Kizuna.exe" if sys.platform == "win32" else "Kizuna")


def cli_executable(dist: Path) -> Path:
    """The console program beside the app's executable (same folder, same _internal)."""
    return executable(dist).with_name("kizuna-cli.exe" if sys.platform == "win32" else "kizuna-cli")


def checkout_version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"])


def _environment(home: Path) -> dict[str, str]:
    # The app as a user starts it: none of the test suite's hooks.
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIZUNA_TEST")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    # Anything Qt or keyring would write outside the profile lands in the temporary
    # folder, not in the packager's own settings (Linux and other XDG systems).
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        env[name] = str(home / name.lower())
    return env


def _run(
    command: list[str], env: dict[str, str], result: Result
) -> subprocess.CompletedProcess[str] | None:
    try:
        done = subprocess.run(
            command,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        result.failures.append(f"{Path(command[0]).name} {command[1]}: no exit in {TIMEOUT_S} s")
        return None
    if done.returncode != 0:
        result.failures.append(
            f"{' '.join(command[1:])}: exit {done.returncode}\n"
            f"--- stdout ---\n{done.stdout[-4000:]}\n--- stderr ---\n{done.stderr[-4000:]}"
        )
    return done


def check_self_check(exe: Path, report_file: Path, env: dict[str, str], result: Result) -> None:
    done = _run([str(exe), "--self-check", "--report", str(report_file)], env, result)
    if done is None:
        return
    try:
        report = json.loads(report_file.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        result.failures.append(f"--self-check wrote no JSON report ({exc}):\n{done.stdout[-2000:]}")
        return
    result.check(report.get("frozen") is True, "--self-check did not run inside a frozen app")
    for name, outcome in report.get("checks", {}).items():
        if result.check(outcome["ok"], f"self-check {name}: {outcome['detail']}"):
            result.notes.append(f"{name}: {outcome['detail']}")


def _png_is_a_picture(png: Path, result: Result) -> None:
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    if not result.check(not image.isNull(), f"{png} is not a readable PNG"):
        return
    size = (image.width(), image.height())
    result.check(size == SIZE, f"screenshot is {size}, expected {SIZE}")
    # A blank or single-colour window has a handful of colours; text, avatars and the
    # two columns give hundreds even on a coarse grid.
    colours = {
        image.pixel(x, y)
        for x in range(0, image.width(), max(1, image.width() // 80))
        for y in range(0, image.height(), max(1, image.height() // 50))
    }
    result.check(len(colours) >= 32, f"screenshot looks empty ({len(colours)} colours sampled)")
    result.notes.append(f"screenshot {size[0]}x{size[1]}, {png.stat().st_size} bytes")


def check_screenshot(exe: Path, profile: Path, env: dict[str, str], result: Result) -> None:
    png = profile / "out.png"
    w, h = SIZE
    command = [str(exe), "--profile", str(profile), "--lang", "ja"]
    command += ["--screenshot", str(png), "--size", f"{w}x{h}"]
    done = _run(command, env, result)
    if done is None:
        return
    if result.check(png.is_file(), f"no screenshot at {png}"):
        _png_is_a_picture(png, result)
    log = profile / "logs" / "kizuna.log"
    if not result.check(log.is_file(), f"no log at {log}"):
        return
    text = log.read_text("utf-8", errors="replace")
    errors = [line for line in text.splitlines() if re.search(r" (ERROR|CRITICAL) ", line)]
    result.check(not errors, "errors in the log:\n" + "\n".join(errors[:20]))
    # Both circles signed in: the columns had something to load.
    for side in ("public", "friends"):
        result.check(f"sandbox {side}: signed in" in text, f"the log shows no {side} sign-in")
    result.check("Traceback" not in done.stderr, f"traceback on stderr:\n{done.stderr[-4000:]}")


def check_cli(exe: Path, cli: Path, profile: Path, env: dict[str, str], result: Result) -> None:
    if not result.check(cli.is_file(), f"no console program at {cli}"):
        return
    want = checkout_version()
    programs = [cli] if sys.platform == "win32" else [cli, exe]
    for program in programs:
        done = _run([str(program), "--version"], env, result)
        if done is not None:
            shown = done.stdout.strip()
            if result.check(
                shown == f"{program.stem.lower()} {want}",
                f"{program.name} --version printed {shown!r}, expected version {want}",
            ):
                result.notes.append(f"{program.name} --version: {shown}")
    done = _run(
        [str(cli), "--lang", "en", "outbox", "--sandbox", "--profile", str(profile)], env, result
    )
    if done is None or done.returncode != 0:
        return
    if result.check(
        done.stdout.strip() == "the outbox is empty",
        f"kizuna-cli outbox printed {done.stdout[-2000:]!r}, stderr {done.stderr[-2000:]!r}",
    ):
        result.notes.append(f"kizuna-cli outbox: {done.stdout.strip()}")
    result.check((profile / "kizuna.db").is_file(), f"kizuna-cli made no {profile / 'kizuna.db'}")


def smoke(dist: Path) -> Result:
    result = Result()
    exe = executable(dist)
    if not result.check(exe.is_file(), f"no built app at {exe}: run packaging/build.py"):
        return result
    with tempfile.TemporaryDirectory(prefix="kizuna-smoke-") as tmp:
        home = Path(tmp)
        env = _environment(home)
        check_self_check(exe, home / "self-check.json", env, result)
        check_screenshot(exe, home / "profile", env, result)
        check_cli(exe, cli_executable(dist), home / "cli-profile", env, result)
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Start the built Kizuna and check it.")
    p.add_argument("--dist", type=Path, default=ROOT / "dist", help="the build's folder (dist/)")
    args = p.parse_args(argv)
    result = smoke(args.dist.resolve())
    for note in result.notes:
        print(f"ok   {note}")
    for failure in result.failures:
        print(f"FAIL {failure}")
    print("smoke test passed" if not result.failures else "smoke test FAILED")
    return 0 if not result.failures else 1


if __name__ == "__main__":
    sys.exit(main())
