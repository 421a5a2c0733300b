"""Offline distance estimate: great-circle (haversine) kilometres, the band, and warnings.

The official figure is the EC distance calculator's, typed in by the officer; the estimate is a
check. Warnings: the two fall in different bands, or a value sits within 2% of a band edge.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from intervet_desktop.core.messages import Message, msg, register
from intervet_desktop.core.places import Place
from intervet_desktop.core.rates import RateSet, TravelBand

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
EDGE_MARGIN = Decimal("0.02")

register(
    "distance_bands_differ",
    "The official distance {official} km is in band {official_band}, the offline estimate {estimate} km "
    "in band {estimate_band}. Check the distance with the EC distance calculator.",
)
register(
    "distance_near_edge",
    "The {which} distance {km} km is within 2% of the band edge at {edge} km: "
    "check it with the EC distance calculator.",
)


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in kilometres between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def whole_km(km: float) -> int:
    """Kilometres as the whole number the bands use (half up)."""
    return int(Decimal(repr(km)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def estimate_km(origin: Place, destination: Place) -> int:
    return whole_km(great_circle_km(origin.lat, origin.lon, destination.lat, destination.lon))


def band_text(band: TravelBand | None) -> str:
    return band.label() if band is not None else "below 10 km (no travel grant)"


def band_edges(rates: RateSet) -> list[int]:
    """Where one band starts (and the one below it, or no grant, ends)."""
    return [band.min_km for band in rates.travel_bands]


def near_edge(km: int, rates: RateSet) -> int | None:
    """The band edge within 2% of ``km`` (``|km - edge| <= 2% of edge``), if any."""
    for edge in band_edges(rates):
        if abs(Decimal(km - edge)) <= EDGE_MARGIN * edge:
            return edge
    return None


def distance_warnings(official_km: int | None, estimate: int | None, rates: RateSet) -> list[Message]:
    warnings: list[Message] = []
    if official_km is not None and estimate is not None:
        a, b = rates.band_for(official_km), rates.band_for(estimate)
        if a != b:
            warnings.append(
                msg(
                    "distance_bands_differ",
                    official=official_km,
                    official_band=band_text(a),
                    estimate=estimate,
                    estimate_band=band_text(b),
                )
            )
    for which, km in (("official", official_km), ("estimated", estimate)):
        if km is not None:
            edge = near_edge(km, rates)
            if edge is not None:
                warnings.append(msg("distance_near_edge", which=which, km=km, edge=edge))
    return warnings
