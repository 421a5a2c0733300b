"""Read the first sheet of a spreadsheet (xlsx, xlsm, xls, ods) or a CSV file into rows of cells.

Cells are whatever the file holds: text, numbers, real dates (Excel date cells), booleans, or ""
for empty. Row and column indices are absolute (row 0 is the file's first row), so a report can
name the row a person sees in Excel. Anything unusable raises ``UnusableFileError``.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine

from intervet_desktop.core.errors import UnusableFileError
from intervet_desktop.core.messages import register

register("import_file_empty", "{path} is empty: there is nothing to import.")
register(
    "import_file_encrypted",
    "{path} is protected with a password. Open it in Excel, remove the password (File > Info > "
    "Protect Workbook), save, and import it again.",
)
register(
    "import_file_unreadable",
    "{path} is not a spreadsheet we can read ({detail}). Save it as .xlsx or .csv and try again.",
)
register("import_file_no_rows", "{path} has no rows with data.")
register(
    "import_formulas_uncached",
    "{path} has formulas whose results were never saved (it was written by a program that does not "
    "calculate them). Open it in Excel or LibreOffice Calc, save it, and import it again.",
)
_CELL = re.compile(rb"<(?:\w+:)?c\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is)\b[^>]*>[^<]")
#: sheets larger than this are not scanned for uncached formulas (the scan reads them whole)
FORMULA_SCAN_LIMIT = 64_000_000

log = logging.getLogger(__name__)

ZIP_MAGIC = b"PK\x03\x04"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARKERS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}


@dataclass
class Table:
    rows: list[list[Any]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    source: str = "xlsx"  # xlsx | csv
    encoding: str | None = None
    delimiter: str | None = None


def read_table(path: Path) -> Table:
    if not path.exists():
        raise UnusableFileError.of("file_not_found", path=path)
    if path.is_dir():
        raise UnusableFileError.of("import_file_unreadable", path=path, detail="it is a folder")
    with path.open("rb") as handle:
        head = handle.read(4096)
    if not head:
        raise UnusableFileError.of("import_file_empty", path=path)
    if head.startswith(CFB_MAGIC):
        data = path.read_bytes()
        if any(marker in data for marker in ENCRYPTED_MARKERS):
            raise UnusableFileError.of("import_file_encrypted", path=path)
        table = _read_workbook(path)
    elif head.startswith(ZIP_MAGIC):
        _refuse_uncached_formulas(path)
        table = _read_workbook(path)
    elif path.suffix.lower() in SPREADSHEET_SUFFIXES and b"\0" in head:
        raise UnusableFileError.of("import_file_unreadable", path=path, detail="the file is damaged")
    else:
        table = _read_csv(path)
    if not any(any(_filled(c) for c in row) for row in table.rows):
        raise UnusableFileError.of("import_file_no_rows", path=path)
    return table


def _filled(cell: Any) -> bool:
    return not (cell is None or (isinstance(cell, str) and not cell.strip()))


def _refuse_uncached_formulas(path: Path) -> None:
    """A formula without a saved result reads as an empty cell: refuse instead of importing
    blanks (or nothing at all) and saying all went well."""
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                    continue
                if info.file_size > FORMULA_SCAN_LIMIT:
                    continue
                data = archive.read(info)
                if not _FORMULA.search(data):
                    continue
                for cell in _CELL.finditer(data):
                    body = cell.group(1) or b""
                    if _FORMULA.search(body) and not _VALUE.search(body):
                        raise UnusableFileError.of("import_formulas_uncached", path=path)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        return  # the workbook reader reports a damaged file in its own words


def _read_workbook(path: Path) -> Table:
    try:
        with path.open("rb") as handle:
            workbook = python_calamine.CalamineWorkbook.from_filelike(handle)
            try:
                for index, meta in enumerate(workbook.sheets_metadata):
                    if str(meta.typ).endswith("WorkSheet") or "Work" in str(meta.typ):
                        sheet = workbook.get_sheet_by_index(index)
                        rows = sheet.to_python(skip_empty_area=False)
                        if any(any(_filled(c) for c in row) for row in rows):
                            merged = list(sheet.merged_cell_ranges or [])
                            return Table([list(r) for r in rows], merged, "xlsx")
            finally:
                workbook.close()
    except python_calamine.PasswordError as exc:
        raise UnusableFileError.of("import_file_encrypted", path=path) from exc
    except (
        python_calamine.CalamineError,
        python_calamine.ZipError,
        python_calamine.XmlError,
        ValueError,
    ) as exc:
        log.info("workbook unreadable: %s", type(exc).__name__)
        raise UnusableFileError.of(
            "import_file_unreadable", path=path, detail="the workbook is damaged or not an Excel file"
        ) from exc
    raise UnusableFileError.of("import_file_no_rows", path=path)


def decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM), else Windows-1252 (what Excel writes on Western Windows)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return data.decode("utf-32", errors="replace"), "utf-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # an odd length (a truncated file) leaves half a character: replaced, not a crash
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


_QUOTED = re.compile(r'"(?:[^"]|"")*"')


def sniff_delimiter(sample: str) -> str:
    # count delimiters outside quoted cells: a tab inside "a\tb" does not make a TSV
    lines = [line for line in _QUOTED.sub('""', sample).splitlines()[:50] if line.strip()]
    best, best_score = ",", -1
    for delimiter in (";", ",", "\t", "|"):
        counts = [line.count(delimiter) for line in lines]
        nonzero = [c for c in counts if c]
        if not nonzero:
            continue
        # the delimiter appears on most lines, the same number of times
        common = max(set(nonzero), key=nonzero.count)
        score = nonzero.count(common) * 10 + common
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(path: Path) -> Table:
    data = path.read_bytes()
    if b"\0" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        raise UnusableFileError.of(
            "import_file_unreadable", path=path, detail="it is a binary file, not a table"
        )
    text, encoding = decode(data)
    if not text.strip():
        raise UnusableFileError.of("import_file_empty", path=path)
    delimiter = sniff_delimiter(text[:20000])
    try:
        rows = [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise UnusableFileError.of("import_file_unreadable", path=path, detail=str(exc)) from exc
    return Table(rows, [], "csv", encoding, delimiter)
