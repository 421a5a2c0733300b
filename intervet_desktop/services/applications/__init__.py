"""Applications to a call, one module per step of the selection:

* ``records``: lookups, numbers and the history rows (every change is an ``ApplicationEvent``)
* ``eligibility``: in time, from a sending school, no overlapping mobility
* ``entry``: entering and editing applications, attaching files
* ``scoring``: evaluators' points per criterion, conflicts of interest
* ``ranking``: totals, ranks, places and the waiting list
* ``decisions``: publishing a phase, appeals and their decision, withdrawals
* ``conversion``: a selected application becomes a planned mobility
* ``reading``: the detail with history, the score grid, id lists

``from intervet_desktop.services import applications as apps`` keeps working: the public names
are re-exported here.
"""

from intervet_desktop.services.applications.conversion import convert_to_mobility
from intervet_desktop.services.applications.decisions import (
    Withdrawal,
    appeal,
    decide_appeal,
    publish,
    withdraw,
)
from intervet_desktop.services.applications.eligibility import (
    eligibility,
    recheck_eligibility,
    sending_schools,
)
from intervet_desktop.services.applications.entry import (
    ATTACHMENT_KINDS,
    ApplicationForm,
    attach_file,
    enter_application,
    validate_application,
)
from intervet_desktop.services.applications.ranking import Ranking, RankingRow, get_ranking, rank_call
from intervet_desktop.services.applications.reading import (
    ApplicationDetail,
    EventInfo,
    GridRow,
    ScoreGrid,
    get_application,
    score_grid,
)
from intervet_desktop.services.applications.records import (
    ENTITY,
    SELECTED,
    event_row,
    format_number,
    next_number,
)
from intervet_desktop.services.applications.scoring import declare_conflict, enter_score, set_score

__all__ = [
    "ATTACHMENT_KINDS",
    "ENTITY",
    "SELECTED",
    "ApplicationDetail",
    "ApplicationForm",
    "EventInfo",
    "GridRow",
    "Ranking",
    "RankingRow",
    "ScoreGrid",
    "Withdrawal",
    "appeal",
    "attach_file",
    "convert_to_mobility",
    "decide_appeal",
    "declare_conflict",
    "eligibility",
    "enter_application",
    "enter_score",
    "event_row",
    "format_number",
    "get_application",
    "get_ranking",
    "next_number",
    "publish",
    "rank_call",
    "recheck_eligibility",
    "score_grid",
    "sending_schools",
    "set_score",
    "validate_application",
    "withdraw",
]
