#!/bin/sh
# Pack dist/Kizuna.app into a compressed, read-only disk image with an Applications
# link, so the user drags the app across to install it.
#
#   sh packaging/macos/make_dmg.sh [dist/Kizuna.app] [dist/Kizuna.dmg]
#
# Normally run by `python packaging/build.py --installer` on macOS (hdiutil is part of
# macOS). Sign the app BEFORE this step and the .dmg after it: see the commented steps
# at the end and "Signing" in packaging/README.md.
set -eu

APP=${1:-dist/Kizuna.app}
DMG=${2:-dist/Kizuna.dmg}
VOLUME=Kizuna

if [ ! -d "$APP" ]; then
    echo "no app bundle at $APP: run python packaging/build.py first" >&2
    exit 1
fi
command -v hdiutil >/dev/null || { echo "hdiutil not found: this step needs macOS" >&2; exit 1; }

STAGING=$(mktemp -d "${TMPDIR:-/tmp}/kizuna-dmg.XXXXXX")
trap 'rm -rf "$STAGING"' EXIT
# ditto keeps the bundle's symlinks, extended attributes and code signature intact.
ditto "$APP" "$STAGING/$(basename "$APP")"
ln -s /Applications "$STAGING/Applications"

rm -f "$DMG"
hdiutil create -volname "$VOLUME" -srcfolder "$STAGING" -fs HFS+ -format UDZO -ov "$DMG"
hdiutil verify "$DMG"
echo "made $DMG"

# --- Signing and notarisation (needs an Apple Developer ID; not run by default) -------
#
# 1. Build with the identity in the environment; PyInstaller then signs every binary
#    and the bundle with the hardened runtime and packaging/macos/entitlements.plist:
#      KIZUNA_CODESIGN_IDENTITY="Developer ID Application: NAME (TEAMID)" \
#        python packaging/build.py --installer
#    Check:  codesign --verify --deep --strict --verbose=2 dist/Kizuna.app
#
# 2. Sign, notarise and staple the image made here: packaging/macos/notarize.sh "$DMG"
#    (see "Signing" in packaging/README.md).
