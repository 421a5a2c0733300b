"""What every subcommand gets: parsed arguments, paths, and a way to open the workspace.

Light on purpose (standard library and core only): every command module imports it while the
parser is built, before any command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intervet_desktop.core.messages import msg, register

if TYPE_CHECKING:
    from intervet_desktop.db.workspace import Workspace
    from intervet_desktop.paths import AppPaths


@dataclass
class CliContext:
    args: argparse.Namespace
    paths: AppPaths

    @property
    def db_path(self) -> Path:
        from intervet_desktop.paths import resolve_db_path

        path = resolve_db_path(getattr(self.args, "db", None), self.paths)
        if path == self.paths.default_db:
            path.parent.mkdir(parents=True, exist_ok=True)
        return path

    @contextmanager
    def workspace(self, *, create: bool = False, readonly_ok: bool = False) -> Iterator[Workspace]:
        """``readonly_ok``: a command that only reads (backup, exports) also works on a database
        the user may not write (read-only file or folder, e.g. a colleague's copy on a stick)."""
        # imported when a command opens the database, so that --help and --version stay instant
        from intervet_desktop.core.errors import UnusableFileError
        from intervet_desktop.db.workspace import Workspace

        try:
            workspace = Workspace.open(self.db_path, create=create)
        except UnusableFileError as exc:
            if not (readonly_ok and exc.message.code == "db_folder_readonly" and self.db_path.exists()):
                raise
            workspace = Workspace.open_readonly(self.db_path)
        for code in workspace.report.warnings:
            warn(msg(code, path=workspace.path).render())
        try:
            yield workspace
        finally:
            workspace.close()

    @property
    def as_json(self) -> bool:
        return bool(getattr(self.args, "json", False))


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def warn(text: str) -> None:
    sys.stderr.write(text + "\n")


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def table(rows: list[list[str]], headers: list[str]) -> None:
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    out("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    out("  ".join("-" * w for w in widths))
    for row in rows:
        out("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


register("password_file_empty", "{path} is empty: put the password on its first line.")


def read_password(path: Path | None) -> str | None:
    """The password in a file (first line, without its line break); None without a file."""
    if path is None:
        return None
    from intervet_desktop.core.errors import Problem, UnusableFileError, ValidationError

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnusableFileError.of("file_not_found", path=path) from exc
    password = text.splitlines()[0] if text else ""
    if not password:
        raise ValidationError([Problem("password_file", msg("password_file_empty", path=path))])
    return password
