"""The packaging inputs that can be checked without building: the windowed entry's arguments,
the rendered icons, and the Linux desktop metadata."""

from __future__ import annotations

import configparser
import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"
LINUX = ROOT / "packaging" / "linux"
APP_ID = "eu.intervet.desktop"


def _entry() -> ModuleType:
    spec = importlib.util.spec_from_file_location("intervet_entry", ROOT / "packaging" / "entry.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # not as __main__: defines, runs nothing
    return module


def test_the_windowed_executable_opens_the_window_or_the_file_it_is_given() -> None:
    windowed_args = _entry().windowed_args
    assert windowed_args([]) == ["gui"]
    assert windowed_args(["-psn_0_12345"]) == ["gui"]  # the macOS Finder's extra argument
    assert windowed_args(["C:\\Erasmus\\2026.db"]) == ["--db", "C:\\Erasmus\\2026.db", "gui"]
    assert windowed_args(["--version"]) == ["--version"]


def test_every_icon_size_is_rendered_at_its_size() -> None:
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        with Image.open(ICONS / f"app-{size}.png") as image:
            assert image.size == (size, size)
            assert image.mode == "RGBA"
            # the corners are transparent (rounded square), the middle is drawn
            assert image.getpixel((0, 0))[3] == 0
            assert image.getpixel((size // 2, size // 2))[3] == 255
    with Image.open(ICONS / "app.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(ICONS / "app.icns") as icns:
        assert icns.size == (1024, 1024)  # 512 px at 2x, for Retina docks


def test_linux_desktop_entry_and_appstream_metadata_agree() -> None:
    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str  # type: ignore[assignment,method-assign]
    desktop.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    entry = desktop["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == "intervet-desktop"
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    root = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert {b.text for b in root.iter("binary")} == {"intervet-desktop", "intervet"}
