"""Placeholder values, conditions and data tables of a document, formatted for one language.

The names here are the contract with the template files: a template may use only the
placeholders and conditions listed in ``PLACEHOLDERS``/``CONDITIONS`` for its kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from intervet_desktop.core.enums import Direction, DocumentKind, Recipient, SignatureParty
from intervet_desktop.core.money import from_cents, to_cents
from intervet_desktop.exports.pdf import learning_agreement
from intervet_desktop.exports.pdf.model import (
    SIGNING_PARTIES,
    ContactData,
    DocumentRequest,
    MobilityData,
    OrganisationData,
    Outcome,
)
from intervet_desktop.exports.pdf.store import label_text
from intervet_desktop.exports.pdf.template import Values

LOCALES = {
    "en": "en_GB",
    "it": "it_IT",
    "fi": "fi_FI",
    "pt": "pt_PT",
    "el": "el_GR",
    "de": "de_DE",
    "es": "es_ES",
}

COMMON = frozenset(
    {
        "school_name",
        "school_address",
        "school_country",
        "school_oid",
        "school_signatory",
        "school_signatory_role",
        "project_code",
        "project_title",
        "action",
        "today",
        "version",
    }
)
MOBILITY = COMMON | {
    "participant_name",
    "participant_first_name",
    "participant_last_name",
    "participant_nationality",
    "participant_email",
    "participant_role",
    "participant_iban",
    "activity_type",
    "activity_code",
    "start_date",
    "end_date",
    "duration_days",
    "travel_days",
    "destination_city",
    "destination_country",
    "sending_name",
    "sending_oid",
    "sending_address",
    "sending_country",
    "sending_contact",
    "sending_contact_details",
    "receiving_name",
    "receiving_oid",
    "receiving_address",
    "receiving_country",
    "receiving_size",
    "receiving_contact",
    "receiving_contact_details",
    "host_tutor",
    "host_tutor_details",
    "objectives",
    "added_value",
    "activities",
    "outcomes",
    "programme_language",
    "certifier_name",
    "certifier_address",
    "certifier_country",
    "attendance_start",
    "attendance_end",
    "attendance_days",
    "grant_participant_total",
    "grant_in_kind_total",
    "grant_cash_total",
    "prefinancing_percent",
    "prefinancing_amount",
    "balance_amount",
    "balance_days",
}
SELECTION = COMMON | {
    "applicant_name",
    "application_number",
    "call_title",
    "call_activity",
    "rank",
    "total_points",
    "appeal_deadline",
}
MOBILITY_FLAGS = frozenset(
    {
        "incoming",
        "outgoing",
        "has_travel_days",
        "has_in_kind",
        "has_cash",
        "has_host_tutor",
        "rates_not_confirmed",
    }
)
SELECTION_FLAGS = frozenset({"selected", "reserve", "rejected", "with_appeals", "has_rank"})

PLACEHOLDERS: dict[str, frozenset[str]] = {
    DocumentKind.MOBILITY_AGREEMENT: MOBILITY,
    DocumentKind.GRANT_AGREEMENT: MOBILITY,
    DocumentKind.CERTIFICATE: MOBILITY,
    DocumentKind.SELECTION_LETTER: SELECTION,
    DocumentKind.LEARNING_AGREEMENT: MOBILITY | learning_agreement.PLACEHOLDERS,
}
CONDITIONS: dict[str, frozenset[str]] = {
    DocumentKind.MOBILITY_AGREEMENT: MOBILITY_FLAGS,
    DocumentKind.GRANT_AGREEMENT: MOBILITY_FLAGS,
    DocumentKind.CERTIFICATE: MOBILITY_FLAGS,
    DocumentKind.SELECTION_LETTER: SELECTION_FLAGS,
    DocumentKind.LEARNING_AGREEMENT: MOBILITY_FLAGS | learning_agreement.CONDITIONS,
}


@dataclass(frozen=True)
class AmountRow:
    label: str  # plain text
    detail: str  # plain text (derivation), may be empty
    amount: str  # formatted
    strong: bool = False


@dataclass(frozen=True)
class SignatureBox:
    party: str  # label, plain text
    organisation: str
    name: str
    role: str


@dataclass(frozen=True)
class LanguageContent:
    lang: str
    labels: dict[str, str]
    values: Values
    amounts: tuple[AmountRow, ...]
    signatures: tuple[SignatureBox, ...]


# ------------------------------------------------------------------------------------------ formatting
@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(LOCALES.get(lang, "en_GB"))


def money(cents: int, lang: str, currency: str = "EUR") -> str:
    text = format_decimal(from_cents(cents), format="#,##0.00", locale=_locale(lang))
    return f"{text} {currency}"


def long_date(value: date | None, lang: str) -> str:
    return format_date(value, format="long", locale=_locale(lang)) if value else ""


def country_name(code: str, lang: str) -> str:
    if not code:
        return ""
    code = "GR" if code.upper() == "EL" else code.upper()
    return str(_locale(lang).territories.get(code, code))


def language_name(code: str, lang: str) -> str:
    return str(_locale(lang).languages.get(code, code)) if code else ""


def percent(bp: int, lang: str) -> str:
    value = (Decimal(bp) / 100).normalize()
    return f"{format_decimal(value, locale=_locale(lang))} %"


def org_address(org: OrganisationData) -> str:
    place = " ".join(p for p in (org.postcode, org.city) if p)
    return ", ".join(p for p in (org.address, place) if p)


def contact_line(contact: ContactData | None) -> str:
    if contact is None:
        return ""
    return f"{contact.name} ({contact.role})" if contact.role else contact.name


def contact_details(contact: ContactData | None) -> str:
    if contact is None:
        return ""
    return " / ".join(p for p in (contact.email, contact.phone) if p)


def split_in_kind(m: MobilityData) -> tuple[int, int, int]:
    """(in kind travel, in kind accommodation, cash): in kind never exceeds the participant's part."""
    travel = min(max(m.in_kind_travel_cents, 0), m.participant_total_cents)
    accommodation = min(max(m.in_kind_accommodation_cents, 0), m.participant_total_cents - travel)
    return travel, accommodation, m.participant_total_cents - travel - accommodation


def prefinancing_cents(cash_cents: int, bp: int) -> int:
    return to_cents(from_cents(cash_cents) * Decimal(bp) / Decimal(10000))


# ------------------------------------------------------------------------------------------ building
def build(request: DocumentRequest, lang: str, labels: dict[str, str]) -> LanguageContent:
    school, project = request.school, request.project
    text: dict[str, str] = {
        "school_name": school.name,
        "school_address": org_address(
            OrganisationData(school.name, address=school.address, postcode=school.postcode, city=school.city)
        ),
        "school_country": country_name(school.country, lang),
        "school_oid": school.oid,
        "school_signatory": school.signatory_name,
        "school_signatory_role": school.signatory_role,
        "project_code": project.code,
        "project_title": project.title,
        "action": project.action,
        "today": long_date(request.issued_on, lang),
        "version": str(request.version),
    }
    flags: dict[str, bool] = {}
    amounts: tuple[AmountRow, ...] = ()
    if request.mobility is not None:
        amounts = _mobility(request, request.mobility, lang, labels, text, flags)
    if request.selection is not None:
        sel = request.selection
        text.update(
            applicant_name=sel.applicant.full_name,
            application_number=sel.application_number,
            call_title=sel.call_title,
            call_activity=labels.get(f"activity.{sel.call_activity}", sel.call_activity),
            rank=str(sel.rank) if sel.rank is not None else "",
            total_points=(
                format_decimal(Decimal(sel.total_hundredths) / 100, format="0.##", locale=_locale(lang))
                if sel.total_hundredths is not None
                else ""
            ),
            appeal_deadline=long_date(sel.appeal_deadline, lang),
        )
        flags.update(
            selected=sel.outcome is Outcome.SELECTED,
            reserve=sel.outcome is Outcome.RESERVE,
            rejected=sel.outcome is Outcome.REJECTED,
            with_appeals=sel.appeal_deadline is not None,
            has_rank=sel.rank is not None,
        )
    return LanguageContent(lang, labels, Values(text, flags), amounts, _signatures(request, lang, labels))


def _mobility(
    request: DocumentRequest,
    m: MobilityData,
    lang: str,
    labels: dict[str, str],
    text: dict[str, str],
    flags: dict[str, bool],
) -> tuple[AmountRow, ...]:
    currency = request.project.currency
    incoming = m.direction == Direction.INCOMING
    person = m.participant
    start = m.actual_start or m.planned_start
    end = m.actual_end or m.planned_end
    certifier = (
        OrganisationData(
            request.school.name,
            country=request.school.country,
            address=request.school.address,
            postcode=request.school.postcode,
            city=request.school.city,
        )
        if incoming
        else m.receiving
    )
    travel_in_kind, accommodation_in_kind, cash = split_in_kind(m)
    pre = prefinancing_cents(cash, request.project.prefinancing_bp)
    programme = m.programme
    text.update(
        participant_name=person.full_name,
        participant_first_name=person.first_name,
        participant_last_name=person.last_name,
        participant_nationality=country_name(person.nationality, lang),
        participant_email=person.email,
        participant_role=labels.get(f"role.{person.role}", person.role),
        participant_iban=person.iban,
        activity_type=labels.get(f"activity.{m.activity_type}", m.activity_type),
        activity_code=m.activity_type,
        start_date=long_date(m.planned_start, lang),
        end_date=long_date(m.planned_end, lang),
        duration_days=str((m.planned_end - m.planned_start).days + 1),
        travel_days=str(m.travel_days),
        destination_city=m.destination_city,
        destination_country=country_name(m.destination_country, lang),
        sending_name=m.sending.name,
        sending_oid=m.sending.oid,
        sending_address=org_address(m.sending),
        sending_country=country_name(m.sending.country, lang),
        sending_contact=contact_line(m.sending.contact),
        sending_contact_details=contact_details(m.sending.contact),
        receiving_name=m.receiving.name,
        receiving_oid=m.receiving.oid,
        receiving_address=org_address(m.receiving),
        receiving_country=country_name(m.receiving.country, lang),
        receiving_size=labels.get(f"size.{m.receiving.size}", "") if m.receiving.size else "",
        receiving_contact=contact_line(m.receiving.contact),
        receiving_contact_details=contact_details(m.receiving.contact),
        host_tutor=contact_line(m.host_tutor),
        host_tutor_details=contact_details(m.host_tutor),
        objectives=programme.objectives if programme else "",
        added_value=programme.added_value if programme else "",
        activities=programme.activities if programme else "",
        outcomes=programme.outcomes if programme else "",
        programme_language=language_name(programme.language, lang) if programme else "",
        certifier_name=certifier.name,
        certifier_address=org_address(certifier),
        certifier_country=country_name(certifier.country, lang),
        attendance_start=long_date(start, lang),
        attendance_end=long_date(end, lang),
        attendance_days=str((end - start).days + 1),
        grant_participant_total=money(m.participant_total_cents, lang, currency),
        grant_in_kind_total=money(travel_in_kind + accommodation_in_kind, lang, currency),
        grant_cash_total=money(cash, lang, currency),
        prefinancing_percent=percent(request.project.prefinancing_bp, lang),
        prefinancing_amount=money(pre, lang, currency),
        balance_amount=money(cash - pre, lang, currency),
        balance_days=str(request.project.balance_days),
    )
    flags.update(
        incoming=incoming,
        outgoing=not incoming,
        has_travel_days=m.travel_days > 0,
        has_in_kind=travel_in_kind + accommodation_in_kind > 0,
        has_cash=cash > 0,
        has_host_tutor=m.host_tutor is not None,
        rates_not_confirmed=not request.project.rates_confirmed,
    )
    learner_text, learner_flags = learning_agreement.values(m.learner)
    text.update(learner_text)
    flags.update(learner_flags)
    rows = [
        AmountRow(
            labels.get(f"grant.{line.code}", line.label),
            line.derivation,
            money(line.amount_cents, lang, currency),
        )
        for line in m.grant_lines
        if line.recipient == Recipient.PARTICIPANT
    ]
    rows.append(
        AmountRow(
            labels.get("grant.total", "Total"), "", money(m.participant_total_cents, lang, currency), True
        )
    )
    if travel_in_kind:
        rows.append(
            AmountRow(labels.get("grant.in_kind_travel", ""), "", money(-travel_in_kind, lang, currency))
        )
    if accommodation_in_kind:
        rows.append(
            AmountRow(
                labels.get("grant.in_kind_accommodation", ""),
                "",
                money(-accommodation_in_kind, lang, currency),
            )
        )
    if travel_in_kind or accommodation_in_kind:
        rows.append(AmountRow(labels.get("grant.cash", ""), "", money(cash, lang, currency), True))
    return tuple(rows)


def _signatures(request: DocumentRequest, lang: str, labels: dict[str, str]) -> tuple[SignatureBox, ...]:
    school = request.school
    m = request.mobility
    boxes: list[SignatureBox] = []
    if request.kind == DocumentKind.SELECTION_LETTER:
        return (
            SignatureBox(
                labels.get("party.school", ""), school.name, school.signatory_name, school.signatory_role
            ),
        )
    if m is None:
        return ()
    incoming = m.direction == Direction.INCOMING
    for party in SIGNING_PARTIES[request.kind]:
        if party == SignatureParty.PARTICIPANT:
            role = labels.get(f"role.{m.participant.role}", "")
            boxes.append(SignatureBox(labels.get("party.participant", ""), "", m.participant.full_name, role))
            if request.kind == DocumentKind.LEARNING_AGREEMENT and m.learner and m.learner.minor:
                guardian = m.learner.guardian_name
                boxes.append(SignatureBox(labels.get("party.guardian", ""), "", guardian, ""))
        elif party == SignatureParty.SENDING:
            if request.kind == DocumentKind.GRANT_AGREEMENT or not incoming:
                name, role, org = school.signatory_name, school.signatory_role, m.sending.name
                if request.kind == DocumentKind.GRANT_AGREEMENT:
                    org = school.name
                if not name and m.sending.contact:
                    name, role = m.sending.contact.name, m.sending.contact.role
            else:
                contact = m.sending.contact
                name, role, org = (
                    (contact.name if contact else ""),
                    (contact.role if contact else ""),
                    m.sending.name,
                )
            key = "party.organisation" if request.kind == DocumentKind.GRANT_AGREEMENT else "party.sending"
            boxes.append(SignatureBox(labels.get(key, ""), org, name, role))
        else:
            if incoming:
                name, role, org = school.signatory_name, school.signatory_role, school.name
            else:
                contact = m.receiving.contact or m.host_tutor
                name, role, org = (
                    (contact.name if contact else ""),
                    (contact.role if contact else ""),
                    m.receiving.name,
                )
            boxes.append(SignatureBox(labels.get("party.receiving", ""), org, name, role))
    return tuple(boxes)


def page_label(labels: dict[str, str], page: int, pages: int) -> str:
    return label_text(labels, "page", page=page, pages=pages)
