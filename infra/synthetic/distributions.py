"""Every number the simulator draws from, in one place, with the effect each one creates.

An evaluator should find these effects in the analytics (DESIGN §8):

* **Generations**: later generations of the lineage reach a first job sooner
  (`JOB_HAZARD_BY_GENERATION`: Billan 0.8 → Les Femmes/EMP/Sostengo 1.6 times the monthly hazard).
* **Italian at intake matters**: the monthly job hazard scales with the CEFR level at intake
  (`JOB_HAZARD_BY_CEFR`: pre-A1 0.45 … B2+ 1.45), and low levels get Italian courses and mediation.
* **Education** helps a little (`JOB_HAZARD_BY_EDUCATION`), single mothers with young children a
  little less (`JOB_HAZARD_BY_HOUSEHOLD`).
* **Follow-up attrition differs by household type** (`FOLLOW_UP_REACHED`): women alone are the
  hardest to reach again; single mothers, anchored by the services their children use, the easiest.
* Consent withdrawals (`P_WITHDRAW_ANALYTICS`, `P_WITHDRAW_PROCESSING`), a handful of erasures
  (`P_ERASURE`), data-entry corrections (`P_CORRECTION`), suspensions (`P_SUSPENSION`), dropouts
  (`P_DROPOUT`) and carry-overs to the successor programme (`P_CARRY_OVER`).

The simulator reads nothing else; change a number here and the whole history shifts with it.
"""

from __future__ import annotations

from datetime import date

from domain.case.values import GoalStatus
from domain.shared.case_vocabulary import ActivityKind, ContractKind, ReferringService
from domain.shared.profile_vocabulary import (
    CEFRLevel,
    EducationLevel,
    EmploymentStatus,
    HouseholdType,
    HousingStatus,
)

# -- sizes ------------------------------------------------------------------------------------
WOMEN_BY_SIZE: dict[str, int] = {"small": 200, "demo": 5_000, "large": 92_000}
"""`large` gives ≈100,000 cases (carry-overs add ≈25 %) and several million events."""

CUTOFF = date(2023, 6, 30)
"""The day the history is read: later follow-ups are not due yet (censored)."""

# -- intake waves: relative number of referrals per programme and year -----------------------
INTAKE_WAVES: dict[str, dict[int, float]] = {
    "BILLAN": {2006: 14, 2007: 20, 2008: 24, 2009: 26, 2010: 22},
    "BILLAN2": {2011: 24, 2012: 28, 2013: 30, 2014: 26},
    "AZIONI1516": {2015: 26, 2016: 12},
    "LESFEMMES": {2016: 16, 2017: 32, 2018: 34, 2019: 34, 2020: 22, 2021: 24},
    "EMP": {2017: 14, 2018: 20, 2019: 22, 2020: 16, 2021: 18},
    "SOSTENGO": {2018: 14, 2019: 18, 2020: 13, 2021: 16},
}
MONTH_WEIGHTS = [8, 10, 11, 10, 9, 7, 6, 2, 10, 12, 11, 6]
"""Referrals slow in August and at Christmas, peak after the summer."""

SUCCESSOR: dict[str, str] = {
    "BILLAN": "BILLAN2",
    "BILLAN2": "AZIONI1516",
    "AZIONI1516": "LESFEMMES",
}
GENERATION: dict[str, int] = {
    "BILLAN": 1,
    "BILLAN2": 2,
    "AZIONI1516": 3,
    "LESFEMMES": 4,
    "EMP": 4,
    "SOSTENGO": 4,
}

# -- profiles ---------------------------------------------------------------------------------
ORIGIN_MIX: dict[str, list[tuple[str, float]]] = {
    # (country, weight) for the lineage in Florence; EMP and Sostengo shift towards Africa/Asia.
    "early": [
        ("MA", 18),
        ("AL", 12),
        ("RO", 12),
        ("PE", 9),
        ("PH", 6),
        ("CN", 5),
        ("UA", 6),
        ("TN", 4),
        ("NG", 5),
        ("SN", 4),
        ("EC", 4),
        ("MD", 4),
        ("BD", 3),
        ("ER", 3),
        ("PL", 2),
        ("LK", 3),
    ],
    "late": [
        ("MA", 15),
        ("AL", 8),
        ("RO", 8),
        ("PE", 5),
        ("NG", 10),
        ("SN", 6),
        ("BD", 6),
        ("PK", 5),
        ("CN", 6),
        ("UA", 6),
        ("GM", 3),
        ("SO", 3),
        ("ER", 3),
        ("PH", 4),
        ("TN", 4),
        ("CI", 3),
        ("GH", 3),
        ("SY", 2),
        ("AF", 2),
        ("CM", 2),
    ],
}
LANGUAGE_OF: dict[str, str] = {
    "MA": "ar",
    "TN": "ar",
    "SY": "ar",
    "AL": "sq",
    "RO": "ro",
    "MD": "ro",
    "PE": "es",
    "EC": "es",
    "PH": "tl",
    "CN": "zh",
    "UA": "uk",
    "NG": "en",
    "GH": "en",
    "GM": "en",
    "SN": "wo",
    "CI": "fr",
    "CM": "fr",
    "BD": "bn",
    "PK": "ur",
    "LK": "si",
    "ER": "ti",
    "SO": "so",
    "PL": "pl",
    "AF": "fa",
}
EU_COUNTRIES = frozenset({"RO", "PL", "BG"})
AGE_MEAN, AGE_SD, AGE_MIN, AGE_MAX = 36.0, 9.0, 18, 64
YEARS_SINCE_ARRIVAL_MEAN = 6.0
EDUCATION_WEIGHTS: list[tuple[EducationLevel, float]] = [
    (EducationLevel.NONE, 7),
    (EducationLevel.PRIMARY, 16),
    (EducationLevel.LOWER_SECONDARY, 28),
    (EducationLevel.UPPER_SECONDARY, 28),
    (EducationLevel.VOCATIONAL, 9),
    (EducationLevel.TERTIARY, 12),
]
HOUSEHOLD_WEIGHTS: list[tuple[HouseholdType, float]] = [
    (HouseholdType.ALONE, 20),
    (HouseholdType.SINGLE_MOTHER, 36),
    (HouseholdType.COUPLE_WITH_CHILDREN, 30),
    (HouseholdType.COUPLE_NO_CHILDREN, 8),
    (HouseholdType.EXTENDED, 6),
]
P_CHILD_SPECIAL_NEEDS = 0.06
P_CHILD_SPECIAL_NEEDS_EMP = 0.30
"""EMP runs groups for mothers of children with special needs: it takes in many more of them."""

MUNICIPALITIES: dict[str, list[str]] = {
    "florence": ["Firenze"],
    "EMP": [
        "Empoli",
        "Castelfiorentino",
        "Certaldo",
        "Fucecchio",
        "Vinci",
        "Montelupo Fiorentino",
        "Cerreto Guidi",
        "Montespertoli",
        "Gambassi Terme",
        "Capraia e Limite",
        "Montaione",
    ],
    "SOSTENGO": [
        "Sesto Fiorentino",
        "Campi Bisenzio",
        "Calenzano",
        "Signa",
        "Lastra a Signa",
        "Scandicci",
    ],
}
REFERRERS: dict[str, list[tuple[ReferringService, float]]] = {
    "BILLAN": [
        (ReferringService.SIAST_Q1, 80),
        (ReferringService.HEALTH, 10),
        (ReferringService.ASSOCIATION, 10),
    ],
    "florence": [
        (ReferringService.SOCIAL_SERVICE_FI, 70),
        (ReferringService.HEALTH, 10),
        (ReferringService.SCHOOL, 8),
        (ReferringService.ANTI_VIOLENCE, 6),
        (ReferringService.ASSOCIATION, 6),
    ],
    "EMP": [
        (ReferringService.SOCIAL_SERVICE_EMPOLI, 60),
        (ReferringService.REI_TEAM, 15),
        (ReferringService.SCHOOL, 10),
        (ReferringService.HEALTH, 10),
        (ReferringService.ASSOCIATION, 5),
    ],
    "SOSTENGO": [
        (ReferringService.SDS_NORD_OVEST, 75),
        (ReferringService.HEALTH, 10),
        (ReferringService.ANTI_VIOLENCE, 7),
        (ReferringService.ASSOCIATION, 8),
    ],
}

# -- the path of a case -----------------------------------------------------------------------
CASE_MONTHS_MIN, CASE_MONTHS_MAX = 4, 30
"""Planned length of a presa in carico, drawn uniformly; a job usually ends it sooner."""

ACTIVITIES_PER_MONTH: list[tuple[int, float]] = [(0, 30), (1, 40), (2, 22), (3, 8)]
"""How many activities a working month holds (≈1.1 on average)."""
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
        (ActivityKind.JOB_ACCOMPANIMENT, 30),
        (ActivityKind.CV_WORKSHOP, 10),
        (ActivityKind.TRAINING, 12),
        (ActivityKind.LISTENING_INTERVIEW, 10),
    ],
    "EMP": [
        (ActivityKind.LISTENING_INTERVIEW, 34),
        (ActivityKind.ORIENTATION, 14),
        (ActivityKind.JOB_ACCOMPANIMENT, 22),
        (ActivityKind.CV_WORKSHOP, 8),
        (ActivityKind.TRAINING, 10),
    ],
}
P_ITALIAN_COURSE_BELOW_B1 = 0.35
"""Share of monthly activities that are Italian courses or mediation when Italian is below B1."""

P_REI_CASE = 0.7
"""EMP cases from 2018 on whose household draws REI/RdC benefits: reviewed by the REI team."""

JOB_BASE_HAZARD = 0.045
"""Monthly probability of a first job for the reference woman (Billan, A2, lower secondary)."""
JOB_HAZARD_BY_GENERATION = {1: 0.8, 2: 1.1, 3: 1.35, 4: 1.6}
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
    HouseholdType.ALONE: 1.1,
    HouseholdType.SINGLE_MOTHER: 0.85,
    HouseholdType.COUPLE_WITH_CHILDREN: 0.95,
    HouseholdType.COUPLE_NO_CHILDREN: 1.1,
    HouseholdType.EXTENDED: 0.9,
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
P_ERASURE = 0.004
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

# -- EMP network and groups -------------------------------------------------------------------
STAKEHOLDERS_PER_YEAR = {2017: 6, 2018: 5, 2019: 4, 2020: 3, 2021: 3}
"""New organisations mapped each year for the `small` size; larger sizes double it once."""
GROUP_SESSION_EVERY_DAYS = 21
P_GROUP_ATTENDANCE = 0.8
P_PARTNER_COLLABORATION = 0.4
"""A newly mapped organisation also starts joint activities with an earlier one."""
