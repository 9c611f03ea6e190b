"""The comparison group: women referred but not taken on, and the planted draws of every woman.

Each woman's planted draws (labour history, job-accompaniment track, whether she is taken on,
when she would find work without the programme) come from a generator of their own, so the
rest of her history is the one the seed always gave. A woman not taken on is screened (consent
to processing, her employment and months worked before), the referral ends, and follow-ups at
6, 12 and 24 months may reach her: her employment then is the comparison outcome (ADR 0016).
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from random import Random
from uuid import UUID

from domain.shared.case_vocabulary import ConsentScope
from domain.shared.profile_vocabulary import EmploymentStatus
from domain.shared.roles import ActorRole
from domain.shared.values import add_months

from . import distributions as d
from . import effects as fx
from . import rates as r
from .endings import add_follow_up
from .her import Her, Planted, after
from .plan import Steps
from .profiles import weighted

CW = ActorRole.CASEWORKER


def draw_planted(rng: Random, her: Her) -> Planted:
    """Her labour history, her track, and whether (and why) she is not taken on."""
    low, high = fx.PRIOR_WORK_MONTHS[her.employment]
    prior = rng.randint(low, high)
    track = weighted(rng, fx.ACCOMPANIMENT_TRACKS)
    chance = fx.P_NOT_TAKEN_ON + fx.P_NOT_TAKEN_ON_PER_PRIOR_MONTH * (prior - 6)
    reason = weighted(rng, fx.NOT_TAKEN_ON_REASONS) if rng.random() < chance else None
    rate = fx.NOT_ENROLLED_RATE * fx.job_rate(
        1, her.italian, her.profile.education, her.household.kind, prior, 0
    )
    months = -math.log(1.0 - rng.random()) / rate
    return Planted(prior, track, reason, months)


def plan_not_taken_on(
    rng: Random, her: Her, out: Steps, case_id: UUID, referred: date, limit: date
) -> date:
    """Screening after the referral, the referral's end, then follow-ups; the last day."""
    reason = her.planted.not_taken_on
    assert reason is not None
    day = after(referred, 0, 10, rng, limit)
    out.add(day, "give_consent", CW, case_id, occurred_on=day, scope=ConsentScope.PROCESSING)
    if rng.random() >= r.P_NO_ANALYTICS_CONSENT:
        out.add(day, "give_consent", CW, case_id, occurred_on=day, scope=ConsentScope.ANALYTICS)
    ended = after(day, 0, 20, rng, limit)
    out.add(
        ended,
        "record_not_taken_on",
        CW,
        case_id,
        occurred_on=ended,
        reason=reason,
        employment=her.employment,
        months_worked_prior_24=her.planted.prior_work,
    )
    return _follow_ups(rng, her, out, case_id, ended)


def _follow_ups(rng: Random, her: Her, out: Steps, case_id: UUID, ended: date) -> date:
    last = ended
    job = add_months(ended, int(her.planted.comparison_job_months))
    chances = r.FOLLOW_UP_REACHED[her.household.kind]
    for months, chance in zip((6, 12, 24), chances, strict=True):
        due = add_months(ended, months)
        if due > d.CUTOFF:
            break
        day = due + timedelta(days=rng.randint(0, 20))
        reached = rng.random() < chance
        if reached and her.employment is not EmploymentStatus.EMPLOYED and job <= due:
            her.employment = EmploymentStatus.EMPLOYED
        elif reached and her.employment is EmploymentStatus.EMPLOYED:
            keeps = rng.random() < r.P_KEEPS_JOB
            her.employment = her.employment if keeps else EmploymentStatus.UNEMPLOYED_SEEKING
        add_follow_up(out, her, case_id, day, months, reached)
        last = day
    return last
