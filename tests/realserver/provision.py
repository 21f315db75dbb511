"""Installing what the real-server tests need, from Debian's own archive, on a fresh machine.

Nothing here imports pytest: every step raises :class:`ProvisionError` with a sentence
saying what is missing, and ``tests/realserver/conftest.py`` turns that into a skip on a
developer's machine or a failure in CI (``CI=true``), where these tests must run.

- :func:`cache_dir` — where downloads are kept between runs (``KIZUNA_TEST_CACHE``, else
  ``$XDG_CACHE_HOME/kizuna-tests``, else ``~/.cache/kizuna-tests``).
- :func:`debian_mirror` — the Debian mirror this machine's apt already uses (read from
  ``/etc/apt/sources.list`` and ``/etc/apt/sources.list.d``; never a host of our own).
- :class:`PrivateApt` — apt-get with its own sources list, package lists and cache in a
  folder of ours, to download a package from another Debian release without touching the
  system's apt configuration.
- :func:`ensure_system_packages` — ``apt-get install`` of Debian 12 packages (root only).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

SOURCES_LIST = Path("/etc/apt/sources.list")
SOURCES_PARTS = Path("/etc/apt/sources.list.d")
ARCHIVE_KEYRING = Path("/usr/share/keyrings/debian-archive-keyring.gpg")
APT_TIMEOUT = 900  # seconds; a slow mirror on a fresh CI machine, not a hang
_APT_ENV = {"DEBIAN_FRONTEND": "noninteractive", "LC_ALL": "C"}


class ProvisionError(Exception):
    """A tool or package the tests need could not be made available; the message says why."""


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def cache_dir() -> Path:
    explicit = os.environ.get("KIZUNA_TEST_CACHE")
    if explicit:
        base = Path(explicit)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".cache") / "kizuna-tests"
    base.mkdir(parents=True, exist_ok=True)
    return base


@contextlib.contextmanager
def locked(name: str) -> Iterator[None]:
    """One installer at a time per cache (two test runs on one machine must not collide)."""
    with (cache_dir() / f"{name}.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run(
    args: Sequence[str | Path],
    *,
    cwd: Path | None = None,
    timeout: float = APT_TIMEOUT,
    input_text: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run a command; a non-zero exit becomes a ProvisionError carrying its output's tail."""
    env = {**os.environ, **_APT_ENV}
    try:
        done = subprocess.run(
            [str(a) for a in args],
            cwd=cwd,
            env=env,
            input=input_text,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ProvisionError(f"{args[0]} could not run: {exc}") from exc
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-15:]
        raise ProvisionError(
            f"`{' '.join(str(a) for a in args)}` exited with {done.returncode}:\n" + "\n".join(tail)
        )
    return done


def require_tool(name: str, why: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ProvisionError(f"`{name}` is not available ({why}); this needs a Debian-like system")
    return path


# ---------------------------------------------------------------------------- mirror


def _source_files() -> list[Path]:
    files = [SOURCES_LIST] if SOURCES_LIST.is_file() else []
    if SOURCES_PARTS.is_dir():
        files += sorted(
            p for p in SOURCES_PARTS.iterdir() if p.suffix in (".list", ".sources") and p.is_file()
        )
    return files


def _uris_in(path: Path) -> list[str]:
    """The archive URIs of the enabled entries of one apt sources file (both formats)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    uris: list[str] = []
    if path.suffix == ".sources":
        # deb822: paragraphs of "Field: value"; comments start with '#'.
        for paragraph in re.split(r"\n\s*\n", text):
            fields: dict[str, str] = {}
            for line in paragraph.splitlines():
                if line.startswith("#") or ":" not in line or line[:1].isspace():
                    continue
                key, _, value = line.partition(":")
                fields[key.strip().lower()] = value.strip()
            if fields.get("enabled", "yes").lower() == "no":
                continue
            if "deb" not in fields.get("types", "").split():
                continue
            uris += fields.get("uris", "").split()
        return uris
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line.startswith("deb "):
            continue
        # "deb [options] URI suite components…"
        rest = re.sub(r"^deb\s+(\[[^\]]*\]\s+)?", "", line)
        if rest:
            uris.append(rest.split()[0])
    return uris


def debian_mirror() -> str:
    """The main Debian archive URI this machine already uses, e.g. ``http://deb.debian.org/debian``.

    Security and third-party archives are not candidates: only a URI whose path ends in
    ``/debian`` serves every release's ``main``.
    """
    for path in _source_files():
        for uri in _uris_in(path):
            if re.match(r"^https?://[^/]+(/.*)?/debian/?$", uri):
                return uri.rstrip("/")
    raise ProvisionError(
        "no Debian archive found in /etc/apt/sources.list or /etc/apt/sources.list.d "
        "(needed to fetch packages from another Debian release)"
    )


# ---------------------------------------------------------------------------- apt


class PrivateApt:
    """apt-get with a sources list, package lists and a cache of its own under ``root``.

    The system's apt configuration, lists and cache stay untouched; only the package
    status (what is installed) is read from the system, as apt-get download needs it.
    """

    def __init__(self, root: Path, suite: str, *, components: str = "main") -> None:
        self.root = root
        self.suite = suite
        self.components = components

    def _options(self) -> list[str]:
        opts = {
            "Dir::Etc::sourcelist": self.root / "sources.list",
            "Dir::Etc::sourceparts": self.root / "sources.list.d",
            "Dir::State::lists": self.root / "lists",
            "Dir::Cache": self.root / "cache",
        }
        out: list[str] = []
        for key, value in opts.items():
            out += ["-o", f"{key}={value}"]
        if is_root():
            # apt drops to the _apt user for downloads, who cannot enter root's 0700 home.
            out += ["-o", "APT::Sandbox::User=root"]
        return out

    def prepare(self, mirror: str) -> None:
        for sub in ("sources.list.d", "lists/partial", "cache/archives/partial"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        signed = f" [signed-by={ARCHIVE_KEYRING}]" if ARCHIVE_KEYRING.is_file() else ""
        (self.root / "sources.list").write_text(
            f"deb{signed} {mirror} {self.suite} {self.components}\n", encoding="utf-8"
        )

    def update(self) -> None:
        run(["apt-get", *self._options(), "update"])

    def download(self, spec: str, into: Path) -> Path:
        """``apt-get download spec`` into ``into``; the .deb it wrote."""
        into.mkdir(parents=True, exist_ok=True)
        before = set(into.glob("*.deb"))
        run(["apt-get", *self._options(), "download", spec], cwd=into)
        new = sorted(set(into.glob("*.deb")) - before) or sorted(into.glob("*.deb"))
        name = spec.split("=", 1)[0]
        matching = [p for p in new if p.name.startswith(f"{name}_")]
        if not matching:
            raise ProvisionError(f"apt-get download {spec} wrote no .deb")
        return matching[-1]


def ensure_system_packages(packages: Sequence[str], present: Callable[[], bool]) -> None:
    """``apt-get install`` ``packages`` unless ``present()`` already says yes (root only)."""
    if present():
        return
    require_tool("apt-get", "to install " + ", ".join(packages))
    if not is_root():
        raise ProvisionError(
            f"{', '.join(packages)} missing and installing needs root "
            f"(run: sudo apt-get install {' '.join(packages)})"
        )
    with locked("apt-system"):
        if present():
            return
        install = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
        try:
            run(install)
        except ProvisionError:
            # A fresh machine (a container image) often has no package lists yet.
            run(["apt-get", "update"])
            run(install)
    if not present():
        raise ProvisionError(f"installed {', '.join(packages)} but still cannot use them")
