"""Entry point of the frozen Kizuna app (the script PyInstaller starts, see kizuna.spec).

It behaves exactly like ``python -m app`` with one addition for packagers:
``Kizuna --self-check`` runs :mod:`selfcheck` inside the built app and prints a JSON
report of what the bundle can load (resources, translations, Babel, tzdata, keyring
backends, Qt plugins), exiting 0 only when all of it is there.
"""

from __future__ import annotations

import sys


def main() -> int:
    if sys.argv[1:2] == ["--self-check"]:
        import selfcheck  # packaging/selfcheck.py, bundled next to this script

        return selfcheck.main(sys.argv[2:])
    from app.__main__ import main as app_main

    return app_main()


if __name__ == "__main__":
    sys.exit(main())
