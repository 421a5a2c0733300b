"""The projects: the InterVET KA220-VET partnership and KA121/KA122-VET projects of partner schools."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from intervet_desktop.core.enums import Action, BudgetItem, FundingModel, NaPaymentKind, PartnerRole
from intervet_desktop.core.text import search_key
from intervet_desktop.db.models import (
    NaPayment,
    PartnerTransfer,
    Project,
    ProjectPartner,
    WorkPackage,
    WorkPackageActivity,
    WorkPackageCost,
    WorkPackageShare,
)
from intervet_desktop.services.demo.rows import BulkWriter, Row
from intervet_desktop.services.demo.world import World

KA220_CODE = "2024-1-IT01-KA220-VET-000251234"
KA220_TITLE = (
    "InterVET: Enhancing the Internationalization and Erasmus participation in VET Schools "
    "through staff training"
)
KA220_AWARDED_CENTS = 40_000_000


@dataclass(frozen=True)
class ProjectPlan:
    id: int
    code: str
    school: str
    action: str
    call_year: int
    start: date
    end: date
    weight: int
    prefinancing_bp: int
    balance_days: int

    @property
    def is_ka220(self) -> bool:
        return self.action == Action.KA220_VET.value


# (school, action, call year offset from the latest call year, mobility weight, title)
KA1_PLANS = (
    ("it", Action.KA121_VET, -1, 18, "Accreditamento Erasmus+ VET {year}: consorzio Galvani-Malpighi"),
    ("it", Action.KA121_VET, 0, 22, "Accreditamento Erasmus+ VET {year}: consorzio Galvani-Malpighi"),
    ("fi", Action.KA122_VET, 0, 9, "Näsi goes Europe {year}: job shadowing for vocational teachers"),
    ("pt", Action.KA122_VET, -1, 8, "Douro em Movimento {year}: mobilidade de formadores"),
    ("gr", Action.KA121_VET, 0, 11, "Διεθνοποίηση του 2ου ΕΠΑΛ Θεσσαλονίκης {year}"),
    ("de", Action.KA122_VET, 0, 8, "Neckartal international {year}: Lernen in Europa"),
    ("es", Action.KA121_VET, -1, 9, "Acreditación Erasmus+ FP {year}: CIPFP Ciutat de l'Horta"),
    ("es", Action.KA121_VET, 0, 8, "Acreditación Erasmus+ FP {year}: CIPFP Ciutat de l'Horta"),
)
KA220_WEIGHT = 7
# Participant payment terms set by each National Agency (basis points, days)
NA_TERMS = {
    "it": (8000, 45),
    "fi": (7000, 30),
    "pt": (8000, 45),
    "gr": (8000, 45),
    "de": (7000, 60),
    "es": (8000, 45),
}
WORK_PACKAGES = (
    ("WP1", "Project management and quality assurance", 6_000_000, None, None),
    ("WP2", "Internationalisation strategy and roadmaps for VET schools", 7_500_000, (0, 0), (1, 0)),
    ("WP3", "Training programme and MOOC for VET managers", 11_000_000, (0, 6), (2, 3)),
    ("WP4", "Pilot International Offices and staff job shadowing", 10_500_000, (0, 9), (2, 9)),
    ("WP5", "Dissemination, network and exploitation", 5_000_000, None, None),
)
WP_ACTIVITIES = {
    "WP1": (
        "Kick-off meeting in Bologna",
        "Transnational project meeting in Tampere",
        "Quality and risk plan",
    ),
    "WP2": ("Internationalisation self-assessment of the six schools", "Roadmap per school"),
    "WP3": ("Curriculum for international officers", "MOOC platform for VET managers", "Pilot of the MOOC"),
    "WP4": ("Set-up of the pilot International Offices", "Job shadowing among partner schools"),
    "WP5": ("Project website and social media", "Multiplier events in six countries"),
}


def latest_call_year(today: date) -> int:
    """The newest call year whose KA1 projects have started (projects start on 1 June at the earliest)."""
    return today.year - 1 if today.month >= 6 else today.year - 2


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def plan_projects(writer: BulkWriter, rng: random.Random, today: date) -> list[ProjectPlan]:
    plans = [
        ProjectPlan(
            writer.new_id(Project),
            KA220_CODE,
            "it",
            Action.KA220_VET.value,
            2024,
            date(2024, 9, 1),
            date(2027, 8, 31),
            KA220_WEIGHT,
            8000,
            45,
        )
    ]
    latest = latest_call_year(today)
    codes = {KA220_CODE}
    for school, action, offset, weight, _title in KA1_PLANS:
        year = latest + offset
        na = {"it": "IT01", "fi": "FI01", "pt": "PT01", "gr": "EL01", "de": "DE02", "es": "ES01"}[school]
        while True:
            code = f"{year}-1-{na}-{action.value.split('-')[0]}-VET-{rng.randint(100_000, 399_999):09d}"
            if code not in codes:
                codes.add(code)
                break
        if action == Action.KA121_VET:
            start, end = date(year, 6, 1), date(year + 2, 5, 31)
        else:
            start, end = date(year, 9, 1), date(year + 2, 2, 28)
        bp, days = NA_TERMS[school]
        plans.append(
            ProjectPlan(
                writer.new_id(Project), code, school, action.value, year, start, end, weight, bp, days
            )
        )
    return plans


def write_projects(
    writer: BulkWriter, rng: random.Random, today: date, plans: list[ProjectPlan], world: World
) -> None:
    rows: list[Row] = []
    partners: list[Row] = []
    titles = {KA220_CODE: KA220_TITLE}
    ka1 = iter(KA1_PLANS)
    for plan in plans:
        if not plan.is_ka220:
            titles[plan.code] = next(ka1)[4].format(year=plan.call_year)
        title = titles[plan.code]
        rows.append(
            {
                "id": plan.id,
                "code": plan.code,
                "title": title,
                "search_key": search_key(plan.code, title),
                "action": plan.action,
                "call_year": plan.call_year,
                "national_agency": plan.code.split("-")[2],
                "start_date": plan.start,
                "end_date": plan.end,
                "funding_model": (FundingModel.LUMP_SUM if plan.is_ka220 else FundingModel.UNIT_COSTS).value,
                "rate_set_id": None,
                "currency": "EUR",
                "awarded_cents": KA220_AWARDED_CENTS if plan.is_ka220 else 0,
                "participant_prefinancing_bp": plan.prefinancing_bp,
                "participant_balance_days": plan.balance_days,
                "terms_are_defaults": plan.prefinancing_bp == 8000 and plan.balance_days == 45,
                "na_prefinancing_bp": 4000 if plan.is_ka220 else 8000,
                "transfer_limit_bp": None if plan.is_ka220 else 2000,
                "interim_report_due": _add_months(plan.start, 18) if plan.is_ka220 else None,
                "final_report_due": plan.end + timedelta(days=60),
                "archived": False,
                "notes": "InterVET results platform id: KA220-VET-7591CA01" if plan.is_ka220 else "",
            }
        )
        if plan.is_ka220:
            for key in ("it", "fi", "pt", "gr", "de", "es"):
                role = PartnerRole.COORDINATOR if key == "it" else PartnerRole.PARTNER
                partners.append(_partner(writer, plan, world.schools[key].id, role))
        else:
            partners.append(_partner(writer, plan, world.schools[plan.school].id, PartnerRole.COORDINATOR))
            if plan.school == "it":
                for key in ("it-imola", "it-ferrara"):
                    partners.append(
                        _partner(writer, plan, world.schools[key].id, PartnerRole.CONSORTIUM_MEMBER)
                    )
    writer.insert(Project, rows)
    writer.insert(ProjectPartner, partners)
    _work_packages(writer, rng, today, plans[0], world)


def _partner(writer: BulkWriter, plan: ProjectPlan, org_id: int, role: PartnerRole) -> Row:
    return {
        "id": writer.new_id(ProjectPartner),
        "project_id": plan.id,
        "organisation_id": org_id,
        "role": role.value,
    }


def _work_packages(
    writer: BulkWriter, rng: random.Random, today: date, plan: ProjectPlan, world: World
) -> None:
    wps: list[Row] = []
    shares: list[Row] = []
    activities: list[Row] = []
    costs: list[Row] = []
    keys = ("it", "fi", "pt", "gr", "de", "es")
    total_share = {k: 0 for k in keys}
    for code, title, lump, begin, finish in WORK_PACKAGES:
        start = _add_months(plan.start, begin[0] * 12 + begin[1]) if begin else plan.start
        end = (
            (_add_months(plan.start, finish[0] * 12 + finish[1]) - timedelta(days=1)) if finish else plan.end
        )
        span = max((end - start).days, 1)
        done = min(max((today - start).days / span, 0.0), 1.0)
        wid = writer.new_id(WorkPackage)
        wps.append(
            {
                "id": wid,
                "project_id": plan.id,
                "code": code,
                "title": title,
                "lump_sum_cents": lump,
                "start_date": start,
                "end_date": end,
                "completion_pct": round(done * 100),
                "completed_on": end if done >= 1 else None,
                "evidence": "Deliverables uploaded to the results platform" if done >= 1 else "",
            }
        )
        others = lump * 156 // 1000
        for key in keys:
            amount = lump - others * 5 if key == "it" else others
            total_share[key] += amount
            shares.append(
                {
                    "id": writer.new_id(WorkPackageShare),
                    "work_package_id": wid,
                    "organisation_id": world.schools[key].id,
                    "amount_cents": amount,
                }
            )
        titles = WP_ACTIVITIES[code]
        for i, activity in enumerate(titles):
            a_start = start + timedelta(days=span * i // len(titles))
            a_end = start + timedelta(days=span * (i + 1) // len(titles))
            pct = min(max((today - a_start).days / max((a_end - a_start).days, 1), 0.0), 1.0)
            activities.append(
                {
                    "id": writer.new_id(WorkPackageActivity),
                    "work_package_id": wid,
                    "title": activity,
                    "planned_start": a_start,
                    "planned_end": a_end,
                    "completion_pct": round(pct * 100),
                    "evidence": "Minutes and attendance list" if pct >= 1 else "",
                }
            )
        for _ in range(rng.randint(2, 4)):
            spent = start + timedelta(days=rng.randint(0, span))
            if spent > today:
                continue
            amount = rng.randint(40, 900) * 1000
            costs.append(
                {
                    "id": writer.new_id(WorkPackageCost),
                    "work_package_id": wid,
                    "organisation_id": world.schools[rng.choice(keys)].id,
                    "spent_on": spent,
                    "description": rng.choice(
                        (
                            "Travel to the transnational meeting",
                            "Platform hosting",
                            "Translation of the roadmap",
                            "Printing of leaflets",
                            "Catering for the multiplier event",
                        )
                    ),
                    "amount_cents": amount,
                    "currency": "EUR",
                    "amount_eur_cents": amount,
                    "fx_rate": None,
                    "fx_date": None,
                }
            )
    writer.insert(WorkPackage, wps)
    writer.insert(WorkPackageShare, shares)
    writer.insert(WorkPackageActivity, activities)
    writer.insert(WorkPackageCost, costs)
    # NA payments and transfers to partners
    na: list[Row] = []
    transfers: list[Row] = []
    steps = (
        (NaPaymentKind.PREFINANCING, 4000, plan.start + timedelta(days=45)),
        (NaPaymentKind.FURTHER_PREFINANCING, 4000, _add_months(plan.start, 18) + timedelta(days=60)),
        (NaPaymentKind.BALANCE, 2000, plan.end + timedelta(days=120)),
    )
    for kind, bp, due in steps:
        received = due - timedelta(days=rng.randint(0, 12)) if due <= today else None
        na.append(
            {
                "id": writer.new_id(NaPayment),
                "project_id": plan.id,
                "kind": kind.value,
                "due_date": due,
                "amount_cents": KA220_AWARDED_CENTS * bp // 10000,
                "received_on": received,
                "reference": f"{plan.code}/{kind.value.upper()[:3]}",
            }
        )
        if received is not None:
            for key in keys[1:]:
                transfers.append(
                    {
                        "id": writer.new_id(PartnerTransfer),
                        "project_id": plan.id,
                        "organisation_id": world.schools[key].id,
                        "transferred_on": min(received + timedelta(days=rng.randint(10, 30)), today),
                        "amount_cents": total_share[key] * bp // 10000,
                        "reference": f"InterVET transfer {kind.value} {key.upper()}",
                    }
                )
    writer.insert(NaPayment, na)
    writer.insert(PartnerTransfer, transfers)


LINE_TO_ITEM = {
    "travel": BudgetItem.TRAVEL,
    "exceptional_travel": BudgetItem.EXCEPTIONAL_COSTS,
    "individual_support": BudgetItem.INDIVIDUAL_SUPPORT,
    "organisational_support": BudgetItem.ORGANISATIONAL_SUPPORT,
    "inclusion_organisation": BudgetItem.INCLUSION_SUPPORT_ORGANISATION,
    "inclusion_real_costs": BudgetItem.INCLUSION_SUPPORT_PARTICIPANTS,
    "course_fees": BudgetItem.COURSE_FEES,
    "exceptional_other": BudgetItem.EXCEPTIONAL_COSTS,
}
