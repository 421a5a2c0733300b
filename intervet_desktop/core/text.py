"""Normalised search and sort keys: case-folded, accents stripped, any script."""

from __future__ import annotations

import unicodedata


def search_key(*parts: str | None) -> str:
    """'João Müller' -> 'joao muller'.

    Greek keeps its letters without tonos, and casefold() turns the final sigma into sigma:
    'Παπαδόπουλος' -> 'παπαδοπουλοσ', the same key as the name typed in capitals.
    """
    text = " ".join(p for p in parts if p)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = stripped.casefold()
    # Final sigma folds to sigma with casefold(); ß folds to ss; ø/đ/ł have no decomposition.
    folded = folded.translate(_EXTRA)
    return " ".join(folded.split())


_EXTRA = str.maketrans({"ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "ı": "i", "ð": "d", "þ": "th"})


def sort_key(*parts: str | None) -> str:
    return search_key(*parts)


def like_pattern(needle: str) -> str:
    """A LIKE pattern matching the normalised needle anywhere, with LIKE's wildcards escaped."""
    key = search_key(needle).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{key}%"
