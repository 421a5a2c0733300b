"""The mobility form beside the list: every field in tabs, problems marked next to their field,
Save disabled until valid, the status pipeline, the evidence checklist and the grant breakdown.

One module per tab (``participant_tab``, ``places_tab``, ``costs_tab``, ``status_tab``,
``grant_tab``; the programme tab is ``ui.widgets.programme_editor``), their shared state and field
helpers in ``base``, and ``editor`` putting them together."""

from __future__ import annotations

from intervet_desktop.ui.widgets.mobility_editor.editor import MobilityEditor
from intervet_desktop.ui.widgets.mobility_editor.grant_tab import ask_replace_grant

__all__ = ["MobilityEditor", "ask_replace_grant"]
