"""Response schemas shared by several routers (request bodies live beside their router)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field


class CommandOut(BaseModel):
    """The result of a command: the same body on the first run and on every retry."""

    id: UUID = Field(description="the aggregate the command acted on (or created)")
    version: int = Field(description="its version after the command; send it as If-Match")


class MeOut(BaseModel):
    user_id: str
    role: str
    programmes: list[str] = Field(description='programme codes, or ["*"] for all')


class HealthOut(BaseModel):
    status: str


class Sealed(BaseModel):
    """A sealed free text: null when masked (no right or no justification) or erased."""

    text: str | None
    masked: bool
    erased: bool


class CaseSummary(BaseModel):
    id: UUID
    person_id: UUID
    programme: str
    status: str
    referred_on: date


class CaseList(BaseModel):
    total: int
    items: list[CaseSummary]


class CaseOut(BaseModel):
    """A case's state; codes are the vocabularies' stable codes."""

    id: UUID
    version: int
    person_id: UUID
    programme: str
    status: str
    referred_on: date
    referring_service: str
    reasons: list[str]
    carried_over_from: UUID | None
    successor_case_id: UUID | None
    consents: dict[str, bool]
    intake_on: date | None
    intake: dict[str, Any] | None
    goals: list[dict[str, Any]]
    latest_scores: dict[str, int]
    activity_hours: dict[str, float]
    activities: int
    outcomes: list[dict[str, Any]]
    first_job_on: date | None
    closed_on: date | None
    closure_reason: str | None
    employment_at_exit: str | None
    follow_ups: list[int]


class HistoryEntry(BaseModel):
    """One stored event: business date, recorded time, who, from where, and correction links."""

    version: int
    type: str
    occurred_on: date
    recorded_at: datetime
    actor_id: str
    actor_role: str
    command_id: str
    source: str
    data: dict[str, Any]
    corrects_version: int | None
    corrected_by: list[int]
    void: bool


class PersonalOut(BaseModel):
    full_name: str | None
    fiscal_code: str | None
    birth_date: str | None
    phone: str | None
    email: str | None
    address: str | None
    masked: bool
    erased: bool


class PersonOut(BaseModel):
    id: UUID
    version: int
    erased: bool
    personal: PersonalOut
    profile: dict[str, Any]
    household: dict[str, Any]


class ProgrammeOut(BaseModel):
    code: str
    name: str
    territory: str
    partner_service: str
    start: date
    end: date | None
    predecessor: str | None
    model: str | None
    generation: int
    aims: list[str]
    actions: list[str]
    assumed: list[str]
    version: int
