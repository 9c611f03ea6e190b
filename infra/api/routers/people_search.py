"""Duplicate search: is this woman already registered? Keyed blind index, scoped to the caller."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ...workspace.finder import finder_of, visible
from ..commands import CaseIndexDep
from ..deps import CASEWORK, RuntimeDep, log_personal_read, require_roles
from ..types import IsoDate
from ..users import User

router = APIRouter(prefix="/v1/people-search", tags=["people"])


class SearchIn(BaseModel):
    """A fiscal code, or a full name with a birth date (or all three)."""

    model_config = ConfigDict(extra="forbid")
    fiscal_code: str | None = Field(default=None, min_length=1, max_length=32)
    full_name: str | None = Field(default=None, min_length=1, max_length=200)
    birth_date: IsoDate | None = None

    @model_validator(mode="after")
    def _enough(self) -> SearchIn:
        if not self.fiscal_code and not (self.full_name and self.birth_date):
            raise ValueError("give fiscal_code, or full_name with birth_date")
        return self


class Match(BaseModel):
    id: UUID
    programmes: list[str] = Field(description="her programmes among yours (empty: no case yet)")


class SearchOut(BaseModel):
    matches: list[Match]


@router.post("")
def search_people(
    body: SearchIn,
    request: Request,
    runtime: RuntimeDep,
    index: CaseIndexDep,
    user: Annotated[User, Depends(require_roles(*CASEWORK))],
) -> SearchOut:
    """Women already registered with this fiscal code or name and birth date, in your scope."""
    finder = finder_of(request.app.state, runtime)
    found = finder.matches(
        fiscal_code=body.fiscal_code, full_name=body.full_name, birth_date=body.birth_date
    )
    shown = visible(found, index.programmes_of, user)
    for person_id in shown:
        log_personal_read(runtime, user, person_id, "people search match")
    return SearchOut(
        matches=[
            Match(
                id=p,
                programmes=sorted(x for x in index.programmes_of(p) if user.may_see(x)),
            )
            for p in shown
        ]
    )
