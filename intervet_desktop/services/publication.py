"""Publishing a call's ranking (PDF and xlsx) and the applicants' letters.

Anonymised by application number unless names are asked for; the per-criterion means of
sensitive criteria (fewer opportunities, special needs) are never shown, and neither are the
ranking reasons (a tie broken by "fewer opportunities" would reveal it): only the outcome.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import col, select

from intervet_desktop.core.enums import ApplicationStatus, CallStatus, DocumentKind
from intervet_desktop.core.errors import UserError
from intervet_desktop.core.messages import register
from intervet_desktop.db.models import Call, PersonLanguage
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.exports.ranking import RankingSheet, write_ranking_pdf, write_ranking_xlsx
from intervet_desktop.services.applications.ranking import Ranking, get_ranking
from intervet_desktop.services.changes import Changes, Result

register("pub_nothing_ranked", "Call '{title}' has no ranked application yet; rank it first.")

log = logging.getLogger(__name__)

OUTCOME_TEXT = {
    ApplicationStatus.SELECTED.value: "Selected",
    ApplicationStatus.PROVISIONALLY_SELECTED.value: "Selected (provisional)",
    ApplicationStatus.RESERVE.value: "Reserve {position}",
    ApplicationStatus.APPEALED.value: "Appeal pending",
    ApplicationStatus.INELIGIBLE.value: "Not eligible",
    ApplicationStatus.WITHDRAWN.value: "Withdrawn",
    ApplicationStatus.REJECTED.value: "Not selected",
}


def _points(hundredths: int | None) -> str:
    return "" if hundredths is None else f"{hundredths / 100:.2f}"


def ranking_sheet(ranking: Ranking, call: Call, *, names: bool = False) -> RankingSheet:
    # with a sensitive criterion in the total, any per-criterion column would let a reader recover
    # it by subtraction (total - the shown weighted means): only the total is published then
    shown = [] if ranking.sensitive else list(ranking.criteria)
    headers = ["Rank", "Application"]
    if names:
        headers.append("Name")
    headers += [f"{c.name} (x{c.weight})" for c in shown]
    headers += ["Total", "Outcome"]
    rows: list[tuple[str, ...]] = []
    kinds: list[str] = []
    reserve = 0
    for r in ranking.rows:
        if r.status == ApplicationStatus.RESERVE:
            reserve += 1
        outcome = OUTCOME_TEXT.get(r.status, "Not ranked").format(position=reserve)
        cells = [str(r.rank or ""), r.number]
        if names:
            cells.append(r.applicant)
        cells += [_points(r.means.get(c.id)) for c in shown]
        cells += [_points(r.total_hundredths), outcome]
        rows.append(tuple(cells))
        if r.status in (ApplicationStatus.SELECTED, ApplicationStatus.PROVISIONALLY_SELECTED):
            kinds.append("selected")
        elif r.status == ApplicationStatus.RESERVE:
            kinds.append("reserve")
        else:
            kinds.append("")
    if call.status == CallStatus.PROVISIONAL:
        phase = "Provisional ranking"
    elif call.status == CallStatus.PUBLISHED and call.with_appeals:
        phase = "Final ranking"
    else:
        phase = "Ranking"
    subtitle = f"{phase} · {call.places_total} places · deadline {call.deadline.isoformat()}"
    notes = []
    if call.with_appeals and call.appeal_deadline and call.status == CallStatus.PROVISIONAL:
        notes.append(f"Appeals until {call.appeal_deadline.isoformat()}.")
    tie = call.tie_breakers.replace("_", " ").replace(",", ", ")
    maximum = sum(c.weight * c.max_points for c in ranking.criteria)
    if shown:
        notes.append(f"Criterion columns: mean points of the evaluators. Equal totals ordered by: {tie}.")
    else:
        notes.append(f"Equal totals ordered by: {tie}.")
    notes.append(f"Totals out of a maximum of {maximum} points.")
    if ranking.sensitive:
        notes.append(
            "Criteria about personal circumstances count in the total; points per criterion are not "
            "published (they would reveal them). Each applicant's letter gives their own points."
        )
    numeric_from = 3 if names else 2
    return RankingSheet(ranking.call_title, subtitle, tuple(headers), tuple(rows), tuple(kinds), tuple(notes),
                        numeric_from)  # fmt: skip


@dataclass(frozen=True)
class Published:
    pdf: Path
    xlsx: Path
    letters: tuple[Path, ...]


def publish_ranking(
    workspace: Workspace,
    call_id: int,
    out_dir: Path,
    *,
    names: bool = False,
    letters: bool = False,
) -> Result[Published]:
    ranking = get_ranking(workspace, call_id)
    with workspace.read_session() as session:
        call = session.get(Call, call_id)
        assert call is not None
        if not any(r.rank is not None for r in ranking.rows):
            raise UserError.of("pub_nothing_ranked", title=call.title)
        session.expunge(call)
    sheet = ranking_sheet(ranking, call, names=names)
    stem = f"ranking-call-{call_id}" + ("-names" if names else "")
    pdf = write_ranking_pdf(sheet, out_dir / f"{stem}.pdf")
    xlsx = write_ranking_xlsx(sheet, out_dir / f"{stem}.xlsx")
    written: list[Path] = []
    changes = Changes()
    if letters:
        written, changes = _letters(workspace, ranking, out_dir / "letters")
    log.info("ranking of call %s published: %s rows, %s letters", call_id, len(ranking.rows), len(written))
    return Result(Published(pdf, xlsx, tuple(written)), changes)


def _native_language(workspace: Workspace, person_id: int) -> str | None:
    with workspace.read_session() as session:
        return session.exec(
            select(PersonLanguage.language).where(
                col(PersonLanguage.person_id) == person_id, col(PersonLanguage.level) == "native"
            )
        ).first()


def _letters(workspace: Workspace, ranking: Ranking, out_dir: Path) -> tuple[list[Path], Changes]:
    from intervet_desktop.services.documents import generate_selection_letter, template_store

    store = template_store(workspace)
    paths: list[Path] = []
    changes = Changes()
    decided = {
        ApplicationStatus.SELECTED.value,
        ApplicationStatus.PROVISIONALLY_SELECTED.value,
        ApplicationStatus.RESERVE.value,
        ApplicationStatus.REJECTED.value,
        ApplicationStatus.INELIGIBLE.value,
    }
    for row in ranking.rows:
        if row.status not in decided:
            continue
        language = _native_language(workspace, row.person_id)
        if language is not None and language != "en":
            try:
                store.find(f"{language}/{DocumentKind.SELECTION_LETTER.value}.txt")
            except UserError:
                language = None  # no template in their language: the school's language
        result = generate_selection_letter(workspace, row.application_id, out_dir, second_language=language)
        paths.append(result.value.path)
        changes.merge(result.changes)
    return paths, changes
