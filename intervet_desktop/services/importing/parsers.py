"""Cell parsers shared by import specs (dates, numbers, yes/no)."""

from __future__ import annotations

import re
from typing import Any

from intervet_desktop.core.errors import Problem
from intervet_desktop.core.messages import register
from intervet_desktop.core.validation.choices import yes_no
from intervet_desktop.core.validation.dates import parse_date
from intervet_desktop.core.validation.languages import cefr, language
from intervet_desktop.core.validation.result import problem, text

register("import_not_a_whole_number", "'{value}' is not a whole number.")


def skills_cell(value: Any, field: str) -> Any:
    """'en B2, fi native; Deutsch: A2' -> (LanguageSkill('en', 'B2'), ...); a level is optional."""
    from intervet_desktop.core.person_rules import LanguageSkill

    skills = []
    for part in re.split(r"[,;/\n]+", text(value) if not isinstance(value, str) else value):
        tokens = [t for t in re.split(r"[\s:()\-]+", part) if t]
        if not tokens:
            continue
        language_words, level = tokens, ""
        for size in (2, 1):
            if len(tokens) > size and not isinstance(cefr(" ".join(tokens[-size:])), Problem):
                language_words, level = tokens[:-size], " ".join(tokens[-size:])
                break
        code = language(" ".join(language_words), field)
        if isinstance(code, Problem):
            if len(tokens) > 1 and not isinstance(language(" ".join(tokens[:-1]), field), Problem):
                return cefr(tokens[-1], field)  # a known language with a level that is not CEFR
            return code
        skills.append(LanguageSkill(code or "", level))
    return tuple(skills)


def date_cell(value: Any, field: str) -> Any:
    return parse_date(value, field)


def int_cell(value: Any, field: str) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    raw = text(value).replace(" ", "")
    try:
        return int(raw)
    except ValueError:
        return problem(field, "import_not_a_whole_number", value=text(value))


def bool_cell(value: Any, field: str) -> Any:
    return yes_no(value, field)
