"""SQLite ``file:`` URIs built from paths, with the path percent-encoded.

SQLite's URI parser reads ``?`` as the start of the parameters, ``#`` as a fragment and
``%XX`` as an escape. An unquoted ``a#b`` folder therefore names the file ``a`` (created
empty, read-write, since ``mode=ro`` was cut off with the fragment). Standard library only:
the file inspection and the backups use it without SQLAlchemy.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlencode


def sqlite_file_uri(path: Path, **params: str) -> str:
    """``file:///...`` for ``path`` (made absolute), then ``?key=value&...`` from ``params``.

    Non-ASCII characters are encoded as UTF-8 escapes, which SQLite decodes back to the
    file name. A Windows drive path ``C:/x`` becomes ``file:///C:/x``, as SQLite expects.
    """
    posix = path.absolute().as_posix()
    if not posix.startswith("/"):
        posix = "/" + posix
    uri = "file://" + quote(posix, safe="/:")
    return f"{uri}?{urlencode(params)}" if params else uri
