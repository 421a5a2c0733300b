"""A lock file next to the database: one InterVET instance per database.

The operating-system lock (``filelock``) is released by the OS when a process dies, so a
crash never leaves the database locked. Beside it, ``NAME.lock-info`` records who holds it
(host, OS user, process id, start time) so a second instance can say who; an info file
left by a dead process on this host is stale and is cleared.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from intervet_desktop.core.errors import UnusableFileError


@dataclass(frozen=True)
class LockInfo:
    host: str
    user: str
    pid: int
    since: str

    @classmethod
    def mine(cls) -> LockInfo:
        return cls(socket.gethostname(), os_user(), os.getpid(), datetime.now().isoformat(timespec="seconds"))


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is not an error worth failing for
        return "unknown"


class DatabaseLock:
    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.lock_path = db_path.with_name(db_path.name + ".lock")
        self.info_path = db_path.with_name(db_path.name + ".lock-info")
        self._lock = FileLock(str(self.lock_path), timeout=0)
        self.cleared_stale: LockInfo | None = None

    def read_info(self) -> LockInfo | None:
        try:
            data = json.loads(self.info_path.read_text(encoding="utf-8"))
            return LockInfo(str(data["host"]), str(data["user"]), int(data["pid"]), str(data["since"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def acquire(self) -> None:
        try:
            self._lock.acquire()
        except Timeout:
            info = self.read_info()
            if info is None:
                raise UnusableFileError.of("db_lock_unreadable", path=self.db_path) from None
            raise UnusableFileError.of(
                "db_locked", path=self.db_path, user=info.user, host=info.host, pid=info.pid, since=info.since
            ) from None
        except OSError as exc:
            raise UnusableFileError.of("db_folder_readonly", folder=self.db_path.parent) from exc
        previous = self.read_info()
        if previous is not None and previous.pid != os.getpid():
            # We hold the OS lock, so whoever wrote that info is gone: a stale lock.
            self.cleared_stale = previous
        try:
            self.info_path.write_text(json.dumps(asdict(LockInfo.mine())), encoding="utf-8")
        except OSError as exc:
            self._lock.release()
            raise UnusableFileError.of("db_folder_readonly", folder=self.db_path.parent) from exc

    def release(self) -> None:
        if self._lock.is_locked:
            with contextlib.suppress(OSError):
                self.info_path.unlink()
            self._lock.release()
            with contextlib.suppress(OSError):
                self.lock_path.unlink()

    @property
    def held(self) -> bool:
        return self._lock.is_locked
