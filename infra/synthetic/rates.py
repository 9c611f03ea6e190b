"""The rates of casework: how long a case runs, what fills its months, how it ends, who is
reached again at follow-up. The planted effects an evaluator must recover live in `effects.py`.
"""

from __future__ import annotations

from domain.case.values import GoalStatus
from domain.shared.case_vocabulary import ActivityKind
from domain.shared.profile_vocabulary import EmploymentStatus, HouseholdType, HousingStatus

CASE_MONTHS_MIN, CASE_MONTHS_MAX = 4, 30
"""Planned length of a presa in carico, drawn uniformly; a job usually ends it sooner."""

ACTIVITIES_PER_MONTH: list[tuple[int, float]] = [(0, 45), (1, 38), (2, 13), (3, 4)]
"""How many activities a working month holds besides job accompaniment (≈0.8 on average);
job accompaniment follows her track (`effects.ACCOMPANIMENT_TRACKS`, ≈1 a month)."""
ACTIVITY_HOURS: dict[ActivityKind, tuple[int, int]] = {
    ActivityKind.LISTENING_INTERVIEW: (1, 1),
    ActivityKind.ORIENTATION: (1, 2),
    ActivityKind.JOB_ACCOMPANIMENT: (2, 4),
    ActivityKind.CV_WORKSHOP: (2, 3),
    ActivityKind.TRAINING: (3, 6),
    ActivityKind.ITALIAN_COURSE: (2, 3),
    ActivityKind.CULTURAL_MEDIATION: (1, 2),
    ActivityKind.REI_TEAM_REVIEW: (1, 2),
}
P_ACTIVITY_NOTE = 0.25
P_COURSE_RATHER_THAN_MEDIATION = 0.7
ACTIVITY_MIX: dict[str, list[tuple[ActivityKind, float]]] = {
    "default": [
        (ActivityKind.ORIENTATION, 22),
        (ActivityKind.CV_WORKSHOP, 10),
        (ActivityKind.TRAINING, 12),
        (ActivityKind.LISTENING_INTERVIEW, 10),
    ],
    "EMP": [
        (ActivityKind.LISTENING_INTERVIEW, 34),
        (ActivityKind.ORIENTATION, 14),
        (ActivityKind.CV_WORKSHOP, 8),
        (ActivityKind.TRAINING, 10),
    ],
}
P_ITALIAN_COURSE_BELOW_B1 = 0.35
"""Share of monthly activities that are Italian courses or mediation when Italian is below B1."""

P_REI_CASE = 0.7
"""EMP cases from 2018 on whose household draws REI/RdC benefits: reviewed by the REI team."""

P_VIOLENCE = 0.07
EMPLOYMENT_AT_INTAKE: list[tuple[EmploymentStatus, float]] = [
    (EmploymentStatus.UNEMPLOYED_SEEKING, 58),
    (EmploymentStatus.INACTIVE, 14),
    (EmploymentStatus.INFORMAL, 22),
    (EmploymentStatus.IN_TRAINING, 6),
]
HOUSING_AT_INTAKE: list[tuple[HousingStatus, float]] = [
    (HousingStatus.RENTED, 30),
    (HousingStatus.SHARED, 20),
    (HousingStatus.SOCIAL, 12),
    (HousingStatus.HOSTED, 20),
    (HousingStatus.SHELTER, 8),
    (HousingStatus.PRECARIOUS, 10),
]
REASON_CHANCES: dict[str, float] = {
    # chance that a referral states the reason (some only when her situation calls for it)
    "employment": 0.85,
    "income": 0.5,
    "housing_if_insecure": 0.6,
    "language_below_b1": 0.6,
    "language_otherwise": 0.05,
    "isolation": 0.2,
    "parenting_with_children": 0.25,
    "documents_without_permit": 0.8,
    "documents_otherwise": 0.05,
    "service_access": 0.2,
}
P_SCORE_UP, P_SCORE_DOWN = 0.45, 0.12
"""At each assessment, each domain moves up a point, or (less often) down one."""
WORK_GAIN_WITH_JOB = 2
P_NEW_GOAL = 0.2
GOAL_PROGRESS: list[tuple[GoalStatus, float]] = [
    (GoalStatus.OPEN, 4),
    (GoalStatus.PARTLY, 3),
    (GoalStatus.ACHIEVED, 2),
    (GoalStatus.DROPPED, 1),
]
P_OUTCOME: dict[str, float] = {
    # besides a first job: chances once the case qualifies (courses, training, no permit, …)
    "benefits_left": 0.5,
    "language_certified": 0.45,
    "training_completed": 0.5,
    "housing_secured": 0.15,
    "permit_obtained": 0.5,
    "qualification_recognised": 0.2,
    "driving_licence": 0.04,
}
P_MATERNITY = 0.4
"""A suspension of a woman under 43 is a maternity with this chance (a child is added)."""
P_DROPOUT = 0.12
P_SUSPENSION = 0.08
P_CARRY_OVER = 0.65
"""An open case at the end of a generation is carried over to its successor with this chance."""
P_WITHDRAW_ANALYTICS = 0.03
P_WITHDRAW_PROCESSING = 0.01
P_NO_ANALYTICS_CONSENT = 0.06
P_CORRECTION = 0.06
P_PERSONAL_DATA_CHANGE = 0.04
"""She moves or changes phone: her sealed personal data is updated."""
P_SERVICE_REFERRAL = 0.45
ASSESSMENT_EVERY_MONTHS = 4
REVIEW_EVERY_MONTHS = 6

FOLLOW_UP_REACHED: dict[HouseholdType, tuple[float, float, float]] = {
    # chance of reaching her at 6, 12 and 24 months after closure
    HouseholdType.ALONE: (0.62, 0.45, 0.30),
    HouseholdType.SINGLE_MOTHER: (0.88, 0.80, 0.68),
    HouseholdType.COUPLE_WITH_CHILDREN: (0.82, 0.72, 0.58),
    HouseholdType.COUPLE_NO_CHILDREN: (0.72, 0.58, 0.42),
    HouseholdType.EXTENDED: (0.80, 0.70, 0.55),
}
P_KEEPS_JOB = 0.85
P_FINDS_JOB_AFTER = 0.18
"""Per follow-up, for women not employed at the previous contact."""
