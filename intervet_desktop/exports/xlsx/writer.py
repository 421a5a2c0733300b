"""A small shared xlsx writer over openpyxl's write-only mode.

Every workbook the app writes goes through it, so every one gets the same guarantees:
- text is a string cell, never a formula (names and notes are typed by people: ``=HYPERLINK(..)``,
  ``+cmd``, ``-1+1``, ``@SUM`` stay text);
- dates are real dates with a date number format; money is a number with a currency format;
- a bold, frozen header row with an autofilter, column widths, the header row repeated on every
  printed page, and a page header with the project and the date of the export;
- the file is written through ``atomic_path`` (no half-written file, a clear message when the
  target cannot be written or is locked).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from intervet_desktop.exports.atomic import atomic_path, openpyxl_temp_files_in

Kind = Literal["text", "int", "money", "date", "percent", "decimal"]


class Formula(str):
    """A formula this app wrote itself (``=SUMIFS(...)``); user text is never one of these."""

    __slots__ = ()


FORMULA_START = ("=", "+", "-", "@")
DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = "0.0%"
INT_FORMAT = "#,##0"


def currency_format(currency: str = "EUR") -> str:
    """A number format that shows the currency code: ``[$EUR] #,##0.00`` (Excel and LibreOffice)."""
    return f"[${currency}] #,##0.00;[${currency}] -#,##0.00"


EUR_FORMAT = currency_format("EUR")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
TITLE_FONT = Font(bold=True, size=14)


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = "text"
    width: float = 14.0
    currency: str = "EUR"  # for money columns


def is_risky(text: str) -> bool:
    return text.startswith(FORMULA_START)


class Sheet:
    """One write-only sheet: a header row, then ``row(values)`` in column order.

    Money values are integer cents (written as euros with the column's currency format), or a
    ``(cents, currency)`` pair for a row-specific currency. A ``formula`` column takes text that is
    written as a formula (only this writer's own formulas: never user text)."""

    def __init__(self, book: XlsxBook, title: str, columns: Sequence[Column], *, intro: Sequence[str] = ()):
        self.book = book
        self.columns = tuple(columns)
        self.ws: WriteOnlyWorksheet = book.wb.create_sheet(title=title[:31])
        self.rows = 0
        ws = self.ws
        header_row = 1 + len(intro) + (1 if intro else 0)
        for i, column in enumerate(self.columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = column.width
        last = get_column_letter(max(1, len(self.columns)))
        ws.freeze_panes = f"A{header_row + 1}"
        if self.columns:
            ws.auto_filter.ref = f"A{header_row}:{last}{header_row}"
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.oddHeader.left.text = _escape_hf(book.header_text)
        ws.oddHeader.right.text = _escape_hf(book.date_text)
        ws.oddFooter.center.text = "&P / &N"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        for line in intro:
            ws.append([self._text(line, TITLE_FONT if line is intro[0] else None)])
        if intro:
            ws.append([])
        self.header_row = header_row
        self._formats = [_format_of(c) for c in self.columns]
        self._styles: dict[str, Any] = {}
        ws.append([self._header(c.header) for c in self.columns])

    def _header(self, text: str) -> Cell:
        cell = WriteOnlyCell(self.ws, value=text)
        cell.data_type = "s"
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        return cell

    def _text(self, text: str, font: Font | None = None) -> Any:
        if font is None and not is_risky(text):
            return text
        cell = WriteOnlyCell(self.ws, value=text)
        cell.data_type = "s"
        if font is not None:
            cell.font = font
        return cell

    def row(self, values: Sequence[object]) -> None:
        self.ws.append(
            [self._cell(v, c, f) for v, c, f in zip(values, self.columns, self._formats, strict=True)]
        )
        self.rows += 1

    def rows_from(self, rows: Iterable[Sequence[object]]) -> None:
        for values in rows:
            self.row(values)

    def _cell(self, value: object, column: Column, fmt: str | None) -> Any:
        if value is None or value == "":
            return None
        kind = column.kind
        if isinstance(value, Formula):
            cell = WriteOnlyCell(self.ws, value=str(value))
            if fmt is not None:
                _set_style(cell, self._style(fmt))
            return cell
        if kind == "text":
            return self._text(str(value))
        if kind == "money":
            if isinstance(value, tuple):
                cents, currency = value
                cell = WriteOnlyCell(self.ws, value=int(cents) / 100)
                _set_style(cell, self._style(currency_format(str(currency))))
                return cell
            cell = WriteOnlyCell(self.ws, value=int(value) / 100)  # type: ignore[call-overload]
        elif kind == "date":
            if not isinstance(value, date | datetime):
                return self._text(str(value))
            cell = WriteOnlyCell(self.ws, value=value)  # type: ignore[arg-type]  # stubs: datetime only
        elif isinstance(value, str):
            return self._text(value)
        else:
            number = value if not isinstance(value, Decimal) else float(value)
            cell = WriteOnlyCell(self.ws, value=number)  # type: ignore[arg-type]  # int, bool, time too
        if fmt is not None:
            _set_style(cell, self._style(fmt))
        return cell

    def _style(self, fmt: str) -> Any:
        """One shared style array per number format (setting ``number_format`` on every cell
        registers the format again each time: the slow part of styled write-only cells)."""
        style = self._styles.get(fmt)
        if style is None:
            probe = WriteOnlyCell(self.ws)
            probe.number_format = fmt
            style = self._styles[fmt] = probe._style  # type: ignore[attr-defined]
        return style

    def note(self, text: str) -> None:
        """A line of text below the header (e.g. "This project has no mobilities yet.")."""
        self.ws.append([self._text(text)])


def _format_of(column: Column) -> str | None:
    return {
        "money": currency_format(column.currency),
        "date": DATE_FORMAT,
        "percent": PERCENT_FORMAT,
        "int": INT_FORMAT,
        "decimal": "0.0000",
    }.get(column.kind)


def _escape_hf(text: str) -> str:
    return text.replace("&", "&&")


class XlsxBook:
    def __init__(self, header_text: str, exported_on: date):
        self.wb = Workbook(write_only=True)
        self.header_text = header_text
        self.date_text = exported_on.isoformat()

    def sheet(self, title: str, columns: Sequence[Column], *, intro: Sequence[str] = ()) -> Sheet:
        return Sheet(self, title, columns, intro=intro)


@contextmanager
def xlsx_book(target: Path, header_text: str, exported_on: date) -> Iterator[XlsxBook]:
    """Open a workbook; it is saved atomically to ``target`` when the block ends without error."""
    with atomic_path(target) as tmp, openpyxl_temp_files_in(target.parent):
        book = XlsxBook(header_text, exported_on)
        try:
            yield book
        except BaseException:
            # finish openpyxl's open sheet streams (else they fail noisily when collected);
            # the temporary file is removed by atomic_path
            with contextlib.suppress(Exception):
                book.wb.save(tmp)
            raise
        book.wb.save(tmp)


def write_table_xlsx(
    target: Path,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[object]],
    *,
    header_text: str,
    exported_on: date,
) -> int:
    """One sheet from a table: a list export."""
    with xlsx_book(target, header_text, exported_on) as book:
        sheet = book.sheet(title, columns)
        sheet.rows_from(rows)
        count = sheet.rows
    return count


def _set_style(cell: Cell, style: Any) -> None:
    """Share one style array (openpyxl's private ``_style``, absent from its stubs)."""
    cell._style = style  # type: ignore[attr-defined]
