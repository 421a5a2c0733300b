"""Match a template's header text to the known fields, tolerant of case, spacing, punctuation,
accents, a trailing '*' and format hints in brackets ("Start Date (DD-MM-YYYY)")."""

from __future__ import annotations

import re
import unicodedata

from intervet_desktop.exports.bm.fields import FIELDS, SENSITIVE_WORDS, BmField

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_SPELLING = (("organization", "organisation"), ("e mail", "email"))


def normalise(text: str) -> str:
    """'Sending Organization OID*' -> 'sending organisation oid'."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    words = " ".join(_NON_ALNUM.sub(" ", plain).split())
    for old, new in _SPELLING:
        words = words.replace(old, new)
    return words


def _keys(text: str) -> tuple[str, ...]:
    full = normalise(text)
    bare = normalise(_BRACKETS.sub(" ", str(text)))
    keys = [full, full.replace(" ", "")]
    if bare and bare != full:
        keys += [bare, bare.replace(" ", "")]
    return tuple(keys)


def _build_index() -> dict[str, BmField]:
    index: dict[str, BmField] = {}
    for spec in FIELDS:
        for header in spec.headers:
            for key in _keys(header):
                index.setdefault(key, spec)
    return index


_INDEX = _build_index()


def match_header(text: str) -> BmField | None:
    """The known field a header names, or None."""
    if not str(text).strip():
        return None
    for key in _keys(text):
        spec = _INDEX.get(key)
        if spec is not None:
            return spec
    return None


def is_sensitive(text: str) -> bool:
    key = normalise(text)
    return any(word in key for word in SENSITIVE_WORDS)


_MARKER_TOKENS = {"*", "dict", "yes/no", "yes no", "number", "text", "integer", "decimal", "date", "email"}


def is_marker_cell(value: object) -> bool:
    """An MT+-style second-row cell: '*', 'DICT', 'DD-MM-YYYY', 'YES/NO', '* DICT', or empty."""
    text = "" if value is None else str(value).strip()
    if not text:
        return True
    for token in re.split(r"[\s,;|]+", text.casefold()):
        if not token:
            continue
        if token in _MARKER_TOKENS or token.strip("*") in _MARKER_TOKENS or token.strip("*") == "":
            continue
        if re.fullmatch(r"\*?(dd|mm|yyyy|yy)([-/.](dd|mm|yyyy|yy))+\*?", token):
            continue
        return False
    return True


def is_marker_row(row: list[object]) -> bool:
    return any(str(c or "").strip() for c in row) and all(is_marker_cell(c) for c in row)
