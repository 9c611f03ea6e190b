"""One form per use case on a case: its title, its fields, and the service method it calls.

The table is the workspace's whole knowledge of the commands; every rule stays in the domain.
"""

from __future__ import annotations

from domain.shared.case_vocabulary import (
    ActivityKind,
    ClosureReason,
    ContractKind,
    OutcomeKind,
    ServiceKind,
    SuspensionReason,
)
from domain.shared.profile_vocabulary import CEFRLevel, EmploymentStatus, PermitKind

from .fields import DAY, Field
from .form_calls import (
    EMPLOYMENT,
    HOUSING,
    INCOME,
    MONTHS,
    NOTES,
    SCOPE,
    SCORES_HINT,
    CaseForm,
    call_agree_plan,
    call_follow_up,
    call_review_plan,
    call_simple,
    call_transfer,
    goal_fields,
    goal_status_fields,
    optional,
)
from .screening_forms import INTAKE, NOT_TAKEN_ON

__all__ = ["FORMS", "CaseForm", "goal_status_fields"]

FORMS: dict[str, CaseForm] = {
    f.name: f
    for f in (
        CaseForm(
            "consent",
            "give_consent",
            "Consenso dato",
            "Consent given",
            (DAY, SCOPE),
            call_simple("give_consent", "scope"),
        ),
        CaseForm(
            "withdraw",
            "withdraw_consent",
            "Consenso revocato",
            "Consent withdrawn",
            (DAY, SCOPE),
            call_simple("withdraw_consent", "scope"),
        ),
        INTAKE,
        NOT_TAKEN_ON,
        CaseForm(
            "plan",
            "agree_plan",
            "Progetto personalizzato (PPD)",
            "Personalised plan (PPD)",
            (DAY, *goal_fields()),
            call_agree_plan,
        ),
        CaseForm(
            "review",
            "review_plan",
            "Revisione del progetto",
            "Plan review",
            (DAY, *(optional(f) for f in goal_fields()), NOTES),
            call_review_plan,
        ),
        CaseForm(
            "activity",
            "record_activity",
            "Attività",
            "Activity",
            (
                DAY,
                Field("kind", "Tipo di attività", "Kind of activity", "select", ActivityKind),
                Field("hours", "Ore", "Hours", "float"),
                NOTES,
            ),
            call_simple("record_activity", "kind", "hours", "notes"),
        ),
        CaseForm(
            "service",
            "refer_to_service",
            "Invio a un altro servizio",
            "Referral to another service",
            (DAY, Field("service", "Servizio", "Service", "select", ServiceKind), NOTES),
            call_simple("refer_to_service", "service", "notes"),
        ),
        CaseForm(
            "assess",
            "assess",
            "Valutazione periodica",
            "Periodic assessment",
            (
                DAY,
                Field(
                    "scores",
                    "Punteggi",
                    "Scores",
                    "scores",
                    hint_it=SCORES_HINT[0],
                    hint_en=SCORES_HINT[1],
                ),
            ),
            call_simple("assess", "scores"),
        ),
        CaseForm(
            "outcome",
            "record_outcome",
            "Risultato",
            "Outcome",
            (
                DAY,
                Field("kind", "Risultato", "Outcome", "select", OutcomeKind),
                Field(
                    "contract_kind",
                    "Contratto (se lavoro)",
                    "Contract (for a job)",
                    "select",
                    ContractKind,
                    required=False,
                ),
                Field(
                    "weekly_hours",
                    "Ore settimanali (se lavoro)",
                    "Weekly hours (for a job)",
                    "float",
                    required=False,
                ),
                Field(
                    "cefr_level",
                    "Livello QCER (se certificazione)",
                    "CEFR level (for a certificate)",
                    "select",
                    CEFRLevel,
                    required=False,
                ),
                Field(
                    "permit",
                    "Permesso (se ottenuto)",
                    "Permit (if obtained)",
                    "select",
                    PermitKind,
                    required=False,
                ),
            ),
            call_simple(
                "record_outcome", "kind", "contract_kind", "weekly_hours", "cefr_level", "permit"
            ),
        ),
        CaseForm(
            "suspend",
            "suspend_case",
            "Sospensione",
            "Suspension",
            (DAY, Field("reason", "Motivo", "Reason", "select", SuspensionReason)),
            call_simple("suspend_case", "reason"),
        ),
        CaseForm(
            "resume", "resume_case", "Ripresa", "Resumption", (DAY,), call_simple("resume_case")
        ),
        CaseForm(
            "transfer",
            "transfer_case",
            "Passaggio al progetto successivo",
            "Carry over to the successor programme",
            (
                DAY,
                Field(
                    "successor_programme",
                    "Programma successivo",
                    "Successor programme",
                    "programme",
                ),
            ),
            call_transfer,
        ),
        CaseForm(
            "close",
            "close_case",
            "Chiusura del percorso",
            "Case closure",
            (
                DAY,
                Field("reason", "Motivo di chiusura", "Closure reason", "select", ClosureReason),
                Field(
                    "employment_at_exit",
                    "Lavoro all'uscita",
                    "Employment at exit",
                    "select",
                    EmploymentStatus,
                ),
            ),
            call_simple("close_case", "reason", "employment_at_exit"),
        ),
        CaseForm(
            "follow_up",
            "record_follow_up",
            "Follow-up",
            "Follow-up",
            (
                DAY,
                MONTHS,
                Field("reached", "Contattata", "Reached", "check", required=False),
                optional(EMPLOYMENT),
                optional(INCOME),
                optional(HOUSING),
            ),
            call_follow_up,
        ),
    )
}
