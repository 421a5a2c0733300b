"""Organisations with their contact persons, and people: staff, learners, invited experts."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from intervet_desktop.core.enums import CefrLevel, Gender, OrgKind, PersonRole
from intervet_desktop.core.text import search_key, sort_key
from intervet_desktop.db.models import Contact, Organisation, Person, PersonLanguage
from intervet_desktop.services.demo.catalogue import (
    CONSORTIUM,
    EXPERT_ORGS,
    HOSTS,
    NATIVE_LANGUAGE,
    PARTNERS,
    City,
    Host,
    School,
)
from intervet_desktop.services.demo.contact_data import BANK_CODES, iban, phone
from intervet_desktop.services.demo.names import latin, pool_for
from intervet_desktop.services.demo.rows import BulkWriter, Row


@dataclass(frozen=True, slots=True)
class OrgRef:
    id: int
    name: str
    city: City
    school: School | None
    contact_ids: tuple[int, ...]
    oid: str | None = None


@dataclass(frozen=True, slots=True)
class PersonRef:
    id: int
    first: str
    last: str
    country: str
    org_id: int
    role: str
    fewer_opportunities: bool
    name_key: str  # search_key(first, last)
    sort_key: str  # sort_key(last, first)
    birth_date: date | None = None


@dataclass
class World:
    schools: dict[str, OrgRef] = field(default_factory=dict)
    hosts: list[OrgRef] = field(default_factory=list)
    expert_orgs: list[OrgRef] = field(default_factory=list)
    staff: dict[str, list[PersonRef]] = field(default_factory=dict)
    learners: dict[str, list[PersonRef]] = field(default_factory=dict)
    experts: list[PersonRef] = field(default_factory=list)
    _with_oid: list[OrgRef] = field(default_factory=list)

    def hosts_for(self, closed: bool) -> list[OrgRef]:
        """Hosts a project can use: a closed project (reported to the BM) only hosts with an OID."""
        if not closed:
            return self.hosts
        if len(self._with_oid) == 0:
            self._with_oid = [h for h in self.hosts if h.oid]
        return self._with_oid

    @property
    def own(self) -> OrgRef:
        return self.schools["it"]


CONTACT_ROLES = (
    "International coordinator",
    "Host tutor",
    "Head of department",
    "Training manager",
    "HR manager",
    "Workshop supervisor",
)
STAFF_ROLES = (
    (PersonRole.TEACHER, 55),
    (PersonRole.TRAINER, 15),
    (PersonRole.MANAGER, 7),
    (PersonRole.ADMINISTRATIVE, 10),
    (PersonRole.INTERNATIONAL_OFFICER, 6),
    (PersonRole.OTHER_STAFF, 7),
)
FEWER_OPPORTUNITIES = (
    "economic obstacles",
    "geographical obstacles",
    "educational difficulties",
    "social obstacles",
    "disability",
    "health problems",
    "cultural differences",
)
OTHER_LANGUAGES = ("fr", "de", "es", "it", "pt")
# share of staff and learners per sending school (the own school sends most)
SCHOOL_WEIGHTS = {"it": 26, "fi": 12, "pt": 11, "gr": 12, "de": 12, "es": 13, "it-imola": 7, "it-ferrara": 7}


class WorldBuilder:
    def __init__(self, writer: BulkWriter, rng: random.Random, today: date, size: int) -> None:
        self.w = writer
        self.rng = rng
        self.today = today
        self.size = size
        self._emails: set[str] = set()
        self.people_rows: list[Row] = []
        self.language_rows: list[Row] = []
        self.iban_share = 0.3

    # ------------------------------------------------------------------ organisations
    def organisations(self) -> World:
        world = World()
        org_rows: list[Row] = []
        contact_rows: list[Row] = []
        rng = self.rng
        used_oids = {s.oid for s in PARTNERS + CONSORTIUM}
        for school in PARTNERS + CONSORTIUM:
            oid = self.w.new_id(Organisation)
            org_rows.append(
                self._org_row(
                    oid,
                    school.name,
                    OrgKind.VET_SCHOOL.value,
                    "Vocational education and training",
                    "85.32",
                    "ge250" if school.is_own else rng.choice(("lt250", "ge250")),
                    school.city,
                    school.address,
                    school.domain,
                    school.languages,
                    capacity=rng.randint(4, 10),
                    oid_code=school.oid,
                    pic=school.pic,
                    is_own=school.is_own,
                    is_partner=school.key in {p.key for p in PARTNERS} and not school.is_own,
                    is_host=True,
                    is_consortium=school.is_consortium_member,
                )
            )
            contacts = self._contacts(
                oid, school.city.country, school.domain, contact_rows, rng.randint(1, 2)
            )
            world.schools[school.key] = OrgRef(oid, school.name, school.city, school, contacts, school.oid)
        for host in HOSTS + EXPERT_ORGS:
            oid = self.w.new_id(Organisation)
            roll = rng.random()
            code: str | None = None
            requested: date | None = None
            if roll < 0.82 or host in EXPERT_ORGS:
                code = self._oid(used_oids)
            elif roll < 0.95:
                requested = self.today - timedelta(days=rng.randint(4, 75))
            pic = "".join(str(rng.randrange(10)) for _ in range(9)) if rng.random() < 0.6 else None
            if pic and pic[0] == "0":
                pic = "9" + pic[1:]
            org_rows.append(
                self._org_row(
                    oid,
                    host.name,
                    host.kind,
                    host.sector,
                    host.nace,
                    host.size,
                    host.city,
                    host.address,
                    host.domain,
                    host.languages,
                    capacity=host.capacity or None,
                    oid_code=code,
                    pic=pic,
                    oid_requested_on=requested,
                    is_host=host in HOSTS,
                )
            )
            contacts = self._contacts(oid, host.city.country, host.domain, contact_rows, rng.randint(1, 3))
            ref = OrgRef(oid, host.name, host.city, None, contacts, code)
            (world.hosts if host in HOSTS else world.expert_orgs).append(ref)
        self.w.insert(Organisation, org_rows)
        self.w.insert(Contact, contact_rows)
        return world

    def _oid(self, used: set[str]) -> str:
        while True:
            code = f"E{self.rng.randint(10_000_000, 10_999_999):08d}"
            if code not in used:
                used.add(code)
                return code

    def _org_row(
        self,
        oid: int,
        name: str,
        kind: str,
        sector: str,
        nace: str,
        size: str,
        city: City,
        address: str,
        domain: str,
        languages: str,
        *,
        capacity: int | None,
        oid_code: str | None,
        pic: str | None,
        oid_requested_on: date | None = None,
        is_own: bool = False,
        is_partner: bool = False,
        is_host: bool = False,
        is_consortium: bool = False,
    ) -> Row:
        return {
            "id": oid,
            "name": name,
            "search_key": search_key(name, city.name, oid_code),
            "sort_key": sort_key(name),
            "oid": oid_code,
            "oid_requested_on": oid_requested_on,
            "pic": pic,
            "kind": kind,
            "sector": sector,
            "nace_code": nace,
            "size": size,
            "country": city.country,
            "region": None,
            "city": city.name,
            "address": address,
            "postcode": city.postcode,
            "latitude": city.lat,
            "longitude": city.lon,
            "web": f"https://www.{domain}",
            "email": f"{_mailbox(kind, city.country)}@{domain}",
            "phone": phone(self.rng, city.country, mobile=False),
            "languages": languages,
            "guest_capacity": capacity,
            "is_own": is_own,
            "is_partner": is_partner,
            "is_host": is_host,
            "is_consortium_member": is_consortium,
            "archived": False,
            "notes": "",
        }

    def _contacts(
        self, org_id: int, country: str, domain: str, rows: list[Row], count: int
    ) -> tuple[int, ...]:
        ids = []
        for i in range(count):
            first, last, _gender = self._name(country)
            cid = self.w.new_id(Contact)
            rows.append(
                {
                    "id": cid,
                    "organisation_id": org_id,
                    "first_name": first,
                    "last_name": last,
                    "role": CONTACT_ROLES[0] if i == 0 else self.rng.choice(CONTACT_ROLES[1:]),
                    "email": self._email(first, last, domain),
                    "phone": phone(self.rng, country, mobile=False),
                    "is_primary": i == 0,
                    "notes": "",
                }
            )
            ids.append(cid)
        return tuple(ids)

    # ------------------------------------------------------------------ people
    def _name(self, country: str) -> tuple[str, str, str]:
        pool = pool_for(country)
        rng = self.rng
        roll = rng.random()
        gender = (
            Gender.FEMALE
            if roll < 0.5
            else Gender.MALE
            if roll < 0.97
            else Gender.NON_BINARY
            if roll < 0.98
            else Gender.UNDISCLOSED
        ).value
        female = gender == Gender.FEMALE.value or (gender != Gender.MALE.value and rng.random() < 0.5)
        first = rng.choice(pool.female if female else pool.male)
        masculine, feminine = rng.choice(pool.surnames)
        return first, feminine if female else masculine, gender

    def _email(self, first: str, last: str, domain: str) -> str:
        base = f"{latin(first).split(' ')[0]}.{latin(last).replace(' ', '')}".strip(".")
        address = f"{base}@{domain}"
        n = 1
        while address in self._emails:
            n += 1
            address = f"{base}{n}@{domain}"
        self._emails.add(address)
        return address

    def people(self, world: World) -> None:
        size = self.size
        staff_total = max(40, round(size * 0.2))
        learner_total = max(16, round(size * 0.1))
        expert_total = max(6, round(size * 0.03))
        weight_sum = sum(SCHOOL_WEIGHTS.values())
        self.iban_share = min(0.35, 3000 / (staff_total + learner_total))
        for key, ref in world.schools.items():
            assert ref.school is not None
            share = SCHOOL_WEIGHTS[key] / weight_sum
            world.staff[key] = [
                self._person(ref, staff=True) for _ in range(max(4, round(staff_total * share)))
            ]
            world.learners[key] = [
                self._person(ref, staff=False) for _ in range(max(2, round(learner_total * share)))
            ]
        for i in range(expert_total):
            org = world.expert_orgs[i % len(world.expert_orgs)]
            world.experts.append(self._person(org, staff=True, expert=True))

    def _person(self, org: OrgRef, *, staff: bool, expert: bool = False) -> PersonRef:
        rng = self.rng
        country = org.city.country
        first, last, gender = self._name(country)
        pid = self.w.new_id(Person)
        today = self.today
        domain = org.school.domain if org.school else _domain_of(org)
        if staff:
            role = PersonRole.MANAGER.value if expert and rng.random() < 0.3 else _weighted(rng, STAFF_ROLES)
            birth = date(today.year - rng.randint(26, 62), rng.randint(1, 12), rng.randint(1, 28))
            email = self._email(first, last, domain)
            graduation = None
        else:
            recent = rng.random() < 0.15
            role = (PersonRole.RECENT_GRADUATE if recent else PersonRole.LEARNER).value
            birth = date(
                today.year - rng.randint(19, 21) if recent else today.year - rng.randint(16, 19),
                rng.randint(1, 12),
                rng.randint(1, 28),
            )
            email = self._email(first, last, f"studenti.{domain}" if country == "IT" else f"student.{domain}")
            graduation = today - timedelta(days=rng.randint(20, 330)) if recent else None
        fewer = (not staff and rng.random() < 0.14) or (staff and not expert and rng.random() < 0.02)
        category = rng.choice(FEWER_OPPORTUNITIES) if fewer else None
        needs = None
        if category in ("disability", "health problems") and rng.random() < 0.7:
            needs = rng.choice(
                (
                    "Needs step-free accommodation.",
                    "Regular medication; carries a doctor's letter.",
                    "Hearing impairment: written instructions preferred.",
                    "Dietary requirement: coeliac disease.",
                )
            )
        emergency_name = emergency_phone = None
        if not staff or rng.random() < 0.3:
            ef, el, _ = self._name(country)
            emergency_name = f"{ef} {last if not staff else el}"
            emergency_phone = phone(rng, country)
        bank_iban = bic = holder = None
        if country in BANK_CODES and not expert and rng.random() < self.iban_share:
            bank_iban, bic = iban(rng, country)
            holder = f"{first} {last}"
        name_key = f"{_key(first)} {_key(last)}"
        sorting = sort_key(last, first)
        self.people_rows.append(
            {
                "id": pid,
                "first_name": first,
                "last_name": last,
                "search_key": f"{name_key} {_key(email)}",
                "sort_key": sorting,
                "gender": gender,
                "birth_date": birth,
                "nationality": country,
                "email": email,
                "phone": phone(rng, country),
                "employer_id": org.id,
                "role": role,
                "graduation_date": graduation,
                "fewer_opportunities_category": category,
                "special_needs_notes": needs,
                "emergency_contact_name": emergency_name,
                "emergency_contact_phone": emergency_phone,
                "iban": bank_iban,
                "bic": bic,
                "account_holder": holder,
                "archived": False,
                "anonymised_at": None,
                "notes": "",
            }
        )
        self._languages(pid, country, staff)
        return PersonRef(pid, first, last, country, org.id, role, fewer, name_key, sorting, birth)

    def _languages(self, person_id: int, country: str, staff: bool) -> None:
        rng = self.rng
        native = NATIVE_LANGUAGE.get(country, "en")
        levels = [(native, CefrLevel.NATIVE.value)]
        if native != "en":
            choices = ("B1", "B2", "C1", "C2") if staff else ("A2", "B1", "B2")
            levels.append(("en", rng.choice(choices)))
        if rng.random() < 0.3:
            other = rng.choice(OTHER_LANGUAGES)
            if other != native:
                levels.append((other, rng.choice(("A1", "A2", "B1", "B2"))))
        for language, level in levels:
            self.language_rows.append(
                {
                    "id": self.w.new_id(PersonLanguage),
                    "person_id": person_id,
                    "language": language,
                    "level": level,
                }
            )

    def flush_people(self) -> None:
        self.w.insert(Person, self.people_rows)
        self.w.insert(PersonLanguage, self.language_rows)
        self.people_rows = []
        self.language_rows = []


def _mailbox(kind: str, country: str) -> str:
    if kind != OrgKind.VET_SCHOOL.value:
        return "info"
    return "segreteria" if country == "IT" else "office"


@lru_cache(maxsize=8192)
def _key(text: str) -> str:
    """search_key of one word or name, cached (names repeat); keys of parts join with a space."""
    return search_key(text)


def _domain_of(org: OrgRef) -> str:
    for host in HOSTS + EXPERT_ORGS:
        if host.name == org.name:
            return host.domain
    return "example.org"


def _weighted(rng: random.Random, options: tuple[tuple[PersonRole, int], ...]) -> str:
    roles = [r.value for r, _ in options]
    weights = [w for _, w in options]
    return rng.choices(roles, weights)[0]


__all__ = ["Host", "OrgRef", "PersonRef", "World", "WorldBuilder"]
