"""An access request's answer: every table's rows about one person, as JSON or a workbook
(one sheet per table). Plain values in, no database here."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from intervet_desktop.exports.atomic import atomic_path
from intervet_desktop.exports.xlsx.writer import Column, xlsx_book

Sections = Mapping[str, Sequence[Mapping[str, Any]]]


def write_person_json(target: Path, sections: Sections) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_text(json.dumps(sections, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return target


def write_person_xlsx(target: Path, sections: Sections, *, exported_on: date) -> Path:
    with xlsx_book(target, "Personal data held", exported_on) as book:
        for name, rows in sections.items():
            if not rows:
                continue
            keys = list(rows[0].keys())
            sheet = book.sheet(name[:31], [Column(k) for k in keys])
            sheet.rows_from([[_cell(row.get(k)) for k in keys] for row in rows])
    return target


def _cell(value: Any) -> object:
    if value is None or isinstance(value, (int, float, str)):
        return value
    return str(value)
