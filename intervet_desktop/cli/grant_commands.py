"""grant, distance (no database needed) and rates list|show|import|export (the database's rate sets)."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intervet_desktop.cli.context import CliContext, emit_json, out, table, warn
from intervet_desktop.core.errors import Problem, UnusableFileError, UserError, ValidationError
from intervet_desktop.core.messages import msg
from intervet_desktop.core.messages import register as register_message
from intervet_desktop.core.money import MoneyError, format_cents, parse_amount

if TYPE_CHECKING:
    from intervet_desktop.core.grant import GrantBreakdown
    from intervet_desktop.core.places import Place
    from intervet_desktop.core.rates import RateSet

register_message("field_invalid_plain", "{text}")
register_message("rates_file_problem", "{file}: {detail}")
register_message(
    "grant_to_needs_country", "Typed coordinates need the receiving country too, e.g. 44.49,11.34,IT."
)
register_message(
    "grant_needs_from_or_distance",
    "Give the origin (--from) or the official distance (--distance) so the travel band can be found.",
)

# GrantInput fields -> the option that sets them (problems are reported with the option's name)
OPTION_OF = {
    "activity_type": "--activity",
    "receiving_country": "--to",
    "start": "--start",
    "end": "--end",
    "travel_days": "--travel-days",
    "distance_km": "--distance",
    "course_days": "--course-days",
    "real_travel_cost_cents": "--real-travel-cost",
    "inclusion_real_cost_cents": "--inclusion-cost",
    "exceptional_other_cents": "--exceptional-cost",
    "in_kind_travel_cents": "--in-kind-travel",
    "in_kind_accommodation_cents": "--in-kind-accommodation",
    "call_year": "--call-year",
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("grant", help="compute a mobility's grant with its derivation (no database needed)")
    p.add_argument(
        "--from", dest="origin", metavar="PLACE", help='origin, e.g. "Tampere,FI" or "61.50,23.79"'
    )
    p.add_argument(
        "--to", dest="destination", metavar="PLACE", required=True, help='venue, e.g. "Bologna,IT"'
    )
    p.add_argument("--start", required=True, help="first activity day: DD.MM.YYYY, DD/MM/YYYY or YYYY-MM-DD")
    p.add_argument(
        "--end", required=True, help="last activity day (inclusive): DD.MM.YYYY, DD/MM/YYYY or YYYY-MM-DD"
    )
    p.add_argument("--activity", required=True, help="activity type (BM code), e.g. SM-JOB-SHDW")
    p.add_argument("--green", action="store_true", help="green travel (sustainable means of transport)")
    p.add_argument("--travel-days", type=int, default=0, metavar="N", help="funded travel days")
    p.add_argument("--distance", metavar="KM", help="official one-way distance (EC distance calculator)")
    p.add_argument("--course-days", type=int, default=0, metavar="N", help="course days (SM-COUR-TRAIN)")
    p.add_argument("--real-travel-cost", metavar="EUR", help="real travel cost (expensive travel rule)")
    p.add_argument("--fewer-opportunities", action="store_true", help="participant with fewer opportunities")
    p.add_argument("--inclusion-cost", metavar="EUR", help="inclusion support, real costs")
    p.add_argument("--exceptional-cost", metavar="EUR", help="exceptional costs (visa, permits, vaccination)")
    p.add_argument("--accompanying", action="store_true", help="an accompanying person")
    p.add_argument("--force-majeure", action="store_true", help="force majeure (duration rules lifted)")
    p.add_argument("--no-org-support", action="store_true", help="organisational support not requested")
    p.add_argument("--in-kind-travel", metavar="EUR", help="travel booked and paid by the school")
    p.add_argument(
        "--in-kind-accommodation", metavar="EUR", help="accommodation booked and paid by the school"
    )
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--call-year",
        type=int,
        metavar="Y",
        help="built-in rate set of this call year (default: the start date's year)",
    )
    which.add_argument("--rates", type=Path, metavar="FILE", help="a rate set JSON file")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_grant)

    p = sub.add_parser(
        "distance", help='one-way great-circle km and band: distance "Tampere,FI" "Bologna,IT"'
    )
    p.add_argument("origin", metavar="FROM")
    p.add_argument("destination", metavar="TO")
    p.add_argument("--official", type=int, metavar="KM", help="the official figure, to check it against")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--call-year", type=int, metavar="Y", help="bands of this call year's built-in set")
    which.add_argument("--rates", type=Path, metavar="FILE", help="bands of a rate set JSON file")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_distance)

    p = sub.add_parser(
        "rates", help="rate sets in the database: list | show ID | import FILE | export ID -o FILE"
    )
    rates_sub = p.add_subparsers(dest="rates_command", metavar="ACTION", required=True)
    q = rates_sub.add_parser("list", help="every rate set and version")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_rates_list)
    q = rates_sub.add_parser("show", help="one rate set (ID, ID@VERSION or #ROW)")
    q.add_argument("ref", metavar="ID")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_rates_show)
    q = rates_sub.add_parser("import", help="a JSON file as a new rate set or a new version")
    q.add_argument("file", type=Path)
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_rates_import)
    q = rates_sub.add_parser("export", help="write a rate set as JSON")
    q.add_argument("ref", metavar="ID")
    q.add_argument("-o", "--output", type=Path, required=True)
    q.set_defaults(handler=cmd_rates_export)


# ------------------------------------------------------------------------------------------ parsing
def _fail(option: str, code: str, **params: Any) -> ValidationError:
    return ValidationError([Problem(option, msg(code, **params))])


def _date(text: str, option: str) -> date:
    """The one date parser of forms and imports (03.03.2025, 03/03/2025, 2025-03-03)."""
    from intervet_desktop.core.validation.dates import parse_date

    parsed = parse_date(text, option)
    if isinstance(parsed, date):
        return parsed
    raise ValidationError([parsed or Problem(option, msg("date_unreadable", value=text))])


def _cents(text: str | None, option: str) -> int | None:
    if text is None:
        return None
    try:
        cents = parse_amount(text)
    except MoneyError as exc:
        raise _fail(option, "value_not_an_amount", field=option, value=text) from exc
    if cents < 0:
        raise _fail(option, "value_negative", field=option)
    return cents


def _km(text: str | None, option: str) -> int | None:
    if text is None:
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError as exc:
        raise _fail(option, "value_not_a_number", field=option, value=text) from exc
    if value < 0:
        raise _fail(option, "value_negative", field=option)
    return int(value + 0.5)


def _rates(ctx: CliContext, default_year: int) -> RateSet:
    from intervet_desktop.core.rates import parse_rate_set_text
    from intervet_desktop.core.rates_builtin import builtin_for_year

    path: Path | None = ctx.args.rates
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise UnusableFileError.of("file_not_found", path=path) from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError.of("rates_not_json", detail=str(exc)) from exc
        try:
            return parse_rate_set_text(text)
        except ValidationError as exc:  # name the file as well as the JSON path
            raise ValidationError(
                [
                    Problem("--rates", msg("rates_file_problem", file=path, detail=p.message))
                    for p in exc.problems
                ]
            ) from exc
    year = ctx.args.call_year if ctx.args.call_year is not None else default_year
    return builtin_for_year(year, field="--call-year")


def _place(text: str, option: str) -> Place:
    from intervet_desktop.core.places import find_place

    return find_place(text, field=option)


def _with_options(exc: ValidationError) -> ValidationError:
    """Problems of GrantInput fields re-labelled with the command-line option that sets them."""
    problems = []
    for p in exc.problems:
        option = OPTION_OF.get(p.field, p.field)
        text = p.message.render()
        if not text.startswith(option):
            text = f"{option}: {text}"
        problems.append(Problem(option, msg("field_invalid_plain", text=text)))
    return ValidationError(problems)


# ------------------------------------------------------------------------------------------ grant
def cmd_grant(ctx: CliContext) -> int:
    from intervet_desktop.core.distance import distance_warnings, estimate_km
    from intervet_desktop.core.grant import GrantInput, compute_grant

    a = ctx.args
    try:
        start, end = _date(a.start, "--start"), _date(a.end, "--end")
        rates = _rates(ctx, start.year)
        destination = _place(a.destination, "--to")
        origin = _place(a.origin, "--from") if a.origin else None
        official = _km(a.distance, "--distance")
        if not destination.country:
            raise _fail("--to", "grant_to_needs_country")
        estimate = estimate_km(origin, destination) if origin is not None else None
        if official is None and estimate is None:
            raise _fail("--from", "grant_needs_from_or_distance")
        inp = GrantInput(
            activity_type=a.activity.strip().upper(),
            receiving_country=destination.country,
            start=start,
            end=end,
            travel_days=a.travel_days,
            green_travel=a.green,
            distance_km=official if official is not None else estimate,
            course_days=a.course_days,
            real_travel_cost_cents=_cents(a.real_travel_cost, "--real-travel-cost"),
            fewer_opportunities=a.fewer_opportunities,
            inclusion_real_cost_cents=_cents(a.inclusion_cost, "--inclusion-cost") or 0,
            exceptional_other_cents=_cents(a.exceptional_cost, "--exceptional-cost") or 0,
            force_majeure=a.force_majeure,
            org_support_not_requested=a.no_org_support,
            is_accompanying=a.accompanying,
            in_kind_travel_cents=_cents(a.in_kind_travel, "--in-kind-travel") or 0,
            in_kind_accommodation_cents=_cents(a.in_kind_accommodation, "--in-kind-accommodation") or 0,
        )
        breakdown = compute_grant(inp, rates)
    except ValidationError as exc:
        raise _with_options(exc) from exc
    for message in [*distance_warnings(official, estimate, rates), *breakdown.warnings]:
        warn(f"Warning: {message.render()}")
    if ctx.as_json:
        emit_json(breakdown.to_json())
        return 0
    _print_grant(breakdown, rates, origin, destination, official, estimate)
    return 0


def _print_grant(
    b: GrantBreakdown,
    rates: RateSet,
    origin: Place | None,
    destination: Place,
    official: int | None,
    estimate: int | None,
) -> None:
    from intervet_desktop.core.distance import band_text

    out(f"Rate set:  {rates.id} version {rates.version} ({rates.name}); verify with your National Agency")
    route = f"{origin.describe()} -> {destination.describe()}" if origin else destination.describe()
    km = []
    if official is not None:
        km.append(f"{official:,} km official")
    if estimate is not None:
        km.append(f"{estimate:,} km estimated")
    out(f"Route:     {route}: {', '.join(km)}, band {band_text(b.band)}")
    travel = b.funded_days - b.activity_days
    out(f"Days:      {b.activity_days} activity + {travel} travel, group {b.country_group}")
    out("")
    table(
        [[li.label, li.recipient.value, li.quantity, format_cents(li.amount_cents)] for li in b.lines],
        ["Line", "For", "Quantity", "Amount"],
    )
    out("")
    for li in b.lines:
        out(f"  {li.derivation}")
    out("")
    out(f"Participant total:  {format_cents(b.participant_total_cents):>12}")
    if b.in_kind_cents:
        out(f"  of which in kind: {format_cents(b.in_kind_cents):>12}")
        out(f"  paid in money:    {format_cents(b.participant_cash_cents):>12}")
    out(f"Organisation total: {format_cents(b.organisation_total_cents):>12}")
    out(f"Total:              {format_cents(b.total_cents):>12}")


# ------------------------------------------------------------------------------------------ distance
def cmd_distance(ctx: CliContext) -> int:
    from intervet_desktop.core.distance import band_text, distance_warnings, estimate_km

    a = ctx.args
    origin = _place(a.origin, "FROM")
    destination = _place(a.destination, "TO")
    rates = _rates(ctx, date.today().year)
    km = estimate_km(origin, destination)
    band = rates.band_for(a.official if a.official is not None else km)
    warnings = distance_warnings(a.official, km, rates)
    if ctx.as_json:
        emit_json(
            {
                "from": _place_json(origin),
                "to": _place_json(destination),
                "km": km,
                "official_km": a.official,
                "band": None
                if band is None
                else {"min_km": band.min_km, "max_km": band.max_km, "label": band.label()},
                "rate_set": {"id": rates.id, "version": rates.version},
                "warnings": [w.render() for w in warnings],
            }
        )
        return 0
    out(f"{origin.describe()} -> {destination.describe()}: {km:,} km (great-circle estimate)")
    out(f"Band: {band_text(band)} ({rates.id})")
    for w in warnings:
        warn(f"Warning: {w.render()}")
    return 0


def _place_json(place: Place) -> dict[str, Any]:
    return {
        "name": place.name,
        "country": place.country or None,
        "lat": place.lat,
        "lon": place.lon,
        "region": place.admin1 or None,
        "population": place.population or None,
    }


# ------------------------------------------------------------------------------------------ rates
def cmd_rates_list(ctx: CliContext) -> int:
    from intervet_desktop.services import rates as rate_service

    with ctx.workspace() as ws:
        sets = rate_service.list_rate_sets(ws)
    if ctx.as_json:
        emit_json([asdict(s) for s in sets])
        return 0
    table(
        [
            [
                s.ref,
                s.name[:50],
                ", ".join(str(y) for y in s.call_years),
                "built-in" if s.builtin else "own",
                "locked" if s.locked else "",
                "latest" if s.latest else "",
            ]
            for s in sets
        ],
        ["Id", "Name", "Call years", "Kind", "Used", ""],
    )
    return 0


def cmd_rates_show(ctx: CliContext) -> int:
    from intervet_desktop.core.rates import rate_set_to_dict
    from intervet_desktop.services import rates as rate_service

    with ctx.workspace() as ws:
        summary, rates = rate_service.get_rate_set(ws, ctx.args.ref)
    if ctx.as_json:
        emit_json(rate_set_to_dict(rates))
        return 0
    flags = ("(built-in)" if summary.builtin else "") + (" (locked)" if summary.locked else "")
    out(f"{summary.ref}: {rates.name} {flags}".rstrip())
    years = ", ".join(str(y) for y in rates.call_years)
    out(f"Call years: {years}; National Agency: {rates.national_agency or '-'}")
    out(f"Note: {rates.note}")
    out("")
    table(
        [
            [b.label(), f"{b.standard:,.2f}", "-" if b.green is None else f"{b.green:,.2f}"]
            for b in rates.travel_bands
        ],
        ["Travel band", "Standard", "Green"],
    )
    out("")
    table(
        [
            [
                g,
                " ".join(codes),
                f"{rates.individual_support_staff.get(g, 0):,.2f}",
                f"{rates.individual_support_learners.get(g, 0):,.2f}",
            ]
            for g, codes in rates.country_groups.items()
        ],
        ["Group", "Countries", "Staff/day", "Learner/day"],
    )
    out("")
    out(
        f"From day {rates.reduced_rate.from_day}: x {rates.reduced_rate.factor}; travel days max "
        f"{rates.travel_days_standard_max} standard / {rates.travel_days_green_max} green"
    )
    out(
        f"Organisational support {rates.organisational_support_per_participant:,.2f}; inclusion support "
        f"{rates.inclusion_support_organisation:,.2f}; course fees {rates.course_fee_per_day:,.2f}/day "
        f"(max {rates.course_fee_max_days} days)"
    )
    out("Durations: " + ", ".join(f"{a} {lo}-{hi}" for a, (lo, hi) in rates.durations.items()))
    for source in rates.sources:
        out(f"Source: {source}")
    return 0


def cmd_rates_import(ctx: CliContext) -> int:
    from intervet_desktop.services import rates as rate_service

    path: Path = ctx.args.file
    with ctx.workspace() as ws:
        result = rate_service.import_rate_set(ws, path)
    summary = result.value
    if ctx.as_json:
        emit_json(asdict(summary))
    else:
        out(f"Imported {path} as {summary.ref} ({summary.name})")
    return 0


def cmd_rates_export(ctx: CliContext) -> int:
    from intervet_desktop.services import rates as rate_service

    with ctx.workspace() as ws:
        target = rate_service.export_rate_set(ws, ctx.args.ref, ctx.args.output)
    out(f"Wrote {target}")
    return 0
