"""The fast path of the case commands: a well-formed request skips FastAPI's per-request work.

FastAPI spends ≈ 0.6 ms of the event loop's CPU on a case command before the use case starts
and after it ends (ADR 0022, second pass): ≈ 34 route matches, solving five dependencies, the
body through a TypeAdapter, the reply through a response field, two exception-handling layers.
For `POST /v1/cases/{case_id}/{command}` this pure ASGI middleware does the same work directly,
but only for a request FastAPI would accept as it is: a canonical case id, a JSON body that the
route's own model validates, a known bearer token of a role the command admits, a well-formed
Idempotency-Key and If-Match. Anything else — a missing or bad header, a body that is not JSON
or not valid, an unknown token, a refused role, a chunked or large body — is handed to FastAPI
unchanged (the body it read is replayed), so every refusal before the use case is FastAPI's own
answer: the same status, problem body and headers, in the same order of checks.

What it does for an accepted request is what the route does: the same `Command`, fingerprint,
scoping and use case (`case_commands.execute`, in one worker thread), the same exception
handlers for what the use case raises (an unhandled one goes on to ServerErrorMiddleware, as
from the route), and the same reply: `CommandOut` as JSON, Content-Length, Content-Type, then
ETag / Idempotent-Replayed. The routes stay registered, so the OpenAPI document is unchanged;
tests/e2e/test_api_fast_commands.py compares the answers with and without this middleware.
"""

from __future__ import annotations

import inspect
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from fastapi import Response
from fastapi.security.utils import get_authorization_scheme_param
from pydantic import TypeAdapter, ValidationError
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import timing
from .bodies import Body
from .commands import Command
from .deps import fingerprint, version_of
from .fast_routes import Entry, entries
from .routers import case_commands
from .schemas import CommandOut
from .users import User

PREFIX = "/v1/cases/"
_CASE_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# The constraints of deps.KeyHeader and deps.IfMatchHeader, as full matches.
_KEY = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_IF_MATCH = re.compile(r'(W/)?"?[0-9]{1,12}"?')
MAX_BODY = 64 * 1024
"""Larger bodies (none of the commands' is) go through FastAPI."""
_OUT = TypeAdapter(CommandOut)


@dataclass(frozen=True)
class _Accepted:
    user: User
    key: str
    expected: int | None
    body: Body
    auth_seconds: float


class FastCaseCommands:
    """Pure ASGI middleware; put it inside ServerTiming so a timed request is timed the same."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.entries = entries()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        entry = self._entry(scope)
        length = _content_length(scope) if entry is not None else None
        if entry is None or length is None:
            await self.app(scope, receive, send)
            return
        body, messages = await _read(receive)
        replay = _replaying(messages, receive)
        accepted = None
        if messages[-1]["type"] == "http.request":  # not cut short by a disconnect
            try:
                accepted = _accept(scope, entry, body)
            except Exception:  # e.g. the user store failing: FastAPI meets it again, answers
                accepted = None
        if accepted is None:
            await self.app(scope, replay, send)
            return
        await self._run(scope, replay, send, entry, body, accepted)

    def _entry(self, scope: Scope) -> Entry | None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope.get("root_path"):
            return None
        if scope["app"].dependency_overrides:  # a test's stand-in must be honoured
            return None
        path: str = scope["path"]
        if path[46:47] != "/" or not path.startswith(PREFIX):
            return None
        if not _CASE_ID.fullmatch(path, len(PREFIX), 46):
            return None
        return self.entries.get(path[47:])

    async def _run(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        entry: Entry,
        body: bytes,
        ok: _Accepted,
    ) -> None:
        timing.add("auth", ok.auth_seconds)
        path: str = scope["path"]
        case_id = UUID(path[10:46])
        # What FastAPI leaves in the scope for a matched route (the 500 handler logs the path).
        scope["route"], scope["endpoint"] = entry.route, entry.route.endpoint
        scope["path_params"] = {"case_id": path[10:46]}
        headers = Response()  # the dependencies' sub-response of FastAPI, as it makes it
        del headers.headers["content-length"]
        state = scope["app"].state
        cmd = Command(
            state.runtime.app,
            state.case_index,
            ok.key,
            ok.expected,
            headers,
            fingerprint("POST", path, body),
            state.users,
        )
        try:
            result = await cmd.run(
                lambda: case_commands.execute(entry.spec, cmd, ok.user, case_id, ok.body)
            )
        except Exception as error:
            handler = _handler(scope, error)
            if handler is None:
                raise
            answer = handler(Request(scope, receive), error)
            if inspect.isawaitable(answer):
                answer = await answer
            await answer(scope, receive, send)
            return
        content = _OUT.dump_json(result, by_alias=True)
        raw = [
            (b"content-length", str(len(content)).encode("latin-1")),
            (b"content-type", b"application/json"),
            *headers.headers.raw,
        ]
        await send({"type": "http.response.start", "status": 200, "headers": raw})
        await send({"type": "http.response.body", "body": content})


def _content_length(scope: Scope) -> int | None:
    """The declared body length if it is one small enough to take (None: let FastAPI read)."""
    found = [(k, v) for k, v in scope["headers"] if k in (b"content-length", b"transfer-encoding")]
    if len(found) != 1 or found[0][0] != b"content-length" or not found[0][1].isdigit():
        return None  # no length, a chunked body, or two headers
    length = int(found[0][1])
    return length if length <= MAX_BODY else None


async def _read(receive: Receive) -> tuple[bytes, list[Message]]:
    """The whole body and the messages it came in; the last is not a request's if the client
    went away before the end."""
    messages: list[Message] = []
    chunks: list[bytes] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks), messages


def _replaying(messages: list[Message], receive: Receive) -> Receive:
    """A `receive` that gives back what was read, then goes on with the connection's own."""
    pending = list(messages)

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay


def _accept(scope: Scope, entry: Entry, body: bytes) -> _Accepted | None:
    """The parts of a request FastAPI would take as they are; None if anything is off."""
    headers = Headers(scope=scope)
    if (headers.get("content-type") or "").lower() != "application/json":
        return None
    key, if_match = headers.get("idempotency-key"), headers.get("if-match")
    if key is None or not _KEY.fullmatch(key):
        return None
    if if_match is not None and not _IF_MATCH.fullmatch(if_match):
        return None
    started = time.perf_counter()
    user = _user(scope, headers.get("authorization"))
    auth_seconds = time.perf_counter() - started
    if user is None or user.role not in entry.roles:
        return None
    try:
        model = entry.spec.body.model_validate(json.loads(body), from_attributes=True)
    except (ValueError, ValidationError):  # JSONDecodeError and UnicodeDecodeError included
        return None
    return _Accepted(user, key, version_of(if_match), model, auth_seconds)


def _user(scope: Scope, authorization: str | None) -> User | None:
    """The caller, read as HTTPBearer and deps.current_user read her (None: FastAPI answers)."""
    scheme, credentials = get_authorization_scheme_param(authorization)
    if not (authorization and scheme and credentials) or scheme.lower() != "bearer":
        return None
    user: User | None = scope["app"].state.users.authenticate(credentials)
    return user


def _handler(scope: Scope, error: Exception) -> Callable[..., Any] | None:
    """The handler Starlette's ExceptionMiddleware would pick for `error` (None: unhandled)."""
    handlers = scope["app"].exception_handlers
    if isinstance(error, HTTPException) and error.status_code != 500:
        found = handlers.get(error.status_code)
        if found is not None:
            return found  # type: ignore[no-any-return]
    for cls in type(error).__mro__:
        if cls is not Exception and cls in handlers:
            return handlers[cls]  # type: ignore[no-any-return]
    return None
