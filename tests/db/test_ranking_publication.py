"""Publishing a ranking: PDF read back with pypdf, xlsx with python-calamine; anonymised by
default, names (Greek, accents) with --names, never a sensitive criterion column."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from intervet_desktop.cli.main import main
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import applications as apps
from intervet_desktop.services import calls
from intervet_desktop.services.publication import publish_ranking
from tests.factories import build_sample, person

NAMES = [("Γεώργιος", "Παπαδόπουλος"), ("João", "Gonçalves"), ("Åsa", "Ødegård"), ("Zoë", "Çelik")]


def _ranked_call(ws: Workspace) -> int:
    sample = build_sample(ws)
    call = calls.create_call(
        ws,
        calls.CallForm(
            project_id=sample.project_id,
            title="Κινητικότητα 2027 – job shadowing",
            activity_type="SM-JOB-SHDW",
            opens_on=date(2026, 1, 1),
            deadline=date(2026, 2, 1),
            places_total=2,
            evaluators=["A", "B"],
        ),
    ).value
    with ws.session() as s:
        people = [person(f, last, sample.school_id, email=f"x{i}@e.eu") for i, (f, last) in enumerate(NAMES)]
        s.add_all(people)
        s.flush()
        ids = [p.id or 0 for p in people]
    for i, pid in enumerate(ids):
        app_id = apps.enter_application(
            ws,
            apps.ApplicationForm(
                call.id, pid, datetime(2026, 1, 5, 9, i, tzinfo=UTC), fewer_opportunities=i == 3
            ),
        ).value.id
        for c in call.criteria:
            for e in call.evaluators:
                apps.set_score(ws, app_id, c.id, e.id, min(c.max_points * 100, 900 - i * 100))
    apps.rank_call(ws, call.id)
    return call.id


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_anonymised_by_default_no_sensitive_column(workspace: Workspace, tmp_path: Path) -> None:
    call_id = _ranked_call(workspace)
    done = publish_ranking(workspace, call_id, tmp_path / "out").value
    text = _pdf_text(done.pdf)
    assert "Κινητικότητα 2027" in text
    assert f"{call_id}-0001" in text and "Selected" in text and "Reserve 1" in text
    for first, last in NAMES:
        assert last not in text and first not in text
    assert "Fewer opportunities" not in text
    # a sensitive criterion counts in the total: per-criterion columns would reveal it by
    # subtraction (issue 16), so only totals are published
    assert "Motivation" not in text and "out of a maximum of" in text
    sheet = CalamineWorkbook.from_path(str(done.xlsx)).get_sheet_by_name("Ranking").to_python()
    header = sheet[3]
    assert header[:2] == ["Rank", "Application"] and header[-2:] == ["Total", "Outcome"]
    assert not any("Fewer opportunities" in str(h) for h in header)
    assert "Name" not in header
    body = sheet[4:8]
    assert [row[1] for row in body] == [f"{call_id}-{n:04d}" for n in (1, 2, 3, 4)]
    assert [row[-1] for row in body] == ["Selected", "Selected", "Reserve 1", "Reserve 2"]


def test_names_render_greek_and_accents(workspace: Workspace, db_path: Path, tmp_path: Path) -> None:
    call_id = _ranked_call(workspace)
    workspace.close()
    out = tmp_path / "pub"
    assert main(["--db", str(db_path), "calls", "publish", str(call_id), "-o", str(out), "--names"]) == 0
    pdf = out / f"ranking-call-{call_id}-names.pdf"
    text = _pdf_text(pdf)
    for first, last in NAMES:
        assert f"{last}, {first}" in text, (last, text)
    assert "Fewer opportunities" not in text
    rows = CalamineWorkbook.from_path(str(pdf.with_suffix(".xlsx"))).get_sheet_by_name("Ranking").to_python()
    assert "Παπαδόπουλος, Γεώργιος" in [r[2] for r in rows]
    assert main(["--db", str(db_path), "calls", "list"]) == 0
    assert main(["--db", str(db_path), "calls", "rank", str(call_id), "--json"]) == 0
    assert main(["--db", str(db_path), "calls", "rank", "no such call"]) == 1


def test_letters_per_applicant_in_their_language(workspace: Workspace, tmp_path: Path) -> None:
    from sqlmodel import select

    from intervet_desktop.db.models import Application, PersonLanguage
    from intervet_desktop.services import settings
    from intervet_desktop.services.settings import InstitutionProfile

    call_id = _ranked_call(workspace)
    settings.save_profile(
        workspace,
        InstitutionProfile(
            name="1ο ΕΠΑΛ Θεσσαλονίκης",
            address="Εγνατίας 154",
            city="Θεσσαλονίκη",
            country="GR",
            signatory_name="Μαρία Ιωάννου",
            signatory_role="Διευθύντρια",
        ),
    )
    with workspace.session() as s:
        apps_rows = s.exec(
            select(Application).where(Application.call_id == call_id).order_by(Application.number)
        ).all()
        s.add(
            PersonLanguage(person_id=apps_rows[1].person_id, language="pt", level="native")
        )  # João: Portuguese
        s.add(
            PersonLanguage(person_id=apps_rows[2].person_id, language="sv", level="native")
        )  # no Swedish template
    done = publish_ranking(workspace, call_id, tmp_path / "out", letters=True).value
    assert len(done.letters) == 4
    texts = [_pdf_text(p) for p in done.letters]
    assert all("Κινητικότητα 2027" in t for t in texts)
    assert "João" in texts[1] and "Gonçalves" in texts[1]
    # João's letter is in English and Portuguese; Åsa's (no Swedish template) in English and Greek
    assert any(word in texts[1] for word in ("Candidatura", "candidatura", "Seleção", "seleção"))
    assert "Ødegård" in texts[2]


def test_the_anonymised_list_cannot_reveal_a_hidden_criterion(workspace: Workspace, tmp_path: Path) -> None:
    call_id = _ranked_call(workspace)
    done = publish_ranking(workspace, call_id, tmp_path / "out").value
    sheet = CalamineWorkbook.from_path(str(done.xlsx)).get_sheet_by_name("Ranking").to_python()
    # no criterion column at all: nothing to subtract from the total
    assert sheet[3] == ["Rank", "Application", "Total", "Outcome"]
    body = sheet[4:8]
    # numbers are numbers (sortable in a spreadsheet), not text
    assert all(isinstance(row[0], (int, float)) and isinstance(row[2], float) for row in body)
    assert [row[2] for row in body] == sorted((row[2] for row in body), reverse=True)
    from openpyxl import load_workbook

    cell = load_workbook(done.xlsx)["Ranking"]["C5"]
    assert cell.data_type == "n" and cell.number_format == "0.00"
