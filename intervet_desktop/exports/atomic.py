"""Write a file through a temporary sibling and rename it into place, so a failed or cancelled
export never leaves a half-written file (and an open file in Excel is reported, not clobbered).

Temporary files and folders live in the target's own folder (never the shared temp folder,
where a killed run would leave a plaintext copy of people's data), are owner-only, and carry
the writing process's id in their name: a kill cannot run cleanup, so the next start sweeps
what dead processes left (:func:`sweep_debris`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from intervet_desktop.core.errors import UnusableFileError

TEMP_PREFIX = ".intervet-tmp-"
_openpyxl_lock = threading.RLock()


def _prefix() -> str:
    return f"{TEMP_PREFIX}{os.getpid()}-"


def private_temp_file(folder: Path, suffix: str = "") -> Path:
    """An empty owner-only (0600) temporary file in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=_prefix(), suffix=suffix, dir=folder)
    os.close(fd)
    return Path(name)


def private_temp_dir(folder: Path) -> Path:
    """An owner-only (0700) temporary folder in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=_prefix(), dir=folder))


def remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def sweep_debris(folder: Path) -> int:
    """Remove what killed runs left in ``folder``; returns how many entries went."""
    removed = 0
    try:
        entries = list(folder.iterdir())
    except OSError:
        return 0
    for entry in entries:
        if not entry.name.startswith(TEMP_PREFIX):
            continue
        pid_text = entry.name[len(TEMP_PREFIX) :].split("-", 1)[0]
        if pid_text.isdigit() and _alive(int(pid_text)):
            continue
        remove_quietly(entry)
        removed += not entry.exists()
    return removed


@contextmanager
def openpyxl_temp_files_in(folder: Path) -> Iterator[None]:
    """openpyxl streams write-only sheets through temporary XML files (names and all): keep them
    beside the target, owner-only, instead of in the shared temp folder."""
    from openpyxl.worksheet import _writer

    def create(suffix: str = "") -> str:
        path = str(private_temp_file(folder, suffix or ".xml"))
        _writer.ALL_TEMP_FILES.append(path)
        return path

    with _openpyxl_lock:
        original = _writer.create_temporary_file
        _writer.create_temporary_file = create
        try:
            yield
        finally:
            _writer.create_temporary_file = original


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    try:
        tmp = private_temp_file(target.parent, target.suffix)
        sweep_debris(target.parent)  # what a killed export left here
    except OSError as exc:
        raise UnusableFileError.of("file_unwritable", path=target, detail=exc.strerror or str(exc)) from exc
    try:
        yield tmp
        os.replace(tmp, target)
    except OSError as exc:
        raise UnusableFileError.of("file_unwritable", path=target, detail=exc.strerror or str(exc)) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
