"""Duplicate rules: accents, case, Greek, name order; pairs found by blocking (issue 4)."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

from intervet_desktop.core.duplicates import (
    OrganisationKey,
    PersonKey,
    Reason,
    name_key,
    organisation_matches,
    organisation_pairs,
    person_matches,
    person_pairs,
)


def test_name_key_ignores_accents_case_order_and_greek_tonos_and_final_sigma() -> None:
    assert name_key("João", "Müller") == name_key("MULLER", "joao")
    assert name_key("Γιώργος", "Παπαδόπουλος") == name_key("ΓΙΩΡΓΟΣ", "ΠΑΠΑΔΟΠΟΥΛΟΣ")
    assert name_key("Νίκος", "Ζαχαρίου") == name_key("νικοσ", "ζαχαριου")
    assert name_key("Anna-Liisa", "Mäkinen") == name_key("anna liisa", "makinen")
    assert name_key("Anna", "Rossi") != name_key("Anna", "Russo")
    # Greek and Latin spellings of the same name
    assert name_key("Γιώργος", "Παπαδόπουλος") == name_key("PAPADOPOULOS", "Giorgos")
    assert name_key("Ελένη", "Μπακογιάννη") == name_key("Eleni", "Bakogianni")


def test_person_matches_with_reasons() -> None:
    born = date(1980, 5, 1)
    existing = [
        PersonKey.of(1, "Γιώργος", "Παπαδόπουλος", "g@x.gr", born),
        PersonKey.of(2, "José", "Núñez", "jose@x.es", None),
        PersonKey.of(3, "Katharina", "Schmidt", None, date(1990, 1, 1)),
        PersonKey.of(4, "Anna", "Rossi", None, date(1970, 1, 1)),
    ]
    greek = person_matches(PersonKey.of(0, "ΓΙΩΡΓΟΣ", "ΠΑΠΑΔΟΠΟΥΛΟΣ", None, born), existing)
    assert [(m.id, m.reasons) for m in greek] == [(1, (Reason.SAME_NAME_AND_BIRTH_DATE,))]
    assert greek[0].strong
    by_email = person_matches(PersonKey.of(0, "Pepe", "N", "JOSE@x.es", None), existing)
    assert [(m.id, m.reasons) for m in by_email] == [(2, (Reason.SAME_EMAIL,))]
    typo = person_matches(PersonKey.of(0, "Katharina", "Schmitt", None, date(1990, 1, 1)), existing)
    assert [(m.id, m.reasons) for m in typo] == [(3, (Reason.SIMILAR_NAME_AND_BIRTH_DATE,))]
    assert not typo[0].strong
    # same name, different birth dates: two people
    assert person_matches(PersonKey.of(0, "Anna", "Rossi", None, date(1985, 1, 1)), existing) == []


def test_organisation_matches() -> None:
    existing = [
        OrganisationKey.of(1, "Istituto Tecnico Aldini Valeriani", "Bologna", "E10208745", "IT"),
        OrganisationKey.of(2, "Tampereen seudun ammattiopisto", "Tampere", None, "FI"),
    ]
    same_oid = organisation_matches(OrganisationKey.of(0, "ITAV", "Bologna", "E10208745", "IT"), existing)
    assert same_oid[0].reasons == (Reason.SAME_OID,)
    longer = OrganisationKey.of(0, "Tampereen Seudun Ammattiopisto Tredu", "TAMPERE", None, "FI")
    assert [m.id for m in organisation_matches(longer, existing)] == [2]  # one short word added
    unrelated = OrganisationKey.of(0, "Tampere University of Applied Sciences", "Tampere", None, "FI")
    assert organisation_matches(unrelated, existing) == []
    typo = organisation_matches(
        OrganisationKey.of(0, "Tampereen seudun amattiopisto", "Tampere", None, "FI"), existing
    )
    assert [(m.id, m.reasons) for m in typo] == [(2, (Reason.SIMILAR_NAME_AND_CITY,))]
    other_city = organisation_matches(
        OrganisationKey.of(0, "Tampereen seudun ammattiopisto", "Oulu", None, "FI"), existing
    )
    assert other_city == []


def test_pairs_across_10000_people_are_found_quickly_by_blocking() -> None:
    rng = random.Random(4)
    first = ["Anna", "Maria", "Giorgos", "Jukka", "João", "Hans", "Lucía", "Νίκος", "Eleni", "Pedro"]
    last = ["Rossi", "Virtanen", "Παπαδόπουλος", "Silva", "Müller", "García", "Bianchi", "Korhonen"]
    records = [
        PersonKey.of(
            i,
            rng.choice(first),
            f"{rng.choice(last)}{i}",
            f"p{i}@school.eu",
            date(1960, 1, 1) + timedelta(days=rng.randrange(15000)),
        )
        for i in range(1, 10001)
    ]
    planted = [
        PersonKey.of(
            20001, records[10].name.split()[0], records[10].name.split()[1], None, records[10].birth_date
        ),
        PersonKey.of(20002, "Someone", "Else", "P500@School.eu", None),
    ]
    start = time.perf_counter()
    pairs = person_pairs(records + planted)
    elapsed = time.perf_counter() - start
    found = {(p.first_id, p.second_id): p.reasons for p in pairs}
    assert found[(11, 20001)] == (Reason.SAME_NAME_AND_BIRTH_DATE,)
    assert found[(500, 20002)] == (Reason.SAME_EMAIL,)
    assert elapsed < 5, elapsed


def test_organisation_pairs() -> None:
    records = [
        OrganisationKey.of(1, "Hotel Aurora", "Lisboa", None, "PT"),
        OrganisationKey.of(2, "HOTEL AURORA", "lisboa", None, "PT"),
        OrganisationKey.of(3, "Hotel Aurora", "Porto", None, "PT"),
        OrganisationKey.of(4, "Berufsschule Nord", "Hamburg", "E11111111", "DE"),
        OrganisationKey.of(5, "BS Nord", "Hamburg", "E11111111", "DE"),
    ]
    pairs = {(p.first_id, p.second_id): p.reasons for p in organisation_pairs(records)}
    assert pairs == {(1, 2): (Reason.SAME_NAME_AND_CITY,), (4, 5): (Reason.SAME_OID,)}
