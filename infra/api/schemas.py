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


class Page(BaseModel):
    """The envelope of every list: `items`, and where they sit in the whole (`total` found,
    `offset` of the first item, at most `limit` items per page)."""

    total: int = Field(description="how many match, over all pages")
    limit: int = Field(description="the most items a page holds")
    offset: int = Field(description="how many were skipped before the first item")


class CaseList(Page):
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


class HistoryItem(BaseModel):
    """One stored event, as both histories (the case's and the auditors') name its fields."""

    version: int
    kind: str = Field(description="the event's name, e.g. IntakeCompleted")
    occurred_on: date = Field(description="business date")
    recorded_at: datetime
    actor_id: str
    role: str = Field(description="the actor's role")
    source: str
    corrects: int | None = Field(description="the version this event corrects, if a correction")
    corrected_by: list[int]
    void: bool


class CaseHistoryItem(HistoryItem):
    """A case-history item: the event's own fields, personal ones masked unless shown."""

    command_id: str
    data: dict[str, Any]


class CaseHistoryOut(Page):
    case_id: UUID
    version: int = Field(description="the case's current version")
    items: list[CaseHistoryItem]


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
