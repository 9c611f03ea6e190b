"""Request bodies of the case commands (CaseIn family): vocabularies are the domain's own enums.

Bodies reject unknown fields, non-finite numbers and coercions JSON Schema would not allow
(0 for false, true for 1, 2.0 for 2); the domain checks the rules (dates inside
the programme, scores 1–10, …) and answers with its own errors.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt

from domain.case import GoalStatus
from domain.shared.case_vocabulary import (
    PRIOR_WORK_WINDOW_MONTHS,
    ActivityKind,
    AssessmentDomain,
    ClosureReason,
    ConsentScope,
    ContractKind,
    Need,
    NotTakenOnReason,
    OutcomeKind,
    ReferralReason,
    ReferringService,
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

from .types import IsoDate

Text = Field(default=None, max_length=4000, description="sealed with her data key")
Code = Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_]+$")
ScoreValue = Annotated[StrictInt, Field(ge=1, le=10, description="1 (worst) to 10 (best)")]
FollowUpMonths = Literal[6, 12, 24]
PriorWorkMonths = Field(
    default=None,
    ge=0,
    le=PRIOR_WORK_WINDOW_MONTHS,
    description=f"months in work in the {PRIOR_WORK_WINDOW_MONTHS} before the referral "
    "(0–24); leave out when unknown",
)


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    occurred_on: IsoDate = Field(description="business date (may be back-dated)")


class ReferIn(Body):
    case_id: UUID = Field(default_factory=uuid4, description="give one to make retries safe")
    person_id: UUID
    programme: str = Code
    referring_service: ReferringService
    reasons: list[ReferralReason] = Field(min_length=1, max_length=20)


class ConsentIn(Body):
    scope: ConsentScope


class IntakeIn(Body):
    baseline: dict[AssessmentDomain, ScoreValue] = Field(description="every domain, scored 1–10")
    employment: EmploymentStatus
    income_source: IncomeSource
    housing: HousingStatus
    needs: list[Need] = Field(default_factory=list, max_length=20)
    notes: str | None = Text
    months_worked_prior_24: StrictInt | None = PriorWorkMonths


class NotTakenOnIn(Body):
    reason: NotTakenOnReason
    employment: EmploymentStatus
    months_worked_prior_24: StrictInt | None = PriorWorkMonths


class GoalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    goal_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")
    domain: AssessmentDomain
    target_date: IsoDate
    description: str | None = Text


class PlanIn(Body):
    goals: list[GoalIn] = Field(min_length=1, max_length=30)


class PlanReviewIn(Body):
    goal_statuses: dict[str, GoalStatus] = Field(default_factory=dict, max_length=60)
    new_goals: list[GoalIn] = Field(default_factory=list, max_length=30)
    notes: str | None = Text


class ActivityIn(Body):
    kind: ActivityKind
    hours: StrictFloat = Field(gt=0, le=12)
    group_id: UUID | None = None
    notes: str | None = Text


class ServiceReferralIn(Body):
    service: ServiceKind
    notes: str | None = Text


class AssessmentIn(Body):
    scores: dict[AssessmentDomain, ScoreValue] = Field(
        min_length=1, description="some domains, scored 1–10"
    )


class OutcomeIn(Body):
    kind: OutcomeKind
    contract_kind: ContractKind | None = None
    weekly_hours: StrictFloat | None = Field(default=None, ge=1, le=60)
    cefr_level: CEFRLevel | None = None
    permit: PermitKind | None = None


class SuspendIn(Body):
    reason: SuspensionReason


class ResumeIn(Body):
    pass


class CloseIn(Body):
    reason: ClosureReason
    employment_at_exit: EmploymentStatus


class FollowUpIn(Body):
    months: FollowUpMonths = Field(description="months after closure: 6, 12 or 24")
    reached: StrictBool
    employment: EmploymentStatus | None = None
    income_source: IncomeSource | None = None
    housing: HousingStatus | None = None


class CorrectionIn(Body):
    corrects_version: StrictInt = Field(ge=1, le=1_000_000)
    changes: dict[str, Any] = Field(default_factory=dict, max_length=20)
    reason: str = Field(min_length=1, max_length=2000, description="why; sealed")
    void: StrictBool = False


class TransferIn(Body):
    successor_programme: str = Code
    successor_case_id: UUID = Field(default_factory=uuid4)
