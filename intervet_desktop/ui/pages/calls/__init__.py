"""The calls page, one module per part: ``page`` (the page and its loading), ``actions`` (what its
buttons do), ``call_editor``, ``application_dialog`` (entry and detail), ``score_grid``,
``ranking_view`` and ``common``. The names other modules and tests use are re-exported here."""

from intervet_desktop.ui.pages.calls.application_dialog import ApplicationDialog
from intervet_desktop.ui.pages.calls.call_editor import CallDialog
from intervet_desktop.ui.pages.calls.common import RESERVE_COLOUR, SELECTED_COLOUR, call_status_label
from intervet_desktop.ui.pages.calls.page import CallsPage
from intervet_desktop.ui.pages.calls.ranking_view import RowsModel
from intervet_desktop.ui.pages.calls.score_grid import ScoreGridModel

__all__ = [
    "RESERVE_COLOUR",
    "SELECTED_COLOUR",
    "ApplicationDialog",
    "CallDialog",
    "CallsPage",
    "RowsModel",
    "ScoreGridModel",
    "call_status_label",
]
