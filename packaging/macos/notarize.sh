#!/bin/sh
# Notarise a Kizuna .dmg with Apple and staple the ticket to it, so Gatekeeper opens it
# without a network check and without the "unidentified developer" refusal.
#
#   sh packaging/macos/notarize.sh dist/Kizuna-<version>-macos-<arch>.dmg
#
# The app inside must already be signed with the hardened runtime (build.py with
# KIZUNA_CODESIGN_IDENTITY set; see "Signing" in packaging/README.md). This script signs
# the image itself with the same identity, submits it and waits for Apple's verdict
# (`xcrun notarytool submit --wait`), prints Apple's log when it is refused, and staples
# (`xcrun stapler staple`). Credentials, in this order:
#   KIZUNA_NOTARY_PROFILE   a keychain profile saved once with
#                           `xcrun notarytool store-credentials kizuna-notary`
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD
#                           an Apple ID, its team and an app-specific password (CI)
# Exit status: 0 notarised and stapled, 1 refused or failed, 2 usage or missing credentials.
set -eu

DMG=${1:-}
if [ -z "$DMG" ] || [ ! -f "$DMG" ]; then
    echo "usage: notarize.sh DMG (an existing .dmg made by packaging/build.py --installer)" >&2
    exit 2
fi
if [ -n "${KIZUNA_NOTARY_PROFILE:-}" ]; then
    set -- --keychain-profile "$KIZUNA_NOTARY_PROFILE"
elif [ -n "${APPLE_ID:-}" ] && [ -n "${APPLE_TEAM_ID:-}" ] && [ -n "${APPLE_APP_PASSWORD:-}" ]; then
    set -- --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" --password "$APPLE_APP_PASSWORD"
else
    echo "no notarisation credentials: set KIZUNA_NOTARY_PROFILE, or APPLE_ID," \
        "APPLE_TEAM_ID and APPLE_APP_PASSWORD" >&2
    exit 2
fi
command -v xcrun >/dev/null || { echo "xcrun not found: notarising needs macOS" >&2; exit 2; }

if [ -n "${KIZUNA_CODESIGN_IDENTITY:-}" ]; then
    codesign --force --sign "$KIZUNA_CODESIGN_IDENTITY" --timestamp "$DMG"
fi
codesign --verify --verbose=2 "$DMG"

RESULT=$(mktemp "${TMPDIR:-/tmp}/kizuna-notary.XXXXXX")
trap 'rm -f "$RESULT"' EXIT
# --wait polls until Apple has decided; the verdict is read from the result, not the exit
# status alone (an "Invalid" submission is a finished submission).
xcrun notarytool submit "$DMG" "$@" --wait --timeout 2h --output-format plist >"$RESULT"
STATUS=$(plutil -extract status raw -o - "$RESULT")
ID=$(plutil -extract id raw -o - "$RESULT")
echo "notarisation $ID: $STATUS"
if [ "$STATUS" != "Accepted" ]; then
    xcrun notarytool log "$ID" "$@" >&2 || true
    exit 1
fi

xcrun stapler staple "$DMG"
xcrun stapler validate "$DMG"
spctl --assess --type open --context context:primary-signature --verbose=2 "$DMG"
echo "notarised and stapled $DMG"
