"""Fill an empty database with believable InterVET data, in one transaction, with bulk inserts."""

from __future__ import annotations

import json
import logging
import random
import time as clock
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from sqlalchemy import Connection, func, select, update
from sqlmodel import Session

from intervet_desktop.core.enums import AuditAction, BudgetItem, NaPaymentKind
from intervet_desktop.core.errors import Problem, UserError, ValidationError
from intervet_desktop.core.messages import msg, register_plural
from intervet_desktop.db.lock import os_user
from intervet_desktop.db.models import (
    AppSetting,
    AuditEntry,
    BudgetLine,
    FxRate,
    NaPayment,
    OfficeDeadline,
    Project,
    utcnow,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import demo_sizes
from intervet_desktop.services.changes import Changes, Result
from intervet_desktop.services.demo.calls import CallBuilder
from intervet_desktop.services.demo.catalogue import PARTNERS
from intervet_desktop.services.demo.grants import GrantBook
from intervet_desktop.services.demo.learners import attach_consent_scans
from intervet_desktop.services.demo.mobilities import (
    FX_BASE,
    GROUP_LEARNERS,
    KA1_MIX,
    MOBILITY_TABLES,
    SLOTS,
    MobilityFactory,
)
from intervet_desktop.services.demo.office import build_office
from intervet_desktop.services.demo.projects import LINE_TO_ITEM, ProjectPlan, plan_projects, write_projects
from intervet_desktop.services.demo.rows import BulkWriter, Progress, Row, table_of
from intervet_desktop.services.demo.worker import WORKER_MIN_SIZE, MobilityJob, MobilityWorker
from intervet_desktop.services.demo.world import WorldBuilder
from intervet_desktop.services.settings import PROFILE_KEY, InstitutionProfile

log = logging.getLogger(__name__)

register_plural(
    "demo_database_not_empty",
    "The database {path} already holds {projects} project. Demo data goes into a new, empty database: "
    "choose another file, e.g. intervet --db demo.db demo",
    "The database {path} already holds {projects} projects. Demo data goes into a new, empty database: "
    "choose another file, e.g. intervet --db demo.db demo",
    count="projects",
)

# the sizes live in a light module: the command's --help shows the default
DEFAULT_SIZE = demo_sizes.DEFAULT_SIZE
MAX_SIZE = demo_sizes.MAX_SIZE
BUILD_CACHE_KIB = 131_072


@dataclass(frozen=True)
class DemoSummary:
    size: int
    seed: int
    today: date
    seconds: float
    rows: dict[str, int] = field(default_factory=dict)


def check_size(size: int) -> None:
    if not 1 <= size <= MAX_SIZE:
        raise ValidationError(
            [Problem("size", msg("value_out_of_range", field="size", min=1, max=f"{MAX_SIZE:,}", value=size))]
        )


def _no_progress(done: int, total: int, stage: str) -> None:
    return None


def build_demo(
    workspace: Workspace,
    *,
    size: int = DEFAULT_SIZE,
    seed: int = 1,
    today: date | None = None,
    progress: Progress | None = None,
    in_worker: bool | None = None,
) -> Result[DemoSummary]:
    """Write ``size`` mobilities and everything around them. Deterministic for (size, seed, today).

    The mobilities are generated in a worker process from ``WORKER_MIN_SIZE`` on (``in_worker``
    forces either way); the data is the same.
    """
    check_size(size)
    if in_worker is None:
        in_worker = size >= WORKER_MIN_SIZE
    report = progress or _no_progress
    today = today or date.today()
    started = clock.perf_counter()
    with MobilityWorker() if in_worker else nullcontext() as worker, workspace.session() as session:
        projects = session.execute(select(func.count()).select_from(Project)).scalar_one()
        if projects:
            raise UserError(msg("demo_database_not_empty", path=workspace.path, projects=projects))
        writer = BulkWriter(session, utcnow())
        connection = session.connection()
        cache = connection.exec_driver_sql("PRAGMA cache_size").scalar()
        # a larger page cache for the growing tables and for sorting when the indexes are built
        connection.exec_driver_sql(f"PRAGMA cache_size=-{BUILD_CACHE_KIB}")
        try:
            with _indexes_built_after(connection, report, size):
                _build(session, writer, random.Random(seed), today, size, report, worker)
                attach_consent_scans(writer, connection, workspace.files_dir)
        finally:
            if not connection.invalidated:  # Ctrl+C inside the driver leaves it invalidated
                connection.exec_driver_sql(f"PRAGMA cache_size={int(cache or -2000)}")
    seconds = clock.perf_counter() - started
    log.info("demo data written: %d mobilities, %d rows, %.1f s", size, sum(writer.counts.values()), seconds)
    changes = Changes().add_tables(writer.counts)
    return Result(
        DemoSummary(size, seed, today, round(seconds, 2), dict(sorted(writer.counts.items()))), changes
    )


@contextmanager
def _indexes_built_after(connection: Connection, report: Progress, size: int) -> Iterator[None]:
    """Fill the tables without their secondary indexes, then build each index once, sorted.

    Two million rows inserted in random key order into 70-odd indexes cost SQLite far more than
    creating those indexes afterwards. The indexes are taken from the file itself (exactly what the
    migrations made) and everything happens in the build's transaction: a failure, a duplicate
    in a unique index included, rolls back to the empty database with every index in place.
    """
    indexes = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"
    ).all()
    for name, _sql in indexes:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    report(size, size, "indexes")
    for _name, sql in indexes:
        connection.exec_driver_sql(sql)


def _build(
    session: Session,
    writer: BulkWriter,
    rng: random.Random,
    today: date,
    size: int,
    report: Progress,
    worker: MobilityWorker | None,
) -> None:
    report(0, size, "organisations")
    people = WorldBuilder(writer, rng, today, size)
    world = people.organisations()
    report(0, size, "people")
    people.people(world)
    people.flush_people()
    plans = plan_projects(writer, rng, today)
    write_projects(writer, rng, today, plans, world)
    counts = _split(size, plans)
    expected: dict[tuple[int, str], int] = {}
    slots = sum(w * SLOTS.get(a, 1.0) for a, w in KA1_MIX)
    for plan in plans:
        for activity, weight in KA1_MIX:
            per_draw = GROUP_LEARNERS if activity in SLOTS else 1.0
            expected[(plan.id, activity.value)] = round(counts[plan.id] * weight * per_draw / slots)
    report(0, size, "applications")
    selection = CallBuilder(writer, rng, today, world).build(plans, expected, size)
    fx = _fx_rates(writer, rng, today, min(p.start for p in plans))

    def moved(done: int) -> None:
        report(done, size, "mobilities")

    grants = GrantBook.prepare(session, {plan.call_year for plan in plans})
    work = [(plan, counts[plan.id]) for plan in plans]
    if worker is None:
        factory = MobilityFactory(writer, rng, today, world, selection, fx, moved, grants)
        with writer.in_background():
            for plan, count in work:
                factory.generate(plan, count)
            factory.flush()
        budget = factory.budget
    else:
        job = MobilityJob(
            rng_state=rng.getstate(),
            today=today,
            world=world,
            selection=selection,
            fx_rates=fx,
            grants=grants,
            first_ids={table_of(model).name: writer.new_id(model) for model in MOBILITY_TABLES},
            plans=work,
            stamp=writer.stamp,
        )
        outcome = worker.run(job, writer.execute_prepared, moved)
        rng.setstate(outcome.rng_state)
        writer.resume_ids(outcome.next_ids)
        grants.absorb(outcome.grants)
        budget = outcome.budget
    grants.finish(session)
    report(size, size, "budgets")
    _budgets(session, writer, rng, today, plans, budget)
    _deadlines(writer, today, plans)
    build_office(writer, random.Random(rng.getrandbits(32)), today, plans, world)
    _settings(writer)
    session.add(
        AuditEntry(
            at=utcnow(),
            os_user=os_user(),
            entity="database",
            entity_id=0,
            action=AuditAction.IMPORT.value,
            changes=json.dumps({"demo": {"size": size, "today": today.isoformat()}}),
        )
    )
    writer.counts["audit_entry"] += 1


def _split(size: int, plans: list[ProjectPlan]) -> dict[int, int]:
    """Mobilities per project in proportion to the weights, summing exactly to ``size``."""
    total = sum(p.weight for p in plans)
    raw = {p.id: size * p.weight / total for p in plans}
    counts = {pid: int(v) for pid, v in raw.items()}
    for pid in sorted(raw, key=lambda k: raw[k] - counts[k], reverse=True)[: size - sum(counts.values())]:
        counts[pid] += 1
    return counts


def _fx_rates(
    writer: BulkWriter, rng: random.Random, today: date, first: date
) -> dict[tuple[str, date], str]:
    rates: dict[tuple[str, date], str] = {}
    rows: list[Row] = []
    month = first.replace(day=1) - timedelta(days=365)
    month = month.replace(day=1)
    last = (today.replace(day=1) + timedelta(days=400)).replace(day=1)
    while month <= last:
        for currency, base in FX_BASE.items():
            value = f"{base * (1 + rng.uniform(-0.03, 0.03)):.4f}"
            rates[(currency, month)] = value
            rows.append({"id": writer.new_id(FxRate), "currency": currency, "month": month, "rate": value})
        month = (month + timedelta(days=32)).replace(day=1)
    writer.insert(FxRate, rows)
    return rates


def _budgets(
    session: Session,
    writer: BulkWriter,
    rng: random.Random,
    today: date,
    plans: list[ProjectPlan],
    sums: dict[int, Counter[str]],
) -> None:
    lines: list[Row] = []
    na: list[Row] = []
    for plan in plans:
        if plan.is_ka220:
            continue
        per_item: Counter[str] = Counter()
        for code, cents in sums[plan.id].items():
            per_item[LINE_TO_ITEM[code].value] += cents
        per_item[BudgetItem.EXCEPTIONAL_COSTS.value] += per_item[BudgetItem.TRAVEL.value] // 50
        awarded = 0
        for item in BudgetItem:
            if item == BudgetItem.PREPARATORY_VISITS:
                continue
            planned = per_item[item.value]
            # the award was made on the application's estimate: a little above what is committed now
            amount = -(-planned * rng.randint(102, 112) // 100 // 10_000) * 10_000
            awarded += amount
            lines.append(
                {
                    "id": writer.new_id(BudgetLine),
                    "project_id": plan.id,
                    "item": item.value,
                    "activity_type": None,
                    "awarded_cents": amount,
                }
            )
        session.execute(update(Project).where(Project.id == plan.id).values(awarded_cents=awarded))  # type: ignore[arg-type]
        pre_due = plan.start + timedelta(days=30)
        na.append(
            {
                "id": writer.new_id(NaPayment),
                "project_id": plan.id,
                "kind": NaPaymentKind.PREFINANCING.value,
                "due_date": pre_due,
                "amount_cents": awarded * 8000 // 10000,
                "received_on": pre_due - timedelta(days=rng.randint(0, 10)) if pre_due <= today else None,
                "reference": f"{plan.code}/PF1",
            }
        )
        if plan.end < today:
            due = plan.end + timedelta(days=60 + 60)
            na.append(
                {
                    "id": writer.new_id(NaPayment),
                    "project_id": plan.id,
                    "kind": NaPaymentKind.BALANCE.value,
                    "due_date": due,
                    "amount_cents": awarded - awarded * 8000 // 10000,
                    "received_on": due - timedelta(days=rng.randint(0, 20)) if due <= today else None,
                    "reference": f"{plan.code}/BAL",
                }
            )
    writer.insert(BudgetLine, lines)
    writer.insert(NaPayment, na)


def _deadlines(writer: BulkWriter, today: date, plans: list[ProjectPlan]) -> None:
    rows: list[Row] = []
    for plan in plans:
        final = plan.end + timedelta(days=60)
        rows.append(
            {
                "id": writer.new_id(OfficeDeadline),
                "title": f"Final report {plan.code}",
                "due_on": final,
                "project_id": plan.id,
                "kind": "report",
                "done": final < today,
                "notes": "",
            }
        )
        if plan.is_ka220:
            interim = date(2026, 3, 1)
            rows.append(
                {
                    "id": writer.new_id(OfficeDeadline),
                    "title": "InterVET progress report",
                    "due_on": interim,
                    "project_id": plan.id,
                    "kind": "report",
                    "done": interim < today,
                    "notes": "",
                }
            )
    # the programme's call deadlines are funding opportunities (services/demo/office.py)
    rows.append(
        {
            "id": writer.new_id(OfficeDeadline),
            "title": "Multiplier event in Bologna",
            "due_on": today + timedelta(days=24),
            "project_id": plans[0].id,
            "kind": "other",
            "done": False,
            "notes": "",
        }
    )
    writer.insert(OfficeDeadline, rows)


def _settings(writer: BulkWriter) -> None:
    own = next(s for s in PARTNERS if s.is_own)
    profile = InstitutionProfile(
        name=own.name,
        oid=own.oid,
        pic=own.pic,
        address=own.address,
        city=own.city.name,
        country=own.city.country,
        email=f"segreteria@{own.domain}",
        phone="+39 051 634 1120",
        web=f"https://www.{own.domain}",
        signatory_name="Francesca Lombardi",
        signatory_role="Dirigente scolastica",
        language="it",
    )
    value = json.dumps(asdict(profile), ensure_ascii=False, sort_keys=True)
    writer.insert(AppSetting, [{"key": PROFILE_KEY, "value": value}])
