"""The months of a case: activities (with her job-accompaniment track), assessments, plan reviews.

Referrals on to services and the outcomes a case records are in `results.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from random import Random
from uuid import UUID

from domain.case import Goal, GoalStatus
from domain.shared.case_vocabulary import (
    ActivityKind,
    AssessmentDomain,
)
from domain.shared.profile_vocabulary import (
    CEFRLevel,
    IncomeSource,
)
from domain.shared.roles import ActorRole
from domain.shared.values import PersonalText, add_months

from . import rates as r
from .her import Her, clip
from .identities import note
from .jobs import Job
from .plan import Steps
from .profiles import weighted
from .results import outcomes, services

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
    jobs: list[Job],
) -> Work:
    span, work = Span(intake, end, paused), Work()
    _activities(rng, her, out, case_id, programme, plan_day, span, work)
    _assessments(rng, her, out, case_id, plan_day, span, work, jobs[0].day if jobs else None)
    _reviews(rng, her, out, case_id, plan_day, span, goals)
    services(rng, her, out, case_id, plan_day, span)
    outcomes(rng, her, out, case_id, span, work, jobs)
    return work


def _kind(rng: Random, her: Her, programme: str) -> ActivityKind:
    if her.italian.rank < CEFRLevel.B1.rank and rng.random() < r.P_ITALIAN_COURSE_BELOW_B1:
        return (
            ActivityKind.ITALIAN_COURSE
            if rng.random() < r.P_COURSE_RATHER_THAN_MEDIATION
            else ActivityKind.CULTURAL_MEDIATION
        )
    mix = r.ACTIVITY_MIX.get(programme, r.ACTIVITY_MIX["default"])
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
        and rng.random() < r.P_REI_CASE
    )
    month = 0
    while (start := add_months(plan_day, month)) <= span.end:
        kinds = [_kind(rng, her, programme) for _ in range(weighted(rng, r.ACTIVITIES_PER_MONTH))]
        if rei and month % 3 == 1:
            kinds.append(ActivityKind.REI_TEAM_REVIEW)
        kinds += [ActivityKind.JOB_ACCOMPANIMENT] * her.planted.track
        for kind in kinds:
            day = start + timedelta(days=rng.randint(0, 27))
            if not span.ok(day):
                continue
            low, high = r.ACTIVITY_HOURS[kind]
            hours = float(rng.randint(low, high))
            tag = f"{case_id}:a{len(work.tags)}"
            text = (
                note(rng, her.first_name, f"{kind.it.lower()}")
                if rng.random() < r.P_ACTIVITY_NOTE
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
    while (day := add_months(plan_day, r.ASSESSMENT_EVERY_MONTHS * step)) < span.end:
        step += 1
        if not span.ok(day):
            continue
        for domain in her.scores:
            gain = (
                1 if rng.random() < r.P_SCORE_UP else (-1 if rng.random() < r.P_SCORE_DOWN else 0)
            )
            if domain is AssessmentDomain.WORK and job is not None and job <= day:
                gain += r.WORK_GAIN_WITH_JOB
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
    while (day := add_months(plan_day, r.REVIEW_EVERY_MONTHS * step)) < span.end:
        step += 1
        if not span.ok(day):
            continue
        for goal_id, status in statuses.items():
            if status is GoalStatus.OPEN or status is GoalStatus.PARTLY:
                statuses[goal_id] = weighted(rng, r.GOAL_PROGRESS)
        new: list[Goal] = []
        if rng.random() < r.P_NEW_GOAL:
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
