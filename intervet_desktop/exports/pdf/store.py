"""Finds document templates and labels: the school's override folder first, then the built-in ones.

Layout of both folders: ``<lang>/<kind>.txt`` (see resources/templates/README.md) and
``<lang>/labels.txt`` (``key = value`` lines). An override folder may hold only the files a
school wants to change; labels are merged key by key over the built-in ones.
"""

from __future__ import annotations

from pathlib import Path

from intervet_desktop.core.errors import UnusableFileError, ValidationError
from intervet_desktop.core.messages import register
from intervet_desktop.exports.pdf.template import PLACEHOLDER, Template, parse
from intervet_desktop.locator import resource_path

register("template_missing", "There is no template {file} (looked in {places}).")
register("template_unreadable", "The template {file} cannot be read: {detail}")
register("template_bad_label", "Labels {file}, line {line}: expected 'key = text'.")
register("document_language_unknown", "'{lang}' is not a document language; use one of {choices}.")

LANGUAGES = ("en", "it", "fi", "pt", "el", "de", "es")

COUNTRY_LANGUAGE = {
    "IT": "it",
    "SM": "it",
    "FI": "fi",
    "PT": "pt",
    "GR": "el",
    "EL": "el",
    "CY": "el",
    "DE": "de",
    "AT": "de",
    "LI": "de",
    "ES": "es",
}


def language_for_country(country: str | None) -> str:
    """The document language of a country (English when we have no templates for it)."""
    return COUNTRY_LANGUAGE.get((country or "").upper(), "en")


def check_language(lang: str) -> str:
    code = lang.strip().lower()
    if code not in LANGUAGES:
        raise ValidationError.single(
            "language", "document_language_unknown", lang=lang, choices=", ".join(LANGUAGES)
        )
    return code


def builtin_dir() -> Path:
    return resource_path("templates")


class TemplateStore:
    """Loads and caches parsed templates and labels (one store per batch is plenty)."""

    def __init__(self, override_dir: Path | None = None) -> None:
        self.override_dir = override_dir if override_dir and str(override_dir).strip() else None
        self.builtin = builtin_dir()
        self._templates: dict[tuple[str, str], Template] = {}
        self._labels: dict[str, dict[str, str]] = {}

    def _folders(self) -> list[Path]:
        return [p for p in (self.override_dir, self.builtin) if p is not None]

    def find(self, relative: str) -> Path:
        for folder in self._folders():
            candidate = folder / relative
            if candidate.is_file():
                return candidate
        raise UnusableFileError.of(
            "template_missing", file=relative, places=", ".join(str(p) for p in self._folders())
        )

    def template(self, kind: str, lang: str) -> Template:
        key = (kind, lang)
        if key not in self._templates:
            relative = f"{lang}/{kind}.txt"
            path = self.find(relative)
            self._templates[key] = parse(_read(path), name=relative, path=path)
        return self._templates[key]

    def labels(self, lang: str) -> dict[str, str]:
        if lang not in self._labels:
            merged: dict[str, str] = {}
            if lang != "en":
                merged.update(self.labels("en"))  # a missing key falls back to English
            for folder in reversed(self._folders()):
                path = folder / lang / "labels.txt"
                if path.is_file():
                    merged.update(parse_labels(_read(path), path))
            self._labels[lang] = merged
        return self._labels[lang]


def parse_labels(text: str, path: Path) -> dict[str, str]:
    labels: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise UnusableFileError.of("template_bad_label", file=path, line=number)
        labels[key.strip()] = value.strip()
    return labels


def label_text(labels: dict[str, str], key: str, **values: object) -> str:
    """A label with its ``{{ name }}`` fields filled (plain text, not escaped)."""
    text = labels.get(key, key)
    return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1).strip(), m.group(0))), text)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnusableFileError.of("template_unreadable", file=path, detail=str(exc)[:200]) from exc
