"""Calls for applications with criteria and evaluators; applications scored, ranked and decided."""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from intervet_desktop.core.enums import ActivityType, ApplicationStatus, CallStatus
from intervet_desktop.core.text import search_key
from intervet_desktop.db.models import (
    Application,
    ApplicationEvent,
    ApplicationPreference,
    Call,
    CallCriterion,
    CallQuota,
    Evaluator,
    Score,
)
from intervet_desktop.services.demo.projects import ProjectPlan
from intervet_desktop.services.demo.rows import BulkWriter, Row
from intervet_desktop.services.demo.world import OrgRef, PersonRef, World

# (name, weight, max points, sensitive)
CRITERIA = (
    ("Motivation and expected learning outcomes", 3, 10, False),
    ("Relevance to the school's internationalisation plan", 2, 10, False),
    ("Language skills", 2, 10, False),
    ("First-time participant", 1, 5, False),
    ("Fewer opportunities", 1, 5, True),
)
ELIGIBILITY = "Staff employed by the sending school or a consortium member; learners enrolled in VET."
CONSENSUS_ABOVE = 150
APPEAL_SCHOOLS = {"it", "es", "pt", "gr"}  # public schools: provisional ranking and appeals
MOTIVATIONS = (
    "I want to see how the host organises work-based learning and bring its tutoring model home.",
    "Our department is renewing its workshop; I want to see how the host trains apprentices on it.",
    "I coordinate the internationalisation team and want to observe how an International Office is run.",
    "I teach learners with fewer opportunities and want to learn inclusive teaching practices.",
    "I would like to improve my English and build a partnership for future learner mobilities.",
    "Ho bisogno di confrontarmi con colleghi europei sulla valutazione delle competenze.",
)
INELIGIBLE = (
    "Not employed by the school at the deadline.",
    "Motivation letter missing.",
    "Application received after the deadline without a justified reason.",
)


@dataclass(frozen=True, slots=True)
class Selected:
    application_id: int
    person: PersonRef
    host: OrgRef


class _Entry(NamedTuple):
    app_id: int
    person: PersonRef
    submitted: datetime
    first_time: bool
    fixed: str | None
    host: OrgRef
    points: list[tuple[int, int, int]]
    total: int | None
    n: int


@dataclass
class CallPlan:
    id: int
    project: ProjectPlan
    activity: str
    status: str
    opens_on: date
    deadline: date
    final_on: date | None
    provisional_on: date | None
    selected: int
    extra: int


@dataclass
class Selection:
    """Selected applications waiting for their mobility, by (project id, activity type)."""

    queues: dict[tuple[int, str], deque[Selected]] = field(default_factory=dict)

    def take(self, project_id: int, activity: str) -> Selected | None:
        queue = self.queues.get((project_id, activity))
        return queue.popleft() if queue else None


class CallBuilder:
    def __init__(self, writer: BulkWriter, rng: random.Random, today: date, world: World) -> None:
        self.w = writer
        self.rng = rng
        self.today = today
        self.world = world

    def build(self, plans: list[ProjectPlan], expected: dict[tuple[int, str], int], size: int) -> Selection:
        selection = Selection()
        calls: list[CallPlan] = []
        for plan in plans:
            if plan.is_ka220:
                continue
            year = plan.call_year
            staff_opens = plan.start - timedelta(days=40)
            for activity, title, opens in (
                (ActivityType.JOB_SHADOWING.value, f"Job shadowing for staff {year}/{year + 1}", staff_opens),
                (
                    ActivityType.LEARNER_SHORT.value,
                    f"Work placements abroad for learners {year}/{year + 1}",
                    staff_opens + timedelta(days=7),
                ),
            ):
                linked = round(expected.get((plan.id, activity), 0) * 0.4)
                deadline = opens + timedelta(days=30)
                final = deadline + timedelta(days=28)
                calls.append(
                    self._call(
                        plan,
                        activity,
                        title,
                        opens,
                        deadline,
                        CallStatus.PUBLISHED.value,
                        final,
                        final - timedelta(days=14),
                        linked,
                        linked // 3 + 3,
                    )
                )
            if plan.end > self.today:
                opens = self.today - timedelta(days=self.rng.randint(10, 40))
                deadline = self.today + timedelta(days=self.rng.randint(5, 25))
                status = CallStatus.OPEN.value
                provisional: date | None = None
                if plan.school in ("it", "es"):
                    opens, deadline = opens - timedelta(days=50), self.today - timedelta(days=25)
                    status, provisional = CallStatus.PROVISIONAL.value, self.today - timedelta(days=4)
                elif plan.school == "gr":
                    opens, deadline = opens - timedelta(days=40), self.today - timedelta(days=15)
                    status = CallStatus.EVALUATED.value
                calls.append(
                    self._call(
                        plan,
                        ActivityType.COURSE.value,
                        f"Courses and training abroad, spring {self.today.year + 1}",
                        opens,
                        deadline,
                        status,
                        None,
                        provisional,
                        max(2, size // 400),
                        max(6, size // 120),
                    )
                )
        self._write_calls(calls, selection)
        return selection

    def _call(
        self,
        plan: ProjectPlan,
        activity: str,
        title: str,
        opens: date,
        deadline: date,
        status: str,
        final: date | None,
        provisional: date | None,
        selected: int,
        extra: int,
    ) -> CallPlan:
        return CallPlan(
            self.w.new_id(Call),
            plan,
            activity,
            status,
            opens,
            deadline,
            final,
            provisional if plan.school in APPEAL_SCHOOLS or status == "provisional" else None,
            selected,
            extra,
        )

    def _write_calls(self, calls: list[CallPlan], selection: Selection) -> None:
        rng = self.rng
        call_rows: list[Row] = []
        criteria_rows: list[Row] = []
        evaluator_rows: list[Row] = []
        quota_rows: list[Row] = []
        apps: list[Row] = []
        prefs: list[Row] = []
        scores: list[Row] = []
        events: list[Row] = []
        for call in calls:
            plan = call.project
            appeals = plan.school in APPEAL_SCHOOLS
            call_rows.append(
                {
                    "id": call.id,
                    "project_id": plan.id,
                    "title": self._title(call),
                    "search_key": search_key(self._title(call), plan.code),
                    "activity_type": call.activity,
                    "opens_on": call.opens_on,
                    "deadline": call.deadline,
                    "places_total": call.selected,
                    "status": call.status,
                    "eligibility_notes": ELIGIBILITY,
                    "with_appeals": appeals,
                    "provisional_published_on": call.provisional_on,
                    "appeal_deadline": call.provisional_on + timedelta(days=10)
                    if call.provisional_on
                    else None,
                    "final_published_on": call.final_on,
                    "tie_breakers": "first_time,fewer_opportunities,submitted_at",
                }
            )
            criterion_ids = []
            for position, (name, weight, max_points, sensitive) in enumerate(CRITERIA, start=1):
                cid = self.w.new_id(CallCriterion)
                criterion_ids.append((cid, weight, max_points, name))
                criteria_rows.append(
                    {
                        "id": cid,
                        "call_id": call.id,
                        "position": position,
                        "name": name,
                        "weight": weight,
                        "max_points": max_points,
                        "sensitive": sensitive,
                    }
                )
            school_staff = self.world.staff[plan.school]
            evaluators = []
            for person in rng.sample(school_staff, 2):
                eid = self.w.new_id(Evaluator)
                evaluators.append(eid)
                evaluator_rows.append(
                    {
                        "id": eid,
                        "call_id": call.id,
                        "name": f"{person.first} {person.last}",
                        "person_id": person.id,
                    }
                )
            if call.activity == ActivityType.LEARNER_SHORT.value:
                quota_rows.append(
                    {
                        "id": self.w.new_id(CallQuota),
                        "call_id": call.id,
                        "country": "FI",
                        "host_id": None,
                        "places": max(1, call.selected // 5),
                    }
                )
            self._applications(call, criterion_ids, evaluators, apps, prefs, scores, events, selection)
        self.w.insert(Call, call_rows)
        self.w.insert(CallCriterion, criteria_rows)
        self.w.insert(Evaluator, evaluator_rows)
        self.w.insert(CallQuota, quota_rows)
        self.w.insert(Application, apps)
        self.w.insert(ApplicationPreference, prefs)
        self.w.insert(Score, scores)
        self.w.insert(ApplicationEvent, events)

    @staticmethod
    def _title(call: CallPlan) -> str:
        year = call.project.call_year
        return {
            ActivityType.JOB_SHADOWING.value: f"Job shadowing for staff {year}/{year + 1}",
            ActivityType.LEARNER_SHORT.value: f"Work placements abroad for learners {year}/{year + 1}",
        }.get(call.activity, f"Courses and training abroad {call.deadline.year}/{call.deadline.year + 1}")

    def _applicants(self, call: CallPlan, count: int) -> list[PersonRef]:
        plan = call.project
        learners = call.activity.startswith("LM-")
        keys = [plan.school] + (["it-imola", "it-ferrara"] if plan.school == "it" else [])
        pool = [p for k in keys for p in (self.world.learners[k] if learners else self.world.staff[k])]
        picked: list[PersonRef] = []
        while len(picked) < count:
            picked.extend(self.rng.sample(pool, min(len(pool), count - len(picked))))
        return picked

    def _applications(
        self,
        call: CallPlan,
        criteria: list[tuple[int, int, int, str]],
        evaluators: list[int],
        apps: list[Row],
        prefs: list[Row],
        scores: list[Row],
        events: list[Row],
        selection: Selection,
    ) -> None:
        rng = self.rng
        total = call.selected + call.extra
        people = self._applicants(call, total)
        prefix = f"{call.project.code.split('-')[2][:2]}{call.project.call_year % 100:02d}-{call.id:03d}"
        scored_status = call.status not in (CallStatus.OPEN.value, CallStatus.DRAFT.value)
        # every evaluator scores every application; a big call's committee agrees on one score per
        # criterion, entered under its chair (the first evaluator)
        scorers = evaluators if total <= CONSENSUS_ABOVE else evaluators[:1]
        entries: list[_Entry] = []
        deadline_dt = datetime.combine(call.deadline, time(23, 59), tzinfo=UTC)
        span = max(
            int((deadline_dt - datetime.combine(call.opens_on, time(8), tzinfo=UTC)).total_seconds()), 3600
        )
        for n, person in enumerate(people, start=1):
            app_id = self.w.new_id(Application)
            submitted = min(
                deadline_dt - timedelta(seconds=rng.randrange(span)),
                datetime.combine(self.today, time(7), tzinfo=UTC),
            )
            first_time = rng.random() < 0.45
            roll = rng.random()
            fixed = None
            if roll < 0.05:
                fixed = ApplicationStatus.INELIGIBLE.value
            elif roll < 0.09:
                fixed = ApplicationStatus.WITHDRAWN.value
            host = rng.choice(self.world.hosts_for(call.project.end < self.today))
            points: list[tuple[int, int, int]] = []
            total_h: int | None = None
            if scored_status and fixed is None:
                quality = rng.random()
                weighted = 0.0
                for cid, weight, max_points, name in criteria:
                    for eid in scorers:
                        if name == "First-time participant":
                            value = max_points * 100 if first_time else 0
                        elif name == "Fewer opportunities":
                            value = max_points * 100 if person.fewer_opportunities else 0
                        else:
                            frac = min(max(quality + rng.uniform(-0.15, 0.15), 0.1), 1.0)
                            value = round(frac * max_points * 4) * 25  # quarter points
                        points.append((cid, eid, value))
                        weighted += weight * value / len(scorers)
                total_h = round(weighted)
            entries.append(_Entry(app_id, person, submitted, first_time, fixed, host, points, total_h, n))
        # rank the scored applications, then decide
        ranked = sorted(
            (e for e in entries if e.total is not None),
            key=lambda e: (-(e.total or 0), not e.first_time, e.submitted),
        )
        ranks = {e[0]: i for i, e in enumerate(ranked, start=1)}
        queue: deque[Selected] = deque()
        for app_id, person, submitted, first_time, fixed, host, points, total_h, n in entries:
            rank = ranks.get(app_id)
            status = fixed or self._decide(call, rank)
            apps.append(
                {
                    "id": app_id,
                    "call_id": call.id,
                    "person_id": person.id,
                    "number": f"{prefix}-{n:05d}",
                    "search_key": f"{person.name_key} {search_key(f'{prefix}-{n:05d}')}",
                    "submitted_at": submitted,
                    "late_reason": None,
                    "preferred_start": call.deadline + timedelta(days=rng.randint(40, 200)),
                    "preferred_end": None,
                    "motivation": rng.choice(MOTIVATIONS),
                    "first_time": first_time,
                    "fewer_opportunities": person.fewer_opportunities,
                    "status": status,
                    "eligibility_reason": rng.choice(INELIGIBLE)
                    if status == ApplicationStatus.INELIGIBLE.value
                    else None,
                    "total_hundredths": total_h,
                    "rank": rank,
                }
            )
            apps[-1]["preferred_end"] = apps[-1]["preferred_start"] + timedelta(days=rng.randint(4, 12))
            prefs.append(
                {
                    "id": self.w.new_id(ApplicationPreference),
                    "application_id": app_id,
                    "position": 1,
                    "host_id": host.id,
                    "country": host.city.country,
                }
            )
            for cid, eid, value in points:
                scores.append(
                    {
                        "id": self.w.new_id(Score),
                        "application_id": app_id,
                        "criterion_id": cid,
                        "evaluator_id": eid,
                        "points_hundredths": value,
                    }
                )
            events.append(
                {
                    "id": self.w.new_id(ApplicationEvent),
                    "application_id": app_id,
                    "at": submitted,
                    "user": "",
                    "kind": "status",
                    "old_value": None,
                    "new_value": ApplicationStatus.RECEIVED.value,
                    "reason": "Submitted online",
                }
            )
            if status != ApplicationStatus.RECEIVED.value:
                decided = (
                    call.final_on or call.provisional_on or min(call.deadline + timedelta(days=7), self.today)
                )
                events.append(
                    {
                        "id": self.w.new_id(ApplicationEvent),
                        "application_id": app_id,
                        "at": max(datetime.combine(decided, time(12), tzinfo=UTC), submitted),
                        "user": "international.office",
                        "kind": "status",
                        "old_value": ApplicationStatus.SCORED.value
                        if total_h is not None
                        else ApplicationStatus.RECEIVED.value,
                        "new_value": status,
                        "reason": "Ranking published" if call.final_on else "Evaluation committee",
                    }
                )
            if status == ApplicationStatus.SELECTED.value:
                queue.append(Selected(app_id, person, host))
        selection.queues[(call.project.id, call.activity)] = queue

    def _decide(self, call: CallPlan, rank: int | None) -> str:
        if call.status == CallStatus.OPEN.value:
            return self.rng.choice((ApplicationStatus.RECEIVED.value, ApplicationStatus.ELIGIBLE.value))
        if call.status == CallStatus.EVALUATED.value:
            return ApplicationStatus.SCORED.value
        assert rank is not None
        places = call.selected
        if call.status == CallStatus.PROVISIONAL.value:
            if rank <= places:
                return ApplicationStatus.PROVISIONALLY_SELECTED.value
            if rank <= places + 3 and self.rng.random() < 0.3:
                return ApplicationStatus.APPEALED.value
            return (
                ApplicationStatus.RESERVE if rank <= places * 1.5 + 2 else ApplicationStatus.REJECTED
            ).value
        if rank <= places:
            return ApplicationStatus.SELECTED.value
        return (ApplicationStatus.RESERVE if rank <= places * 1.3 + 2 else ApplicationStatus.REJECTED).value
