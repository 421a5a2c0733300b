"""Bad input never crashes: every importer, `rates import` and `bm reconcile` get a generated
set of broken files (encodings with and without BOM, odd lengths, deep nesting, huge numbers and
cells, duplicate headers, uncached formulas, binary junk) and must answer with a message: exit
1 or 2, never 3, and nothing written."""

from __future__ import annotations

import hashlib
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from intervet_desktop.cli.main import main
from intervet_desktop.db.workspace import Workspace
from tests.bm_factory import CODE, build_bm_sample

HEADER = "Cognome,Nome,Email,IBAN\n"
ROWS = "Rossi,Anna,anna@x.it,IT60X0542811101000000123456\n"


def _xlsx(path: Path, rows: list[list[object]]) -> None:
    wb = openpyxl.Workbook()
    sheet = wb.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    wb.save(path)


def _uncached_formulas(path: Path) -> None:
    _xlsx(path, [["Cognome", "Nome"], ['=UPPER("rossi")', '="Anna"'], ["=A2", "=B2"]])


def _fake_xlsx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<nonsense")


CSV_CASES: dict[str, bytes] = {
    "utf16_odd_length": (HEADER + ROWS).encode("utf-16") + b"\x00",
    "utf16_bom_only": b"\xff\xfe",
    "utf8_bom": b"\xef\xbb\xbf" + (HEADER + ROWS).encode(),
    "utf32": (HEADER + ROWS).encode("utf-32"),
    "latin1": (HEADER + "M\xfcller,J\xfcrgen,j@x.de,\n").encode("latin-1"),
    "binary": bytes(range(256)) * 40,
    "empty": b"",
    "only_bom": b"\xef\xbb\xbf",
    "huge_number": (HEADER + "Rossi,Anna," + "9" * 5000 + ",\n").encode(),
    "huge_cell": (HEADER + "Rossi," + "A" * 2_000_000 + ",a@x.it,\n").encode(),
    "duplicate_header": b"Cognome,Nome,Nome,Email\nRossi,Anna,Maria,a@x.it\n",
    "unclosed_quote": (HEADER + '"Rossi,Anna,a@x.it,\n' * 50).encode(),
    "nul_bytes": (HEADER + "Ros\x00si,Anna,,\n").encode(),
    "many_columns": (",".join(f"c{i}" for i in range(20000)) + "\n").encode(),
    "tabs_in_quoted_cells": b'Cognome,Nome,Email\n"Rossi\tjr","Anna\tM","a@x.it"\n',
}
XLSX_CASES: dict[str, Callable[[Path], None]] = {
    "uncached_formulas": _uncached_formulas,
    "fake_zip": _fake_xlsx,
    "duplicate_header": lambda p: _xlsx(p, [["Cognome", "Nome", "Nome"], ["Rossi", "Anna", "Maria"]]),
    "huge_number": lambda p: _xlsx(p, [["Cognome", "Nome", "Data di nascita"], ["Rossi", "Anna", 10**300]]),
    "no_rows": lambda p: _xlsx(p, []),
}
JSON_CASES: dict[str, bytes] = {
    "deep_nesting": b"[" * 100_000 + b"]" * 100_000,
    "deep_object": b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    "huge_number": b'{"id": "x", "rates": ' + b"9" * 5000 + b"}",
    "not_json": b"\xff\xfe\x00garbage",
    "utf16": '{"id": "x"}'.encode("utf-16"),
    "array": b"[1, 2, 3]",
    "empty": b"",
}


def _digest(db: Path) -> str:
    con = sqlite3.connect(db)
    try:
        dump = "\n".join(con.iterdump())
    finally:
        con.close()
    return hashlib.sha256(dump.encode()).hexdigest()


def _survives(db: Path, argv: list[str], capsys: pytest.CaptureFixture[str], *, may_succeed: bool) -> str:
    before = _digest(db)
    code = main(["--db", str(db), *argv])
    captured = capsys.readouterr()
    assert code != 3, captured.err
    if code == 0:
        assert may_succeed, captured.out
    else:
        assert code in (1, 2)
        assert captured.err.strip(), "a refusal says why"
        assert "Traceback" not in captured.err
        assert _digest(db) == before, "nothing written"
    return captured.out + captured.err


@pytest.fixture
def db(db_path: Path) -> Path:
    assert main(["--db", str(db_path), "init"]) == 0
    return db_path


@pytest.mark.parametrize("kind", ["people", "organisations"])
@pytest.mark.parametrize("case", sorted(CSV_CASES))
def test_csv_importers_survive(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, case: str
) -> None:
    path = tmp_path / f"{case}.csv"
    path.write_bytes(CSV_CASES[case])
    ok = case in {"utf8_bom", "utf16_odd_length", "utf32", "latin1", "tabs_in_quoted_cells", "nul_bytes"}
    _survives(db, ["import", kind, str(path), "--dry-run"], capsys, may_succeed=ok or kind == "organisations")


@pytest.mark.parametrize("case", sorted(XLSX_CASES))
def test_xlsx_importers_survive(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    path = tmp_path / f"{case}.xlsx"
    XLSX_CASES[case](path)
    _survives(db, ["import", "people", str(path)], capsys, may_succeed=False)


def test_duplicate_header_is_reported_not_dropped(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dup.csv"
    path.write_bytes(CSV_CASES["duplicate_header"])
    text = _survives(db, ["import", "people", str(path)], capsys, may_succeed=False)
    assert "Nome" in text


def test_tabs_inside_quoted_cells_stay_comma_separated(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tabs.csv"
    path.write_bytes(CSV_CASES["tabs_in_quoted_cells"])
    assert main(["--db", str(db), "import", "people", str(path)]) == 0, capsys.readouterr().err
    con = sqlite3.connect(db)
    try:
        # three cells, not a tab split (the name cleaner turns the tab into a space)
        rows = con.execute("SELECT last_name, first_name, email FROM person").fetchall()
        assert rows == [("Rossi jr", "Anna M", "a@x.it")]
    finally:
        con.close()


@pytest.mark.parametrize("case", sorted(JSON_CASES))
def test_rates_import_survives(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    path = tmp_path / f"{case}.json"
    path.write_bytes(JSON_CASES[case])
    _survives(db, ["rates", "import", str(path)], capsys, may_succeed=False)


#: the BM reader's own decoding and sniffing (the rest is the importers' reader, covered above)
BM_CASES = ("utf16_odd_length", "utf32", "binary", "huge_cell", "unclosed_quote", "duplicate_header")


@pytest.mark.parametrize("case", BM_CASES)
def test_bm_reconcile_survives(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    build_bm_sample(workspace)
    path = tmp_path / f"{case}.csv"
    path.write_bytes(CSV_CASES[case])
    db = workspace.path
    workspace.close()
    _survives(db, ["bm", "reconcile", "--project", CODE, str(path)], capsys, may_succeed=True)
