"""The learning agreement: bilingual PDF read back with pypdf, the parent signs for a minor, what
is missing is listed, and a whole project's documents give every mobility the right agreement."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from intervet_desktop.cli.main import main
from intervet_desktop.core.enums import DocumentKind
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.messages import render
from intervet_desktop.core.text import search_key, sort_key
from intervet_desktop.db.models import (
    Contact,
    Document,
    DocumentSignature,
    Mobility,
    Organisation,
    Person,
    Project,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.documents import (
    DocumentOptions,
    generate_batch,
    generate_for_mobility,
    project_mobility_ids,
)
from intervet_desktop.services.learners.details import LearnerForm, save_learner
from tests.db.test_documents import CODE, Data, add_grant, add_mobility, build, text_of

AGREEMENT = LearnerForm(
    guardian_name="Ελένη Νικολάου",
    guardian_contact="+30 690 123 4567",
    school_mentor="Δημήτρης Παππάς",
    outcomes_knowledge="Principles of PLC programming and safety rules of the workshop.",
    outcomes_skills="Wire and test a small automation cell under supervision.",
    outcomes_competences="Work in a maintenance team and report faults on time.",
    tasks="Assist the maintenance technicians; document each intervention.",
    assessment="The tutor fills in the assessment sheet at the end of week 3.",
    recognition="Unit 7 'Automation' of the mechatronics diploma (6 ECVET points).",
    insurance_policy="POL-2026-77",
    insurer="Interamerican",
    ehic_number="80300000001234567890",
)


def add_learner(ws: Workspace, data: Data, first: str, last: str, birth: date) -> int:
    with ws.session() as s:
        project = s.get(Project, data.project_id)
        person = Person(
            first_name=first,
            last_name=last,
            role="learner",
            birth_date=birth,
            nationality="GR",
            search_key=search_key(first, last),
            sort_key=sort_key(last, first),
        )
        s.add(person)
        s.flush()
        tutor = s.exec(select(Contact).where(Contact.first_name == "Ana Sofia")).first()
        school_org = s.get(Organisation, data.school_id)
        host_org = s.get(Organisation, data.host_id)
        assert project and school_org and host_org and tutor
        mobility = add_mobility(
            s,
            project,
            person,
            school_org,
            host_org,
            activity_type="LM-SHORT-VET",
            planned_start=date(2026, 3, 2),
            planned_end=date(2026, 3, 27),
            host_tutor_id=tutor.id,
        )
        add_grant(s, mobility)
        assert mobility.id is not None
        return mobility.id


@pytest.fixture
def data(workspace: Workspace) -> Data:
    return build(workspace)


def test_learning_agreement_bilingual_with_parent_signature(
    workspace: Workspace, data: Data, tmp_path: Path
) -> None:
    minor = add_learner(workspace, data, "Σοφία", "Νικολάου", date(2009, 3, 3))  # 16 at departure
    save_learner(workspace, minor, AGREEMENT)
    options = DocumentOptions(kind=DocumentKind.LEARNING_AGREEMENT)
    written = generate_for_mobility(workspace, minor, options, tmp_path / "out").value
    assert written.kind == DocumentKind.LEARNING_AGREEMENT and written.languages == ("en", "el")
    text, _pages = text_of(written.path)
    for expected in (
        "Learning agreement",
        "Συμφωνία μάθησης",
        "Short-term learning mobility of VET learners",
        "Σοφία Νικολάου",
        "Principles of PLC programming",
        "Wire and test a small automation cell",
        "report faults on time",
        "Assist the maintenance technicians",
        "assessment sheet at the end of week 3",
        "Unit 7 'Automation' of the mechatronics diploma (6 ECVET points)",
        "Mentor at school",
        "Μέντορας στο σχολείο",
        "Δημήτρης Παππάς",
        "Ana Sofia Rodrigues",
        "Parent or guardian",
        "Ελένη Νικολάου",
        "The parent or guardian",
        "Ο γονέας ή κηδεμόνας",
        "POL-2026-77",
        "The parent or guardian consents to the mobility",
    ):
        assert expected in text, expected
    with workspace.read_session() as s:
        parties = {
            row.party
            for row in s.exec(
                select(DocumentSignature).where(DocumentSignature.document_id == written.document_id)
            )
        }
    assert parties == {"participant", "sending", "receiving"}


def test_adult_learner_has_no_parent_part(workspace: Workspace, data: Data, tmp_path: Path) -> None:
    adult = add_learner(workspace, data, "Νίκος", "Αλεξίου", date(2007, 3, 2))  # 18 the day before
    save_learner(workspace, adult, AGREEMENT)
    path = generate_for_mobility(
        workspace, adult, DocumentOptions(kind=DocumentKind.LEARNING_AGREEMENT), tmp_path
    ).value.path
    text, _ = text_of(path)
    assert "Νίκος Αλεξίου" in text and "Unit 7" in text
    assert "Parent or guardian" not in text and "consents to the mobility" not in text


def test_missing_learning_agreement_data_is_listed(workspace: Workspace, data: Data, tmp_path: Path) -> None:
    minor = add_learner(workspace, data, "Σοφία", "Νικολάου", date(2009, 3, 3))
    with pytest.raises(ValidationError) as err:
        generate_for_mobility(
            workspace, minor, DocumentOptions(kind=DocumentKind.LEARNING_AGREEMENT), tmp_path
        )
    fields = [p.field for p in err.value.problems]
    assert fields == [
        "school_mentor",
        "outcomes_knowledge",
        "outcomes_skills",
        "outcomes_competences",
        "tasks",
        "recognition",
        "guardian_name",
    ]
    assert "the mentor at school is missing" in render(err.value.problems[0].message)
    assert not list(tmp_path.glob("*.pdf"))


def test_whole_project_staff_and_learners_get_the_right_agreement(
    workspace: Workspace, data: Data, tmp_path: Path
) -> None:
    learner = add_learner(workspace, data, "Σοφία", "Νικολάου", date(2009, 3, 3))
    save_learner(workspace, learner, AGREEMENT)
    ids = project_mobility_ids(workspace, CODE)
    assert set(ids) == {data.mobility_id, learner}
    first, second = DocumentKind.MOBILITY_AGREEMENT, DocumentKind.LEARNING_AGREEMENT
    batch = generate_batch(workspace, ids, DocumentOptions(kind=first), tmp_path / first.value).value
    assert batch.refused == []
    kinds = {doc.mobility_id: doc.kind for doc in batch.written}
    assert kinds == {
        data.mobility_id: DocumentKind.MOBILITY_AGREEMENT,
        learner: DocumentKind.LEARNING_AGREEMENT,
    }
    texts = {doc.mobility_id: text_of(doc.path)[0] for doc in batch.written}
    assert "Mobility agreement" in texts[data.mobility_id]
    assert "Learning agreement" in texts[learner] and "Mobility agreement" not in texts[learner]
    # asking for the other agreement kind chooses the same agreements: nothing changed, no new version
    again = generate_batch(workspace, ids, DocumentOptions(kind=second), tmp_path / second.value).value
    assert again.refused == [] and again.written == []
    assert {same.mobility_id for same in again.unchanged} == {data.mobility_id, learner}
    with workspace.read_session() as s:
        versions = s.exec(select(Document.version).where(Document.mobility_id == learner)).all()
        mobility = s.get(Mobility, learner)
    assert sorted(versions) == [1] and mobility is not None


def test_cli_learning_agreement_for_a_mixed_project(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Workspace.open(db_path, create=True) as ws:
        data = build(ws)
        learner = add_learner(ws, data, "Σοφία", "Νικολάου", date(2009, 3, 3))
        save_learner(ws, learner, AGREEMENT)
    out = tmp_path / "pdfs"
    code = main(
        ["--db", str(db_path), "documents", "--project", CODE, "--kind", "learning-agreement", "-o", str(out)]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Traceback" not in captured.err
    texts = sorted(text_of(pdf)[0][:400] for pdf in out.glob("*.pdf"))
    assert len(texts) == 2
    assert sum("Learning agreement" in t for t in texts) == 1
    assert sum("Mobility agreement" in t for t in texts) == 1
