"""Generating documents: one mobility, a batch (in order, one transaction per document, Cancel
between documents, worker processes for large batches) and selection letters."""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlmodel import Session, col, select

from intervet_desktop.core.enums import ApplicationStatus, DocumentKind, MobilityStatus
from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.messages import msg
from intervet_desktop.db.models import Application, Call, Mobility, Organisation, Person, Project
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.exports.pdf.model import (
    DocumentRequest,
    Layout,
    Outcome,
    PersonData,
    SchoolData,
    SelectionData,
)
from intervet_desktop.exports.pdf.render import check_templates, render_document
from intervet_desktop.exports.pdf.store import TemplateStore
from intervet_desktop.exports.pdf.worker import render_in_worker
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.services.documents.common import (
    MAX_WORKERS,
    MOBILITY_KINDS,
    POOL_THRESHOLD,
    BatchResult,
    CancelCheck,
    DocumentOptions,
    GeneratedDocument,
    ProgressCallback,
    Refusal,
    Unchanged,
    ensure_out_dir,
    languages_for,
    template_store,
)
from intervet_desktop.services.documents.gathering import (
    _check_logo,
    _Gatherer,
    _missing,
    _project_data,
    check_mobility,
    load_school,
    subject_of,
)
from intervet_desktop.services.documents.state import content_key, latest_document, signed_parties
from intervet_desktop.services.documents.storage import _next_version, _Prepared, _record
from intervet_desktop.services.learners.agreement import AGREEMENT_KINDS, agreement_kind_for
from intervet_desktop.services.project_rates import rates_confirmed_in

log = logging.getLogger(__name__)


# ------------------------------------------------------------------------------------------ use cases
def project_mobility_ids(workspace: Workspace, project_code: str) -> list[int]:
    """The project's mobilities (cancelled ones left out), in participant order."""
    with workspace.read_session() as session:
        project = session.exec(select(Project).where(Project.code == project_code.strip())).first()
        if project is None:
            raise ValidationError.single(
                "project", "not_found", entity="project", key="code", value=project_code
            )
        rows = session.exec(
            select(Mobility.id)
            .where(Mobility.project_id == project.id, Mobility.status != MobilityStatus.CANCELLED)
            .order_by(col(Mobility.participant_sort_key), col(Mobility.id))
        ).all()
    return [int(r) for r in rows if r is not None]


def generate_batch(
    workspace: Workspace,
    mobility_ids: Sequence[int],
    options: DocumentOptions,
    out_dir: Path,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
    workers: int | None = None,
) -> Result[BatchResult]:
    """One document per mobility. Refused mobilities are listed with what they miss; the others
    are written. Templates are checked before the first PDF; ``cancel`` is polled between documents.

    Large batches render in ``workers`` processes (default: the cores, for 16 documents or more)
    while this thread gathers the data and records each file in its own transaction, in order."""
    if options.kind not in MOBILITY_KINDS:
        raise ValidationError.single(
            "kind", "doc_kind_unknown", kind=options.kind, choices=", ".join(k.value for k in MOBILITY_KINDS)
        )
    ensure_out_dir(out_dir)
    store = template_store(workspace)
    result = BatchResult(total=len(mobility_ids))
    changes = Changes()
    with workspace.read_session() as session:
        school = load_school(workspace, session)
        countries = dict(
            session.exec(
                select(Mobility.id, Organisation.country)
                .join(Organisation, col(Organisation.id) == col(Mobility.sending_org_id), isouter=True)
                .where(col(Mobility.id).in_(list(mobility_ids)))
            ).all()
        )
    _check_logo(school)
    language_sets = {languages_for(options.second_language, countries.get(mid)) for mid in mobility_ids}
    problems: list[Problem] = []
    kinds = AGREEMENT_KINDS if options.kind in AGREEMENT_KINDS else (options.kind,)
    for langs in sorted(language_sets):
        for kind in kinds:
            problems += [p for p in check_templates(store, kind, langs) if p not in problems]
    if problems:
        raise ValidationError(problems)
    missing_ids = [mid for mid in mobility_ids if mid not in countries]
    if missing_ids:
        raise ValidationError.single(
            "mobility", "not_found", entity="mobility", key="id", value=missing_ids[0]
        )
    unique = list(dict.fromkeys(mobility_ids))
    use = _worker_count(len(unique)) if workers is None else workers
    if use > 1:
        _run_pooled(
            workspace, store, school, unique, options, out_dir, result, changes, use, progress, cancel
        )
    else:
        for done, mobility_id in enumerate(unique):
            if cancel is not None and cancel():
                result.cancelled = True
                break
            with workspace.session() as session:
                prepared = _prepare_one(session, school, mobility_id, options)
                outcome = (
                    prepared
                    if isinstance(prepared, Refusal | Unchanged)
                    else _record(
                        workspace, session, prepared, store, out_dir, render_document(prepared.request, store)
                    )
                )
            _collect(outcome, result, changes)
            if progress is not None:
                progress(done + 1, len(unique))
    log.info(
        "document batch: %s written, %s refused, cancelled=%s",
        len(result.written),
        len(result.refused),
        result.cancelled,
    )
    return Result(result, changes)


def generate_for_mobility(
    workspace: Workspace, mobility_id: int, options: DocumentOptions, out_dir: Path
) -> Result[GeneratedDocument]:
    """One document; a mobility that lacks data raises ValidationError with one problem per item."""
    batch = generate_batch(workspace, [mobility_id], options, out_dir)
    if batch.value.refused:
        raise ValidationError(list(batch.value.refused[0].problems))
    if batch.value.unchanged:
        same = batch.value.unchanged[0]
        raise ValidationError.single(
            "kind", "doc_unchanged", subject=same.subject, version=same.version, kind=options.kind.value
        )
    return Result(batch.value.written[0], batch.changes)


def _prepare_one(
    session: Session, school: SchoolData, mobility_id: int, options: DocumentOptions
) -> _Prepared | Refusal | Unchanged:
    mobility = session.get(Mobility, mobility_id)
    assert mobility is not None
    kind = agreement_kind_for(options.kind, mobility)  # a learner gets a learning agreement
    gatherer = _Gatherer(session, school)
    data, project, problems = gatherer.mobility(mobility)
    person = session.get(Person, mobility.person_id)
    subject = subject_of(mobility, person)
    if data is None or project is None:
        return Refusal(subject, tuple(problems), mobility_id=mobility_id)
    problems += check_mobility(kind, data, school, subject, mobility.grant_computed_at is not None)
    today = date.today()
    end = data.actual_end or data.planned_end
    draft = False
    if kind == DocumentKind.CERTIFICATE and end >= today:
        if not options.draft:
            problems.append(Problem("kind", msg("doc_certificate_future", subject=subject, end=end)))
        draft = True
    if problems:
        return Refusal(subject, tuple(problems), mobility_id=mobility_id)
    assert project.id is not None
    request = DocumentRequest(
        kind=kind,
        languages=languages_for(options.second_language, data.sending.country),
        project=_project_data(project, rates_confirmed_in(session, project.id)),
        school=school,
        layout=options.layout,
        mobility=data,
        version=_next_version(session, kind, mobility_id, None),
        issued_on=today,
        draft=draft,
    )
    key = content_key(request)
    latest = latest_document(session, kind, mobility_id)
    amends: int | None = None
    if latest is not None and latest.id is not None:
        if latest.content_key == key:
            return Unchanged(subject, latest.id, latest.version, mobility_id)
        if signed_parties(session, latest.id):
            amends = latest.id
            request = replace(
                request, amends_version=latest.version, amends_issued_on=latest.generated_at.date()
            )
    return _Prepared(
        request, project.id, data.participant, mobility_id=mobility_id, content_key=key, amends_id=amends
    )


def _collect(outcome: GeneratedDocument | Refusal | Unchanged, result: BatchResult, changes: Changes) -> None:
    if isinstance(outcome, Refusal):
        result.refused.append(outcome)
    elif isinstance(outcome, Unchanged):
        result.unchanged.append(outcome)
    else:
        result.written.append(outcome)
        changes.add(Kind.DOCUMENT, [outcome.document_id]).add(Kind.ATTACHMENT).add(Kind.DOCUMENT_SIGNATURE)


def _worker_count(documents: int) -> int:
    if documents < POOL_THRESHOLD:
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


def _run_pooled(
    workspace: Workspace,
    store: TemplateStore,
    school: SchoolData,
    mobility_ids: Sequence[int],
    options: DocumentOptions,
    out_dir: Path,
    result: BatchResult,
    changes: Changes,
    workers: int,
    progress: ProgressCallback | None,
    cancel: CancelCheck | None,
) -> None:
    """Gather and record here, in order; render in ``workers`` spawned processes meanwhile."""
    override = str(store.override_dir) if store.override_dir else None
    in_flight: deque[tuple[int, _Prepared | Refusal | Unchanged, Future[bytes] | None]] = deque()
    done = 0
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending = iter(mobility_ids)
        while True:
            stopped = cancel is not None and cancel()
            if stopped:
                result.cancelled = True
            while not stopped and len(in_flight) < workers * 3:
                mobility_id = next(pending, None)
                if mobility_id is None:
                    break
                with workspace.read_session() as session:
                    prepared = _prepare_one(session, school, mobility_id, options)
                future = (
                    None
                    if isinstance(prepared, Refusal | Unchanged)
                    else pool.submit(render_in_worker, prepared.request, override)
                )
                in_flight.append((mobility_id, prepared, future))
            if not in_flight or stopped:
                for _, _, future in in_flight:
                    if future is not None:
                        future.cancel()
                break
            mobility_id, prepared, future = in_flight.popleft()
            outcome: GeneratedDocument | Refusal | Unchanged
            if isinstance(prepared, Refusal | Unchanged) or future is None:
                assert isinstance(prepared, Refusal | Unchanged)
                outcome = prepared
            else:
                data = future.result()
                with workspace.session() as session:
                    outcome = _record(workspace, session, prepared, store, out_dir, data)
            _collect(outcome, result, changes)
            done += 1
            if progress is not None:
                progress(done, len(mobility_ids))


OUTCOMES = {
    ApplicationStatus.SELECTED: Outcome.SELECTED,
    ApplicationStatus.PROVISIONALLY_SELECTED: Outcome.SELECTED,
    ApplicationStatus.RESERVE: Outcome.RESERVE,
    ApplicationStatus.REJECTED: Outcome.REJECTED,
    ApplicationStatus.INELIGIBLE: Outcome.REJECTED,
}


def generate_selection_letter(
    workspace: Workspace,
    application_id: int,
    out_dir: Path,
    *,
    second_language: str | None = None,
    layout: Layout = Layout.SIDE_BY_SIDE,
) -> Result[GeneratedDocument]:
    """The letter telling an applicant the outcome of the selection (selected, reserve, rejected)."""
    ensure_out_dir(out_dir)
    store = template_store(workspace)
    with workspace.session() as session:
        application = session.get(Application, application_id)
        if application is None:
            raise ValidationError.single(
                "application", "not_found", entity="application", key="id", value=application_id
            )
        call = session.get(Call, application.call_id)
        person = session.get(Person, application.person_id)
        assert call is not None and person is not None
        project = session.get(Project, call.project_id)
        assert project is not None and project.id is not None
        school = load_school(workspace, session)
        _check_logo(school)
        langs = languages_for(second_language, school.country)
        template_problems = check_templates(store, DocumentKind.SELECTION_LETTER, langs)
        if template_problems:
            raise ValidationError(template_problems)
        subject = f"Application {application.number} ({person.last_name} {person.first_name})"
        outcome = OUTCOMES.get(ApplicationStatus(application.status))
        problems: list[Problem] = []
        if outcome is None:
            problems.append(
                Problem("status", msg("doc_no_decision", subject=subject, status=application.status))
            )
        if not school.name:
            problems.append(_missing("institution_profile.name", "doc_missing_school", subject))
        if problems:
            raise ValidationError(problems)
        assert outcome is not None
        applicant = PersonData(
            person.first_name, person.last_name, person.nationality or "", person.email or ""
        )
        request = DocumentRequest(
            kind=DocumentKind.SELECTION_LETTER,
            languages=langs,
            project=_project_data(project),
            school=school,
            layout=layout,
            selection=SelectionData(
                application_id=application_id,
                application_number=application.number,
                applicant=applicant,
                call_title=call.title,
                call_activity=call.activity_type,
                outcome=outcome,
                rank=application.rank,
                total_hundredths=application.total_hundredths,
                appeal_deadline=call.appeal_deadline if call.with_appeals else None,
            ),
            version=_next_version(session, DocumentKind.SELECTION_LETTER, None, application_id),
        )
        prepared = _Prepared(request, project.id, applicant, application_id=application_id, call_id=call.id)
        generated = _record(workspace, session, prepared, store, out_dir, render_document(request, store))
    changes = Changes.of(Kind.DOCUMENT, generated.document_id).add(Kind.ATTACHMENT)
    return Result(generated, changes)
