"""The school's document settings: its template folder (which files override the built-in
ones, a copy of the built-in files to start editing from) and the default layout."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import col, select

from intervet_desktop.core.errors import UnusableFileError
from intervet_desktop.core.messages import register
from intervet_desktop.db.models import Attachment, Document
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.exports.pdf.model import Layout
from intervet_desktop.exports.pdf.store import builtin_dir
from intervet_desktop.services import settings
from intervet_desktop.services.attachments import stored_path
from intervet_desktop.services.changes import Result
from intervet_desktop.services.documents import TEMPLATES_DIR_KEY

log = logging.getLogger(__name__)

LAYOUT_KEY = "document_layout"

register("doc_templates_copy", "The templates cannot be copied to {path}: {detail}")
register("doc_copy_missing", "The stored copy of {name} is missing from the attachment folder.")


def builtin_files() -> list[str]:
    """Relative paths of the built-in template files (``en/mobility-agreement.txt``...)."""
    root = builtin_dir()
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.txt"))


def templates_dir(workspace: Workspace) -> Path | None:
    value = settings.get_value(workspace, TEMPLATES_DIR_KEY)
    return Path(value) if isinstance(value, str) and value.strip() else None


def set_templates_dir(workspace: Workspace, folder: Path | None) -> Result[None]:
    return settings.set_value(workspace, TEMPLATES_DIR_KEY, str(folder) if folder else "")


def overriding_files(folder: Path | None) -> list[str]:
    """The built-in files this folder replaces (same relative path)."""
    if folder is None or not folder.is_dir():
        return []
    return [name for name in builtin_files() if (folder / name).is_file()]


def copy_builtin_templates(dest: Path) -> list[Path]:
    """Copy the built-in templates (and the README) into ``dest``; files already there are kept."""
    root = builtin_dir()
    written: list[Path] = []
    try:
        for name in [*builtin_files(), "README.md"]:
            target = dest / name
            if target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / name, target)
            written.append(target)
    except OSError as exc:
        raise UnusableFileError.of("doc_templates_copy", path=dest, detail=exc.strerror or str(exc)) from exc
    log.info("copied %s template files", len(written))
    return written


def default_layout(workspace: Workspace) -> Layout:
    value = settings.get_value(workspace, LAYOUT_KEY)
    try:
        return Layout(str(value))
    except ValueError:
        return Layout.SIDE_BY_SIDE


def set_default_layout(workspace: Workspace, layout: Layout) -> Result[None]:
    return settings.set_value(workspace, LAYOUT_KEY, layout.value)


@dataclass(frozen=True)
class StoredDocument:
    document_id: int
    file_name: str
    path: Path
    mobility_id: int | None


def stored_copy(workspace: Workspace, document_id: int) -> StoredDocument | None:
    """The document's copy in the attachment folder (what Open and Print show)."""
    with workspace.read_session() as session:
        document = session.get(Document, document_id)
        if document is None or document.id is None:
            return None
        sha = document.sha256
        if document.attachment_id is not None:
            attachment = session.get(Attachment, document.attachment_id)
            sha = attachment.sha256 if attachment else sha
        path = stored_path(workspace.files_dir, sha)
        if not path.is_file():
            raise UnusableFileError.of("doc_copy_missing", name=document.file_name)
        return StoredDocument(document.id, document.file_name, path, document.mobility_id)


def scans_of(workspace: Workspace, document_id: int) -> list[tuple[str, Path]]:
    """Signed scans attached to a document: (original name, stored path)."""
    with workspace.read_session() as session:
        rows = session.exec(
            select(Attachment)
            .where(Attachment.owner_kind == "document", Attachment.owner_id == document_id)
            .where(Attachment.kind == "signed_scan")
            .order_by(col(Attachment.id))
        ).all()
    return [(r.original_name, stored_path(workspace.files_dir, r.sha256)) for r in rows]
