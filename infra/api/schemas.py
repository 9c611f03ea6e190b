"""Response schemas shared by several routers (request bodies live beside their router)."""

from __future__ import annotations

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
    events: int
