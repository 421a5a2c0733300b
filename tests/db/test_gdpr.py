"""GDPR: export everything held about a person; anonymise so that no byte of their names,
contacts or bank data is left in the database, its WAL, the attachment folder or a later backup."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import select

from intervet_desktop.cli.main import main
from intervet_desktop.core.enums import AuditAction
from intervet_desktop.core.text import search_key
from intervet_desktop.db import backup
from intervet_desktop.db.models import Mobility, Person
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.mobilities import attach_evidence_file
from intervet_desktop.services.office.network import ContactForm, save_contact
from tests.factories import build_sample

SECRETS = [
    "Zubrowska",
    "Ottilie",
    "ottilie.zub@example.org",
    "IT60X0542811101000000123456",
    "+39 347 555 0199",
]
NOTES = "Needs a ground-floor room (epilepsy)"


def _setup(workspace: Workspace, tmp_path: Path) -> tuple[int, int]:
    sample = build_sample(workspace)
    pid = sample.greek_id
    with workspace.session() as s:
        person = s.get(Person, pid)
        assert person is not None
        old = {"first_name": person.first_name, "last_name": person.last_name}
        person.first_name, person.last_name = "Ottilie", "Zubrowska"
        person.email, person.iban, person.phone = SECRETS[2], SECRETS[3], SECRETS[4]
        person.special_needs_notes = NOTES
        person.search_key = search_key("Ottilie", "Zubrowska", SECRETS[2])
        person.sort_key = search_key("Zubrowska", "Ottilie")
        s.add(person)
        audit.record(
            s,
            "person",
            pid,
            AuditAction.UPDATE,
            audit.diff(old, {"first_name": "Ottilie", "last_name": "Zubrowska"}),
        )
        mobility_id = s.exec(select(Mobility.id).where(Mobility.person_id == pid)).first()
        assert mobility_id is not None
    save_contact(
        workspace,
        None,
        ContactForm(last_name="Zubrowska", first_name="Ottilie", person_id=pid, email=SECRETS[2]),
    )
    scan = tmp_path / "passport.pdf"
    scan.write_bytes(b"%PDF-1.4 passport of Ottilie Zubrowska IT60X0542811101000000123456")
    attach_evidence_file(workspace, mobility_id, "travel_evidence", scan)
    return pid, mobility_id


def _bytes_everywhere(db: Path, extra: list[Path]) -> bytes:
    blobs = []
    for path in [db, db.with_name(db.name + "-wal"), *extra]:
        if path.is_file():
            blobs.append(path.read_bytes())
    files = backup.files_dir(db)
    if files.exists():
        blobs += [f.read_bytes() for f in files.rglob("*") if f.is_file()]
    return b"\n".join(blobs)


def test_person_export_holds_everything(workspace: Workspace, tmp_path: Path) -> None:
    pid, mobility_id = _setup(workspace, tmp_path)
    db = workspace.path
    workspace.close()
    assert main(["--db", str(db), "person", "export", str(pid), "-o", str(tmp_path / "p.json")]) == 0
    data = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert data["person"][0]["iban"] == SECRETS[3]
    assert data["person"][0]["special_needs_notes"] == NOTES
    assert mobility_id in [m["id"] for m in data["mobility"]]
    assert data["network_contact"][0]["last_name"] == "Zubrowska"
    assert data["attachment"] and data["audit_entry"]
    assert main(["--db", str(db), "person", "export", str(pid), "-o", str(tmp_path / "p.xlsx")]) == 0
    wb = openpyxl.load_workbook(tmp_path / "p.xlsx", read_only=True)
    assert {"person", "mobility", "network_contact", "attachment"} <= set(wb.sheetnames)
    wb.close()


def test_anonymise_leaves_no_byte_of_the_person(workspace: Workspace, tmp_path: Path) -> None:
    pid, mobility_id = _setup(workspace, tmp_path)
    db = workspace.path
    workspace.checkpoint()
    assert SECRETS[0].encode() in _bytes_everywhere(db, [])  # the scan does find them before
    with sqlite3.connect(db) as con:
        before = con.execute(
            "SELECT gender, nationality, substr(birth_date, 1, 4) FROM person WHERE id=?", (pid,)
        ).fetchone()
        dates = con.execute(
            "SELECT planned_start, planned_end, activity_type FROM mobility WHERE id=?", (mobility_id,)
        ).fetchone()
    workspace.close()
    assert main(["--db", str(db), "person", "anonymise", str(pid)]) == 1  # asks for --yes
    assert main(["--db", str(db), "person", "anonymise", str(pid), "--yes"]) == 0
    assert main(["--db", str(db), "backup", "-o", str(tmp_path / "after.zip")]) == 0
    with zipfile.ZipFile(tmp_path / "after.zip") as archive:
        backup_bytes = b"".join(archive.read(n) for n in archive.namelist())
    (tmp_path / "after.bin").write_bytes(backup_bytes)
    everything = _bytes_everywhere(db, [tmp_path / "after.bin"])
    for secret in [*SECRETS, NOTES, "zubrowska", "ottilie"]:
        assert secret.encode() not in everything, secret
    with sqlite3.connect(db) as con:
        after = con.execute(
            "SELECT gender, nationality, substr(birth_date, 1, 4) FROM person WHERE id=?", (pid,)
        ).fetchone()
        assert after == before
        kept = con.execute(
            "SELECT planned_start, planned_end, activity_type FROM mobility WHERE id=?", (mobility_id,)
        ).fetchone()
        assert kept == dates
        assert con.execute("SELECT anonymised_at IS NOT NULL FROM person WHERE id=?", (pid,)).fetchone() == (
            1,
        )
    assert main(["--db", str(db), "person", "anonymise", str(pid), "--yes"]) != 0  # once is enough


def test_unknown_person_is_a_message(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "init"]) == 0
    assert (
        main(["--db", str(db_path), "person", "export", "999", "-o", str(db_path.with_suffix(".json"))]) == 1
    )
    assert "999" in capsys.readouterr().err
