"""A lock per database *file*: one InterVET instance per database.

The lock belongs to the file itself, not to the name it was reached by: the path is resolved
(symlinks, ``..``) and, once the file exists, a second lock named after its identity
(``st_dev``/``st_ino``) is taken in a per-user folder, so a hard link elsewhere is the same
database. The operating-system locks (``filelock``) are released by the OS when a process
dies, so a crash never leaves the database locked. Beside each, ``NAME.lock-info`` records who
holds it (host, OS user, process id, start time) so a second instance can say who; an info
file left by a dead process is stale and is cleared.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import tempfile
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from intervet_desktop.core.errors import UnusableFileError, UserError


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


def real_path(path: Path) -> Path:
    """The one name of a database file: absolute, symlinks and ``..`` resolved."""
    return Path(os.path.realpath(path.expanduser().absolute()))


def identity_dir() -> Path:
    """A per-user folder (owner-only) for the locks named after a file's identity: one fixed
    place on POSIX (not ``$TMPDIR``, which differs between sessions of the same user)."""
    base = Path("/tmp") if os.name == "posix" and Path("/tmp").is_dir() else Path(tempfile.gettempdir())
    folder = base / f"intervet-locks-{os_user()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


class _OneLock:
    """An OS lock file with an info file beside it."""

    def __init__(self, lock_path: Path) -> None:
        self.lock_path = lock_path
        self.info_path = lock_path.with_name(lock_path.name + "-info")
        self._lock = FileLock(str(lock_path), timeout=0, mode=0o600)

    def read_info(self) -> LockInfo | None:
        try:
            data = json.loads(self.info_path.read_text(encoding="utf-8"))
            return LockInfo(str(data["host"]), str(data["user"]), int(data["pid"]), str(data["since"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def try_acquire(self) -> bool:
        """True when acquired; False when someone holds it. OSError when it cannot be created."""
        try:
            self._lock.acquire()
        except Timeout:
            return False
        return True

    def write_info(self) -> None:
        fd = os.open(self.info_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(asdict(LockInfo.mine())))

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


def _identity_lock(db_path: Path) -> _OneLock | None:
    try:
        st = db_path.stat()
        return _OneLock(identity_dir() / f"{st.st_dev}-{st.st_ino}.lock")
    except OSError:
        return None


class DatabaseLock:
    def __init__(self, db_path: Path) -> None:
        self.db_path = real_path(db_path)
        self._path_lock = _OneLock(self.db_path.with_name(self.db_path.name + ".lock"))
        self.lock_path = self._path_lock.lock_path
        self.info_path = self._path_lock.info_path
        self._identity: _OneLock | None = None
        self.cleared_stale: LockInfo | None = None

    def read_info(self) -> LockInfo | None:
        info = self._path_lock.read_info()
        if info is None:
            ident = _identity_lock(self.db_path)
            info = ident.read_info() if ident is not None else None
        return info

    def holder(self) -> LockInfo | None:
        """Who holds the database now; a dead process holds nothing (its OS lock is gone)."""
        probe = DatabaseLock(self.db_path)
        try:
            probe.acquire()
        except UnusableFileError as exc:
            if exc.message.code == "db_locked":
                return self.read_info()
            info = self.read_info()
            alive = info is not None and (info.host != socket.gethostname() or _pid_alive(info.pid))
            return info if alive else None
        probe.release()
        return None

    def _refuse(self, lock: _OneLock) -> UserError:
        info = lock.read_info() or self._path_lock.read_info()
        if info is None:
            return UnusableFileError.of("db_lock_unreadable", path=self.db_path)
        return UnusableFileError.of(
            "db_locked", path=self.db_path, user=info.user, host=info.host, pid=info.pid, since=info.since
        )

    def acquire(self) -> None:
        try:
            if not self._path_lock.try_acquire():
                raise self._refuse(self._path_lock)
        except OSError as exc:
            raise UnusableFileError.of("db_folder_readonly", folder=self.db_path.parent) from exc
        previous = self._path_lock.read_info()
        if previous is not None and previous.pid != os.getpid():
            # We hold the OS lock, so whoever wrote that info is gone: a stale lock.
            self.cleared_stale = previous
        try:
            self._path_lock.write_info()
            self.bind_identity()
        except OSError as exc:
            self.release()
            raise UnusableFileError.of("db_folder_readonly", folder=self.db_path.parent) from exc
        except UnusableFileError:
            self.release()
            raise

    def bind_identity(self) -> None:
        """Take the lock named after the file's identity (once the file exists)."""
        if self._identity is not None:
            return
        ident = _identity_lock(self.db_path)
        if ident is None:
            return  # not created yet: Workspace.open binds again after creating it
        if not ident.try_acquire():
            raise self._refuse(ident)
        ident.write_info()
        self._identity = ident

    def release(self) -> None:
        if self._identity is not None:
            self._identity.release()
            self._identity = None
        self._path_lock.release()

    @property
    def held(self) -> bool:
        return self._path_lock.held
