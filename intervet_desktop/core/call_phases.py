"""A call's phases as one table: which phase may follow which, and what each step needs.

draft -> open -> closed -> evaluated -> provisional list (appeal window) -> final list -> archived.
The service applies a step inside the user's transaction and records it in the call's history;
the page asks ``check_step`` which steps to offer and shows the refusal as the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from intervet_desktop.core.enums import CallStatus
from intervet_desktop.core.messages import Message, msg, register, register_plural

register("call_step_not_allowed", "A call in phase '{old}' cannot go to '{new}' (allowed: {allowed}).")
register(
    "call_step_reason", "Going back from '{old}' to '{new}' needs a reason (kept in the call's history)."
)
register("call_step_no_places", "The call has no places: set the number of places before opening it.")
register("call_step_not_ranked", "Rank the applications before publishing a list.")
register("call_step_no_appeals", "This call has no appeal phase: publish the final list directly.")
register(
    "call_step_needs_appeals",
    "This call has an appeal phase: publish the provisional list and decide the appeals first.",
)
register(
    "call_step_window_dates",
    "Set the appeal window (provisional publication date and appeal deadline) first.",
)
register(
    "call_step_window_open",
    "The appeal window is open until {deadline}: the final list can be published after that day.",
)
register_plural(
    "call_step_appeals_open",
    "{count} appeal is still undecided: decide every appeal before the final list.",
    "{count} appeals are still undecided: decide every appeal before the final list.",
)
register(
    "call_appeal_not_provisional",
    "The call is in phase '{status}': appeals are recorded only while the provisional list is out.",
)
register(
    "call_scoring_provisional",
    "The provisional list is published: only an appellant's scores change, when the appeal is decided.",
)
register(
    "call_final_locked",
    "The final list is published and locked: re-scoring needs an explicit reopen with a reason.",
)
register("call_appeal_outside_window", "Appeals are accepted from {opens} to {deadline}; today is {today}.")

S = CallStatus

#: phase -> the phases it may go to
NEXT: dict[CallStatus, tuple[CallStatus, ...]] = {
    S.DRAFT: (S.OPEN,),
    S.OPEN: (S.CLOSED, S.DRAFT),
    S.CLOSED: (S.EVALUATED, S.OPEN),
    S.EVALUATED: (S.PROVISIONAL, S.PUBLISHED, S.CLOSED),
    S.PROVISIONAL: (S.PUBLISHED, S.EVALUATED),
    S.PUBLISHED: (S.ARCHIVED,),
    S.ARCHIVED: (S.PUBLISHED,),
}

#: steps backwards: allowed only with a reason
BACKWARDS: frozenset[tuple[CallStatus, CallStatus]] = frozenset(
    {
        (S.OPEN, S.DRAFT),
        (S.CLOSED, S.OPEN),
        (S.EVALUATED, S.CLOSED),
        (S.PROVISIONAL, S.EVALUATED),
        (S.ARCHIVED, S.PUBLISHED),
    }
)

#: phases in which scores are locked (final list: only through a reopen with a reason)
LOCKED_PHASES = frozenset({S.PUBLISHED, S.ARCHIVED})


def scoring_problem(status: CallStatus, appealed: bool, reopened: bool) -> Message | None:
    """None when an application's scores may change now."""
    if status in LOCKED_PHASES and not reopened:
        return msg("call_final_locked")
    if status is S.PROVISIONAL and not appealed:
        return msg("call_scoring_provisional")
    return None


@dataclass(frozen=True)
class CallState:
    """What the table needs to know about a call (read by the service)."""

    status: CallStatus
    with_appeals: bool
    places_total: int
    ranked: bool
    provisional_published_on: date | None
    appeal_deadline: date | None
    open_appeals: int


def check_step(state: CallState, new: CallStatus, today: date, reason: str = "") -> Message | None:
    """None when the call may go to ``new`` now, else why not."""
    allowed = NEXT[state.status]
    if new not in allowed:
        return msg(
            "call_step_not_allowed",
            old=state.status.value,
            new=new.value,
            allowed=", ".join(a.value for a in allowed),
        )
    if (state.status, new) in BACKWARDS and not reason.strip():
        return msg("call_step_reason", old=state.status.value, new=new.value)
    if new is S.OPEN and state.places_total <= 0:
        return msg("call_step_no_places")
    if new in (S.PROVISIONAL, S.PUBLISHED) and state.status is S.EVALUATED and not state.ranked:
        return msg("call_step_not_ranked")
    if new is S.PROVISIONAL:
        if not state.with_appeals:
            return msg("call_step_no_appeals")
        if state.provisional_published_on is None or state.appeal_deadline is None:
            return msg("call_step_window_dates")
    if new is S.PUBLISHED and state.status is S.EVALUATED and state.with_appeals:
        return msg("call_step_needs_appeals")
    if new is S.PUBLISHED and state.status is S.PROVISIONAL:
        if state.open_appeals:
            return msg("call_step_appeals_open", count=state.open_appeals)
        if state.appeal_deadline is not None and today <= state.appeal_deadline:
            return msg("call_step_window_open", deadline=state.appeal_deadline)
    return None


def appeal_window_problem(state: CallState, today: date) -> Message | None:
    """None when an appeal may be lodged today (provisional list out, window not yet closed)."""
    if state.status is not S.PROVISIONAL:
        return msg("call_appeal_not_provisional", status=state.status.value)
    opens = state.provisional_published_on
    if opens is None or state.appeal_deadline is None or not opens <= today <= state.appeal_deadline:
        return msg("call_appeal_outside_window", opens=opens, deadline=state.appeal_deadline, today=today)
    return None
