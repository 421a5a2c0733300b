"""The backups dialog lists the backups with dates and sizes; Back up now adds one; the
chosen folder is where the next backup goes."""

from __future__ import annotations

import os
from pathlib import Path

from intervet_desktop.services import backups
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.dialogs.backups import BackupsDialog


def test_back_up_now_lists_the_new_backup_in_the_chosen_folder(  # type: ignore[no-untyped-def]
    qtbot, ctx: AppContext, tmp_path: Path
) -> None:
    dialog = BackupsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 0
    dialog.set_folder(tmp_path / "usb-drive")
    assert str(tmp_path / "usb-drive") in dialog.folder_label.text()
    dialog.backup_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10000)
    made = list((tmp_path / "usb-drive").glob("*.zip"))
    assert len(made) == 1
    item = dialog.table.item(0, 2)
    assert item is not None and item.text() == made[0].name
    size = dialog.table.item(0, 1)
    assert size is not None and ("kB" in size.text() or "MB" in size.text())
    assert backups.list_backups(ctx.workspace)[0].path == made[0]
    shots = os.environ.get("INTERVET_SHOTS")
    if shots:
        dialog.grab().save(str(Path(shots) / "backups-dialog.png"))
