"""Is this record the same person or organisation as another one? Pure rules, no DB.

Keys fold case and accents (Greek tonos and final sigma included, via ``core.text``) and ignore
the order of name parts, so 'MÜLLER Jörg', 'Jörg Müller' and 'jorg muller' are the same name.
Finding pairs across a whole table blocks records by shared keys first (e-mail, name + date of
birth, OID, date of birth, city + a name word) and compares only inside a block.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from enum import StrEnum
from itertools import combinations

from intervet_desktop.core.messages import Message, msg, register
from intervet_desktop.core.text import search_key

SIMILAR_RATIO = 0.88
MAX_BLOCK = 400  # a block larger than this (e.g. a very common word) is compared by exact keys only


class Reason(StrEnum):
    SAME_EMAIL = "same_email"
    SAME_NAME_AND_BIRTH_DATE = "same_name_and_birth_date"
    SIMILAR_NAME_AND_BIRTH_DATE = "similar_name_and_birth_date"
    SAME_NAME = "same_name"
    SAME_OID = "same_oid"
    SAME_NAME_AND_CITY = "same_name_and_city"
    SIMILAR_NAME_AND_CITY = "similar_name_and_city"


STRONG = {Reason.SAME_EMAIL, Reason.SAME_NAME_AND_BIRTH_DATE, Reason.SAME_OID, Reason.SAME_NAME_AND_CITY}


_GREEK_PAIRS = {
    "ευ": "ev",
    "αυ": "av",
    "ου": "ou",
    "αι": "ai",
    "ει": "ei",
    "οι": "oi",
    "μπ": "b",
    "ντ": "d",
    "γκ": "g",
    "γγ": "ng",
}
_GREEK = str.maketrans(
    {
        "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i", "κ": "k",
        "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s", "τ": "t", "υ": "y",
        "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
    }
)  # fmt: skip


def latin(folded: str) -> str:
    """Greek letters of a folded key in Latin (ELOT 743, simplified): 'γιωργοσ' -> 'giorgos', so a
    name typed in Greek by one school and in Latin by another gives the same key."""
    if not any("\u0370" <= ch <= "\u03ff" for ch in folded):
        return folded
    for pair, text in _GREEK_PAIRS.items():
        folded = folded.replace(pair, text)
    return folded.translate(_GREEK)


def name_key(*parts: str | None) -> str:
    """Words of the name, folded, in Latin letters and sorted: order, case, accents, punctuation
    and Greek or Latin spelling do not matter ('Γιώργος Παπαδόπουλος' = 'PAPADOPOULOS Giorgos')."""
    words = search_key(*parts).replace("-", " ").replace(".", " ").replace(",", " ").replace("'", " ")
    return " ".join(sorted(latin(words).split()))


def similar(a: str, b: str, threshold: float = SIMILAR_RATIO) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return (
        matcher.real_quick_ratio() >= threshold
        and matcher.quick_ratio() >= threshold
        and matcher.ratio() >= threshold
    )


@dataclass(frozen=True)
class PersonKey:
    id: int
    name: str
    email: str | None
    birth_date: date | None

    @classmethod
    def of(
        cls, id: int, first: str | None, last: str | None, email: str | None, birth_date: date | None
    ) -> PersonKey:
        return cls(id, name_key(first, last), (email or "").strip().lower() or None, birth_date)


@dataclass(frozen=True)
class OrganisationKey:
    id: int
    name: str
    city: str
    oid: str | None
    country: str | None

    @classmethod
    def of(
        cls, id: int, name: str | None, city: str | None, oid: str | None, country: str | None
    ) -> OrganisationKey:
        return cls(id, name_key(name), search_key(city), (oid or "").upper() or None, country)


@dataclass(frozen=True)
class Match:
    """An existing record that looks like the one being checked, and why."""

    id: int
    reasons: tuple[Reason, ...]

    @property
    def strong(self) -> bool:
        return any(r in STRONG for r in self.reasons)


@dataclass(frozen=True)
class Pair:
    first_id: int
    second_id: int
    reasons: tuple[Reason, ...]


def person_reasons(a: PersonKey, b: PersonKey) -> tuple[Reason, ...]:
    reasons: list[Reason] = []
    if a.email and a.email == b.email:
        reasons.append(Reason.SAME_EMAIL)
    if a.name and a.name == b.name:
        if a.birth_date and a.birth_date == b.birth_date:
            reasons.append(Reason.SAME_NAME_AND_BIRTH_DATE)
        elif not (a.birth_date and b.birth_date):
            reasons.append(Reason.SAME_NAME)
    elif a.birth_date and a.birth_date == b.birth_date and similar(a.name, b.name):
        reasons.append(Reason.SIMILAR_NAME_AND_BIRTH_DATE)
    return tuple(reasons)


def organisation_reasons(a: OrganisationKey, b: OrganisationKey) -> tuple[Reason, ...]:
    reasons: list[Reason] = []
    if a.oid and a.oid == b.oid:
        reasons.append(Reason.SAME_OID)
    same_place = (
        bool(a.city) and a.city == b.city and (not a.country or not b.country or a.country == b.country)
    )
    if same_place and a.name == b.name:
        reasons.append(Reason.SAME_NAME_AND_CITY)
    elif same_place and similar(a.name, b.name):
        reasons.append(Reason.SIMILAR_NAME_AND_CITY)
    return tuple(reasons)


def person_matches(candidate: PersonKey, existing: Iterable[PersonKey]) -> list[Match]:
    found = [
        Match(other.id, r)
        for other in existing
        if other.id != candidate.id and (r := person_reasons(candidate, other))
    ]
    return sorted(found, key=lambda m: (not m.strong, m.id))


def organisation_matches(candidate: OrganisationKey, existing: Iterable[OrganisationKey]) -> list[Match]:
    found = [
        Match(other.id, r)
        for other in existing
        if other.id != candidate.id and (r := organisation_reasons(candidate, other))
    ]
    return sorted(found, key=lambda m: (not m.strong, m.id))


def _blocks_people(records: Sequence[PersonKey]) -> Iterator[list[PersonKey]]:
    by_email: dict[str, list[PersonKey]] = defaultdict(list)
    by_birth: dict[date, list[PersonKey]] = defaultdict(list)
    by_name: dict[str, list[PersonKey]] = defaultdict(list)
    for record in records:
        if record.email:
            by_email[record.email].append(record)
        if record.birth_date:
            by_birth[record.birth_date].append(record)
        if record.name:
            by_name[record.name].append(record)
    for groups in (by_email, by_birth, by_name):
        yield from (group for group in groups.values() if len(group) > 1)


def _blocks_organisations(records: Sequence[OrganisationKey]) -> Iterator[list[OrganisationKey]]:
    by_oid: dict[str, list[OrganisationKey]] = defaultdict(list)
    by_city_word: dict[tuple[str, str], list[OrganisationKey]] = defaultdict(list)
    for record in records:
        if record.oid:
            by_oid[record.oid].append(record)
        if record.city:
            for word in set(record.name.split()):
                if len(word) >= 3:
                    by_city_word[(record.city, word)].append(record)
            if record.name:
                by_city_word[(record.city, "\0" + record.name[:3])].append(record)
    yield from (group for group in by_oid.values() if len(group) > 1)
    yield from (group for group in by_city_word.values() if len(group) > 1)


def person_pairs(records: Sequence[PersonKey]) -> list[Pair]:
    """Likely duplicate pairs among ``records``, compared only within shared-key blocks."""
    seen: dict[tuple[int, int], tuple[Reason, ...]] = {}
    for block in _blocks_people(records):
        exact_only = len(block) > MAX_BLOCK
        for a, b in combinations(block, 2):
            key = (min(a.id, b.id), max(a.id, b.id))
            if key in seen:
                continue
            if exact_only and a.email != b.email and a.name != b.name:
                continue
            reasons = person_reasons(a, b)
            if reasons and reasons != (Reason.SAME_NAME,):
                seen[key] = reasons
    return [Pair(a, b, r) for (a, b), r in sorted(seen.items())]


def organisation_pairs(records: Sequence[OrganisationKey]) -> list[Pair]:
    seen: dict[tuple[int, int], tuple[Reason, ...]] = {}
    for block in _blocks_organisations(records):
        exact_only = len(block) > MAX_BLOCK
        for a, b in combinations(block, 2):
            key = (min(a.id, b.id), max(a.id, b.id))
            if key in seen:
                continue
            if exact_only and a.oid != b.oid and a.name != b.name:
                continue
            reasons = organisation_reasons(a, b)
            if reasons:
                seen[key] = reasons
    return [Pair(a, b, r) for (a, b), r in sorted(seen.items())]


for _reason, _text in {
    Reason.SAME_EMAIL: "same e-mail address",
    Reason.SAME_NAME_AND_BIRTH_DATE: "same name and date of birth",
    Reason.SIMILAR_NAME_AND_BIRTH_DATE: "very similar name and the same date of birth",
    Reason.SAME_NAME: "same name",
    Reason.SAME_OID: "same OID",
    Reason.SAME_NAME_AND_CITY: "same name in the same city",
    Reason.SIMILAR_NAME_AND_CITY: "very similar name in the same city",
}.items():
    register(f"duplicate_{_reason.value}", _text)
register("duplicate_of", "Looks like {entity} #{id} ({reasons}).")


def reason_message(reason: Reason) -> Message:
    return msg(f"duplicate_{reason.value}")
