"""Refresh the UI's PO catalogues from the code (keeps existing translations).

    .venv/bin/python scripts/update_translations.py

Writes resources/translations/template.pot and <lang>.po for every UI
language. Translate the .po files with any PO editor (Poedit, Weblate, a text editor);
msgctxt is the context passed to tr(). Entries whose text changed are marked fuzzy and are not
used until reviewed.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from babel.messages.catalog import Catalog  # noqa: E402
from babel.messages.pofile import read_po, write_po  # noqa: E402

from intervet_desktop.i18n_catalogue import collect  # noqa: E402
from intervet_desktop.locator import resources_dir  # noqa: E402

LANGUAGES = ("it", "fi", "pt", "el", "de", "es")


def main() -> None:
    folder = resources_dir() / "translations"
    folder.mkdir(parents=True, exist_ok=True)
    template = Catalog(project="InterVET Desktop", charset="utf-8")
    for entry in collect():
        existing = template.get(entry.text, context=entry.context)
        if existing is None:
            msgid = (entry.text, entry.plural) if entry.plural else entry.text
            template.add(msgid, context=entry.context, locations=[(entry.location, None)])
        else:
            existing.locations.append((entry.location, None))
    with (folder / "template.pot").open("wb") as handle:
        write_po(handle, template, omit_header=False, width=100, sort_output=True)
    for language in LANGUAGES:
        path = folder / f"{language}.po"
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=language)
        else:
            catalog = Catalog(locale=language, project="InterVET Desktop", charset="utf-8")
        catalog.update(template, no_fuzzy_matching=False)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, sort_output=True, ignore_obsolete=True)
        done = sum(
            1
            for m in catalog
            if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string)
        )
        print(f"{language}: {done}/{len(template)} translated")


if __name__ == "__main__":
    main()
