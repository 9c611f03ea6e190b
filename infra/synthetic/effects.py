"""The planted truth: the true sizes of the effects on employment the evaluation must recover.

Each constant is an estimand's true value (ADR 0016); `tests/integration/test_planted_truth.py`
checks that the estimators of `projections/queries/impact*.py` recover them within their
confidence intervals. First jobs arrive in continuous time with a constant monthly *rate*
(exponential waiting time) that is the product of the multipliers below, so a Cox model with
the same covariates has exactly these hazard ratios as its true coefficients.

* **Generations** (`GENERATION_HR`): later generations of the lineage reach a first job sooner;
  Les Femmes, EMP and Sostengo have twice Billan's hazard (planted HR 2.0 for generation 4).
* **Job accompaniment** (`ACCOMPANIMENT_LOG_HR`): the dose–response slope, per monthly session of
  job accompaniment. Each woman's track (0, 1 or 2 sessions a month) is drawn at random,
  independently of everything else, so the slope is identified.
* **Pre-referral labour history** (`PRIOR_WORK_LOG_HR`): per month worked in the 24 before.
* **Italian at intake**, **education** and **household** as before (`JOB_HAZARD_BY_*`).
* **Referred but not taken on** (`P_NOT_TAKEN_ON`, `NOT_ENROLLED_RATE`): the comparison group,
  more often declined by women with more recent work (selection on an observed covariate).
"""

from __future__ import annotations

import math

from domain.shared.case_vocabulary import ContractKind, NotTakenOnReason
from domain.shared.profile_vocabulary import (
    CEFRLevel,
    EducationLevel,
    EmploymentStatus,
    HouseholdType,
)

JOB_BASE_RATE = 0.028
"""Monthly rate of a first job for the reference woman: generation 1, A2, lower secondary,
single mother, no work in the last 24 months, no job accompaniment."""

GENERATION_HR: dict[int, float] = {1: 1.0, 2: 1.375, 3: 1.6875, 4: 2.0}
"""Planted hazard ratios of the generations against Billan (generation 1)."""

ACCOMPANIMENT_LOG_HR = math.log(1.35)
"""Planted dose–response slope: log hazard ratio per monthly session of job accompaniment."""
ACCOMPANIMENT_TRACKS: list[tuple[int, float]] = [(0, 30), (1, 40), (2, 30)]
"""Sessions of job accompaniment a month, drawn per woman at random (her support track)."""

PRIOR_WORK_LOG_HR = 0.03
"""Planted log hazard ratio per month worked in the 24 months before the referral."""

JOB_HAZARD_BY_CEFR = {
    CEFRLevel.PRE_A1: 0.45,
    CEFRLevel.A1: 0.7,
    CEFRLevel.A2: 1.0,
    CEFRLevel.B1: 1.25,
    CEFRLevel.B2: 1.45,
    CEFRLevel.C1: 1.45,
    CEFRLevel.C2: 1.45,
}
JOB_HAZARD_BY_EDUCATION = {
    EducationLevel.NONE: 0.75,
    EducationLevel.PRIMARY: 0.85,
    EducationLevel.LOWER_SECONDARY: 1.0,
    EducationLevel.UPPER_SECONDARY: 1.1,
    EducationLevel.VOCATIONAL: 1.2,
    EducationLevel.TERTIARY: 1.15,
}
JOB_HAZARD_BY_HOUSEHOLD = {
    HouseholdType.ALONE: 1.3,
    HouseholdType.SINGLE_MOTHER: 1.0,
    HouseholdType.COUPLE_WITH_CHILDREN: 1.1,
    HouseholdType.COUPLE_NO_CHILDREN: 1.3,
    HouseholdType.EXTENDED: 1.05,
}
CONTRACT_WEIGHTS: list[tuple[ContractKind, float]] = [
    (ContractKind.FIXED_TERM, 30),
    (ContractKind.DOMESTIC, 22),
    (ContractKind.PERMANENT, 10),
    (ContractKind.INTERNSHIP, 12),
    (ContractKind.AGENCY, 10),
    (ContractKind.APPRENTICESHIP, 4),
    (ContractKind.OCCASIONAL, 8),
    (ContractKind.SELF_EMPLOYED, 4),
]
"""Drawn independently of the job's timing, so a definition of employment that leaves some
contract kinds out thins every hazard by the same factor and keeps the hazard ratios."""
WEEKLY_HOURS = [12, 18, 20, 24, 25, 30, 36, 38, 40]
STATUS_AFTER_CONTRACT = {
    ContractKind.INTERNSHIP: EmploymentStatus.IN_TRAINING,
    ContractKind.OCCASIONAL: EmploymentStatus.INFORMAL,
    ContractKind.SELF_EMPLOYED: EmploymentStatus.SELF_EMPLOYED,
}
"""Her employment status after a job of this kind (others: employed)."""

PRIOR_WORK_MONTHS: dict[EmploymentStatus, tuple[int, int]] = {
    EmploymentStatus.UNEMPLOYED_SEEKING: (0, 12),
    EmploymentStatus.INACTIVE: (0, 3),
    EmploymentStatus.INFORMAL: (4, 24),
    EmploymentStatus.IN_TRAINING: (0, 6),
}
"""Months in work in the 24 before the referral, uniform in the range for her status then."""

P_NOT_TAKEN_ON = 0.14
"""Share of first referrals not taken in charge (before any carry-over)."""
P_NOT_TAKEN_ON_PER_PRIOR_MONTH = 0.006
"""Selection: each month worked before adds this to the chance she is not taken on."""
NOT_TAKEN_ON_REASONS: list[tuple[NotTakenOnReason, float]] = [
    (NotTakenOnReason.DECLINED, 4),
    (NotTakenOnReason.WAITING_LIST, 4),
    (NotTakenOnReason.NOT_ELIGIBLE, 2),
]
NOT_ENROLLED_RATE = 0.6
"""A woman not taken on finds work at this multiple of generation 1's rate without
accompaniment (same profile multipliers): the planted benefit of being taken in charge."""


def job_rate(
    generation: int,
    italian: CEFRLevel,
    education: EducationLevel,
    household: HouseholdType,
    prior_months: int,
    sessions: int,
) -> float:
    """The monthly rate of a first job for a woman in a programme of this generation."""
    return (
        JOB_BASE_RATE
        * GENERATION_HR[generation]
        * JOB_HAZARD_BY_CEFR[italian]
        * JOB_HAZARD_BY_EDUCATION[education]
        * JOB_HAZARD_BY_HOUSEHOLD[household]
        * math.exp(PRIOR_WORK_LOG_HR * prior_months + ACCOMPANIMENT_LOG_HR * sessions)
    )
