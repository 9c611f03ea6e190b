"""One form per use case on a case: its fields, and the service method it calls.

The table is the workspace's whole knowledge of the commands; every rule stays in the domain.
`calls` receive the application, the metadata, the case id, the parsed values and the version
the form was opened at (stale → ConcurrencyConflict, shown to the caseworker, never overwritten).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from domain.case import Goal
from domain.case.values import GoalStatus
from domain.shared.case_vocabulary import (
    ActivityKind,
    AssessmentDomain,
    ClosureReason,
    ConsentScope,
    ContractKind,
    Need,
    OutcomeKind,
    ServiceKind,
    SuspensionReason,
)
from domain.shared.profile_vocabulary import (
    CEFRLevel,
    EmploymentStatus,
    HousingStatus,
    IncomeSource,
    PermitKind,
)
from domain.shared.values import PersonalText

from .fields import DAY, Field

Call = Callable[[Any, Any, UUID, dict[str, Any], int], Any]


@dataclass(frozen=True)
class CaseForm:
    name: str
    command: str  # the services' policy name: who may use it
    it: str
    en: str
    fields: tuple[Field, ...]
    call: Call

    def title(self, lang: str) -> str:
        return self.en if lang == "en" else self.it


def _opt(f: Field) -> Field:
    return Field(f.name, f.it, f.en, f.kind, f.vocab, False, f.choices, f.hint_it, f.hint_en)


SCOPE = Field("scope", "Ambito del consenso", "Consent scope", "select", ConsentScope)
EMPLOYMENT = Field("employment", "Lavoro", "Employment", "select", EmploymentStatus)
INCOME = Field("income_source", "Fonte di reddito", "Income source", "select", IncomeSource)
HOUSING = Field("housing", "Abitazione", "Housing", "select", HousingStatus)
NOTES = Field("notes", "Note", "Notes", "textarea", required=False)
SCORES_HINT = ("Da 1 (molto difficile) a 10 (autonoma).", "From 1 (very hard) to 10 (autonomous).")
GOAL_ROWS = 3


def _goal_fields() -> tuple[Field, ...]:
    out: list[Field] = []
    for i in range(1, GOAL_ROWS + 1):
        out += [
            Field(
                f"goal{i}.domain",
                f"Obiettivo {i}: ambito",
                f"Goal {i}: domain",
                "select",
                AssessmentDomain,
                required=i == 1,
            ),
            Field(
                f"goal{i}.target",
                f"Obiettivo {i}: entro il",
                f"Goal {i}: target date",
                "date",
                required=i == 1,
            ),
            Field(
                f"goal{i}.text",
                f"Obiettivo {i}: descrizione",
                f"Goal {i}: description",
                required=False,
            ),
        ]
    return tuple(out)


def _goals(case_id: UUID, person_id: UUID, v: dict[str, Any], start: int) -> list[Goal]:
    goals: list[Goal] = []
    for i in range(1, GOAL_ROWS + 1):
        domain, target = v.get(f"goal{i}.domain"), v.get(f"goal{i}.target")
        if domain is None or target is None:
            continue
        text = v.get(f"goal{i}.text")
        goals.append(
            Goal(
                f"g{start + len(goals)}",
                domain,
                target,
                PersonalText(person_id, text) if text else None,
            )
        )
    return goals


def _agree_plan(app: Any, meta: Any, cid: UUID, v: dict[str, Any], ver: int) -> Any:
    case = app.case(cid)
    goals = _goals(cid, case.person_id, v, len(case.goals) + 1)
    return app.agree_plan(
        meta, cid, occurred_on=v["occurred_on"], goals=goals, expected_version=ver
    )


def _review_plan(app: Any, meta: Any, cid: UUID, v: dict[str, Any], ver: int) -> Any:
    case = app.case(cid)
    statuses = {g: v[f"status.{g}"] for g in case.goals if v.get(f"status.{g}") is not None}
    return app.review_plan(
        meta,
        cid,
        occurred_on=v["occurred_on"],
        goal_statuses=statuses,
        new_goals=_goals(cid, case.person_id, v, len(case.goals) + 1),
        notes=v.get("notes"),
        expected_version=ver,
    )


def _simple(method: str, *names: str) -> Call:
    def call(app: Any, meta: Any, cid: UUID, v: dict[str, Any], ver: int) -> Any:
        kwargs = {n: v.get(n) for n in names}
        return getattr(app, method)(
            meta, cid, occurred_on=v["occurred_on"], expected_version=ver, **kwargs
        )

    return call


def _follow_up(app: Any, meta: Any, cid: UUID, v: dict[str, Any], ver: int) -> Any:
    return app.record_follow_up(
        meta,
        cid,
        occurred_on=v["occurred_on"],
        months=int(v["months"]),
        reached=v["reached"],
        employment=v.get("employment"),
        income_source=v.get("income_source"),
        housing=v.get("housing"),
        expected_version=ver,
    )


def _transfer(app: Any, meta: Any, cid: UUID, v: dict[str, Any], ver: int) -> Any:
    from uuid import NAMESPACE_URL, uuid5

    successor = uuid5(NAMESPACE_URL, f"percorsi:successor:{meta.command_id}")
    return app.transfer_case(
        meta,
        cid,
        occurred_on=v["occurred_on"],
        successor_programme=v["successor_programme"],
        successor_case_id=successor,
        expected_version=ver,
    )


MONTHS = Field(
    "months",
    "Follow-up a",
    "Follow-up at",
    "select",
    choices=(
        ("6", "6 mesi", "6 months"),
        ("12", "12 mesi", "12 months"),
        ("24", "24 mesi", "24 months"),
    ),
)

FORMS: dict[str, CaseForm] = {
    f.name: f
    for f in (
        CaseForm(
            "consent",
            "give_consent",
            "Consenso dato",
            "Consent given",
            (DAY, SCOPE),
            _simple("give_consent", "scope"),
        ),
        CaseForm(
            "withdraw",
            "withdraw_consent",
            "Consenso revocato",
            "Consent withdrawn",
            (DAY, SCOPE),
            _simple("withdraw_consent", "scope"),
        ),
        CaseForm(
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
                NOTES,
            ),
            _simple(
                "complete_intake",
                "baseline",
                "employment",
                "income_source",
                "housing",
                "needs",
                "notes",
            ),
        ),
        CaseForm(
            "plan",
            "agree_plan",
            "Progetto personalizzato (PPD)",
            "Personalised plan (PPD)",
            (DAY, *_goal_fields()),
            _agree_plan,
        ),
        CaseForm(
            "review",
            "review_plan",
            "Revisione del progetto",
            "Plan review",
            (DAY, *(_opt(f) for f in _goal_fields()), NOTES),
            _review_plan,
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
            _simple("record_activity", "kind", "hours", "notes"),
        ),
        CaseForm(
            "service",
            "refer_to_service",
            "Invio a un altro servizio",
            "Referral to another service",
            (DAY, Field("service", "Servizio", "Service", "select", ServiceKind), NOTES),
            _simple("refer_to_service", "service", "notes"),
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
            _simple("assess", "scores"),
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
            _simple(
                "record_outcome", "kind", "contract_kind", "weekly_hours", "cefr_level", "permit"
            ),
        ),
        CaseForm(
            "suspend",
            "suspend_case",
            "Sospensione",
            "Suspension",
            (DAY, Field("reason", "Motivo", "Reason", "select", SuspensionReason)),
            _simple("suspend_case", "reason"),
        ),
        CaseForm("resume", "resume_case", "Ripresa", "Resumption", (DAY,), _simple("resume_case")),
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
            _transfer,
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
            _simple("close_case", "reason", "employment_at_exit"),
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
                _opt(EMPLOYMENT),
                _opt(INCOME),
                _opt(HOUSING),
            ),
            _follow_up,
        ),
    )
}


def goal_status_fields(goals: dict[str, Any], lang: str) -> tuple[Field, ...]:
    """The review form's per-goal status selects (the plan's own goals)."""
    return tuple(
        Field(
            f"status.{gid}",
            f"Stato obiettivo {gid}",
            f"Goal {gid} status",
            "select",
            GoalStatus,
            required=False,
        )
        for gid in goals
    )


def today_default() -> str:
    return date.today().isoformat()
