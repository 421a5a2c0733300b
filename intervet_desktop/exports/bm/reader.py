"""Read a file exported from the BM (or a template): xlsx through python-calamine, csv with its
encoding (UTF-8, with or without BOM, UTF-16, else Windows-1252) and separator (';', ',' or tab)
detected. Returns the header row, the MT+-style marker row when there is one, and the data rows."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from intervet_desktop.core.errors import UnusableFileError
from intervet_desktop.core.messages import register
from intervet_desktop.exports.bm.headers import is_marker_row, match_header

register("bm_file_empty", "{path} is empty: there is no header row to read.")
register("bm_file_unreadable", "{path} cannot be read as a spreadsheet or CSV file: {detail}")
register("bm_file_type", "{path}: use an .xlsx or .csv file exported from the Beneficiary Module.")

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
SEPARATORS = (";", ",", "\t")


@dataclass
class Table:
    path: Path
    kind: str  # "xlsx" | "csv"
    headers: list[str]
    markers: list[str] | None
    rows: list[list[Any]]
    #: csv only: how it was written
    delimiter: str = ";"
    encoding: str = "utf-8"
    bom: bool = False
    sheet: str = ""
    header_row: int = 1  # 1-based position of the header row in the file
    notes: list[str] = field(default_factory=list)

    @property
    def first_data_row(self) -> int:
        return self.header_row + (2 if self.markers is not None else 1)


def read_table(path: Path) -> Table:
    path = Path(path)
    if not path.exists():
        raise UnusableFileError.of("file_not_found", path=path)
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        return _split(path, "xlsx", *_read_sheet(path))
    if suffix in (".csv", ".txt"):
        rows, delimiter, encoding, bom = _read_csv(path)
        table = _split(path, "csv", rows, "")
        table.delimiter, table.encoding, table.bom = delimiter, encoding, bom
        return table
    raise UnusableFileError.of("bm_file_type", path=path)


def _read_sheet(path: Path) -> tuple[list[list[Any]], str]:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        raise UnusableFileError.of("bm_file_unreadable", path=path, detail=str(exc)[:200]) from exc
    except Exception as exc:  # python-calamine raises its own zip/xml errors
        raise UnusableFileError.of("bm_file_unreadable", path=path, detail=str(exc)[:200]) from exc
    best: tuple[int, list[list[Any]], str] | None = None
    try:
        for name in workbook.sheet_names:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            score = max((_recognised(r) for r in rows[:5]), default=0)
            if best is None or score > best[0]:
                best = (score, rows, name)
    except Exception as exc:
        raise UnusableFileError.of("bm_file_unreadable", path=path, detail=str(exc)[:200]) from exc
    finally:
        workbook.close()
    if best is None:
        raise UnusableFileError.of("bm_file_empty", path=path)
    return best[1], best[2]


def _decode(data: bytes) -> tuple[str, str, bool]:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8", True
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # an odd length (a truncated file) leaves half a character: replaced, not a crash
        return data.decode("utf-16", errors="replace"), "utf-16", True
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252", False


def _sniff(text: str) -> str:
    head = "\n".join(text.splitlines()[:5])
    try:
        return csv.Sniffer().sniff(head, delimiters="".join(SEPARATORS)).delimiter
    except csv.Error:
        first = text.splitlines()[0] if text else ""
        return max(SEPARATORS, key=first.count)


def _read_csv(path: Path) -> tuple[list[list[Any]], str, str, bool]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnusableFileError.of("bm_file_unreadable", path=path, detail=exc.strerror or str(exc)) from exc
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UnusableFileError.of("bm_file_unreadable", path=path, detail="binary content")
    text, encoding, bom = _decode(data)
    if not text.strip():
        raise UnusableFileError.of("bm_file_empty", path=path)
    delimiter = _sniff(text)
    try:
        rows: list[list[Any]] = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise UnusableFileError.of("bm_file_unreadable", path=path, detail=str(exc)) from exc
    return rows, delimiter, encoding, bom


def _recognised(row: list[Any]) -> int:
    return sum(1 for cell in row if match_header(str(cell or "")) is not None)


def _blank(row: list[Any]) -> bool:
    return not any(str(c if c is not None else "").strip() for c in row)


def _split(path: Path, kind: str, rows: list[list[Any]], sheet: str) -> Table:
    # the header row: the first of the first rows naming most known fields (else the first non-blank)
    candidates = [(i, r) for i, r in enumerate(rows[:10]) if not _blank(r)]
    if not candidates:
        raise UnusableFileError.of("bm_file_empty", path=path)
    index, header = max(candidates, key=lambda item: (_recognised(item[1]), -item[0]))
    if _recognised(header) == 0:
        index, header = candidates[0]
    width = len(header)
    while width and not str(header[width - 1] if header[width - 1] is not None else "").strip():
        width -= 1
    headers = [str(c if c is not None else "").strip() for c in header[:width]]
    rest = rows[index + 1 :]
    markers: list[str] | None = None
    if rest and is_marker_row(list(rest[0][:width])):
        markers = [str(c if c is not None else "").strip() for c in rest[0][:width]]
        markers += [""] * (width - len(markers))
        rest = rest[1:]
    data = [list(r[:width]) + [None] * (width - len(r)) for r in rest if not _blank(r)]
    return Table(path, kind, headers, markers, data, sheet=sheet, header_row=index + 1)
