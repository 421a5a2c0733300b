"""The shared xlsx writer: text that looks like a formula stays text, dates are dates, money has
its currency format; read back with calamine and openpyxl."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from intervet_desktop.exports.xlsx.writer import EUR_FORMAT, Column, Formula, write_table_xlsx

RISKY = ["=1+1", '=HYPERLINK("http://evil","click")', "+41 22 000", "-3+4", "@SUM(A1)", "=cmd|' /C calc'!A0"]


def test_risky_text_is_written_as_text(tmp_path: Path) -> None:
    target = tmp_path / "t.xlsx"
    columns = [Column("Name"), Column("Born", "date"), Column("Grant", "money"), Column("Count", "int")]
    rows = [[text, date(2001, 2, 3), 12_345, 7] for text in RISKY] + [["Γεώργιος", None, None, None]]
    assert write_table_xlsx(target, "List", columns, rows, header_text="P", exported_on=date(2026, 1, 2)) == 7
    values = CalamineWorkbook.from_path(str(target)).get_sheet_by_name("List").to_python()
    assert values[0] == ["Name", "Born", "Grant", "Count"]
    assert [r[0] for r in values[1:]] == [*RISKY, "Γεώργιος"]
    assert values[1][1] == date(2001, 2, 3) and values[1][2] == 123.45 and values[1][3] == 7
    ws = load_workbook(target)["List"]
    for row in ws.iter_rows(min_row=2, max_row=len(RISKY) + 1):
        assert row[0].data_type == "s"  # never "f"
        assert row[1].number_format == "yyyy-mm-dd" and row[2].number_format == EUR_FORMAT


def test_own_formulas_are_formulas(tmp_path: Path) -> None:
    target = tmp_path / "f.xlsx"
    write_table_xlsx(
        target,
        "S",
        [Column("A", "money")],
        [[100], [Formula("=SUM(A2:A2)")]],
        header_text="",
        exported_on=date(2026, 1, 1),
    )
    cell = load_workbook(target)["S"]["A3"]
    assert cell.data_type == "f" and cell.value == "=SUM(A2:A2)" and cell.number_format == EUR_FORMAT
