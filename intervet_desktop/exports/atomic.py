"""Write a file through a temporary sibling and rename it into place, so a failed or cancelled
export never leaves a half-written file (and an open file in Excel is reported, not clobbered)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from intervet_desktop.core.errors import UnusableFileError


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix, dir=target.parent)
    except OSError as exc:
        raise UnusableFileError.of("file_unwritable", path=target, detail=exc.strerror or str(exc)) from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, target)
    except OSError as exc:
        raise UnusableFileError.of("file_unwritable", path=target, detail=exc.strerror or str(exc)) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
