"""The programme catalogue: read by everyone; extended and amended by coordinators."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response
from pydantic import BaseModel, ConfigDict, Field, StrictInt

from domain.programme import Programme, programme_id

from ...catalogue import read_catalogue
from ..bodies import Body
from ..commands import COMMAND_HEADERS, READ_ETAG, Cmd
from ..deps import EVERYONE, RuntimeDep, check_programme, require_command, require_roles
from ..schemas import CommandOut, ProgrammeOut
from ..types import IsoDate
from ..users import User

router = APIRouter(prefix="/v1/programmes", tags=["programmes"])
Everyone = Annotated[User, Depends(require_roles(*EVERYONE))]
CodePath = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9]+$")]


class ExtendIn(Body):
    new_end: IsoDate


class Changes(BaseModel):
    """Only the fields to change; a real organisation corrects the assumed facts here."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    territory: str | None = Field(default=None, min_length=1, max_length=200)
    partner_service: str | None = Field(default=None, min_length=1, max_length=200)
    start: IsoDate | None = None
    end: IsoDate | None = None
    generation: StrictInt | None = Field(default=None, ge=1, le=20)
    aims: list[str] | None = Field(default=None, max_length=30)
    actions: list[str] | None = Field(default=None, max_length=30)
    assumed: list[str] | None = Field(default=None, max_length=30)


class AmendIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    changes: Changes


def _out(programme: Programme) -> ProgrammeOut:
    fields = {
        name: getattr(programme, name) for name in ProgrammeOut.model_fields if name != "version"
    }
    return ProgrammeOut(**fields, version=programme.version)


@router.get("")
def list_programmes(user: Everyone, runtime: RuntimeDep) -> list[ProgrammeOut]:
    """Every programme of the lineage, Billan (2006) to Les Femmes, EMP and Sostengo."""
    codes = [entry.code for entry in read_catalogue(runtime.settings.catalogue_file)]
    return [_out(runtime.app.programme(code)) for code in codes]


@router.get("/{code}", responses=READ_ETAG)
def read_programme(
    code: CodePath, user: Everyone, runtime: RuntimeDep, response: Response
) -> ProgrammeOut:
    """One programme (ETag = version, for If-Match on extend and amend)."""
    programme = runtime.app.programme(code.upper())
    response.headers["ETag"] = f'"{programme.version}"'
    return _out(programme)


@router.post("/{code}/extend", responses=COMMAND_HEADERS)
def extend_programme(
    code: CodePath,
    body: ExtendIn,
    cmd: Cmd,
    user: User = Depends(require_command("extend_programme")),
) -> CommandOut:
    """Move the programme's end later (Les Femmes 2019 → 2021)."""
    check_programme(user, code.upper())
    cmd.target = programme_id(code.upper())
    return cmd.done(
        cmd.app.extend_programme(
            cmd.meta(user),
            code.upper(),
            occurred_on=body.occurred_on,
            new_end=body.new_end,
            expected_version=cmd.expected,
        )
    )


@router.post("/{code}/amend", responses=COMMAND_HEADERS)
def amend_programme(
    code: CodePath,
    body: AmendIn,
    cmd: Cmd,
    user: User = Depends(require_command("amend_programme")),
) -> CommandOut:
    """Correct catalogue facts; only the fields given change."""
    check_programme(user, code.upper())
    cmd.target = programme_id(code.upper())
    changes = body.changes.model_dump(exclude_unset=True)
    return cmd.done(
        cmd.app.amend_programme(
            cmd.meta(user), code.upper(), changes=changes, expected_version=cmd.expected
        )
    )
