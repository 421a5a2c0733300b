"""The UI's door to the open database: the ``Workspace`` type (opening, closing, the engines
the services use) without the UI importing ``db/`` (DESIGN.md section 2)."""

from __future__ import annotations

from intervet_desktop.db.workspace import OpenReport, Workspace

__all__ = ["OpenReport", "Workspace"]
