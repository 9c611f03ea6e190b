"""What every command route shares: the idempotency key, the expected version, scoping, the reply.

A retried command (same user, same Idempotency-Key, same request) gets the first result back
with the header `Idempotent-Replayed: true`, and nothing is appended; the body, the status and
the `Location` are the first reply's. That holds whoever chose a new record's id: a create that
left the id to the server and is retried gets the id the first attempt made. A key first used on
another record, another command or another body is refused (422 `idempotency_key_reused`),
also when that first use was an admin's user command, kept in the user ledger (user_ledger.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar
from uuid import UUID

from fastapi import Depends, Request, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from domain.shared.errors import NotFound
from domain.shared.values import Meta
from services.app import Percorsi

from . import timing
from .case_index import CaseEntry, CaseIndex
from .deps import IfMatchHeader, KeyHeader, check_programme, fingerprint, meta_for, version_of
from .errors import ApiError
from .schemas import CommandOut
from .users import User, UserStore

T = TypeVar("T")
_ETAG = {"description": "the aggregate's version after the command", "schema": {"type": "string"}}
_REPLAYED = {
    "description": "present (true) when this is the stored answer to an earlier request",
    "schema": {"type": "string", "enum": ["true"]},
}
COMMAND_HEADERS: dict[int | str, dict[str, Any]] = {
    200: {"description": "done", "headers": {"ETag": _ETAG, "Idempotent-Replayed": _REPLAYED}}
}
"""OpenAPI: the headers of a command's reply."""
CREATED_HEADERS: dict[int | str, dict[str, Any]] = {
    201: {
        "description": "created",
        "headers": {
            "Location": {"description": "the new record", "schema": {"type": "string"}},
            "ETag": _ETAG,
            "Idempotent-Replayed": _REPLAYED,
        },
    }
}
"""OpenAPI: the headers of a create's reply."""
READ_ETAG: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "the record",
        "headers": {"ETag": _ETAG | {"description": "its version; send it as If-Match"}},
    }
}
"""OpenAPI: a read of a record that commands take If-Match on."""


async def get_case_index(request: Request) -> CaseIndex:
    index: CaseIndex = request.app.state.case_index
    return index


CaseIndexDep = Annotated[CaseIndex, Depends(get_case_index)]


def scoped_case(index: CaseIndex, user: User, case_id: UUID) -> CaseEntry:
    """The case's index entry, if it exists (404) and lies in the caller's programmes (403)."""
    entry = index.get(case_id)
    if entry is None:
        raise NotFound(f"no case with id {case_id}", field="case_id")
    check_programme(user, entry.programme)
    return entry


def key_reused() -> ApiError:
    return ApiError(
        422,
        "idempotency_key_reused",
        "this Idempotency-Key was already used for another request",
        field="Idempotency-Key",
    )


@dataclass
class Command:
    app: Percorsi
    index: CaseIndex
    key: str
    expected: int | None
    response: Response
    request_hash: str | None = None
    users: UserStore | None = None
    target: UUID | None = None

    def meta(self, user: User) -> Meta:
        """The command's metadata; its command id must not be one the user ledger holds."""
        timing.stamp("service")  # the use case starts once its metadata is asked for
        meta = meta_for(user, self.key, self.request_hash)
        if self.users is not None and self.users.ledger.holds(user.role, meta.command_id):
            raise key_reused()
        return meta

    async def run(self, work: Callable[[], T]) -> T:
        """Run the blocking part of a command (store reads, the commit wait) in a worker thread.

        Command routes are `async` and hop to a thread once, here: a sync route costs FastAPI
        two hops (the endpoint, then the response's validation), each a GIL hand-over."""
        return await run_in_threadpool(work)

    def case(self, user: User, case_id: UUID) -> CaseEntry:
        self.target = case_id
        return scoped_case(self.index, user, case_id)

    def new_id(self, body: BaseModel, field: str) -> UUID:
        """The id of the record a create makes. Only an id the client chose must match on a
        retry; one the server generated differs on every attempt, and the first one stands."""
        value: UUID = getattr(body, field)
        self.target = value if field in body.model_fields_set else None
        return value

    def done(self, result: Any, location: str | None = None) -> CommandOut:
        """The reply: ETag always; `location` (a format with `{}` for the id) on a create."""
        timing.stamp("done")
        if result.replayed and self.target is not None and result.aggregate_id != self.target:
            raise key_reused()  # the first use of this key acted on another record
        self.response.headers["ETag"] = f'"{result.version}"'
        if location is not None:
            self.response.headers["Location"] = location.format(result.aggregate_id)
        if result.replayed:
            self.response.headers["Idempotent-Replayed"] = "true"
        return CommandOut(id=result.aggregate_id, version=result.version)


async def _command(
    request: Request, response: Response, key: KeyHeader, if_match: IfMatchHeader = None
) -> Command:
    """One dependency for what a command needs (each sub-dependency costs FastAPI a solve on
    every request, ADR 0022); the OpenAPI document is the same as with one per header."""
    return await _build(request, response, key, version_of(if_match))


async def _creation(request: Request, response: Response, key: KeyHeader) -> Command:
    return await _build(request, response, key, None)


async def _build(request: Request, response: Response, key: str, expected: int | None) -> Command:
    state = request.app.state
    request_hash = fingerprint(request.method, request.url.path, await request.body())
    return Command(
        state.runtime.app, state.case_index, key, expected, response, request_hash, state.users
    )


Cmd = Annotated[Command, Depends(_command)]
"""A command on an existing aggregate: Idempotency-Key and an optional If-Match."""
CreateCmd = Annotated[Command, Depends(_creation)]
"""A command that creates an aggregate: Idempotency-Key only (there is no version yet)."""
