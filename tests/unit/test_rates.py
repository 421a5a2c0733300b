"""Rate-set JSON schema: typed load, problems naming the JSON path, exact round trip."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.rates import dump_rate_set, load_rate_set, parse_rate_set_text, rate_set_to_dict
from intervet_desktop.core.rates_builtin import builtin_texts


@pytest.fixture
def doc() -> dict[str, Any]:
    return json.loads(builtin_texts()["ka1-vet-2024"])


def fields_of(data: Any) -> set[str]:
    with pytest.raises(ValidationError) as exc:
        load_rate_set(data)
    return exc.value.fields()


@pytest.mark.parametrize("ident", ["ka1-vet-2021", "ka1-vet-2024"])
def test_builtin_files_round_trip_exactly(ident: str) -> None:
    text = builtin_texts()[ident]
    rates = parse_rate_set_text(text)
    assert dump_rate_set(rates) == text
    assert parse_rate_set_text(dump_rate_set(rates)) == rates


def test_builtin_sets_carry_sources_and_a_verify_note() -> None:
    for text in builtin_texts().values():
        rates = parse_rate_set_text(text)
        assert rates.sources
        assert "verify" in rates.note.lower() and "national agency" in rates.note.lower()
        assert rates.unverified and "organisational_support_per_participant" in rates.unverified
        assert rates.durations["SM-JOB-SHDW"] == (2, 60)
        assert rates.durations["SM-TTA"] == (2, 365)
        assert rates.durations["SM-COUR-TRAIN"] == (2, 30)
        assert rates.durations["OA-INV-EXP"] == (2, 60)
        assert rates.course_fee_max_days == 10
        # every programme country has a group
        for code in ("FI", "IT", "PT", "GR", "DE", "ES", "IS", "LI", "NO", "MK", "RS", "TR"):
            assert rates.group_of(code) is not None, code


def test_values_from_the_research_file() -> None:
    r24 = parse_rate_set_text(builtin_texts()["ka1-vet-2024"])
    assert [(b.min_km, b.max_km, b.standard, b.green) for b in r24.travel_bands[:3]] == [
        (10, 99, Decimal("28.00"), Decimal("56.00")),
        (100, 499, Decimal("211.00"), Decimal("285.00")),
        (500, 1999, Decimal("309.00"), Decimal("417.00")),
    ]
    assert r24.travel_bands[-1].max_km is None
    r21 = parse_rate_set_text(builtin_texts()["ka1-vet-2021"])
    assert r21.travel_bands[0].green is None and r21.travel_bands[0].standard == Decimal("23.00")
    assert r21.call_years == (2021, 2022, 2023)


def test_round_trip_of_an_edited_document(doc: dict[str, Any]) -> None:
    doc["national_agency"] = "FI01"
    doc["country_groups"]["2"].append("GB")  # a third country added by a user, written as ISO
    doc.pop("unverified")
    rates = load_rate_set(doc)
    assert rate_set_to_dict(rates) == doc
    assert list(rate_set_to_dict(rates)) == list(doc)  # key order kept
    changed = replace(rates, version=2, name="Mine")
    again = load_rate_set(json.loads(dump_rate_set(changed)))
    assert again == changed


def test_greece_written_el_is_kept_and_found_as_gr(doc: dict[str, Any]) -> None:
    rates = load_rate_set(doc)
    assert "EL" in rates.country_groups["2"]
    assert rates.group_of("GR") == "2"
    assert '"EL"' in dump_rate_set(rates)
    doc["country_groups"]["2"] = ["GR" if c == "EL" else c for c in doc["country_groups"]["2"]]
    assert load_rate_set(doc).group_of("EL") == "2"


def test_bad_amount_names_the_band(doc: dict[str, Any]) -> None:
    doc["travel_bands"][2]["standard"] = 309
    assert fields_of(doc) == {"travel_bands[2].standard"}
    doc["travel_bands"][2]["standard"] = "309.0"
    assert fields_of(doc) == {"travel_bands[2].standard"}


def test_every_problem_is_reported_with_its_path(doc: dict[str, Any]) -> None:
    bad = copy.deepcopy(doc)
    del bad["name"]
    bad["extra"] = 1
    bad["travel_days"]["green_max"] = -1
    bad["country_groups"]["3"].append("XX")
    bad["country_groups"]["3"].append("FI")  # already in group 1
    bad["individual_support_staff"]["2"] = "abc"
    bad["reduced_rate"]["factor"] = "1.5"
    bad["durations"]["SM-TTA"] = [10, 2]
    bad["travel_bands"][3]["min_km"] = 2100  # a gap after 1,999 km
    assert fields_of(bad) == {
        "name",
        "extra",
        "travel_days.green_max",
        "country_groups.3[9]",
        "country_groups.3[10]",
        "individual_support_staff.2",
        "reduced_rate.factor",
        "durations.SM-TTA",
        "travel_bands[3].min_km",
    }


def test_group_rates_must_cover_every_group(doc: dict[str, Any]) -> None:
    del doc["individual_support_learners"]["3"]
    assert fields_of(doc) == {"individual_support_learners.3"}


def test_not_json_and_not_an_object() -> None:
    with pytest.raises(ValidationError) as exc:
        parse_rate_set_text("{not json")
    assert exc.value.fields() == {"(file)"}
    assert fields_of([1, 2]) == {"(document)"}


def test_unsupported_schema_version(doc: dict[str, Any]) -> None:
    doc["schema"] = 2
    assert fields_of(doc) == {"schema"}


def test_band_lookup_edges() -> None:
    rates = parse_rate_set_text(builtin_texts()["ka1-vet-2024"])
    assert rates.band_for(9) is None
    band_10 = rates.band_for(10)
    band_99 = rates.band_for(99)
    band_100 = rates.band_for(100)
    assert band_10 is not None and band_99 is not None and band_100 is not None
    assert band_10.min_km == band_99.min_km == 10
    assert band_100.min_km == 100
    band_far = rates.band_for(20000)
    assert band_far is not None and band_far.min_km == 8000
