"""``python packaging/build.py``: build Kizuna for this platform from a checkout.

1. compile translations/*.ts into .qm files with the lrelease PySide6 ships;
2. draw the app icon from resources/icons/kizuna.svg at every size the platform wants
   (.ico for Windows, .icns for macOS, PNGs for all) — QtSvg renders, Pillow packs;
   write the app's ``kizuna-<version>.dist-info`` (so the frozen ``--version`` answers)
   and, on Windows, the version resources of ``Kizuna.exe`` and ``kizuna-cli.exe``;
3. run PyInstaller on packaging/kizuna.spec: ``dist/Kizuna/`` (one folder holding
   ``Kizuna`` and the console ``kizuna-cli``), and on macOS ``dist/Kizuna.app``;
4. with ``--installer``: the Inno Setup installer (Windows) or the .dmg (macOS);
5. with ``--smoke``: start the built app and check it (packaging/smoke.py).

``--skip-build`` reuses the build already in ``--dist`` (the release workflow smoke-tests
the signed app between building and packing it). Signing: ``KIZUNA_CODESIGN_IDENTITY``
(macOS, PyInstaller signs with the hardened runtime and macos/entitlements.plist) and
``KIZUNA_SIGNTOOL`` (Windows: the executables, then the installer and uninstaller).
Names and ids come from packaging/identity.ini; the version from pyproject.toml.

Everything generated goes under ``--work`` (default ``build/``) and ``--dist`` (default
``dist/``), both git-ignored. Needs the ``package`` extra: ``pip install -e ".[package]"``.
"""

from __future__ import annotations

import argparse
import configparser
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
ICON_SVG = ROOT / "resources" / "icons" / "kizuna.svg"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)
PRODUCT_NAME = "絆 Kizuna"
IDENTITY_FILE = PACKAGING / "identity.ini"
ENTITLEMENTS = PACKAGING / "macos" / "entitlements.plist"
# The oldest macOS each Qt release supports ("Supported Configurations" in Qt for macOS,
# doc.qt.io/qt-6.N/macos.html): 6.8 and 6.9 macOS 12, 6.10 and 6.11 macOS 13, 6.12
# macOS 14.4. A Qt version is held to the entry of the newest release not after it.
QT_MACOS_MINIMUM = {(6, 8): (12, 0), (6, 10): (13, 0), (6, 12): (14, 4)}
# Each executable's FileDescription: what Task Manager and the Details tab show.
EXECUTABLES = {"Kizuna": PRODUCT_NAME, "kizuna-cli": "Kizuna command line"}


def version() -> str:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return str(data["project"]["version"])


def identity() -> dict[str, str]:
    """packaging/identity.ini's [app] section: name, publisher, bundle_id."""
    parser = configparser.ConfigParser(interpolation=None)
    if not parser.read(IDENTITY_FILE, encoding="ascii"):
        raise SystemExit(f"cannot read {IDENTITY_FILE}")
    return dict(parser["app"])


def installer_name(ver: str, system: str, machine: str) -> str:
    """The file name of the installer built on ``system`` (sys.platform) for ``machine``:
    one Windows x64 setup, one .dmg per Mac CPU (each built and tested natively)."""
    if system == "win32":
        return f"Kizuna-{ver}-setup.exe"  # OutputBaseFilename in windows/kizuna.iss
    if system == "darwin":
        arch = {"arm64": "arm64", "x86_64": "x86_64"}.get(machine)
        if arch is None:
            raise SystemExit(f"no .dmg for the CPU {machine!r}")
        return f"Kizuna-{ver}-macos-{arch}.dmg"
    raise SystemExit("--installer: Windows (Inno Setup) and macOS (.dmg) only")


def write_metadata(out: Path, ver: str) -> Path:
    """A minimal ``kizuna-<ver>.dist-info`` in ``out`` (fresh): bundled at the top of the
    frozen app, where ``importlib.metadata.version("kizuna")`` finds it."""
    if out.exists():
        shutil.rmtree(out)
    dist_info = out / f"kizuna-{ver}.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: kizuna\nVersion: {ver}\n", encoding="utf-8"
    )
    return dist_info


def version_numbers(ver: str) -> tuple[int, int, int, int]:
    """The four 16-bit numbers of a Windows file version: "1.2.3rc1" -> (1, 2, 3, 0)."""
    head = re.match(r"\d+(?:\.\d+)*", ver)
    if head is None:
        raise SystemExit(f"version {ver!r} does not start with a number")
    major, minor, micro, build = [*map(int, head.group().split(".")), 0, 0, 0][:4]
    return (major, minor, micro, build)


def version_resource(exe_name: str, description: str, ver: str) -> str:
    """The version resource of one Windows executable, in the text form PyInstaller's
    ``EXE(version=FILE)`` reads (``VSVersionInfo(...)``; see PyInstaller's
    utils/win32/versioninfo.py). Strings go through ascii() so the file is plain ASCII."""
    numbers = version_numbers(ver)
    strings = {
        "CompanyName": identity()["publisher"],
        "FileDescription": description,
        "FileVersion": ver,
        "InternalName": exe_name,
        "LegalCopyright": "MIT License",
        "OriginalFilename": f"{exe_name}.exe",
        "ProductName": PRODUCT_NAME,
        "ProductVersion": ver,
    }
    table = ",\n".join(f"          StringStruct({k!a}, {v!a})" for k, v in strings.items())
    return (
        "# Windows version resource, written by packaging/build.py; do not edit.\n"
        "VSVersionInfo(\n"
        f"  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0,\n"
        "    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),\n"
        "  kids=[\n"
        "    StringFileInfo([\n"
        # 0409 = English (US), 04B0 = UTF-16: the table Explorer falls back to.
        "      StringTable('040904B0', [\n"
        f"{table}\n"
        "      ])\n"
        "    ]),\n"
        "    VarFileInfo([VarStruct('Translation', [1033, 1200])])\n"
        "  ]\n"
        ")\n"
    )


def write_version_resources(out: Path, ver: str) -> dict[str, Path]:
    """``out/<exe>.txt`` for each executable (used by kizuna.spec on Windows only)."""
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for exe_name, description in EXECUTABLES.items():
        written[exe_name] = out / f"{exe_name}.txt"
        written[exe_name].write_text(version_resource(exe_name, description, ver), "ascii")
    return written


def macos_minimum(qt_version: str, platform_tags: Iterable[str]) -> str:
    """The app's LSMinimumSystemVersion: the newest of what Qt ``qt_version`` supports and
    of the macOS versions in ``platform_tags`` (Python's platform, the Qt wheels' tags,
    e.g. "macosx-11.0-arm64", "macosx_13_0_universal2")."""
    numbers = tuple(int(n) for n in re.findall(r"\d+", qt_version)[:2])
    floors = [floor for qt, floor in QT_MACOS_MINIMUM.items() if qt <= numbers]
    if not floors:
        raise SystemExit(f"Qt {qt_version} is older than any Qt this app supports")
    found = [max(floors)]
    for tag in platform_tags:
        found += [(int(a), int(b)) for a, b in re.findall(r"macosx[-_](\d+)[._](\d+)", tag)]
    major, minor = max(found)
    return f"{major}.{minor}"


def installed_macos_minimum() -> str:
    """macos_minimum() for the Python and PySide6 this build bundles."""
    import sysconfig
    from importlib.metadata import distribution

    import PySide6

    tags = [sysconfig.get_platform()]
    tags += [distribution(d).read_text("WHEEL") or "" for d in ("PySide6_Essentials", "shiboken6")]
    return macos_minimum(PySide6.__version__, tags)


def info_plist(ver: str, minimum: str) -> dict[str, object]:
    """Info.plist keys of Kizuna.app beyond what PyInstaller writes (kizuna.spec adds
    them from the JSON build.py writes; the bundle id comes from identity.ini)."""
    name = identity()["name"]
    return {
        "CFBundleName": name,
        "CFBundleDisplayName": name,
        "CFBundleShortVersionString": ver,
        "CFBundleVersion": ver,
        "LSMinimumSystemVersion": minimum,
        # Retina: without it macOS draws the window at half resolution and scales it up.
        "NSHighResolutionCapable": True,
        # The UI is Japanese or English (the app picks by the system language); listing
        # both lets macOS show its own menu items and dialogs in the same language.
        "CFBundleLocalizations": ["ja", "en"],
        # The app falls back to English for every other system language; so does macOS.
        "CFBundleDevelopmentRegion": "en",
        "LSApplicationCategoryType": "public.app-category.social-networking",
        "NSHumanReadableCopyright": "MIT License",
    }


def write_info_plist(out: Path, ver: str, minimum: str) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / "info_plist.json"
    path.write_text(json.dumps(info_plist(ver, minimum), indent=2), "utf-8")
    return path


def compile_translations(out: Path) -> list[Path]:
    """Every translations/*.ts compiled into ``out`` (a fresh copy, never a stale .qm)."""
    sys.path.insert(0, str(ROOT))
    from app.i18n.translators import find_lrelease

    tool = find_lrelease()
    if tool is None:
        raise SystemExit("lrelease not found in the PySide6 package")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    sources = sorted((ROOT / "translations").glob("*.ts"))
    if not sources:
        raise SystemExit("no translations/*.ts to compile")
    for ts in sources:
        subprocess.run([*tool, "-silent", str(ts), "-qm", str(out / f"{ts.stem}.qm")], check=True)
    return sorted(out.glob("*.qm"))


def render_pngs(svg: Path, sizes: tuple[int, ...], out: Path) -> dict[int, Path]:
    """The SVG drawn at each size by QtSvg (sharper than scaling one big bitmap down)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    out.mkdir(parents=True, exist_ok=True)
    pngs: dict[int, Path] = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        pngs[size] = out / f"kizuna_{size}.png"
        if not image.save(str(pngs[size])):
            raise SystemExit(f"cannot write {pngs[size]}")
    return pngs


def make_icons(out: Path) -> dict[str, Path]:
    """kizuna.ico (Windows: exe and installer) and kizuna.icns (macOS bundle) in ``out``."""
    from PIL import Image

    pngs = render_pngs(ICON_SVG, tuple(sorted(set(ICO_SIZES) | set(ICNS_SIZES))), out / "png")
    made = {"png": pngs[256]}
    images = {size: Image.open(path) for size, path in pngs.items()}
    ico = out / "kizuna.ico"
    images[256].save(
        ico,
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != 256],
    )
    made["ico"] = ico
    icns = out / "kizuna.icns"
    images[1024].save(
        icns, format="ICNS", append_images=[images[s] for s in ICNS_SIZES if s != 1024]
    )
    made["icns"] = icns
    return made


def pyinstaller_environment(environ: Mapping[str, str], generated: Path) -> dict[str, str]:
    """PyInstaller's environment: the generated folder, and for a signed macOS build the
    hardened runtime's entitlements (macos/entitlements.plist unless one is named)."""
    env = {**environ, "KIZUNA_GENERATED": str(generated)}
    if env.get("KIZUNA_CODESIGN_IDENTITY") and not env.get("KIZUNA_ENTITLEMENTS"):
        env["KIZUNA_ENTITLEMENTS"] = str(ENTITLEMENTS)
    return env


def run_pyinstaller(dist: Path, work: Path, generated: Path, *, clean: bool) -> None:
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(PACKAGING / "kizuna.spec"),
        "--noconfirm",
        "--log-level=WARN",
        f"--distpath={dist}",
        f"--workpath={work / 'pyinstaller'}",
    ]
    if clean:
        command.append("--clean")
    env = pyinstaller_environment(os.environ, generated)
    subprocess.run(command, check=True, cwd=ROOT, env=env)


def _find_iscc() -> str | None:
    found = shutil.which("iscc") or shutil.which("ISCC")
    if found:
        return found
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles")):
        candidate = Path(base or "") / "Inno Setup 6" / "ISCC.exe"
        if base and candidate.is_file():
            return str(candidate)
    return None


def sign_command(environ: Mapping[str, str]) -> str | None:
    """``KIZUNA_SIGNTOOL``: a Windows signing command with ``$f`` for the file, e.g.
    ``"C:\\…\\signtool.exe" sign /fd SHA256 /td SHA256 /tr URL /sha1 THUMBPRINT $f``;
    None when unset (an unsigned build)."""
    command = environ.get("KIZUNA_SIGNTOOL", "").strip()
    if not command:
        return None
    if "$f" not in command:
        raise SystemExit("KIZUNA_SIGNTOOL must name the file to sign as $f")
    return command


def sign_executables(dist: Path, command: str) -> list[Path]:
    """Sign Kizuna.exe and kizuna-cli.exe with ``command`` (as Inno Setup runs it: one
    command line, ``$f`` replaced by the quoted file name)."""
    signed = []
    for exe_name in EXECUTABLES:
        exe = dist / "Kizuna" / f"{exe_name}.exe"
        subprocess.run(command.replace("$f", f'"{exe}"'), check=True)
        signed.append(exe)
    return signed


def iscc_arguments(ver: str, dist: Path, generated: Path, environ: Mapping[str, str]) -> list[str]:
    """The defines windows/kizuna.iss needs (it refuses to build without AppVersion), and
    its SignTool hook when there is a sign_command(): Inno Setup then signs the installer
    and the uninstaller it writes with it."""
    numbers = ".".join(map(str, version_numbers(ver)))
    arguments = [
        f"/DAppVersion={ver}",
        f"/DAppFileVersion={numbers}",
        f"/DSourceDir={dist / 'Kizuna'}",
        f"/DOutputDir={dist}",
        f"/DIconFile={generated / 'icons' / 'kizuna.ico'}",
    ]
    command = sign_command(environ)
    if command:
        # ISCC reads its command line without backslash escapes; $q is Inno Setup's own
        # stand-in for a quote inside a sign tool's command.
        quoted = command.replace('"', "$q")
        arguments += [f"/Skizuna={quoted}", "/DSignTool=kizuna"]
    return [*arguments, str(PACKAGING / "windows" / "kizuna.iss")]


def make_installer(dist: Path, generated: Path) -> Path:
    out = dist / installer_name(version(), sys.platform, platform.machine())
    if sys.platform == "win32":
        iscc = _find_iscc()
        if iscc is None:
            raise SystemExit("Inno Setup 6 (ISCC.exe) not found: install it or put it on PATH")
        subprocess.run([iscc, *iscc_arguments(version(), dist, generated, os.environ)], check=True)
    else:
        script = PACKAGING / "macos" / "make_dmg.sh"
        subprocess.run(["/bin/sh", str(script), str(dist / "Kizuna.app"), str(out)], check=True)
    return out


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Build Kizuna for this platform.")
    p.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (dist/)")
    p.add_argument("--work", type=Path, default=ROOT / "build", help="work folder (build/)")
    p.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    p.add_argument("--installer", action="store_true", help="also make the .exe setup / .dmg")
    p.add_argument("--smoke", action="store_true", help="then run packaging/smoke.py")
    p.add_argument(
        "--skip-build", action="store_true", help="use the build already in --dist (no PyInstaller)"
    )
    p.add_argument("--icons", type=Path, metavar="DIR", help="only make the app icons, into DIR")
    p.add_argument(
        "--print",
        choices=("version", "installer"),
        dest="show",
        help="only print the version, or the installer's file name on this platform",
    )
    return p.parse_args(argv)


def build(dist: Path, work: Path, *, clean: bool) -> None:
    """Steps 1-3 of the module docstring: translations, icons and metadata, PyInstaller."""
    started = time.monotonic()
    generated = work / "generated"
    qms = compile_translations(generated / "qm")
    print(f"translations: {', '.join(q.name for q in qms)}")
    if sys.platform in ("win32", "darwin"):
        icons = make_icons(generated / "icons")
        print(f"icons: {', '.join(str(p) for p in icons.values())}")
    write_metadata(generated / "metadata", version())
    if sys.platform == "win32":
        resources = write_version_resources(generated / "version", version())
        print(f"version resources: {', '.join(p.name for p in resources.values())}")
    if sys.platform == "darwin":
        minimum = installed_macos_minimum()
        write_info_plist(generated / "macos", version(), minimum)
        print(f"Info.plist: LSMinimumSystemVersion {minimum}")
    run_pyinstaller(dist, work, generated, clean=clean)
    built = dist / ("Kizuna.app" if sys.platform == "darwin" else "Kizuna")
    print(f"built {built} in {time.monotonic() - started:.0f} s")
    command = sign_command(os.environ) if sys.platform == "win32" else None
    if command:
        print(f"signed: {', '.join(p.name for p in sign_executables(dist, command))}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.show == "version":
        print(version())
        return 0
    if args.show == "installer":
        print(installer_name(version(), sys.platform, platform.machine()))
        return 0
    if args.icons:
        for kind, path in make_icons(args.icons.resolve()).items():
            print(f"{kind}: {path}")
        return 0
    dist, work = args.dist.resolve(), args.work.resolve()
    if not args.skip_build:
        try:
            import PyInstaller  # noqa: F401
        except ImportError:
            print('PyInstaller is missing: pip install -e ".[package]"', file=sys.stderr)
            return 2
        build(dist, work, clean=args.clean)
    if args.installer:
        print(f"installer: {make_installer(dist, work / 'generated')}")
    if args.smoke:
        smoke = [sys.executable, str(PACKAGING / "smoke.py"), f"--dist={dist}"]
        return subprocess.run(smoke).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
