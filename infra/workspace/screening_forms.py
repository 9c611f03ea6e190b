"""The two ways a referral goes on: the intake (presa in carico) or "not taken on" (ADR 0016).

Both ask her labour history before the referral (months in work out of 24), the comparison
group's key covariate. Whether it is 0–24, and whether a referral can still be "not taken on"
(not after an intake, only with her consent), is the domain's to say; its refusal shows next
to the field it names.
"""

from __future__ import annotations

from typing import Any

from domain.shared.case_vocabulary import PRIOR_WORK_WINDOW_MONTHS, Need, NotTakenOnReason
from domain.shared.profile_vocabulary import EmploymentStatus

from .fields import DAY, Field
from .form_calls import EMPLOYMENT, HOUSING, INCOME, NOTES, SCORES_HINT, CaseForm, call_simple

PRIOR_WORK = Field(
    "months_worked_prior_24",
    f"Mesi lavorati nei {PRIOR_WORK_WINDOW_MONTHS} mesi prima della segnalazione",
    f"Months worked in the {PRIOR_WORK_WINDOW_MONTHS} months before the referral",
    "int",
    required=False,
    hint_it=f"Da 0 a {PRIOR_WORK_WINDOW_MONTHS}, anche lavoro informale; vuoto se non si sa.",
    hint_en=f"0 to {PRIOR_WORK_WINDOW_MONTHS}, informal work included; empty if unknown.",
)


def _not_yet_taken_on(case: Any) -> bool:
    return case.intake_on is None and not case.status.is_over


INTAKE = CaseForm(
    "intake",
    "complete_intake",
    "Presa in carico e valutazione iniziale",
    "Intake and baseline assessment",
    (
        DAY,
        Field(
            "baseline",
            "Punteggi iniziali",
            "Baseline scores",
            "scores",
            hint_it=SCORES_HINT[0],
            hint_en=SCORES_HINT[1],
        ),
        EMPLOYMENT,
        INCOME,
        HOUSING,
        Field("needs", "Bisogni", "Needs", "multi", Need, required=False),
        PRIOR_WORK,
        NOTES,
    ),
    call_simple(
        "complete_intake",
        "baseline",
        "employment",
        "income_source",
        "housing",
        "needs",
        "notes",
        "months_worked_prior_24",
    ),
)

NOT_TAKEN_ON = CaseForm(
    "not_taken_on",
    "record_not_taken_on",
    "Non presa in carico",
    "Not taken on",
    (
        DAY,
        Field("reason", "Motivo", "Reason", "select", NotTakenOnReason),
        Field(
            "employment",
            "Lavoro al momento del colloquio",
            "Employment at screening",
            "select",
            EmploymentStatus,
        ),
        PRIOR_WORK,
    ),
    call_simple("record_not_taken_on", "reason", "employment", "months_worked_prior_24"),
    offered_when=_not_yet_taken_on,
)
