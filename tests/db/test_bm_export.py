"""The BM import file, read back with independent readers (python-calamine, the csv module)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from intervet_desktop.core.errors import UnusableFileError, UserError, ValidationError
from intervet_desktop.db.models import Mobility, Organisation, Person
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.exports.bm.fields import BY_KEY, DEFAULT_KEYS
from intervet_desktop.services.bm import PreflightFailed, check_project, export_bm
from tests.bm_factory import CODE, KA220_CODE, BmSample, build_bm_sample

DEFAULT_HEADERS = [BY_KEY[k].header for k in DEFAULT_KEYS]


@pytest.fixture
def sample(workspace: Workspace) -> BmSample:
    return build_bm_sample(workspace)


def read_xlsx(path: Path) -> list[list[object]]:
    workbook = CalamineWorkbook.from_path(str(path))
    try:
        return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    finally:
        workbook.close()


def read_csv(path: Path, delimiter: str = ";", encoding: str = "utf-8") -> list[list[str]]:
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.reader(handle, delimiter=delimiter))


def as_dicts(rows: list[list[object]], header_rows: int = 1) -> dict[str, dict[str, object]]:
    headers = [str(h) for h in rows[0]]
    records = [dict(zip(headers, r, strict=False)) for r in rows[header_rows:]]
    return {str(r["Mobility Activity ID"]): r for r in records}


def test_default_xlsx_has_every_documented_field_and_bm_values(
    workspace: Workspace, sample: BmSample, tmp_path: Path
) -> None:
    target = tmp_path / "bm.xlsx"
    report = export_bm(workspace, CODE, target)
    assert report.problems == []
    assert not report.from_template
    assert "best guess" in " ".join(n.render() for n in report.notes)
    rows = read_xlsx(target)
    assert rows[0] == DEFAULT_HEADERS
    assert len(rows) == 1 + 3  # the cancelled mobility and other projects are not in it
    by_id = as_dicts(rows)
    assert set(by_id) == {"EL01-0001", "EL01-0002", "EL01-0003"}
    greek = by_id["EL01-0001"]
    assert greek["Data type"] == "Mobility Activity"
    assert greek["Grant Agreement No."] == CODE
    assert greek["Participant First Name"] == "Γεώργιος"
    assert greek["Participant Gender"] == "Male"
    assert greek["Participant Date of Birth"] == "17-05-1980"
    assert greek["Participant Nationality"] == "EL"
    assert greek["Sending Country"] == "EL"
    assert greek["Participant with Fewer Opportunities"] == "YES"
    assert greek["Sending Organisation OID"] == "E10000001"
    assert greek["Receiving Organisation OID"] == "E10000002"
    assert greek["Start Date"] == "03-03-2025"
    assert greek["End Date"] == "14-03-2025"
    assert greek["Duration (in days)"] == 12
    assert greek["Funded Travel Days"] == 2
    assert greek["Funded duration including travel days (in days)"] == 14
    assert greek["Distance Band"] == "Between 2000 and 2999 KM"
    assert greek["Green Travel"] == "NO"
    assert greek["Main Means of Transport"] == "Plane"
    assert greek["Other Used Languages"] == "EN,PT"
    learner = by_id["EL01-0002"]
    # actual dates win over planned ones
    assert (learner["Start Date"], learner["End Date"]) == ("02-04-2025", "22-04-2025")
    assert learner["Participant Gender"] == "Female"
    assert learner["Green Travel"] == "YES"
    assert learner["Distance Band"] == "Between 500 and 1999 KM"  # 1999 km: upper edge inclusive
    assert learner["Funded duration including travel days (in days)"] == 21 + 4
    assert learner["Receiving City"] == "Köln"
    joao = by_id["EL01-0003"]
    assert joao["Distance Band"] == "Between 10 and 99 KM"
    assert joao["Participant Gender"] == "Undefined"
    assert joao["Participant Nationality"] == "PT"
    assert joao["Participant with Fewer Opportunities"] == "NO"
    # sensitive data never goes in
    flat = " ".join(str(c) for row in rows for c in row).casefold()
    assert "asthma" not in flat and "inhaler" not in flat and "health" not in flat


def test_csv_uses_gr_when_asked_and_reads_back(
    workspace: Workspace, sample: BmSample, tmp_path: Path
) -> None:
    target = tmp_path / "bm.csv"
    report = export_bm(workspace, CODE, target, greece="GR")
    assert report.kind == "csv" and report.rows == 3
    rows = read_csv(target)
    assert rows[0] == DEFAULT_HEADERS
    by_id = as_dicts(rows)  # type: ignore[arg-type]
    assert by_id["EL01-0001"]["Participant Nationality"] == "GR"
    assert by_id["EL01-0001"]["Sending Country"] == "GR"
    assert by_id["EL01-0001"]["Start Date"] == "03-03-2025"
    assert by_id["EL01-0003"]["Duration (in days)"] == "5"
    assert by_id["EL01-0002"]["Green Travel"] == "YES"
    assert not target.read_bytes().startswith(b"\xef\xbb\xbf")


def test_greece_setting_is_used_when_not_given(
    workspace: Workspace, sample: BmSample, tmp_path: Path
) -> None:
    from intervet_desktop.services.bm import greece_setting, save_greece_setting

    assert greece_setting(workspace) == "EL"
    save_greece_setting(workspace, "gr")
    export_bm(workspace, CODE, tmp_path / "bm.csv")
    assert as_dicts(read_csv(tmp_path / "bm.csv"))["EL01-0001"]["Participant Nationality"] == "GR"  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        save_greece_setting(workspace, "GRC")


def _xlsx_template(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Mobilities"
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_template_order_unknown_columns_and_marker_row(
    workspace: Workspace, sample: BmSample, tmp_path: Path
) -> None:
    headers = [
        "MOBILITY ACTIVITY ID*",
        "Grant agreement no",
        "Data Type",
        "End date (DD-MM-YYYY)",
        "Start date (DD-MM-YYYY)",
        "Receiving organization OID",
        "Certificate Type",
        "Participant First Name(s)",
        "Special needs",
        "Travel Grant",
        "Sustainable means of transport",
    ]
    markers = ["*", "*", "* DICT", "DD-MM-YYYY", "DD-MM-YYYY", "*", "DICT", "", "", "", "YES/NO"]
    template = _xlsx_template(tmp_path / "template.xlsx", [headers, markers])
    target = tmp_path / "bm.xlsx"
    report = export_bm(workspace, CODE, target, template=template)
    assert report.from_template
    empty = {(c.header, c.reason) for c in report.empty_columns}
    assert empty == {
        ("Certificate Type", "unknown"),
        ("Special needs", "sensitive"),
        ("Travel Grant", "computed_by_bm"),
    }
    notes = " ".join(n.render() for n in report.notes)
    assert "'Certificate Type' is left empty" in notes and "template" in notes
    rows = read_xlsx(target)
    assert rows[0] == headers
    assert rows[1] == markers
    assert len(rows) == 2 + 3
    first = dict(zip(headers, rows[2], strict=True))
    assert first["MOBILITY ACTIVITY ID*"] == "EL01-0001"
    assert first["End date (DD-MM-YYYY)"] == "14-03-2025"
    assert first["Start date (DD-MM-YYYY)"] == "03-03-2025"
    assert first["Receiving organization OID"] == "E10000002"
    assert first["Sustainable means of transport"] == "NO"
    assert first["Certificate Type"] == "" and first["Special needs"] == "" and first["Travel Grant"] == ""


def test_template_with_itinerary_rows_gets_sub_rows(
    workspace: Workspace, sample: BmSample, tmp_path: Path
) -> None:
    headers = [
        "Data type",
        "Grant Agreement No.",
        "Mobility Activity ID",
        "Participant Last Name",
        "Receiving Organisation OID",
        "Receiving Country",
        "Receiving City",
        "Funded duration including travel days (in days)",
    ]
    template = _xlsx_template(
        tmp_path / "t.xlsx",
        [
            headers,
            ["Mobility", CODE, "X-1", "Doe", None, None, None, None],
            ["Itinerary", CODE, "X-1", None, "E1", "FI", "Oulu", 7],
        ],
    )
    target = tmp_path / "bm.csv"
    report = export_bm(workspace, CODE, target, template=template)
    assert report.rows == 6 and report.mobilities == 3
    rows = read_csv(target)
    assert rows[1][:4] == ["Mobility", CODE, "EL01-0001", "Παπαδόπουλος"]
    assert rows[1][4:] == ["", "", "", ""]
    assert rows[2] == ["Itinerary", CODE, "EL01-0001", "", "E10000002", "PT", "Faro", "14"]


def test_csv_template_in_windows_1252_with_commas_is_followed(
    workspace: Workspace, sample: BmSample, tmp_path: Path
) -> None:
    template = tmp_path / "bm-export.csv"
    template.write_bytes(
        "Mobility Activity ID,Participant Last Name,Receiving City,Remarque spéciale\r\n".encode("cp1252")
    )
    target = tmp_path / "out.csv"
    report = export_bm(workspace, CODE, target, template=template)
    assert [c.header for c in report.empty_columns] == ["Remarque spéciale"]
    rows = read_csv(target, delimiter=",")
    assert rows[0] == ["Mobility Activity ID", "Participant Last Name", "Receiving City", "Remarque spéciale"]
    assert rows[2] == ["EL01-0002", "Οικονόμου", "Köln", ""]


@pytest.mark.parametrize(
    ("content", "error", "code"),
    [
        (b"", UnusableFileError, "bm_file_empty"),
        (b"\r\n\r\n", UnusableFileError, "bm_file_empty"),
        (b"Colour;Taste;Size\r\nred;sweet;3\r\n", ValidationError, "bm_template_unrecognised"),
    ],
)
def test_bad_templates_are_refused_and_nothing_is_written(
    workspace: Workspace, sample: BmSample, tmp_path: Path, content: bytes, error: type[Exception], code: str
) -> None:
    template = tmp_path / "template.csv"
    template.write_bytes(content)
    target = tmp_path / "bm.xlsx"
    with pytest.raises(error) as caught:
        export_bm(workspace, CODE, target, template=template)
    assert isinstance(caught.value, UserError)
    assert caught.value.message.code == code
    assert not target.exists()


def test_a_file_that_is_not_a_spreadsheet_is_unusable(
    workspace: Workspace, sample: BmSample, tmp_path: Path
) -> None:
    template = tmp_path / "template.xlsx"
    template.write_bytes(b"this is not a zip file")
    with pytest.raises(UnusableFileError) as caught:
        export_bm(workspace, CODE, tmp_path / "bm.xlsx", template=template)
    assert caught.value.message.code == "bm_file_unreadable"
    with pytest.raises(ValidationError):
        export_bm(workspace, CODE, tmp_path / "bm.pdf")


def test_ka220_is_refused_with_the_reason(workspace: Workspace, sample: BmSample, tmp_path: Path) -> None:
    target = tmp_path / "bm.xlsx"
    with pytest.raises(UserError) as caught:
        export_bm(workspace, KA220_CODE, target)
    assert caught.value.message.code == "bm_lump_sum_refused"
    assert "lump sums" in caught.value.message.render()
    assert not target.exists()


INJECTIONS = ['=HYPERLINK("http://x","y")', "+31 6 1234", "-2+3", "@SUM(A1)", "#N/A"]


def test_formula_like_text_stays_text(workspace: Workspace, sample: BmSample, tmp_path: Path) -> None:
    with workspace.session() as s:
        greek = s.get(Person, sample.person_ids[0])
        assert greek is not None
        greek.first_name, greek.last_name, greek.email = INJECTIONS[0], INJECTIONS[1], INJECTIONS[3]
        s.add(greek)
        mobility = s.get(Mobility, sample.mobility_ids["EL01-0001"])
        assert mobility is not None
        mobility.destination_city = INJECTIONS[2]
        mobility.bm_activity_id = "#N/A"
        s.add(mobility)
    xlsx = tmp_path / "bm.xlsx"
    export_bm(workspace, CODE, xlsx, force=True)
    sheet = openpyxl.load_workbook(xlsx).active
    assert sheet is not None
    values = {
        c.value: c.data_type for row in sheet.iter_rows(min_row=2) for c in row if c.value in INJECTIONS
    }
    assert set(values) == set(INJECTIONS)
    assert set(values.values()) == {"s"}  # strings: never a formula ('f') or an error ('e')
    by_id = as_dicts(read_xlsx(xlsx))
    assert by_id["#N/A"]["Participant First Name"] == INJECTIONS[0]
    target = tmp_path / "bm.csv"
    export_bm(workspace, CODE, target, force=True)
    rows = read_csv(target)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Participant First Name"] == "'" + INJECTIONS[0]
    assert first["Participant Last Name"] == "'" + INJECTIONS[1]
    assert first["Receiving City"] == "'" + INJECTIONS[2]
    assert first["Participant Email"] == "'" + INJECTIONS[3]


def test_preflight_names_every_kind_of_problem(
    workspace: Workspace, sample: BmSample, tmp_path: Path
) -> None:
    ids = sample.mobility_ids
    with workspace.session() as s:
        no_oid = Organisation(name="Host without OID", country="IT", city="Roma", search_key="host")
        bad_oid = Organisation(name="Host with bad OID", country="IT", oid="12345678", search_key="bad")
        s.add_all([no_oid, bad_oid])
        s.flush()
        first = s.get(Mobility, ids["EL01-0001"])
        second = s.get(Mobility, ids["EL01-0002"])
        third = s.get(Mobility, ids["EL01-0003"])
        assert first and second and third
        first.receiving_org_id = no_oid.id
        first.planned_start, first.planned_end = (
            date(2024, 5, 20),
            date(2024, 5, 10),
        )  # order + outside project
        first.travel_days = 3  # standard travel: at most 2
        second.receiving_org_id = bad_oid.id
        second.sending_org_id = None
        second.green_travel, second.transport_mode = True, "plane"
        second.actual_start, second.actual_end = date(2025, 4, 2), date(2025, 4, 5)  # learners: >= 10 days
        second.distance_km = None
        second.destination_city = ""
        third.bm_activity_id = "el01-0001 "  # the same ID as the first, for the BM
        third.distance_km, third.travel_days = 8, 1  # travel days but no travel support
        s.add_all([first, second, third])
        greek = s.get(Person, sample.person_ids[0])
        assert greek is not None
        greek.birth_date, greek.nationality = None, None
        s.add(greek)
        from intervet_desktop.db.models import PersonLanguage

        for language in ("fr", "de", "it"):
            s.add(PersonLanguage(person_id=sample.person_ids[1], language=language, level="B1"))
    _project, _rows, problems = check_project(workspace, CODE)
    found = {(p.bm_activity_id, p.field, p.message.code) for p in problems}
    assert found == {
        ("EL01-0001", "receiving_oid", "bm_oid_missing"),
        ("EL01-0001", "end", "bm_dates_order"),
        ("EL01-0001", "travel_days", "bm_travel_days_range"),
        ("EL01-0001", "birth_date", "bm_field_missing"),
        ("EL01-0001", "nationality", "bm_field_missing"),
        ("EL01-0001", "bm_activity_id", "bm_id_duplicate"),
        ("el01-0001 ", "bm_activity_id", "bm_id_duplicate"),
        ("el01-0001 ", "travel_days", "bm_travel_days_short_distance"),
        ("EL01-0002", "receiving_oid", "bm_oid_invalid"),
        ("EL01-0002", "sending_org", "bm_org_missing"),
        ("EL01-0002", "transport_mode", "bm_green_transport"),
        ("EL01-0002", "end", "bm_duration_range"),
        ("EL01-0002", "distance_km", "bm_distance_missing"),
        ("EL01-0002", "receiving_city", "bm_field_missing"),
        ("EL01-0002", "languages", "bm_languages_limit"),
    }
    # the mobility and participant come with each problem, so the UI can open it
    problem = next(p for p in problems if p.field == "receiving_oid" and p.bm_activity_id == "EL01-0001")
    assert problem.mobility_id == ids["EL01-0001"] and problem.participant == "Γεώργιος Παπαδόπουλος"
    assert "Host without OID" in problem.render()
    target = tmp_path / "bm.xlsx"
    with pytest.raises(PreflightFailed) as caught:
        export_bm(workspace, CODE, target)
    assert len(caught.value.bm_problems) == len(problems)
    assert not target.exists()
    report = export_bm(workspace, CODE, target, force=True)
    assert len(report.problems) == len(problems)
    rows = read_xlsx(target)
    learner = as_dicts(rows)["EL01-0002"]
    assert learner["Other Used Languages"].count(",") == 2  # at most 3 other languages written


def test_preflight_of_a_clean_project_is_empty(workspace: Workspace, sample: BmSample) -> None:
    _project, rows, problems = check_project(workspace, CODE)
    assert len(rows) == 3 and problems == []
