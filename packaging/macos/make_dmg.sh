#!/bin/sh
# The macOS disk image. Run on a Mac, after `python packaging/build.py` has made
# "build/pyinstaller/dist/InterVET Desktop.app" (the spec's BUNDLE step):
#   sh packaging/macos/make_dmg.sh 0.1.0
# Output: build/installer/InterVET-Desktop-0.1.0.dmg (the .app and a link to /Applications).
# Unsigned builds open with right-click > Open the first time; to sign and notarise, set
# CODESIGN_IDENTITY (and run `xcrun notarytool submit ... --wait` on the .dmg afterwards).
set -eu
VERSION=${1:-0.1.0}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
APP="$ROOT/build/pyinstaller/dist/InterVET Desktop.app"
STAGE="$ROOT/build/dmg"
OUT="$ROOT/build/installer/InterVET-Desktop-$VERSION.dmg"
[ -d "$APP" ] || { echo "no app at $APP: run python packaging/build.py first" >&2; exit 1; }
if [ -n "${CODESIGN_IDENTITY:-}" ]; then
    codesign --deep --force --options runtime --sign "$CODESIGN_IDENTITY" "$APP"
fi
"$APP/Contents/MacOS/intervet" --version
rm -rf "$STAGE" && mkdir -p "$STAGE" "$(dirname "$OUT")"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
rm -f "$OUT"
hdiutil create -volname "InterVET Desktop" -srcfolder "$STAGE" -fs HFS+ -format UDZO "$OUT"
echo "wrote $OUT"
