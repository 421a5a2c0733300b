"""Find the header row (skipping title rows), name every column, and map columns to fields.

Headers are compared normalised: case, accents, spaces, punctuation and a trailing
"(DD.MM.YYYY)" or "*" do not matter, so 'E-mail *', 'e mail' and 'EMAIL' are one header.
Merged header cells (a label spanning two rows or two columns) leave empty cells in the header
row; those take the label of their merged range or of the cell above.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from intervet_desktop.core.text import search_key

HEADER_SEARCH_ROWS = 30

_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def normalise(label: object) -> str:
    """'Date of birth (DD.MM.YYYY) *' -> 'dateofbirth'; 'Επώνυμο' -> 'επωνυμο'."""
    if label is None:
        return ""
    text = _PAREN.sub(" ", str(label))
    return "".join(ch for ch in search_key(text) if ch.isalnum())


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


@dataclass(frozen=True)
class Header:
    row: int  # 0-based index of the header row in the file
    labels: tuple[str, ...]  # one label per column (may be "")

    def signature(self, kind: str) -> str:
        joined = "\x1f".join(normalise(label) for label in self.labels)
        return hashlib.sha256(f"{kind}\x1e{joined}".encode()).hexdigest()

    def column_of(self, reference: str) -> int | None:
        """A column named by its header text (any case/accents) or its letter ('C')."""
        wanted = normalise(reference)
        for index, label in enumerate(self.labels):
            if label and normalise(label) == wanted:
                return index
        letters = reference.strip().upper()
        if letters.isalpha() and len(letters) <= 2:
            index = 0
            for ch in letters:
                index = index * 26 + (ord(ch) - 64)
            index -= 1
            if index < len(self.labels):
                return index
        return None


def _fill_merged(
    rows: list[list[Any]], merged: Iterable[tuple[tuple[int, int], tuple[int, int]]], limit: int
) -> list[list[str]]:
    area = [[cell_text(c) for c in row] for row in rows[:limit]]
    for (r0, c0), (r1, c1) in merged:
        if r0 >= limit or r0 >= len(area) or c0 >= len(area[r0]):
            continue
        value = area[r0][c0]
        for r in range(r0, min(r1 + 1, len(area))):
            for c in range(c0, min(c1 + 1, len(area[r]))):
                if not area[r][c]:
                    area[r][c] = value
    return area


def find_header(
    rows: list[list[Any]],
    merged: Iterable[tuple[tuple[int, int], tuple[int, int]]],
    known: set[str],
) -> Header | None:
    """The row (among the first 30) whose cells match the most known header names."""
    area = _fill_merged(rows, merged, HEADER_SEARCH_ROWS)
    best: tuple[int, int] | None = None
    for index, row in enumerate(area):
        score = sum(1 for cell in row if cell and normalise(cell) in known)
        if score and (best is None or score > best[1]):
            best = (index, score)
    if best is None:
        return None
    index = best[0]
    labels = list(area[index])
    for col, label in enumerate(labels):
        if not label:
            for above in range(index - 1, -1, -1):
                if col < len(area[above]) and area[above][col]:
                    labels[col] = area[above][col]
                    break
    return Header(index, tuple(labels))


def auto_map(header: Header, aliases: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """field -> column for every column whose header is one of the field's names (first wins)."""
    lookup: dict[str, str] = {}
    for key, names in aliases.items():
        for name in names:
            lookup.setdefault(normalise(name), key)
    mapping: dict[str, int] = {}
    for col, label in enumerate(header.labels):
        found = lookup.get(normalise(label))
        if found and found not in mapping:
            mapping[found] = col
    return mapping
