"""The case forms' building blocks: the form type, shared controls, and the service calls.

`calls` receive the application, the metadata, the case id, the parsed values and the version
the form was opened at (stale → ConcurrencyConflict, shown to the caseworker, never overwritten).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.case import Goal
from domain.case.values import GoalStatus
from domain.shared.case_vocabulary import (
    AssessmentDomain,
    ConsentScope,
)
from domain.shared.profile_vocabulary import (
    EmploymentStatus,
    HousingStatus,
    IncomeSource,
)
from domain.shared.values import PersonalText

from .fields import Field

Call = Callable[[Any, Any, UUID, dict[str, Any], int], Any]


@dataclass(frozen=True)
class CaseForm:
    name: str
    command: str  # the services' policy name: who may use it
    it: str
    en: str
    fields: tuple[Field, ...]
    call: Call
    offered_when: Callable[[Any], bool] | None = None  # a hint for the action list only

    def title(self, lang: str) -> str:
        return self.en if lang == "en" else self.it

    def offered(self, case: Any) -> bool:
        """Whether the case page lists this form; the domain still judges every submit."""
        return self.offered_when is None or self.offered_when(case)


def optional(f: Field) -> Field:
    return Field(f.name, f.it, f.en, f.kind, f.vocab, False, f.choices, f.hint_it, f.hint_en)


SCOPE = Field("scope", "Ambito del consenso", "Consent scope", "select", ConsentScope)
EMPLOYMENT = Field("employment", "Lavoro", "Employment", "select", EmploymentStatus)
INCOME = Field("income_source", "Fonte di reddito", "Income source", "select", IncomeSource)
HOUSING = Field("housing", "Abitazione", "Housing", "select", HousingStatus)
NOTES = Field("notes", "Note", "Notes", "textarea", required=False)
SCORES_HINT = ("Da 1 (molto difficile) a 10 (autonoma).", "From 1 (very hard) to 10 (autonomous).")
GOAL_ROWS = 3


def goal_fields() -> tuple[Field, ...]:
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


def call_agree_plan(app: Any, meta: Any, cid: UUID, v: dict[str, Any], ver: int) -> Any:
    case = app.case(cid)
    goals = _goals(cid, case.person_id, v, len(case.goals) + 1)
    return app.agree_plan(
        meta, cid, occurred_on=v["occurred_on"], goals=goals, expected_version=ver
    )


def call_review_plan(app: Any, meta: Any, cid: UUID, v: dict[str, Any], ver: int) -> Any:
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


def call_simple(method: str, *names: str) -> Call:
    def call(app: Any, meta: Any, cid: UUID, v: dict[str, Any], ver: int) -> Any:
        kwargs = {n: v.get(n) for n in names}
        return getattr(app, method)(
            meta, cid, occurred_on=v["occurred_on"], expected_version=ver, **kwargs
        )

    return call


def call_follow_up(app: Any, meta: Any, cid: UUID, v: dict[str, Any], ver: int) -> Any:
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


def call_transfer(app: Any, meta: Any, cid: UUID, v: dict[str, Any], ver: int) -> Any:
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
