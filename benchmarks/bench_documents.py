"""Benchmark: generate N mobility agreements (English + Greek, side by side) for one project.

    .venv/bin/python benchmarks/bench_documents.py [--n 500] [--kind mobility-agreement]

Reports the batch time (gather, render, write, copy to the attachment folder, record) against
rendering alone (reportlab, no database) so the overhead of the service is visible.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import col, select

from intervet_desktop.core.enums import DocumentKind
from intervet_desktop.core.text import search_key, sort_key
from intervet_desktop.db.models import (
    Contact,
    GrantLine,
    Mobility,
    MobilityProgramme,
    Organisation,
    Person,
    Project,
    utcnow,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.exports.pdf.model import DocumentRequest
from intervet_desktop.exports.pdf.render import render_document
from intervet_desktop.services import settings
from intervet_desktop.services.documents import (
    DocumentOptions,
    _Gatherer,
    _project_data,
    generate_batch,
    languages_for,
    load_school,
    project_mobility_ids,
    template_store,
)
from intervet_desktop.services.settings import InstitutionProfile

FIRST = ["Γεώργιος", "Μαρία", "Νικόλαος", "Ελένη", "Δημήτρης", "Αικατερίνη"]
LAST = ["Παπαδόπουλος", "Ιωάννου", "Κωνσταντινίδης", "Γεωργίου", "Νικολάου", "Οικονόμου"]


def build(ws: Workspace, n: int) -> str:
    settings.save_profile(
        ws,
        InstitutionProfile(
            name="1ο ΕΠΑΛ Θεσσαλονίκης",
            country="GR",
            signatory_name="Μαρία Ιωάννου",
            signatory_role="Διευθύντρια",
        ),
    )
    now = utcnow()
    with ws.session() as s:
        school = Organisation(name="1ο ΕΠΑΛ Θεσσαλονίκης", country="GR", city="Θεσσαλονίκη", is_own=True)
        s.add(school)
        hosts = [
            Organisation(
                name=f"Escola Profissional de São João da Madeira n.º {i}", country="PT", city="Porto"
            )
            for i in range(20)
        ]
        s.add_all(hosts)
        project = Project(
            code="2025-1-EL01-KA122-VET-000999999",
            action="KA122-VET",
            call_year=2025,
            start_date=date(2025, 9, 1),
            end_date=date(2027, 8, 31),
        )
        s.add(project)
        s.flush()
        s.add(Contact(organisation_id=school.id or 0, first_name="Ελένη", last_name="Κ.", is_primary=True))
        for host in hosts:
            s.add(
                Contact(organisation_id=host.id or 0, first_name="João", last_name="Simões", is_primary=True)
            )
        people = [
            {
                "first_name": FIRST[i % 6],
                "last_name": f"{LAST[i % 6]}-{i}",
                "search_key": search_key(FIRST[i % 6], LAST[i % 6]),
                "sort_key": sort_key(LAST[i % 6], FIRST[i % 6], str(i)),
                "iban": "GR1601101250000000012300695",
                "created_at": now,
                "updated_at": now,
            }
            for i in range(n)
        ]
        s.execute(insert(Person), people)
        person_ids = s.exec(select(Person.id).order_by(col(Person.id))).all()
        start = date(2026, 3, 2)
        s.execute(
            insert(Mobility),
            [
                {
                    "project_id": project.id,
                    "person_id": pid,
                    "activity_type": "SM-JOB-SHDW",
                    "sending_org_id": school.id,
                    "receiving_org_id": hosts[i % 20].id,
                    "destination_city": "Porto",
                    "destination_country": "PT",
                    "planned_start": start + timedelta(days=i % 60),
                    "planned_end": start + timedelta(days=i % 60 + 9),
                    "travel_days": 2,
                    "grant_participant_cents": 219500,
                    "grant_computed_at": now,
                    "participant_sort_key": f"{i:06d}",
                    "created_at": now,
                    "updated_at": now,
                }
                for i, pid in enumerate(person_ids)
            ],
        )
        mobility_ids = s.exec(select(Mobility.id).order_by(col(Mobility.id))).all()
        s.execute(
            insert(MobilityProgramme),
            [
                {
                    "mobility_id": mid,
                    "language": "en",
                    "objectives": "Observe work-based learning in mechatronics.",
                    "activities": "Job shadowing in the workshops and two partner companies.",
                    "outcomes": "New assessment methods; a plan to host learners.",
                    "added_value": "",
                    "created_at": now,
                    "updated_at": now,
                }
                for mid in mobility_ids
            ],
        )
        s.execute(
            insert(GrantLine),
            [
                {
                    "mobility_id": mid,
                    "position": pos,
                    "code": code,
                    "label": label,
                    "recipient": "participant",
                    "quantity": qty,
                    "rate_cents": rate,
                    "amount_cents": amount,
                    "derivation": why,
                    "created_at": now,
                    "updated_at": now,
                }
                for mid in mobility_ids
                for pos, (code, label, qty, rate, amount, why) in enumerate(
                    [
                        ("travel", "Travel", "1", 27500, 27500, "2,000-2,999 km: 1 x 275.00"),
                        ("individual_support", "Individual support", "12", 16000, 192000, "12 days x 160.00"),
                    ]
                )
            ],
        )
    return project.code


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the machine may be shared)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--kind", default=DocumentKind.MOBILITY_AGREEMENT.value)
    parser.add_argument("--workers", type=int, default=None, help="render processes (default: cores)")
    args = parser.parse_args()
    kind = DocumentKind(args.kind)
    with tempfile.TemporaryDirectory() as tmp, Workspace.open(Path(tmp) / "bench.db", create=True) as ws:
        t0 = time.perf_counter()
        code = build(ws, args.n)
        t_build = time.perf_counter() - t0
        ids = project_mobility_ids(ws, code)

        # rendering alone, for the same data (no database writes, no files)
        store = template_store(ws)
        sample = ids[: min(50, len(ids))]
        with ws.session() as s:
            school = load_school(ws, s)
            gatherer = _Gatherer(s, school)
            requests = []
            for mid in sample:
                mobility = s.get(Mobility, mid)
                assert mobility is not None
                data, project, _ = gatherer.mobility(mobility)
                assert data is not None and project is not None
                requests.append(
                    DocumentRequest(
                        kind, languages_for(None, "GR"), _project_data(project), school, mobility=data
                    )
                )
        render_document(requests[0], store)  # fonts and templates loaded once
        t0 = time.process_time()
        for request in requests:
            render_document(request, store)
        per_render = (time.process_time() - t0) / len(requests)

        out = Path(tmp) / "out"
        cpu0 = _cpu()
        t0 = time.perf_counter()
        result = generate_batch(ws, ids, DocumentOptions(kind=kind), out, workers=args.workers).value
        t_batch = time.perf_counter() - t0
        cpu_batch = _cpu() - cpu0
    written = max(len(result.written), 1)
    print(f"built {args.n} mobilities in {t_build:.2f} s")
    print(f"{kind}: {len(result.written)} written, {len(result.refused)} refused in {t_batch:.2f} s (wall)")
    print(f"CPU time, this process and its render processes: {cpu_batch:.2f} s")
    print(f"per document: {t_batch / written * 1000:.0f} ms wall, {cpu_batch / written * 1000:.0f} ms CPU")
    print(f"render only (reportlab, no database or files): {per_render * 1000:.0f} ms CPU per document")
    print(f"ratio batch CPU / render-only CPU: {cpu_batch / written / per_render:.2f}")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
