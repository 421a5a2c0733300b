"""Files kept in the database's attachment folder (NAME.files/), named by their sha256.

The folder belongs to the database, so backups, handovers and erasure carry the files with it.
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import os
import tempfile
from pathlib import Path

from sqlmodel import Session, select

from intervet_desktop.core.errors import UnusableFileError
from intervet_desktop.db.models import Attachment, utcnow


def read_upload(path: Path) -> tuple[bytes, str]:
    """The bytes and MIME type of a file the user chose to keep; a missing or unreadable file is a
    calm refusal naming it (read before any transaction opens)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise UnusableFileError.of("file_not_found", path=path) from exc
    except OSError as exc:
        raise UnusableFileError.of("db_unreadable", path=path, detail=exc.strerror or str(exc)) from exc
    return data, mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def stored_path(files_dir: Path, sha256: str) -> Path:
    return files_dir / sha256[:2] / sha256


def store_bytes(
    session: Session,
    files_dir: Path,
    data: bytes,
    *,
    original_name: str,
    mime_type: str,
    kind: str,
    owner_kind: str,
    owner_id: int,
) -> Attachment:
    """Copy ``data`` into the attachment folder (once per content) and add its ``attachment`` row."""
    digest = hashlib.sha256(data).hexdigest()
    target = stored_path(files_dir, digest)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".part-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    row = Attachment(
        sha256=digest,
        original_name=original_name[:260],
        mime_type=mime_type,
        size_bytes=len(data),
        kind=kind,
        owner_kind=owner_kind,
        owner_id=owner_id,
        added_at=utcnow(),
    )
    session.add(row)
    session.flush()
    return row


def remove_unreferenced_files(session: Session, files_dir: Path, hashes: list[str]) -> int:
    """Delete the stored files among ``hashes`` that no attachment row references any more
    (their bytes overwritten first); returns how many went."""
    removed = 0
    for digest in sorted(set(hashes)):
        still = session.exec(select(Attachment.id).where(Attachment.sha256 == digest)).first()
        path = stored_path(files_dir, digest)
        if still is not None or not path.is_file():
            continue
        try:
            size = path.stat().st_size
            with path.open("r+b") as handle:
                handle.write(b"\0" * size)
                handle.flush()
                os.fsync(handle.fileno())
            path.unlink()
            removed += 1
        except OSError:
            continue
    return removed
