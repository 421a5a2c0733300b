#!/bin/sh
# Install InterVET Desktop for the current user from the unpacked tarball (no root needed):
# a menu entry, the icon and the AppStream metadata under ~/.local/share, and the two commands
# linked into ~/.local/bin. Run it again after moving the folder; remove with --uninstall.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
BIN=${INTERVET_BIN_DIR:-$HOME/.local/bin}
ID=eu.intervet.desktop
if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$DATA/applications/$ID.desktop" "$DATA/metainfo/$ID.metainfo.xml" \
        "$BIN/intervet-desktop" "$BIN/intervet"
    for size in 16 24 32 48 64 128 256 512; do
        rm -f "$DATA/icons/hicolor/${size}x${size}/apps/$ID.png"
    done
    exit 0
fi
mkdir -p "$DATA/applications" "$DATA/metainfo" "$BIN"
for size in 16 24 32 48 64 128 256 512; do
    mkdir -p "$DATA/icons/hicolor/${size}x${size}/apps"
    cp "$HERE/share/icons/app-$size.png" "$DATA/icons/hicolor/${size}x${size}/apps/$ID.png"
done
sed "s|^Exec=intervet-desktop|Exec=\"$HERE/intervet-desktop\"|" "$HERE/share/$ID.desktop" \
    > "$DATA/applications/$ID.desktop"
cp "$HERE/share/$ID.metainfo.xml" "$DATA/metainfo/$ID.metainfo.xml"
ln -sf "$HERE/intervet-desktop" "$BIN/intervet-desktop"
ln -sf "$HERE/intervet" "$BIN/intervet"
echo "Installed: InterVET Desktop is in the applications menu; 'intervet' is in $BIN"
