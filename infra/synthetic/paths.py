"""One presa in carico, planned from referral to closure (or carry-over) and follow-ups.

The shape of every path comes from `distributions`; this module only orders it so that each
command is legal when it runs (consent before intake, no work while suspended, closure last).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from random import Random
from uuid import UUID

from domain.case import Goal
from domain.shared.case_vocabulary import (
    ConsentScope,
    SuspensionReason,
)
from domain.shared.roles import ActorRole
from domain.shared.values import PersonalText, add_months

from . import distributions as d
from . import effects as fx
from . import rates as r
from .comparison import plan_not_taken_on
from .endings import close, corrections, follow_ups
from .her import Her, after, income_of, needs_for, reasons_for
from .identities import note
from .jobs import Job, job_sequence
from .plan import Context, Steps
from .profiles import weighted, with_new_child
from .work import plan_work

CW, CO = ActorRole.CASEWORKER, ActorRole.COORDINATOR


@dataclass
class Window:
    """When a case can take part in group sessions: after intake, before its end, not paused."""

    case_id: UUID
    start: date
    end: date
    paused: tuple[date, date] | None

    def open_on(self, day: date) -> bool:
        if not self.start < day < self.end:
            return False
        return self.paused is None or not self.paused[0] <= day <= self.paused[1]


@dataclass
class CaseEnd:
    windows: list[Window] = field(default_factory=list)
    last_day: date = date.min
    cases: int = 0


def _jobs(rng: Random, her: Her, programme: str, intake: date, until: date) -> list[Job]:
    """Her jobs at the planted rate (effects.job_rate), up to one she stays in.

    Her Italian is the level at registration (her profile's), the covariate an analyst sees.
    """
    rate = fx.job_rate(
        d.GENERATION[programme],
        her.profile.italian_level,
        her.profile.education,
        her.household.kind,
        her.planted.prior_work,
        her.planted.track,
    )
    return job_sequence(rng, rate, intake, until)


def _goals(rng: Random, her: Her, day: date, first: int) -> list[Goal]:
    weakest = sorted(her.scores, key=lambda k: (her.scores[k], k.value))[: rng.randint(2, 4)]
    return [
        Goal(
            f"g{first + n}",
            domain,
            add_months(day, rng.randint(6, 12)),
            PersonalText(
                her.person_id, note(rng, her.first_name, f"obiettivo su {domain.it.lower()}")
            ),
        )
        for n, domain in enumerate(weakest)
    ]


def _end_of(
    ctx: Context, her: Her, programme: str, intake: date, carried: bool
) -> tuple[date, str, list[Job]]:
    """When and why the case ends, and her jobs before then."""
    rng, period = ctx.rng, ctx.periods[programme]
    assert period.end is not None
    months = rng.randint(3, 18) if carried else rng.randint(r.CASE_MONTHS_MIN, r.CASE_MONTHS_MAX)
    options = [(add_months(intake, months), "planned")]
    jobs = [] if her.employed else _jobs(rng, her, programme, intake, period.end)
    if jobs and jobs[-1].stays:
        options.append((add_months(jobs[-1].day, rng.randint(1, 4)), "job"))
    if rng.random() < r.P_DROPOUT:
        options.append((intake + timedelta(days=rng.randint(20, 30 * months)), "drop"))
    if rng.random() < r.P_WITHDRAW_PROCESSING:
        options.append((intake + timedelta(days=rng.randint(10, 30 * months)), "withdraw"))
    end, why = min(options)
    if end > period.end:
        end, why = period.end, "programme_end"
    return end, why, [job for job in jobs if job.day < end]


def plan_case(
    ctx: Context,
    her: Her,
    out: Steps,
    case_id: UUID,
    programme: str,
    opened_on: date,
    carried: bool,
) -> CaseEnd:
    """Plan her case in `programme` opened on `opened_on`; recurse into a carry-over."""
    rng, period = ctx.rng, ctx.periods[programme]
    assert period.end is not None
    limit = period.end
    year = opened_on.year
    her.income = income_of(rng, her, programme, year)
    if not carried:
        out.add(
            opened_on,
            "refer_case",
            CW,
            occurred_on=opened_on,
            case_id=case_id,
            person_id=her.person_id,
            programme=programme,
            referring_service=weighted(rng, _referrers(programme)),
            reasons=reasons_for(rng, her, year),
        )
        if her.planted.not_taken_on is not None:
            last = plan_not_taken_on(rng, her, out, case_id, opened_on, limit)
            return CaseEnd([], last, 1)
    consent = after(opened_on, 0, 10, rng, limit)
    out.add(
        consent, "give_consent", CW, case_id, occurred_on=consent, scope=ConsentScope.PROCESSING
    )
    analytics = rng.random() >= r.P_NO_ANALYTICS_CONSENT
    if analytics:
        out.add(
            consent, "give_consent", CW, case_id, occurred_on=consent, scope=ConsentScope.ANALYTICS
        )
    intake = after(consent, 0, 25, rng, limit)
    out.add(
        intake,
        "complete_intake",
        CW,
        case_id,
        occurred_on=intake,
        baseline=dict(her.scores),
        employment=her.employment,
        income_source=her.income,
        housing=her.housing,
        needs=needs_for(rng, her, year),
        notes=note(rng, her.first_name, "colloquio di accoglienza, storia inventata"),
        # Asked at the first intake of her path; a carry-over does not ask again.
        months_worked_prior_24=None if carried else her.planted.prior_work,
    )
    plan_day = after(intake, 5, 28, rng, limit)
    goals = _goals(rng, her, plan_day, 1)
    out.add(plan_day, "agree_plan", CW, case_id, occurred_on=plan_day, goals=goals)
    end, why, jobs = _end_of(ctx, her, programme, intake, carried)
    end = max(end, plan_day)
    paused = _suspension(ctx, her, out, case_id, plan_day, end)
    work = plan_work(rng, her, out, case_id, programme, intake, plan_day, end, paused, goals, jobs)
    if analytics and rng.random() < r.P_WITHDRAW_ANALYTICS:
        day = intake + timedelta(days=rng.randint(0, max((end - intake).days, 0)))
        out.add(day, "withdraw_consent", CW, case_id, occurred_on=day, scope=ConsentScope.ANALYTICS)
    result = CaseEnd([Window(case_id, intake, end, paused)], end, 1)
    nxt = d.SUCCESSOR.get(programme)
    if why == "programme_end" and nxt and rng.random() < r.P_CARRY_OVER:
        start = ctx.periods[nxt].start
        successor = ctx.ids.uuid("case", her.index, programme, nxt)
        out.add(
            start,
            "transfer_case",
            CO,
            case_id,
            occurred_on=start,
            successor_programme=nxt,
            successor_case_id=successor,
        )
        later = plan_case(ctx, her, out, successor, nxt, start, carried=True)
        return CaseEnd(result.windows + later.windows, later.last_day, 1 + later.cases)
    closed = close(ctx, her, out, case_id, end, why)
    corrections(ctx, her, out, case_id, work.tags, closed)
    if why != "withdraw":
        result.last_day = follow_ups(ctx, her, out, case_id, closed, why)
    return result


def _referrers(programme: str) -> list[tuple[object, float]]:
    key = programme if programme in d.REFERRERS else "florence"
    return list(d.REFERRERS[key])


def _suspension(
    ctx: Context, her: Her, out: Steps, case_id: UUID, plan_day: date, end: date
) -> tuple[date, date] | None:
    rng = ctx.rng
    span = (end - plan_day).days
    if span < 150 or rng.random() >= r.P_SUSPENSION:
        return None
    start = plan_day + timedelta(days=rng.randint(15, span // 2))
    resume = min(start + timedelta(days=rng.randint(30, 120)), end - timedelta(days=14))
    age = start.year - her.profile.birth_year
    reason = (
        SuspensionReason.MATERNITY
        if age < 43 and rng.random() < r.P_MATERNITY
        else weighted(
            rng,
            [
                (SuspensionReason.HEALTH, 4),
                (SuspensionReason.ABROAD, 3),
                (SuspensionReason.FAMILY, 4),
                (SuspensionReason.OTHER, 1),
            ],
        )
    )
    out.add(start, "suspend_case", CW, case_id, occurred_on=start, reason=reason)
    out.add(resume, "resume_case", CW, case_id, occurred_on=resume)
    if reason is SuspensionReason.MATERNITY:
        her.household = with_new_child(her.household, resume.year)
        out.add(
            resume,
            "change_household",
            CW,
            her.person_id,
            occurred_on=resume,
            household=her.household,
        )
    return start, resume


__all__ = ["CaseEnd", "Context", "Window", "plan_case"]
