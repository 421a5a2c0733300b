"""Render the app icon (resources/icons/app.svg) to the formats each platform needs.

    python scripts/render_app_icon.py

Writes resources/icons/app-<size>.png (16..512, for Linux desktops and the AppImage),
resources/icons/app.ico (Windows: 16..256 in one file) and resources/icons/app.icns (macOS, up to 1024 px).
QtSvg draws the pixels offscreen; Pillow (a dev dependency) writes .ico and .icns. The output
is committed, so a build needs neither; run this again after editing the SVG.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(svg: Path, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QIODevice, QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg = ICONS / "app.svg"
    images: dict[int, Image.Image] = {}
    for size in PNG_SIZES:
        data = render_png(svg, size)
        (ICONS / f"app-{size}.png").write_bytes(data)
        images[size] = Image.open(io.BytesIO(data)).convert("RGBA")
    # each size drawn by QtSvg at that size (sharper than Pillow's downscaling of the largest)
    largest = images[256]
    largest.save(
        ICONS / "app.ico",
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != 256],
    )
    # macOS wants up to 512 px at 2x: draw 1024 px for the .icns rather than upscale
    Image.open(io.BytesIO(render_png(svg, 1024))).convert("RGBA").save(ICONS / "app.icns", format="ICNS")
    for name in [*(f"app-{s}.png" for s in PNG_SIZES), "app.ico", "app.icns"]:
        print(ICONS / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
