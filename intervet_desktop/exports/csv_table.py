"""A table (headers + rows of text) to CSV: UTF-8 with BOM so Excel reads accents and Greek,
and cells that a spreadsheet would run as a formula written as text."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from intervet_desktop.exports.atomic import atomic_path

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def write_csv(target: Path, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    count = 0
    with atomic_path(target) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow([safe_cell(h) for h in headers])
        for row in rows:
            writer.writerow([safe_cell(v) for v in row])
            count += 1
    return count
