"""Budget rules that need no database: which budget item a grant line belongs to, and how much
room a project's transfer rule leaves per item.

Grant line code -> budget item (the categories of a KA121/KA122 grant agreement):

- ``travel`` -> travel
- ``individual_support`` -> individual support
- ``organisational_support`` -> organisational support
- ``inclusion_organisation`` -> inclusion support for organisations; ``inclusion_real_costs`` ->
  inclusion support for participants (two items of the grant agreement)
- ``course_fees`` -> course fees
- ``exceptional_travel`` (expensive travel) and ``exceptional_other`` (visas, permits,
  vaccinations...) -> exceptional costs. Expensive travel is paid as a share of real costs and
  reported as exceptional costs, not as the travel unit cost, so it is not counted under travel.

Transfer rule (``Project.transfer_limit_bp``, basis points): an item may give away at most that
share of its own award, and never more than it leaves unused; an item may receive at most that
share of its own award. An item committed beyond its award is "covered" when transfers from the
other items (within both limits) make up the difference. Items are served in the order of
``BudgetItem``. Without a rule (``None``) nothing may move and every overrun is uncovered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from intervet_desktop.core.enums import BudgetItem, GrantLineCode

ITEM_OF_LINE: dict[str, BudgetItem] = {
    GrantLineCode.TRAVEL: BudgetItem.TRAVEL,
    GrantLineCode.EXCEPTIONAL_TRAVEL: BudgetItem.EXCEPTIONAL_COSTS,
    GrantLineCode.INDIVIDUAL_SUPPORT: BudgetItem.INDIVIDUAL_SUPPORT,
    GrantLineCode.ORGANISATIONAL_SUPPORT: BudgetItem.ORGANISATIONAL_SUPPORT,
    GrantLineCode.INCLUSION_ORGANISATION: BudgetItem.INCLUSION_SUPPORT_ORGANISATION,
    GrantLineCode.INCLUSION_REAL_COSTS: BudgetItem.INCLUSION_SUPPORT_PARTICIPANTS,
    GrantLineCode.INCLUSION_ACCOMPANYING: BudgetItem.INCLUSION_SUPPORT_PARTICIPANTS,
    GrantLineCode.COURSE_FEES: BudgetItem.COURSE_FEES,
    GrantLineCode.EXCEPTIONAL_OTHER: BudgetItem.EXCEPTIONAL_COSTS,
}

#: English names used in messages (the UI shows its own translated labels)
ITEM_NAMES: dict[str, str] = {
    BudgetItem.TRAVEL: "Travel",
    BudgetItem.INDIVIDUAL_SUPPORT: "Individual support",
    BudgetItem.ORGANISATIONAL_SUPPORT: "Organisational support",
    BudgetItem.INCLUSION_SUPPORT_ORGANISATION: "Inclusion support for organisations",
    BudgetItem.INCLUSION_SUPPORT_PARTICIPANTS: "Inclusion support for participants",
    BudgetItem.COURSE_FEES: "Course fees",
    BudgetItem.EXCEPTIONAL_COSTS: "Exceptional costs",
    BudgetItem.PREPARATORY_VISITS: "Preparatory visits",
}


def item_of_line(code: str) -> BudgetItem | None:
    """The budget item of a grant line code (None for a code this version does not know)."""
    return ITEM_OF_LINE.get(code)


def share_of(cents: int, basis_points: int) -> int:
    """``basis_points`` (8000 = 80 %) of an amount, rounded half up to the cent."""
    value = Decimal(cents) * Decimal(basis_points) / Decimal(10_000)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class ItemRoom:
    """What the transfer rule allows for one item."""

    item: str
    awarded_cents: int
    committed_cents: int
    can_give_cents: int  # unused award that may still move to other items (after covering overruns)
    can_receive_cents: int  # most this item may receive under the rule
    overrun_cents: int  # committed beyond the award (0 when within it)
    covered_cents: int  # part of the overrun that transfers from other items cover
    uncovered_cents: int  # part of the overrun no transfer can cover

    @property
    def room_cents(self) -> int:
        """Positive: may still give this much away. Negative: needs this much it cannot get."""
        if self.overrun_cents:
            return -self.uncovered_cents
        return self.can_give_cents


def transfer_room(
    awarded: Mapping[str, int], committed: Mapping[str, int], limit_bp: int | None
) -> dict[str, ItemRoom]:
    """Room per item under the rule (see the module text). Keys: every item in either mapping."""
    items = [i.value for i in BudgetItem if i.value in awarded or i.value in committed]
    items += sorted(k for k in set(awarded) | set(committed) if k not in items)
    limit = limit_bp or 0
    give: dict[str, int] = {}
    receive: dict[str, int] = {}
    overrun: dict[str, int] = {}
    for item in items:
        award, used = awarded.get(item, 0), committed.get(item, 0)
        cap = share_of(award, limit)
        give[item] = max(0, min(cap, award - used))
        receive[item] = cap
        overrun[item] = max(0, used - award)
    left = {i: (0 if overrun[i] else give[i]) for i in items}
    covered: dict[str, int] = {}
    for item in items:
        need = min(overrun[item], receive[item])
        got = 0
        for giver in items:
            if got >= need:
                break
            take = min(left[giver], need - got)
            left[giver] -= take
            got += take
        covered[item] = got
    return {
        item: ItemRoom(
            item=item,
            awarded_cents=awarded.get(item, 0),
            committed_cents=committed.get(item, 0),
            can_give_cents=left[item],
            can_receive_cents=receive[item],
            overrun_cents=overrun[item],
            covered_cents=covered[item],
            uncovered_cents=overrun[item] - covered[item],
        )
        for item in items
    }


#: the names the command line and the forms use, in the grant agreement's order
AWARD_ITEMS: dict[str, BudgetItem] = {
    "travel": BudgetItem.TRAVEL,
    "individual-support": BudgetItem.INDIVIDUAL_SUPPORT,
    "organisational-support": BudgetItem.ORGANISATIONAL_SUPPORT,
    "inclusion-support-organisation": BudgetItem.INCLUSION_SUPPORT_ORGANISATION,
    "inclusion-support-participants": BudgetItem.INCLUSION_SUPPORT_PARTICIPANTS,
    "course-fees": BudgetItem.COURSE_FEES,
    "exceptional-costs": BudgetItem.EXCEPTIONAL_COSTS,
    "preparatory-visits": BudgetItem.PREPARATORY_VISITS,
}
