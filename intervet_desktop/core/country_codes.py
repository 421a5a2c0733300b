"""Country codes as people and the EU write them: ISO 3166-1 alpha-2 inside, EL/UK accepted."""

from __future__ import annotations

# EU style codes that differ from ISO 3166-1 alpha-2.
EU_TO_ISO = {"EL": "GR", "UK": "GB"}
ISO_TO_EU = {iso: eu for eu, iso in EU_TO_ISO.items()}

EU27 = (
    *("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE"),
    *("IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"),
)
# Programme countries of Erasmus+: the EU27 plus the third countries associated to the programme.
PROGRAMME_COUNTRIES = (*EU27, "IS", "LI", "NO", "MK", "RS", "TR")


def normalise_country(code: str) -> str:
    """'el' -> 'GR', 'UK' -> 'GB', ' fi ' -> 'FI' (no check that the code exists)."""
    upper = code.strip().upper()
    return EU_TO_ISO.get(upper, upper)


def eu_style(iso_code: str) -> str:
    """ISO alpha-2 -> the EU's way of writing it ('GR' -> 'EL')."""
    return ISO_TO_EU.get(iso_code, iso_code)


def is_country_code(code: str) -> bool:
    """True for an ISO alpha-2 code or an EU-style one (EL, UK)."""
    from intervet_desktop.core.validation.countries import codes

    normal = normalise_country(code)
    return len(normal) == 2 and normal in codes()
