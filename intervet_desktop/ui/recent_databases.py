"""The databases opened lately: the app reopens the last one and File > Open Recent offers the
others. Kept in QSettings (``files/recent``, most recent first); a file that has gone missing
(renamed, a USB stick not plugged in) stays listed but disabled until the list is cleared.

In portable mode a database inside the portable folder is stored relative to it, so the list
still works when the stick comes back under another drive letter or mount point."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMenu

from intervet_desktop.paths import portable_root
from intervet_desktop.ui.i18n import tr

C = "RecentDatabases"
RECENT_KEY = "files/recent"
MAX_RECENT = 8


def recent_databases() -> list[Path]:
    value = QSettings().value(RECENT_KEY, [])
    # the ini format gives back a single entry as a plain string
    raw = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    root = portable_root()
    paths = [Path(str(item)) for item in raw if str(item)]
    return [root / p if root is not None and not p.is_absolute() else p for p in paths]


def _store(paths: list[Path]) -> None:
    root = portable_root()
    stored = [p.relative_to(root) if root is not None and p.is_relative_to(root) else p for p in paths]
    settings = QSettings()
    settings.setValue(RECENT_KEY, [str(p) for p in stored[:MAX_RECENT]])
    settings.sync()


def remember_database(path: Path) -> None:
    """Put ``path`` first in the list (once), dropping the oldest beyond MAX_RECENT."""
    path = path.resolve()
    _store([path, *(p for p in recent_databases() if p != path)])


def startup_database(requested: Path, default: Path) -> Path:
    """The database to open at start: the one asked for, unless that is only the default
    (no --db, no INTERVET_DB), in which case the last one opened, if it still exists."""
    if requested != default:
        return requested
    return next((p for p in recent_databases() if p.is_file()), requested)


def install_recent_menu(
    file_menu: QMenu, current: Path, open_path: Callable[[Path], object], *, remember: bool = True
) -> QMenu:
    """Add File > Open Recent to ``file_menu``, listing every remembered database but the open
    one; ``open_path`` opens the chosen one. With ``remember``, the open database goes first."""
    if remember:
        remember_database(current)
    menu = file_menu.addMenu(tr(C, "Open &recent"))
    menu.setObjectName("recent-databases")

    def clear() -> None:
        _store([])

    def fill() -> None:
        menu.clear()
        others = [p for p in recent_databases() if p != current.resolve()]
        for number, path in enumerate(others, start=1):
            prefix = f"&{number} " if number < 10 else ""
            text = f"{prefix}{path.name}  ({path.parent})"
            if not path.is_file():
                text += "  " + tr(C, "(missing)")
            action = menu.addAction(text)
            action.setToolTip(str(path))
            action.setData(str(path))
            action.setEnabled(path.is_file())
            action.triggered.connect(lambda _checked=False, p=path: open_path(p))
        if not others:
            menu.addAction(tr(C, "No other recent databases")).setEnabled(False)
            return
        menu.addSeparator()
        menu.addAction(tr(C, "&Clear the list")).triggered.connect(clear)

    menu.aboutToShow.connect(fill)
    fill()
    return menu
