"""Who comes and when: sizes, intake waves, the lineage, the women's profiles, the network.

The simulator's numbers live in three modules, one responsibility each (DESIGN §8):
this one (the population), `rates.py` (the course of casework: activities, endings, follow-up
attrition by household) and `effects.py` (the planted effects on employment an evaluator must
recover, with their true sizes; ADR 0016). The simulator reads nothing else.
"""

from __future__ import annotations

from datetime import date

from domain.shared.case_vocabulary import ReferringService
from domain.shared.profile_vocabulary import EducationLevel, HouseholdType

# -- sizes ------------------------------------------------------------------------------------
WOMEN_BY_SIZE: dict[str, int] = {"small": 200, "impact": 1_200, "demo": 5_000, "large": 92_000}
"""`impact` is sized for the planted-effect tests (ADR 0016); `large` gives ≈100,000 cases
(carry-overs add ≈25 %) and several million events."""

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

P_ERASURE = 0.004
"""A handful of women ask for erasure (besides two the seeding always erases)."""

# -- EMP network and groups -------------------------------------------------------------------
STAKEHOLDERS_PER_YEAR = {2017: 6, 2018: 5, 2019: 4, 2020: 3, 2021: 3}
"""New organisations mapped each year for the `small` size; larger sizes double it once."""
GROUP_SESSION_EVERY_DAYS = 21
P_GROUP_ATTENDANCE = 0.8
P_PARTNER_COLLABORATION = 0.4
"""A newly mapped organisation also starts joint activities with an earlier one."""
