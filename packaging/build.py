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

Everything generated goes under ``--work`` (default ``build/``) and ``--dist`` (default
``dist/``), both git-ignored. Needs the ``package`` extra: ``pip install -e ".[package]"``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
ICON_SVG = ROOT / "resources" / "icons" / "kizuna.svg"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)
PRODUCT_NAME = "絆 Kizuna"
COMPANY_NAME = "Kizuna"
# Each executable's FileDescription: what Task Manager and the Details tab show.
EXECUTABLES = {"Kizuna": PRODUCT_NAME, "kizuna-cli": "Kizuna command line"}


def version() -> str:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return str(data["project"]["version"])


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
        "CompanyName": COMPANY_NAME,
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
    env = {**os.environ, "KIZUNA_GENERATED": str(generated)}
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


def make_installer(dist: Path, generated: Path) -> Path:
    if sys.platform == "win32":
        iscc = _find_iscc()
        if iscc is None:
            raise SystemExit("Inno Setup 6 (ISCC.exe) not found: install it or put it on PATH")
        subprocess.run(
            [
                iscc,
                f"/DAppVersion={version()}",
                f"/DSourceDir={dist / 'Kizuna'}",
                f"/DOutputDir={dist}",
                f"/DIconFile={generated / 'icons' / 'kizuna.ico'}",
                str(PACKAGING / "windows" / "kizuna.iss"),
            ],
            check=True,
        )
        return dist / f"Kizuna-{version()}-setup.exe"
    if sys.platform == "darwin":
        dmg = dist / f"Kizuna-{version()}.dmg"
        script = PACKAGING / "macos" / "make_dmg.sh"
        subprocess.run(["/bin/sh", str(script), str(dist / "Kizuna.app"), str(dmg)], check=True)
        return dmg
    raise SystemExit("--installer: Windows (Inno Setup) and macOS (.dmg) only")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Build Kizuna for this platform.")
    p.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (dist/)")
    p.add_argument("--work", type=Path, default=ROOT / "build", help="work folder (build/)")
    p.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    p.add_argument("--installer", action="store_true", help="also make the .exe setup / .dmg")
    p.add_argument("--smoke", action="store_true", help="then run packaging/smoke.py")
    p.add_argument("--icons", type=Path, metavar="DIR", help="only make the app icons, into DIR")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.icons:
        for kind, path in make_icons(args.icons.resolve()).items():
            print(f"{kind}: {path}")
        return 0
    dist, work = args.dist.resolve(), args.work.resolve()
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print('PyInstaller is missing: pip install -e ".[package]"', file=sys.stderr)
        return 2
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
    run_pyinstaller(dist, work, generated, clean=args.clean)
    built = dist / ("Kizuna.app" if sys.platform == "darwin" else "Kizuna")
    print(f"built {built} in {time.monotonic() - started:.0f} s")
    if args.installer:
        print(f"installer: {make_installer(dist, generated)}")
    if args.smoke:
        smoke = [sys.executable, str(PACKAGING / "smoke.py"), f"--dist={dist}"]
        return subprocess.run(smoke).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
