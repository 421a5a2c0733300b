"""BM values and header matching (no database)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from intervet_desktop.exports.bm import values as v
from intervet_desktop.exports.bm.headers import is_marker_row, is_sensitive, match_header


@pytest.mark.parametrize(
    ("km", "band"),
    [
        (None, ""),
        (9, "Less than 10 KM"),
        (10, "Between 10 and 99 KM"),
        (99, "Between 10 and 99 KM"),
        (100, "Between 100 and 499 KM"),
        (1999, "Between 500 and 1999 KM"),
        (2000, "Between 2000 and 2999 KM"),
        (7999, "Between 4000 and 7999 KM"),
        (8000, "8000 KM or more"),
    ],
)
def test_distance_bands_have_inclusive_edges(km: int | None, band: str) -> None:
    assert v.distance_band(km) == band


def test_values_as_the_bm_writes_them_and_back() -> None:
    assert v.bm_date(date(2025, 3, 4)) == "04-03-2025"
    assert v.parse_date("04-03-2025") == date(2025, 3, 4)
    assert v.parse_date("4/3/2025") == date(2025, 3, 4)
    assert v.parse_date(datetime(2025, 3, 4, 0, 0)) == date(2025, 3, 4)
    assert v.parse_date("2025-03-04") == date(2025, 3, 4)
    assert v.parse_date("31-02-2025") is None
    assert (v.yes_no(True), v.yes_no(False)) == ("YES", "NO")
    assert (v.parse_flag("yes"), v.parse_flag("No"), v.parse_flag("maybe")) == (True, False, None)
    assert (v.bm_country("GR"), v.bm_country("GR", "GR"), v.bm_country("pt")) == ("EL", "GR", "PT")
    assert (v.parse_country("EL"), v.parse_country("UK"), v.parse_country("fi")) == ("GR", "GB", "FI")
    assert [v.gender_word(g) for g in ("female", "male", "non_binary", "undisclosed")] == [
        "Female",
        "Male",
        "Undefined",
        "Undefined",
    ]
    assert v.parse_cents("1.234,50") == 123450 and v.parse_cents(417.0) == 41700
    assert v.parse_cents("") is None and v.parse_cents("n/a") is None
    assert v.parse_int(2.0) == 2 and v.text_of(12.0) == "12"
    assert v.parse_transport("Car-pooling") == "car_pooling" and v.parse_transport("Zeppelin") is None


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Mobility Activity ID", "bm_activity_id"),
        ("MOBILITY ACTIVITY ID*", "bm_activity_id"),
        ("mobility_activity_id", "bm_activity_id"),
        ("Grant agreement no", "grant_agreement_no"),
        ("Sending Organization OID", "sending_oid"),
        ("Start date (DD-MM-YYYY)", "start"),
        ("Funded duration including travel days (in days)", "funded_duration"),
        ("Funded Duration Including Travel Days", "funded_duration"),
        ("Participant E-mail", "email"),
        ("Sustainable means of transport", "green_travel"),
        ("Data Type", "data_type"),
        ("Certificate Type", None),
        ("", None),
    ],
)
def test_headers_match_tolerantly(header: str, key: str | None) -> None:
    spec = match_header(header)
    assert (spec.key if spec else None) == key


def test_marker_rows_and_sensitive_headers() -> None:
    assert is_marker_row(["*", "DICT", "DD-MM-YYYY", "", "YES/NO", "* DICT"])
    assert not is_marker_row(["2024-1-EL01-KA121-VET-000111222", "EL01-1", "*"])
    assert not is_marker_row(["", ""])
    assert is_sensitive("Special needs") and is_sensitive("Health condition")
    assert is_sensitive("Fewer opportunities category")
    assert not is_sensitive("Participant with Fewer Opportunities")
