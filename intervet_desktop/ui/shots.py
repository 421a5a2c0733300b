"""Render every main page offscreen to PNG files named after the pages, for review."""

from __future__ import annotations

import os
from pathlib import Path

from intervet_desktop.paths import AppPaths


def render_shots(
    db_path: Path,
    paths: AppPaths,
    out_dir: Path,
    *,
    scale: float = 1.0,
    dark: bool = False,
    language: str = "en",
    size: tuple[int, int] = (1280, 720),  # a small laptop: what must fit
) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = f"{scale:g}"
    from PySide6.QtWidgets import QApplication

    from intervet_desktop.services.workspace_door import Workspace
    from intervet_desktop.ui.application import make_qapp
    from intervet_desktop.ui.context import AppContext
    from intervet_desktop.ui.main_window import MainWindow
    from intervet_desktop.ui.pages.list_page import ListPage
    from intervet_desktop.ui.tasks import TaskRunner
    from intervet_desktop.ui.translations import install_language

    app = make_qapp(paths, dark=dark)
    install_language(language)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with Workspace.open(db_path, create=False) as workspace:
        ctx = AppContext(workspace, TaskRunner(workspace, inline=True))
        window = MainWindow(ctx, remember_state=False)
        window.resize(*size)
        window.show()
        for number, page in enumerate(window.pages, start=1):
            window.show_page(page.key)
            if isinstance(page, ListPage):
                page.select_first()
            QApplication.processEvents()
            target = out_dir / f"{number:02d}-{page.key}.png"
            window.grab().save(str(target))
            written.append(target)
            for suffix, prepare in page.extra_shots():
                widget = prepare()
                QApplication.processEvents()
                target = out_dir / f"{number:02d}-{page.key}-{suffix}.png"
                (widget or window).grab().save(str(target))
                written.append(target)
                if widget is not None and widget is not window:
                    widget.close()
        window.close()
        ctx.tasks.close()
    app.processEvents()
    return written
