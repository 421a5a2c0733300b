"""Write the BM import file: xlsx with openpyxl's write-only mode (lxml installed), or csv in
UTF-8 with the template's separator. Text that a spreadsheet could run as a formula is written as
text: in xlsx as a string cell, in csv with a leading apostrophe (the usual CSV-injection guard)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.messages import register
from intervet_desktop.exports.atomic import atomic_path
from intervet_desktop.exports.bm.fields import Cell, ExportOptions, MobilityRow
from intervet_desktop.exports.bm.layout import Layout
from intervet_desktop.exports.csv_table import safe_cell

register("bm_output_type", "{path}: the BM file must end in .xlsx or .csv.")

PROGRESS_EVERY = 1000
#: column widths (characters) wide enough for typical values, so the file reads well when opened
VALUE_WIDTHS = {
    "data_type": 20,
    "grant_agreement_no": 34,
    "bm_activity_id": 22,
    "activity_type": 16,
    "first_name": 20,
    "last_name": 22,
    "email": 30,
    "sending_city": 18,
    "receiving_city": 18,
    "start": 12,
    "end": 12,
    "birth_date": 12,
    "distance_band": 26,
    "transport_mode": 22,
}
RowMaker = Callable[[MobilityRow], list[Cell]]


@dataclass(frozen=True)
class WriteResult:
    path: Path
    kind: str
    mobilities: int
    rows: int  # data rows in the file (mobility rows + sub-rows)


def file_kind(target: Path) -> str:
    suffix = target.suffix.lower()
    if suffix == ".xlsx":
        return "xlsx"
    if suffix == ".csv":
        return "csv"
    raise ValidationError.single("output", "bm_output_type", path=target)


def row_makers(layout: Layout, options: ExportOptions) -> list[RowMaker]:
    """One function per file row of a mobility: the mobility row, and an itinerary sub-row when
    the template has them (the BM's "Data type" column tells them apart)."""
    sub_rows = layout.itinerary_data_type is not None

    def maker(itinerary: bool) -> RowMaker:
        word = layout.itinerary_data_type if itinerary else layout.mobility_data_type
        getters: list[Callable[[MobilityRow, ExportOptions], Cell] | None] = []
        for spec in layout.fields:
            if spec is None or spec.get is None:
                getters.append(None)
            elif spec.key == "data_type":
                getters.append(_constant(word))
            elif sub_rows and not spec.key_column and spec.itinerary != itinerary:
                getters.append(None)
            else:
                getters.append(spec.get)
        pairs = list(enumerate(getters))
        filled = [(i, g) for i, g in pairs if g is not None]
        width = len(getters)

        def make(row: MobilityRow) -> list[Cell]:
            values: list[Cell] = [None] * width
            for i, get in filled:
                values[i] = get(row, options)
            return values

        return make

    return [maker(False), maker(True)] if sub_rows else [maker(False)]


def _constant(word: str | None) -> Callable[[MobilityRow, ExportOptions], Cell]:
    def get(_row: MobilityRow, _options: ExportOptions) -> Cell:
        return word

    return get


def write_bm_file(
    target: Path,
    layout: Layout,
    rows: Iterable[MobilityRow],
    options: ExportOptions,
    *,
    on_progress: Callable[[int], None] | None = None,
) -> WriteResult:
    kind = file_kind(target)
    makers = row_makers(layout, options)
    with atomic_path(target) as tmp:
        if kind == "xlsx":
            mobilities, written = _write_xlsx(tmp, layout, rows, makers, on_progress)
        else:
            mobilities, written = _write_csv(tmp, layout, rows, makers, on_progress)
    return WriteResult(target, kind, mobilities, written)


def _text_cell(ws: WriteOnlyWorksheet, value: str) -> XlCell:
    cell = WriteOnlyCell(ws, value)
    cell.data_type = "s"  # a string, never a formula or an error value
    return cell


def _xlsx_values(ws: WriteOnlyWorksheet, values: Sequence[Cell]) -> list[object]:
    joined = "".join([v for v in values if isinstance(v, str)])
    if "=" not in joined and "#" not in joined and joined.isprintable():
        return [None if v == "" else v for v in values]  # the common row: nothing to guard
    out: list[object] = []
    for value in values:
        if value is None or value == "":
            out.append(None)
        elif value.__class__ is str:
            text = str(value)
            if not text.isprintable():
                text = ILLEGAL_CHARACTERS_RE.sub("", text)
            if text[:1] == "=" or text[:1] == "#" and text in ERROR_CODES:
                out.append(_text_cell(ws, text))
            else:
                out.append(text)
        else:
            out.append(value)
    return out


def _write_xlsx(
    tmp: Path,
    layout: Layout,
    rows: Iterable[MobilityRow],
    makers: list[RowMaker],
    on_progress: Callable[[int], None] | None,
) -> tuple[int, int]:
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(layout.sheet[:31] or "Sheet1")
    bold = Font(name="Calibri", size=11, bold=True)
    for i, (header, spec) in enumerate(zip(layout.headers, layout.fields, strict=True), start=1):
        wanted = max(len(header) + 2, VALUE_WIDTHS.get(spec.key, 0) if spec else 0)
        ws.column_dimensions[get_column_letter(i)].width = max(10, min(45, wanted))
    ws.freeze_panes = "A3" if layout.markers is not None else "A2"
    header_cells = []
    for header in layout.headers:
        cell = _text_cell(ws, header)
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    if layout.markers is not None:
        ws.append(_xlsx_values(ws, layout.markers))
    mobilities = written = 0
    for row in rows:
        for make in makers:
            ws.append(_xlsx_values(ws, make(row)))
            written += 1
        mobilities += 1
        if on_progress is not None and mobilities % PROGRESS_EVERY == 0:
            on_progress(mobilities)
    workbook.save(tmp)
    return mobilities, written


def _write_csv(
    tmp: Path,
    layout: Layout,
    rows: Iterable[MobilityRow],
    makers: list[RowMaker],
    on_progress: Callable[[int], None] | None,
) -> tuple[int, int]:
    encoding = "utf-8-sig" if layout.bom else "utf-8"
    mobilities = written = 0
    with tmp.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=layout.delimiter)
        writer.writerow([safe_cell(h) for h in layout.headers])
        if layout.markers is not None:
            writer.writerow(layout.markers)
        for row in rows:
            for make in makers:
                writer.writerow([safe_cell(v) for v in make(row)])
                written += 1
            mobilities += 1
            if on_progress is not None and mobilities % PROGRESS_EVERY == 0:
                on_progress(mobilities)
    return mobilities, written
