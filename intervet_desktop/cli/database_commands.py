"""init, check, projects, backup, restore.

Command modules define their options cheaply; each handler imports what it needs when it runs
(``intervet --help`` must not load SQLAlchemy). tests/unit/test_cli_startup.py checks this.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path

from intervet_desktop.cli.context import CliContext, emit_json, out, read_password, table
from intervet_desktop.core.errors import UnusableFileError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("init", help="create an empty database (or upgrade an existing one)")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("check", help="integrity and migration state of the database (changes nothing)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("projects", help="list projects: code, title, action, call year, period")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--all", action="store_true", help="include archived projects")
    p.set_defaults(handler=cmd_projects)

    p = sub.add_parser("backup", help="back up the database and its attachments to a zip file")
    p.add_argument("-o", "--output", type=Path, help="backup file (default: NAME.db.backups/)")
    p.add_argument(
        "--password-file", type=Path, metavar="PATH", help="encrypt with the password in this file"
    )
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help="replace the database and its attachments from a backup zip")
    p.add_argument("file", type=Path)
    p.add_argument("--password-file", type=Path, metavar="PATH", help="the password of an encrypted backup")
    p.set_defaults(handler=cmd_restore)


def cmd_init(ctx: CliContext) -> int:
    with ctx.workspace(create=True) as ws:
        report = ws.report
        if report.created:
            out(f"Created {ws.path}")
        elif report.upgraded_from:
            out(f"Upgraded {ws.path} (backup: {report.backup})")
        else:
            out(f"{ws.path} is up to date")
    return 0


def cmd_check(ctx: CliContext) -> int:
    from intervet_desktop.services.health import check_database

    report = check_database(ctx.db_path)
    if ctx.as_json:
        emit_json({**asdict(report), "up_to_date": report.up_to_date})
        return 0
    out(f"Database:   {report.path}")
    out(f"Integrity:  {report.integrity}")
    out(f"Revision:   {report.revision or '(empty)'} (this version's head: {report.head})")
    if report.pending:
        out(f"Migrations: {len(report.pending)} pending ({', '.join(report.pending)}); applied on next open")
    else:
        out("Migrations: up to date")
    out(f"In use by:  {report.locked_by or 'nobody'}")
    return 0


def cmd_projects(ctx: CliContext) -> int:
    from intervet_desktop.services.projects import list_projects

    with ctx.workspace() as ws:
        projects = list_projects(ws, include_archived=ctx.args.all)
    if ctx.as_json:
        emit_json([asdict(p) for p in projects])
        return 0
    if not projects:
        out("No projects yet.")
        return 0
    table(
        [
            [
                p.code,
                p.title[:50],
                p.action,
                str(p.call_year),
                f"{p.start_date} - {p.end_date}",
                str(p.mobilities),
            ]
            for p in projects
        ],
        ["Code", "Title", "Action", "Year", "Period", "Mobilities"],
    )
    return 0


def cmd_backup(ctx: CliContext) -> int:
    from intervet_desktop.services.backups import backup_now

    password = read_password(ctx.args.password_file)
    with ctx.workspace(readonly_ok=True) as ws:
        target = backup_now(ws, ctx.args.output, password=password)
    out(f"Backup written to {target}")
    return 0


def cmd_restore(ctx: CliContext) -> int:
    from intervet_desktop.db import backup
    from intervet_desktop.db.lock import DatabaseLock

    archive: Path = ctx.args.file
    if not archive.exists():
        raise UnusableFileError.of("file_not_found", path=archive)
    db_path = ctx.db_path
    lock = DatabaseLock(db_path)
    lock.acquire()
    try:
        backup.recover_interrupted(db_path)
        if db_path.exists():
            backup.pre_migration_backup(db_path, "restore")
        backup.restore_backup(archive, db_path, password=read_password(ctx.args.password_file))
    finally:
        lock.release()
    out(f"Restored {db_path} from {archive}")
    return 0
