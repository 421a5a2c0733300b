"""E-mail addresses, phone numbers and web addresses."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from intervet_desktop.core.errors import Problem
from intervet_desktop.core.messages import register
from intervet_desktop.core.validation.result import blank, problem, text

register("email_invalid", "'{value}' is not a valid e-mail address: {detail}")
register(
    "phone_invalid",
    "'{value}' is not a valid phone number. Write it with the country code, like +39 051 123 4567.",
)
register("phone_needs_country", "'{value}' needs a country code (like +358) or a country on the record.")
register("web_invalid", "'{value}' is not a web address (like https://www.school.eu).")


def email(value: object, field: str = "email") -> str | None | Problem:
    """Syntax only (never DNS: the app works offline). Stored in lower case."""
    if blank(value):
        return None
    raw = text(value).strip("<>").replace(" ", "")
    if raw.lower().startswith("mailto:"):
        raw = raw[7:]
    try:
        checked = validate_email(raw, check_deliverability=False)
    except EmailNotValidError as exc:
        return problem(field, "email_invalid", value=text(value), detail=str(exc))
    return checked.normalized.lower()


def phone(value: object, field: str = "phone", region: str | None = None) -> str | None | Problem:
    """Any common way of writing a number -> E.164 ('+393331234567').

    ``region`` is the record's country (ISO alpha-2), used when the number has no country code.
    """
    if blank(value):
        return None
    raw = text(value)
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    if region == "EL":
        region = "GR"
    if not raw.startswith("+") and not region:
        return problem(field, "phone_needs_country", value=raw)
    try:
        number = phonenumbers.parse(raw, None if raw.startswith("+") else region)
    except phonenumbers.NumberParseException:
        return problem(field, "phone_invalid", value=raw)
    if not phonenumbers.is_valid_number(number):
        return problem(field, "phone_invalid", value=raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_display(e164: str | None) -> str:
    """'+390511234567' -> '+39 051 123 4567' for showing (stored values stay E.164)."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


_HOST = re.compile(r"^(?=.{1,253}$)([^\W_]([\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}$", re.UNICODE)


def web(value: object, field: str = "web") -> str | None | Problem:
    """'www.school.eu' -> 'https://www.school.eu'; only http(s) addresses with a real host name."""
    if blank(value):
        return None
    raw = text(value)
    candidate = raw if "://" in raw else "https://" + raw
    try:
        parts = urlsplit(candidate)
        host = parts.hostname or ""
    except ValueError:
        return problem(field, "web_invalid", value=raw)
    if parts.scheme.lower() not in ("http", "https") or " " in raw or not _HOST.match(host):
        return problem(field, "web_invalid", value=raw)
    netloc = parts.netloc.lower() if "@" not in parts.netloc else parts.netloc
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, parts.fragment))
