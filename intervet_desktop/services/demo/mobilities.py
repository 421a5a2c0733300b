"""Mobilities with their grant snapshot, status history, evidence checklist, payments and in-kind costs."""

from __future__ import annotations

import itertools
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date, timedelta

from sqlmodel import SQLModel

from intervet_desktop.core.enums import (
    ActivityType,
    Direction,
    EvidenceKind,
    InKindKind,
    MobilityStatus,
    PaymentKind,
    TransportMode,
)
from intervet_desktop.core.text import search_key, sort_key
from intervet_desktop.db.models import (
    AccompaniedLearner,
    EvidenceItem,
    GrantLine,
    InKindExpense,
    LearnerDetails,
    Mobility,
    MobilityProgramme,
    MobilityStatusEvent,
    Payment,
)
from intervet_desktop.services.demo.calls import Selection
from intervet_desktop.services.demo.catalogue import City, haversine_km
from intervet_desktop.services.demo.grants import GrantBook
from intervet_desktop.services.demo.learners import learner_details_row
from intervet_desktop.services.demo.programmes import programme_texts
from intervet_desktop.services.demo.projects import ProjectPlan
from intervet_desktop.services.demo.rows import Row, RowSink, stored_at
from intervet_desktop.services.demo.timeline import REQUIRED, between, history, status_for
from intervet_desktop.services.demo.world import OrgRef, PersonRef, World

# StrEnum members are str: rows carry them directly (reading ``.value`` a million times is slow).
A = ActivityType
S = MobilityStatus
KA1_MIX = (
    (A.JOB_SHADOWING, 66),
    (A.COURSE, 10),
    (A.TEACHING, 7),
    (A.LEARNER_SHORT, 10),
    (A.LEARNER_LONG, 4),
    (A.INVITED_EXPERT, 6),
)
KA1_TYPES = tuple(a for a, _ in KA1_MIX)
KA1_CUMULATIVE = tuple(itertools.accumulate(w for _, w in KA1_MIX))
#: shortest stay of each activity type (the built-in rate sets' durations)
MIN_DAYS = {"LM-SHORT-VET": 10, "LM-LONG-VET": 90}
# mobilities one draw makes: a learner group is 2-5 learners (3.5 on average) and, 7 times in 10,
# an accompanying teacher
SLOTS = {A.LEARNER_SHORT: 4.2}
GROUP_LEARNERS = 3.5
BM_PREFIX = {
    A.JOB_SHADOWING: "JS",
    A.TEACHING: "TA",
    A.COURSE: "CT",
    A.LEARNER_SHORT: "LS",
    A.LEARNER_LONG: "LL",
    A.INVITED_EXPERT: "IE",
}
FX = {"SE": "SEK", "PL": "PLN"}
FX_BASE = {"SEK": 11.35, "PLN": 4.31}
CHUNK = 4000
#: the tables a factory fills, parents first
MOBILITY_TABLES: tuple[type[SQLModel], ...] = (
    Mobility,
    MobilityProgramme,
    GrantLine,
    MobilityStatusEvent,
    EvidenceItem,
    Payment,
    InKindExpense,
    LearnerDetails,
    AccompaniedLearner,
)
FORCE_MAJEURE = (
    "Host company closed after flooding in the region.",
    "Rail strike and no alternative travel.",
    "Participant hospitalised the day before departure.",
)
NOTES = (
    "",
    "",
    "",
    "",
    "Host asks for the learning programme two weeks before arrival.",
    "Participant will also visit the host's partner company.",
    "Dietary needs sent to the host.",
)


def _duration(rng: random.Random, activity: ActivityType) -> int:
    if activity == A.JOB_SHADOWING:
        return rng.choice((3, 4, 5, 5, 5, 6, 7, 10, 12, 14, 21))
    if activity == A.TEACHING:
        return rng.choice((3, 4, 5, 5, 7, 10))
    if activity == A.COURSE:
        return rng.choice((5, 5, 5, 6, 6, 10, 12))
    if activity == A.LEARNER_SHORT:
        return rng.choice((14, 21, 21, 28, 28, 30, 35, 42, 60))
    if activity == A.LEARNER_LONG:
        return rng.choice((90, 92, 120, 150, 180))
    return rng.choice((2, 3, 4, 5, 7))


def _transport(rng: random.Random, km: int, island: bool) -> TransportMode:
    roll = rng.random()
    if km < 700 and not island:
        return (
            TransportMode.TRAIN
            if roll < 0.45
            else TransportMode.BUS
            if roll < 0.65
            else TransportMode.CAR
            if roll < 0.82
            else TransportMode.CAR_POOLING
        )
    if km < 1500 and not island:
        return (
            TransportMode.PLANE if roll < 0.62 else TransportMode.TRAIN if roll < 0.9 else TransportMode.BUS
        )
    if island and roll < 0.1:
        return TransportMode.BOAT
    return TransportMode.PLANE if roll < 0.93 else TransportMode.TRAIN


class MobilityFactory:
    def __init__(
        self,
        writer: RowSink,
        rng: random.Random,
        today: date,
        world: World,
        selection: Selection,
        fx_rates: dict[tuple[str, date], str],
        progress: Callable[[int], None],
        grants: GrantBook,
    ) -> None:
        self.grants = grants
        self.w = writer
        self.rng = rng
        self.today = today
        self.world = world
        self.selection = selection
        self.fx_rates = fx_rates
        self.progress = progress
        self.mobilities: list[Row] = []
        self.programmes: list[Row] = []
        self._programme_texts: dict[tuple[str, bool, int], tuple[str, str, str, str]] = {}
        self.lines: list[Row] = []
        self.events: list[Row] = []
        self.evidence: list[Row] = []
        self.payments: list[Row] = []
        self.in_kind: list[Row] = []
        self.learners: list[Row] = []
        self.accompanied: list[Row] = []
        self.budget: dict[int, Counter[str]] = defaultdict(Counter)
        self._bm_counter: Counter[int] = Counter()
        self._keys: dict[tuple[str, object], str] = {}
        self._distances: dict[tuple[int, int], int] = {}
        self._busy: dict[int, list[tuple[date, date]]] = defaultdict(list)
        self._id_mobility = writer.id_source(Mobility)
        self._id_programme = writer.id_source(MobilityProgramme)
        self._id_grantline = writer.id_source(GrantLine)
        self._id_mobilitystatusevent = writer.id_source(MobilityStatusEvent)
        self._id_evidenceitem = writer.id_source(EvidenceItem)
        self._id_payment = writer.id_source(Payment)
        self._id_inkindexpense = writer.id_source(InKindExpense)
        self._id_learnerdetails = writer.id_source(LearnerDetails)
        self._id_accompanied = writer.id_source(AccompaniedLearner)
        self.done = 0

    # ------------------------------------------------------------------ planning
    def generate(self, plan: ProjectPlan, count: int) -> None:
        made = 0
        while made < count:
            made += self._activity(plan, count - made)
            if len(self.mobilities) >= CHUNK:
                self.flush()

    def _activity(self, plan: ProjectPlan, room: int) -> int:
        rng = self.rng
        if plan.is_ka220:
            return self._ka220(plan)
        activity = rng.choices(KA1_TYPES, cum_weights=KA1_CUMULATIVE)[0]
        school = self.world.schools[plan.school]
        if activity == A.INVITED_EXPERT:
            orgs = {o.id: o for o in self.world.expert_orgs}
            # an invited expert comes from abroad (KA121/KA122 mobility is transnational)
            experts = [e for e in self.world.experts if orgs[e.org_id].city.country != school.city.country]
            expert = rng.choice(experts or self.world.experts)
            origin = orgs[expert.org_id]
            self._mobility(plan, expert, activity, Direction.INCOMING, origin, school, None)
            return 1
        sending = school
        if plan.school == "it" and rng.random() < 0.25:
            sending = self.world.schools[rng.choice(("it-imola", "it-ferrara"))]
        if activity == A.LEARNER_SHORT:
            group = min(between(rng, 2, 5), max(room - 1, 1))
            host = rng.choice(self.world.hosts_for(plan.end < self.today))
            start = self._start(plan, 60)
            first_id = None
            made, shifted = 0, False
            group_ids: list[int] = []
            for _ in range(group):
                chosen = self.selection.take(plan.id, activity)
                if chosen and not self._free_around(chosen.person.id, start):
                    chosen = None  # selected, but away with another group then
                learner = (
                    chosen.person
                    if chosen
                    else self._someone_free(self.world.learners[self._key(sending)], start)
                )
                free = self._free_around(learner.id, start)
                if not free and made:
                    continue  # nobody free then: a smaller group
                shifted = shifted or not free  # alone, on dates of its own
                mid = self._mobility(
                    plan,
                    learner,
                    activity,
                    Direction.OUTGOING,
                    self._employer(learner, sending),
                    host,
                    chosen.application_id if chosen else None,
                    start=start if free else None,
                )
                made += 1
                first_id = first_id or mid
                group_ids.append(mid)
            if room > made and not shifted and rng.random() < 0.7:
                teacher = self._someone_free(self.world.staff[self._key(sending)], start)
                if self._free_around(teacher.id, start):
                    teacher_mid = self._mobility(
                        plan,
                        teacher,
                        activity,
                        Direction.OUTGOING,
                        sending,
                        host,
                        None,
                        start=start,
                        accompanies=first_id,
                    )
                    for learner_mid in group_ids:
                        self.accompanied.append(
                            {
                                "id": self._id_accompanied(),
                                "accompanying_id": teacher_mid,
                                "learner_id": learner_mid,
                            }
                        )
                    return made + 1
            return made
        chosen = self.selection.take(plan.id, activity) if activity == A.JOB_SHADOWING else None
        if chosen:
            person, host, app_id = chosen.person, chosen.host, chosen.application_id
        else:
            pool = self.world.learners if activity == A.LEARNER_LONG else self.world.staff
            person, host, app_id = (
                rng.choice(pool[self._key(sending)]),
                rng.choice(self.world.hosts_for(plan.end < self.today)),
                None,
            )
        self._mobility(
            plan, person, activity, Direction.OUTGOING, self._employer(person, sending), host, app_id
        )
        return 1

    def _ka220(self, plan: ProjectPlan) -> int:
        rng = self.rng
        keys = ("it", "fi", "pt", "gr", "de", "es")
        sender_key = rng.choice(keys)
        receiver_key = rng.choice([k for k in keys if k != sender_key])
        if rng.random() < 0.35:
            sender_key, receiver_key = rng.choice(keys[1:]), "it"
        sending, receiving = self.world.schools[sender_key], self.world.schools[receiver_key]
        person = rng.choice(self.world.staff[sender_key])
        direction = Direction.INCOMING if receiving.school and receiving.school.is_own else Direction.OUTGOING
        self._mobility(plan, person, A.JOB_SHADOWING, direction, sending, receiving, None)
        return 1

    def _employer(self, person: PersonRef, default: OrgRef) -> OrgRef:
        if person.org_id == default.id:
            return default
        return next((s for s in self.world.schools.values() if s.id == person.org_id), default)

    def _someone_free(self, pool: list[PersonRef], start: date) -> PersonRef:
        """A person of the pool with no other stay around a group's dates (a few tries)."""
        person = self.rng.choice(pool)
        for _ in range(8):
            if self._free_around(person.id, start):
                break
            person = self.rng.choice(pool)
        return person

    def _free_around(self, person_id: int, start: date) -> bool:
        window_end = start + timedelta(days=100)
        return not any(s[0] <= window_end and start <= s[1] for s in self._busy[person_id])

    def _abroad(self, plan: ProjectPlan, sending: OrgRef) -> OrgRef:
        """A host in another country than the sending school's."""
        hosts = [
            h for h in self.world.hosts_for(plan.end < self.today) if h.city.country != sending.city.country
        ]
        return self.rng.choice(hosts)

    def _free(self, person_id: int, plan: ProjectPlan, start: date, days: int) -> tuple[date, date]:
        """Dates on which the person has no other stay (a week apart): one person is in one place."""
        spans = self._busy[person_id]
        gap = timedelta(days=7)
        for _ in range(len(spans) + 1):
            end = start + timedelta(days=days - 1)
            clash = next((s for s in spans if s[0] - gap <= end and start <= s[1] + gap), None)
            if clash is None:
                break
            start = clash[1] + gap + timedelta(days=1)
            if start + timedelta(days=days - 1) > plan.end - timedelta(days=10):
                start = min(s[0] for s in spans) - gap - timedelta(days=days)
        end = start + timedelta(days=days - 1)
        spans.append((start, end))
        return start, end

    def _key(self, org: OrgRef) -> str:
        assert org.school is not None
        return org.school.key

    def _start(self, plan: ProjectPlan, days: int) -> date:
        first = plan.start + timedelta(days=45)
        last = plan.end - timedelta(days=days + 10)
        if plan.end > self.today:
            last = min(last, self.today + timedelta(days=220))
        span = max((last - first).days, 1)
        return first + timedelta(days=self.rng.randrange(span))

    # ------------------------------------------------------------------ one mobility
    def _mobility(
        self,
        plan: ProjectPlan,
        person: PersonRef,
        activity: ActivityType,
        direction: Direction,
        sending: OrgRef,
        receiving: OrgRef,
        application_id: int | None,
        *,
        start: date | None = None,
        accompanies: int | None = None,
    ) -> int:
        rng = self.rng
        today = self.today
        mid = self._id_mobility()
        accompanying = accompanies is not None
        days = _duration(rng, activity)
        start_given = start is not None
        if start is None:
            start = self._start(plan, days)
        if accompanying:
            days = min(days, rng.choice((5, 7, 7, 10)))
        end = start + timedelta(days=days - 1)
        if (
            not plan.is_ka220
            and direction == Direction.OUTGOING
            and receiving.city.country == sending.city.country
        ):
            receiving = self._abroad(plan, sending)  # KA121/KA122 mobility is transnational
        if start_given:
            self._busy[person.id].append((start, end))  # a group travels together: its dates stay
        else:
            start, end = self._free(person.id, plan, start, days)
        origin: City = sending.city
        destination: City = receiving.city
        km = self._distances.get((sending.id, receiving.id))
        if km is None:
            km = self._distances[(sending.id, receiving.id)] = haversine_km(origin, destination)
        island = destination.country in ("MT", "CY", "IS") or origin.country in ("MT", "CY", "IS")
        mode = _transport(rng, km, island)
        green = mode.is_green
        travel_days = min(6, 2 + km // 700) if green else 2
        if rng.random() < 0.1:
            travel_days = max(travel_days - 1, 0)
        fewer = person.fewer_opportunities and not accompanying
        inclusion = between(rng, 15, 90) * 1000 if fewer and rng.random() < 0.35 else 0
        course_days = days if activity == A.COURSE else 0
        status = status_for(rng, start, end, today, plan.end)
        if status == S.REPORTED and not receiving.oid:
            status = S.COMPLETED  # the BM needs the host's OID before the mobility can be reported
        grant = self.grants.compute(
            call_year=plan.call_year,
            activity_type=activity,
            destination_country=destination.country,
            distance_km=km,
            green=green,
            activity_days=days,
            travel_days=travel_days,
            course_days=course_days,
            accompanying=accompanying,
            fewer_opportunities=fewer,
            inclusion_real_cost_cents=inclusion,
        )
        past = status in (S.ONGOING, S.COMPLETED, S.REPORTED)
        actual_start = actual_end = None
        if past:
            actual_start = start
            actual_end = end if status != S.ONGOING else None
            # a few stays end a day early; they keep within the activity's minimum duration
            # and their course days follow the days actually spent
            if (
                status != S.ONGOING
                and rng.random() < 0.05
                and days - 1 >= MIN_DAYS.get(activity, 2)
                and days > 3
            ):
                actual_end = end - timedelta(days=1)
                course_days = min(course_days, days - 1)
        in_kind_travel = in_kind_accommodation = 0
        booked_by_school = (
            direction == Direction.OUTGOING
            and status not in (S.PLANNED, S.AGREEMENT_SENT, S.CANCELLED)
            and rng.random() < 0.08
        )
        travel_cents = next((x.amount_cents for x in grant.lines if x.code == "travel"), 0)
        if booked_by_school and travel_cents:
            in_kind_travel = travel_cents * between(rng, 70, 100) // 100
        if (
            (booked_by_school or rng.random() < 0.5)
            and destination.country in FX
            and status in (S.ONGOING, S.COMPLETED, S.REPORTED)
            and direction == Direction.OUTGOING
        ):
            in_kind_accommodation = days * between(rng, 45, 70) * 100
        cancelled = status == S.CANCELLED
        force = cancelled and rng.random() < 0.3
        bm_id = None
        if not plan.is_ka220:
            self._bm_counter[plan.id] += 1
            bm_id = f"{BM_PREFIX[activity]}-{self._bm_counter[plan.id]:06d}"
        events = history(rng, status, start, end, today, plan.start)
        evidence_missing = self._evidence(mid, status, events, end)
        self.mobilities.append(
            {
                "id": mid,
                "project_id": plan.id,
                "person_id": person.id,
                "application_id": application_id,
                "direction": direction,
                "activity_type": activity,
                "is_accompanying": accompanying,
                "accompanies_id": accompanies,
                "sending_org_id": sending.id,
                "receiving_org_id": receiving.id,
                "host_tutor_id": receiving.contact_ids[-1] if receiving.contact_ids else None,
                "origin_city": origin.name,
                "origin_country": origin.country,
                "destination_city": destination.name,
                "destination_country": destination.country,
                "planned_start": start,
                "planned_end": end,
                "actual_start": actual_start,
                "actual_end": actual_end,
                "travel_days": travel_days,
                "transport_mode": mode,
                "green_travel": green,
                "green_travel_note": "Night train and regional connections"
                if green and mode == TransportMode.TRAIN and km > 900
                else None,
                "distance_km": km,
                "distance_estimate_km": km,
                "fewer_opportunities": fewer,
                "inclusion_real_cost_cents": inclusion,
                "course_days": course_days,
                "real_travel_cost_cents": None,
                "exceptional_other_cents": 0,
                "exceptional_other_note": None,
                "force_majeure": force,
                "force_majeure_note": rng.choice(FORCE_MAJEURE) if force else None,
                "org_support_not_requested": False,
                "in_kind_travel_cents": in_kind_travel,
                "in_kind_accommodation_cents": in_kind_accommodation,
                "bm_activity_id": bm_id,
                "status": status,
                "search_key": self._search_key(person, receiving, destination),
                "participant_sort_key": person.sort_key,
                "receiving_sort_key": self._sort_key(("o", receiving.id), receiving.name),
                "missing_evidence": evidence_missing,
                "grant_rate_set_id": grant.rate_set_row_id,
                "grant_rate_set_version": grant.rate_set_version,
                "grant_participant_cents": grant.participant_cents,
                "grant_organisation_cents": grant.organisation_cents,
                "grant_total_cents": grant.total_cents,
                "grant_computed_at": stored_at(events[0][1], 9, 30),
                "feedback_score": between(rng, 3, 5) if status == S.REPORTED else None,
                "notes": rng.choice(NOTES),
            }
        )
        self._programme(mid, activity, accompanying)
        if activity.is_learner and not accompanying:
            self.learners.append(
                learner_details_row(self._id_learnerdetails(), mid, person, status, start, today)
            )
        for position, line in enumerate(grant.lines, start=1):
            self.lines.append(
                {
                    "id": self._id_grantline(),
                    "mobility_id": mid,
                    "position": position,
                    "code": line.code,
                    "label": line.label,
                    "recipient": line.recipient,
                    "quantity": line.quantity,
                    "rate_cents": line.rate_cents,
                    "amount_cents": line.amount_cents,
                    "derivation": line.derivation,
                }
            )
            if not cancelled:
                self.budget[plan.id][line.code] += line.amount_cents
        for step, on in events:
            self.events.append(
                {
                    "id": self._id_mobilitystatusevent(),
                    "mobility_id": mid,
                    "status": step,
                    "on_date": on,
                    "at": stored_at(on, 8 + mid % 9, mid * 7 % 60),
                    "user": "international.office",
                    "note": "Cancelled by the participant" if step == S.CANCELLED else "",
                }
            )
        signed_on = next((on for step, on in events if step == S.AGREEMENT_SIGNED), None)
        self._payments(
            mid,
            plan,
            status,
            grant.participant_cents - in_kind_travel - in_kind_accommodation,
            signed_on,
            start,
            end,
            events[-1][1],
            direction,
            sending,
            bm_id,
        )
        if in_kind_travel:
            self._expense(
                mid,
                InKindKind.TRAVEL,
                min(signed_on or start, today),
                "Train and flight tickets",
                in_kind_travel,
                None,
            )
        if in_kind_accommodation:
            self._expense(
                mid,
                InKindKind.ACCOMMODATION,
                min(start, today),
                "Accommodation booked by the school",
                in_kind_accommodation,
                FX.get(destination.country),
            )
        self.done += 1
        return mid

    def _programme(self, mid: int, activity: ActivityType, accompanying: bool) -> None:
        key = (activity, accompanying, mid % 9)
        texts = self._programme_texts.get(key)
        if texts is None:
            texts = self._programme_texts[key] = programme_texts(activity, accompanying, mid)
        objectives, activities, outcomes, added_value = texts
        self.programmes.append(
            {
                "id": self._id_programme(),
                "mobility_id": mid,
                "language": "en",
                "objectives": objectives,
                "added_value": added_value,
                "activities": activities,
                "outcomes": outcomes,
            }
        )

    def _search_key(self, person: PersonRef, receiving: OrgRef, city: City) -> str:
        """search_key(first, last, host, city) from cached parts: normalised parts join with one space."""
        parts = (
            person.name_key,
            self._cached(search_key, ("so", receiving.id), receiving.name),
            self._cached(search_key, ("sc", city.name), city.name),
        )
        return " ".join(p for p in parts if p)

    def _sort_key(self, cache_key: tuple[str, object], *parts: str) -> str:
        return self._cached(sort_key, cache_key, *parts)

    def _cached(self, fn: Callable[..., str], cache_key: tuple[str, object], *parts: str) -> str:
        value = self._keys.get(cache_key)
        if value is None:
            value = self._keys[cache_key] = fn(*parts)
        return value

    def _evidence(
        self, mid: int, status: MobilityStatus, events: list[tuple[MobilityStatus, date]], end: date
    ) -> int:
        if status == S.CANCELLED:
            return 0
        rng = self.rng
        dated = dict(events)
        required = REQUIRED[status]
        kinds = required  # the checklist grows with the stage: items are added when they fall due
        missing = 0
        signed = dated.get(S.AGREEMENT_SIGNED)
        for kind in kinds:
            done_on: date | None = None
            if kind in required:
                if kind == EvidenceKind.MOBILITY_AGREEMENT:
                    done_on = signed
                elif kind == EvidenceKind.GRANT_AGREEMENT:
                    done_on = signed if (status == S.REPORTED or rng.random() < 0.88) else None
                elif kind in (EvidenceKind.CERTIFICATE, EvidenceKind.TRAVEL):
                    done_on = (
                        min(end + timedelta(days=between(rng, 0, 12)), self.today)
                        if status == S.REPORTED or rng.random() < 0.55
                        else None
                    )
                else:
                    done_on = dated.get(S.REPORTED)
                if done_on is None:
                    missing += 1
            self.evidence.append(
                {
                    "id": self._id_evidenceitem(),
                    "mobility_id": mid,
                    "kind": kind,
                    "done": done_on is not None,
                    "done_on": done_on,
                    "attachment_id": None,
                    "note": "",
                }
            )
        return missing

    def _payments(
        self,
        mid: int,
        plan: ProjectPlan,
        status: MobilityStatus,
        amount: int,
        signed_on: date | None,
        start: date,
        end: date,
        last_event: date,
        direction: Direction,
        sending: OrgRef,
        bm_id: str | None,
    ) -> None:
        if amount <= 0 or status in (S.PLANNED, S.AGREEMENT_SENT, S.CANCELLED):
            return
        rng = self.rng
        today = self.today
        reference = bm_id or f"M{mid}"
        currency = FX.get(sending.city.country) if direction == Direction.INCOMING else None
        if direction == Direction.INCOMING and status in (S.COMPLETED, S.REPORTED):
            due = end + timedelta(days=plan.balance_days)
            settled = min(end + timedelta(days=between(rng, 5, 40)), today) if status == S.REPORTED else None
            self._payment(mid, PaymentKind.BALANCE, due, amount, settled, f"{reference}/FULL", currency)
            return
        if direction == Direction.INCOMING:
            return
        pre = amount * plan.prefinancing_bp // 10000
        due = max(start - timedelta(days=7), signed_on or start)
        paid: date | None = None
        if status != S.AGREEMENT_SIGNED or (due <= today and rng.random() < 0.85):
            paid = min(due - timedelta(days=between(rng, 0, 5)), today)
            if signed_on:
                paid = max(paid, signed_on)
        self._payment(mid, PaymentKind.PREFINANCING, due, pre, paid, f"{reference}/PF", None)
        if status in (S.COMPLETED, S.REPORTED):
            balance_due = end + timedelta(days=plan.balance_days)
            balance_paid = (
                min(last_event + timedelta(days=between(rng, 3, 25)), today) if status == S.REPORTED else None
            )
            self._payment(
                mid, PaymentKind.BALANCE, balance_due, amount - pre, balance_paid, f"{reference}/BAL", None
            )

    def _rate(self, currency: str, on: date) -> str:
        return self.fx_rates[(currency, on.replace(day=1))]

    def _payment(
        self,
        mid: int,
        kind: PaymentKind,
        due: date,
        eur_cents: int,
        paid: date | None,
        reference: str,
        currency: str | None,
    ) -> None:
        fx_rate = fx_date = None
        amount = eur_cents
        if currency:
            fx_date = (paid or min(due, self.today)).replace(day=1)
            fx_rate = self._rate(currency, fx_date)
            amount = round(eur_cents * float(fx_rate))
        self.payments.append(
            {
                "id": self._id_payment(),
                "mobility_id": mid,
                "kind": kind,
                "due_date": due,
                "amount_cents": amount,
                "currency": currency or "EUR",
                "amount_eur_cents": eur_cents,
                "fx_rate": fx_rate,
                "fx_date": fx_date,
                "paid_on": paid,
                "method": "bank_transfer" if paid else None,
                "reference": reference,
                "note": "",
            }
        )

    def _expense(
        self, mid: int, kind: InKindKind, spent: date, description: str, eur_cents: int, currency: str | None
    ) -> None:
        fx_rate = fx_date = None
        amount = eur_cents
        if currency:
            fx_date = spent.replace(day=1)
            fx_rate = self._rate(currency, fx_date)
            amount = round(eur_cents * float(fx_rate))
        self.in_kind.append(
            {
                "id": self._id_inkindexpense(),
                "mobility_id": mid,
                "kind": kind,
                "spent_on": spent,
                "description": description,
                "amount_cents": amount,
                "currency": currency or "EUR",
                "amount_eur_cents": eur_cents,
                "fx_rate": fx_rate,
                "fx_date": fx_date,
            }
        )

    # ------------------------------------------------------------------ writing
    def flush(self) -> None:
        """Hand the buffered rows to the writer (parents before children) and start new buffers."""
        buffers = (
            self.mobilities,
            self.programmes,
            self.lines,
            self.events,
            self.evidence,
            self.payments,
            self.in_kind,
            self.learners,
            self.accompanied,
        )
        for model, rows in zip(MOBILITY_TABLES, buffers, strict=True):
            self.w.insert(model, rows)
        self.mobilities, self.programmes, self.lines, self.events = [], [], [], []
        self.evidence, self.payments, self.in_kind = [], [], []
        self.learners, self.accompanied = [], []
        self.progress(self.done)
