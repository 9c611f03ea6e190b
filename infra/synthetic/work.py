"""The months of a case: activities, assessments, plan reviews, service referrals, outcomes."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from random import Random
from typing import Any
from uuid import UUID

from domain.case import Goal, GoalStatus
from domain.shared.case_vocabulary import (
    ActivityKind,
    AssessmentDomain,
    ContractKind,
    OutcomeKind,
    ServiceKind,
)
from domain.shared.profile_vocabulary import (
    CEFRLevel,
    EducationLevel,
    EmploymentStatus,
    HousingStatus,
    IncomeSource,
    PermitKind,
)
from domain.shared.roles import ActorRole
from domain.shared.values import PersonalText, add_months

from . import distributions as d
from .her import Her, clip
from .identities import note
from .plan import Steps
from .profiles import weighted

CW = ActorRole.CASEWORKER


@dataclass
class Work:
    """What the case did; `tags` are events a later correction may name."""

    tags: list[tuple[str, date, str, object]] = field(default_factory=list)
    counts: dict[ActivityKind, int] = field(default_factory=dict)


@dataclass
class Span:
    """The working days of a case: after intake, up to its end, outside a suspension."""

    intake: date
    end: date
    paused: tuple[date, date] | None

    def ok(self, day: date) -> bool:
        if not self.intake <= day <= self.end:
            return False
        return self.paused is None or not self.paused[0] <= day <= self.paused[1]

    def nudge(self, day: date) -> date:
        """Move a day out of the suspension (to the day after resuming)."""
        if self.paused is not None and self.paused[0] <= day <= self.paused[1]:
            return self.paused[1] + timedelta(days=1)
        return day

    def any_day(self, rng: Random, start: date) -> date:
        return self.nudge(start + timedelta(days=rng.randint(0, max((self.end - start).days, 0))))


def plan_work(
    rng: Random,
    her: Her,
    out: Steps,
    case_id: UUID,
    programme: str,
    intake: date,
    plan_day: date,
    end: date,
    paused: tuple[date, date] | None,
    goals: list[Goal],
    job: date | None,
) -> Work:
    span, work = Span(intake, end, paused), Work()
    _activities(rng, her, out, case_id, programme, plan_day, span, work)
    _assessments(rng, her, out, case_id, plan_day, span, work, job)
    _reviews(rng, her, out, case_id, plan_day, span, goals)
    _services(rng, her, out, case_id, plan_day, span)
    _outcomes(rng, her, out, case_id, span, work, job)
    return work


def _kind(rng: Random, her: Her, programme: str) -> ActivityKind:
    if her.italian.rank < CEFRLevel.B1.rank and rng.random() < d.P_ITALIAN_COURSE_BELOW_B1:
        return (
            ActivityKind.ITALIAN_COURSE
            if rng.random() < d.P_COURSE_RATHER_THAN_MEDIATION
            else ActivityKind.CULTURAL_MEDIATION
        )
    mix = d.ACTIVITY_MIX.get(programme, d.ACTIVITY_MIX["default"])
    return weighted(rng, mix)


def _activities(
    rng: Random,
    her: Her,
    out: Steps,
    case_id: UUID,
    programme: str,
    plan_day: date,
    span: Span,
    work: Work,
) -> None:
    rei = (
        programme == "EMP"
        and span.intake.year >= 2018
        and her.income is IncomeSource.BENEFITS
        and rng.random() < d.P_REI_CASE
    )
    month = 0
    while (start := add_months(plan_day, month)) <= span.end:
        kinds = [_kind(rng, her, programme) for _ in range(weighted(rng, d.ACTIVITIES_PER_MONTH))]
        if rei and month % 3 == 1:
            kinds.append(ActivityKind.REI_TEAM_REVIEW)
        for kind in kinds:
            day = start + timedelta(days=rng.randint(0, 27))
            if not span.ok(day):
                continue
            low, high = d.ACTIVITY_HOURS[kind]
            hours = float(rng.randint(low, high))
            tag = f"{case_id}:a{len(work.tags)}"
            text = (
                note(rng, her.first_name, f"{kind.it.lower()}")
                if rng.random() < d.P_ACTIVITY_NOTE
                else None
            )
            out.add(
                day,
                "record_activity",
                CW,
                case_id,
                occurred_on=day,
                kind=kind,
                hours=hours,
                notes=text,
                tag=tag,
            )
            work.tags.append((tag, day, "hours", hours))
            work.counts[kind] = work.counts.get(kind, 0) + 1
        month += 1


def _assessments(
    rng: Random,
    her: Her,
    out: Steps,
    case_id: UUID,
    plan_day: date,
    span: Span,
    work: Work,
    job: date | None,
) -> None:
    """Scores drift up with time in the programme, Italian with courses, work with a job."""
    step = 1
    while (day := add_months(plan_day, d.ASSESSMENT_EVERY_MONTHS * step)) < span.end:
        step += 1
        if not span.ok(day):
            continue
        for domain in her.scores:
            gain = (
                1 if rng.random() < d.P_SCORE_UP else (-1 if rng.random() < d.P_SCORE_DOWN else 0)
            )
            if domain is AssessmentDomain.WORK and job is not None and job <= day:
                gain += d.WORK_GAIN_WITH_JOB
            if (
                domain is AssessmentDomain.LANGUAGE
                and work.counts.get(ActivityKind.ITALIAN_COURSE, 0) >= 2
            ):
                gain += 1
            her.scores[domain] = clip(her.scores[domain] + gain)
        chosen = sorted(rng.sample(list(her.scores), rng.randint(4, 8)), key=lambda k: k.value)
        scores = {k: her.scores[k] for k in chosen}
        tag = f"{case_id}:s{len(work.tags)}"
        out.add(day, "assess", CW, case_id, occurred_on=day, scores=scores, tag=tag)
        work.tags.append((tag, day, "scores", scores))


def _reviews(
    rng: Random, her: Her, out: Steps, case_id: UUID, plan_day: date, span: Span, goals: list[Goal]
) -> None:
    statuses = {g.goal_id: GoalStatus.OPEN for g in goals}
    step = 1
    while (day := add_months(plan_day, d.REVIEW_EVERY_MONTHS * step)) < span.end:
        step += 1
        if not span.ok(day):
            continue
        for goal_id, status in statuses.items():
            if status is GoalStatus.OPEN or status is GoalStatus.PARTLY:
                statuses[goal_id] = weighted(rng, d.GOAL_PROGRESS)
        new: list[Goal] = []
        if rng.random() < d.P_NEW_GOAL:
            domain = rng.choice(list(AssessmentDomain))
            text = note(rng, her.first_name, f"nuovo obiettivo su {domain.it.lower()}")
            new = [
                Goal(
                    f"g{len(statuses) + 1}",
                    domain,
                    add_months(day, 6),
                    PersonalText(her.person_id, text),
                )
            ]
        out.add(
            day,
            "review_plan",
            CW,
            case_id,
            occurred_on=day,
            goal_statuses=dict(statuses),
            new_goals=new,
            notes=note(rng, her.first_name, "verifica del progetto"),
        )
        statuses.update({g.goal_id: GoalStatus.OPEN for g in new})


def _services(rng: Random, her: Her, out: Steps, case_id: UUID, plan_day: date, span: Span) -> None:
    if rng.random() >= d.P_SERVICE_REFERRAL:
        return
    options = [
        (ServiceKind.EMPLOYMENT_CENTRE, 5),
        (ServiceKind.PATRONATO, 3),
        (ServiceKind.HEALTH, 2),
        (ServiceKind.CHILDCARE, 2 if her.household.children else 0),
        (ServiceKind.ADULT_EDUCATION, 4 if her.italian.rank < 3 else 0),
        (ServiceKind.DISABILITY, 6 if her.special_needs else 0),
        (ServiceKind.ANTI_VIOLENCE, 6 if her.violence else 0),
        (ServiceKind.HOUSING_OFFICE, 0 if her.housing.is_secure else 3),
        (ServiceKind.LEGAL_AID, 1),
        (ServiceKind.MENTAL_HEALTH, 1),
    ]
    for _ in range(rng.randint(1, 2)):
        day = span.any_day(rng, plan_day)
        if span.ok(day):
            service = weighted(rng, options)
            out.add(
                day,
                "refer_to_service",
                CW,
                case_id,
                occurred_on=day,
                service=service,
                notes=note(rng, her.first_name, f"invio a {service.it.lower()}"),
            )


def _outcomes(
    rng: Random, her: Her, out: Steps, case_id: UUID, span: Span, work: Work, job: date | None
) -> None:
    def record(day: date, kind: OutcomeKind, **extra: Any) -> date | None:
        day = span.nudge(day)
        if not span.ok(day):
            return None
        out.add(day, "record_outcome", CW, case_id, occurred_on=day, kind=kind, **extra)
        return day

    start = span.intake + timedelta(days=1)
    contract = weighted(rng, d.CONTRACT_WEIGHTS)
    hours = float(rng.choice([12, 18, 20, 24, 25, 30, 36, 38, 40]))
    if job is not None and record(
        job, OutcomeKind.JOB_STARTED, contract_kind=contract, weekly_hours=hours
    ):
        her.employment = (
            EmploymentStatus.SELF_EMPLOYED
            if contract is ContractKind.SELF_EMPLOYED
            else EmploymentStatus.EMPLOYED
        )
        her.job_on = her.job_on or job
        if her.income is IncomeSource.BENEFITS and rng.random() < d.P_OUTCOME["benefits_left"]:
            record(job + timedelta(days=rng.randint(30, 90)), OutcomeKind.BENEFITS_LEFT)
        her.income = IncomeSource.OWN_WORK
    p = d.P_OUTCOME
    if (
        work.counts.get(ActivityKind.ITALIAN_COURSE, 0) >= 3
        and rng.random() < p["language_certified"]
    ):
        level = list(CEFRLevel)[min(her.italian.rank + 1, CEFRLevel.C1.rank)]
        record(span.any_day(rng, start), OutcomeKind.LANGUAGE_CERTIFIED, cefr_level=level)
        her.italian = level
    if work.counts.get(ActivityKind.TRAINING, 0) >= 2 and rng.random() < p["training_completed"]:
        record(span.any_day(rng, start), OutcomeKind.TRAINING_COMPLETED)
    if not her.housing.is_secure and rng.random() < p["housing_secured"]:
        record(span.any_day(rng, start), OutcomeKind.HOUSING_SECURED)
        her.housing = HousingStatus.RENTED
    no_permit = her.profile.permit in (PermitKind.PENDING, PermitKind.NONE)
    if no_permit and rng.random() < p["permit_obtained"]:
        permit = weighted(
            rng,
            [
                (PermitKind.FAMILY, 3),
                (PermitKind.WORK, 2),
                (PermitKind.SPECIAL, 1),
                (PermitKind.INTERNATIONAL_PROTECTION, 1),
            ],
        )
        day = record(span.any_day(rng, start), OutcomeKind.PERMIT_OBTAINED, permit=permit)
        if day is not None:  # her profile follows: the permit is part of it
            her.profile = replace(her.profile, permit=permit)
            out.add(day, "change_profile", CW, her.person_id, occurred_on=day, profile=her.profile)
    tertiary = her.profile.education is EducationLevel.TERTIARY
    if tertiary and rng.random() < p["qualification_recognised"]:
        record(span.any_day(rng, start), OutcomeKind.QUALIFICATION_RECOGNISED)
    if rng.random() < p["driving_licence"]:
        record(span.any_day(rng, start), OutcomeKind.DRIVING_LICENCE)
