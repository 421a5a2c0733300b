"""One table to .xlsx (the shared writer) or .csv (UTF-8 with BOM, text cells made safe)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from intervet_desktop.exports.csv_table import write_csv
from intervet_desktop.exports.xlsx.writer import Column, write_table_xlsx


def _csv_value(value: object, column: Column) -> object:
    if value is None:
        return ""
    if column.kind == "money" and isinstance(value, int):
        sign = "-" if value < 0 else ""
        whole, frac = divmod(abs(value), 100)
        return f"{sign}{whole}.{frac:02d}"
    if isinstance(value, date):
        return value.isoformat()
    return value


def write_table_file(
    target: Path,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[object]],
    *,
    header_text: str,
    exported_on: date,
) -> int:
    if target.suffix.lower() == ".csv":
        return write_csv(
            target,
            [c.header for c in columns],
            ([_csv_value(v, c) for v, c in zip(row, columns, strict=True)] for row in rows),
        )
    return write_table_xlsx(target, title, columns, rows, header_text=header_text, exported_on=exported_on)
