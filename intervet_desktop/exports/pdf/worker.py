"""Rendering in worker processes: a batch of hundreds of documents uses every core.

The function takes only picklable DTOs, so it runs under the "spawn" start method (the
only safe one next to Qt and an open database) and in a frozen app.
"""

from __future__ import annotations

from pathlib import Path

from intervet_desktop.exports.pdf.model import DocumentRequest
from intervet_desktop.exports.pdf.render import render_document
from intervet_desktop.exports.pdf.store import TemplateStore

_stores: dict[str | None, TemplateStore] = {}


def render_in_worker(request: DocumentRequest, override_dir: str | None) -> bytes:
    store = _stores.get(override_dir)
    if store is None:
        store = _stores[override_dir] = TemplateStore(Path(override_dir) if override_dir else None)
    return render_document(request, store)
