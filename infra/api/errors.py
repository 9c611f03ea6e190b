"""Problem-details responses (RFC 9457) for every error, and never a word of personal data.

Domain errors carry their own status, code and field; validation errors name the offending
field but never repeat the input; anything unexpected is logged by type only and answered 500.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from domain.shared.errors import DomainError
from projections.queries import InvalidFilter, QueryError
from projections.queries.export import FilterSplitsRelease

log = logging.getLogger("percorsi.api")
PROBLEM_JSON = "application/problem+json"

_TITLES = {
    400: "Richiesta non valida / Bad request",
    401: "Autenticazione richiesta / Authentication required",
    403: "Non consentito / Forbidden",
    404: "Non trovato / Not found",
    405: "Metodo non consentito / Method not allowed",
    406: "Formato non disponibile / Not acceptable",
    409: "Conflitto / Conflict",
    412: "Versione superata / Precondition failed",
    415: "Tipo di contenuto non supportato / Unsupported media type",
    422: "Dati non validi / Invalid input",
    428: "Precondizione richiesta / Precondition required",
    500: "Errore interno / Internal error",
}


class Problem(BaseModel):
    """The body of every error response."""

    type: str = Field(description="a URI naming the kind of problem")
    title: str
    status: int
    detail: str
    code: str = Field(description="stable machine-readable code")
    field: str | None = Field(default=None, description="the offending input, if one")
    line: int | None = Field(default=None, description="for a body that is not JSON: its line")
    column: int | None = Field(
        default=None, description="for a body that is not JSON: the column (1-based)"
    )


class ApiError(Exception):
    """An HTTP-level refusal raised by dependencies and routes (401, 403, 412, …)."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        field: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.field = status, code, detail, field
        self.headers = headers


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries saying that these statuses answer with a Problem body."""
    ref = {"schema": {"$ref": "#/components/schemas/Problem"}}
    return {
        status: {
            "model": Problem,
            "description": _TITLES.get(status, "Error"),
            "content": {PROBLEM_JSON: ref},
        }
        for status in statuses
    }


def problem(
    status: int,
    code: str,
    detail: str,
    field: str | None = None,
    headers: dict[str, str] | None = None,
    **where: int,
) -> JSONResponse:
    """A problem+json response; `where` may give the `line` and `column` of a broken body."""
    body = Problem(
        type=f"https://percorsi.example/problems/{code}",
        title=_TITLES.get(status, "Errore / Error"),
        status=status,
        detail=detail,
        code=code,
        field=field,
        **where,
    )
    return JSONResponse(
        body.model_dump(exclude_none=True) | {"field": field},
        status_code=status,
        headers=headers,
        media_type=PROBLEM_JSON,
    )


def _field_of(location: tuple[Any, ...]) -> str:
    parts = [str(p) for p in location if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or str(location[0] if location else "body")


def _validation(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    return validation_problem(error)


def validation_problem(error: RequestValidationError) -> JSONResponse:
    """422 naming the first offending field, in pydantic's words, never the input."""
    first = error.errors()[0] if error.errors() else {"loc": (), "msg": "invalid input"}
    where = _field_of(tuple(first.get("loc", ())))
    # pydantic's own message names the expectation, not the input ("Input should be ...").
    message = str(first.get("msg", "invalid input")).split("\n")[0][:200]
    if first.get("type") in ("value_error", "assertion_error"):
        message = "invalid value"
    return problem(422, "invalid_input", f"{where}: {message}", field=where)


def _domain(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    detail = error.message
    if error.field and error.field.startswith("changes."):
        # Correction values are parsed from free JSON; their messages may quote the input.
        detail = f"the new value of {error.field.removeprefix('changes.')} is not acceptable"
    return problem(error.status, error.code, detail, error.field)


def _query(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, QueryError)
    detail = error.message
    if isinstance(error, InvalidFilter) and not isinstance(error, FilterSplitsRelease):
        # its message may quote the value given (FilterSplitsRelease names only known codes)
        detail = f"{error.field or 'filter'}: a value is outside its vocabulary"
    return problem(error.status, error.code, detail, error.field)


def _api(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ApiError)
    return problem(error.status, error.code, error.detail, error.field, error.headers)


def allowed_methods(request: Request) -> str:
    """Every documented method of the path asked for (its routes may live in several routers)."""
    paths: dict[str, Any] = request.app.openapi()["paths"]
    methods: set[str] = set()
    for template, item in paths.items():
        if re.fullmatch(re.sub(r"\{[^}/]+\}", "[^/]+", template), request.url.path):
            methods.update(m.upper() for m in item)
    return ", ".join(sorted(methods))


def _http(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
    detail = error.detail if isinstance(error.detail, str) else "request refused"
    headers = dict(getattr(error, "headers", None) or {})
    if error.status_code == 405:
        headers["Allow"] = allowed_methods(request)
    return problem(error.status_code, code, detail, headers=headers or None)


def _value(_: Request, error: Exception) -> JSONResponse:
    # ValueErrors may quote the caller's input: answer without their text.
    log.info("refused a request: %s", type(error).__name__)
    return problem(422, "invalid_value", "a value in the request is not acceptable")


def _unexpected(request: Request, error: Exception) -> JSONResponse:
    route = request.scope.get("route")
    log.error(
        "unexpected %s on %s %s", type(error).__name__, request.method, getattr(route, "path", "?")
    )
    return problem(500, "internal_error", "unexpected error; it has been logged")


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(DomainError, _domain)
    app.add_exception_handler(QueryError, _query)
    app.add_exception_handler(ApiError, _api)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(ValueError, _value)
    app.add_exception_handler(Exception, _unexpected)
