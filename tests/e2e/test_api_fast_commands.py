"""The case commands' fast path answers exactly as FastAPI does (fast_commands.py, ADR 0022).

Two real uvicorn servers on stores prepared the same way, one with the fast path and one
without (`PERCORSI_API_FAST_COMMANDS=0`), get the same requests in the same order: good ones,
retries, stale and malformed If-Match, missing and bad keys and tokens, refused roles, broken
and invalid bodies, unknown and out-of-scope cases, a refused use case, an admin's withdrawal.
Every answer must match: status, body, and every header in order (Server-Timing by its
phases, the durations aside). An in-process check shows the well-formed ones took the fast
path and the others went to FastAPI.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bench.bench_api import post_scope, server_phases
from infra.api.fast_commands import FastCaseCommands
from infra.api.main import create_app
from infra.settings import Settings
from tests.e2e.conftest import PERSON, ApiServer, open_case, prepare, start_api

CASE = "3f0b6d1e-7a52-4c1e-9a47-0c5d2b8e6a11"  # consent and intake done, programme EMP
BARE = "8d2c4f60-1b3e-4e5a-8f7d-2a9c6e4b1d22"  # referred only: no activity before intake
FAR = "c71e9a3b-5d48-4f26-b0e1-6f3a8d2c9e33"  # programme SOSTENGO
ACTIVITY = {"occurred_on": "2018-04-02", "kind": "orientation", "hours": 1}


def _prepare(server: ApiServer) -> None:
    """The same cases, with the same ids, on each server."""
    for case_id, programme, intake in (
        (CASE, "EMP", True),
        (BARE, "EMP", False),
        (FAR, "SOSTENGO", True),
    ):
        open_case(server, "coordinator", programme, intake, case_id=case_id)


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ApiServer, ApiServer]]:
    timed = {"PERCORSI_API_SERVER_TIMING": "1"}
    fast = start_api(tmp_path_factory.mktemp("fast") / "var", **timed)
    plain = start_api(
        tmp_path_factory.mktemp("plain") / "var", PERCORSI_API_FAST_COMMANDS="0", **timed
    )
    try:
        for server in (fast, plain):
            _prepare(server)
        yield fast, plain
    finally:
        fast.stop()
        plain.stop()


def _activity(**changes: Any) -> bytes:
    return json.dumps(ACTIVITY | changes).encode()


JSON = {"Content-Type": "application/json"}
ASSESS = {"occurred_on": "2018-05-01", "scores": {"work": 5}}
PLAN = {
    "occurred_on": "2018-05-02",
    "goals": [{"goal_id": "g1", "domain": "work", "target_date": "2018-12-01", "description": "x"}],
}
WITHDRAW = {"occurred_on": "2018-06-01", "scope": "processing"}
Request = tuple[str | None, str, dict[str, str], bytes]


def _post(who: str | None, path: str, key: str | None, body: Any, **headers: str) -> Request:
    """A request of the table: `body` as JSON unless bytes; Content-Type JSON unless given."""
    sent = {"Content-Type": "application/json"} | {
        k.replace("_", "-"): v for k, v in headers.items()
    }
    if key is not None:
        sent["Idempotency-Key"] = key
    return who, path, sent, body if isinstance(body, bytes) else json.dumps(body).encode()


def _activity(**changes: Any) -> dict[str, Any]:
    return ACTIVITY | changes


ACT = f"{CASE}/activities"
# run in this order on both servers: each answer depends on the ones before
REQUESTS: list[Request] = [
    _post("caseworker", ACT, "a1", _activity()),
    _post("caseworker", ACT, "a1", _activity()),  # a retry: replayed
    _post("caseworker", ACT, "a1", _activity(hours=2)),  # the key on another body
    _post("caseworker", f"{CASE}/assessments", "a1", ASSESS),  # on another command
    _post("caseworker", ACT, "a2", _activity(), If_Match='"1"'),  # stale
    _post("caseworker", ACT, "a3", _activity(), If_Match='"7"'),
    _post("caseworker", ACT, "a4", _activity(), If_Match="W/8"),
    _post("caseworker", ACT, "a5", _activity(), If_Match="five"),
    _post("caseworker", ACT, None, _activity()),
    _post("caseworker", ACT, "bad key!", _activity()),
    _post("caseworker", ACT, "", _activity()),
    _post(None, ACT, "a6", _activity()),
    _post("nobody", ACT, "a7", _activity()),  # an unknown token
    _post("evaluator", ACT, "a8", _activity()),  # a role the command does not admit
    _post("caseworker", ACT, "a9", b'{"occurred_on": "2018'),
    _post(None, ACT, "a9", b'{"occurred_on": "2018'),
    _post("caseworker", ACT, "a10", _activity(hours=13)),
    _post("caseworker", ACT, "a11", _activity(extra=1)),
    _post("caseworker", ACT, "a12", b"[1, 2]"),
    _post("caseworker", ACT, "a13", b""),
    _post("caseworker", ACT, "a14", _activity(), Content_Type="text/plain"),
    _post("caseworker", ACT, "a15", _activity(), Content_Type="application/json; charset=utf-8"),
    _post("caseworker", f"{CASE.upper()}/activities", "a16", _activity()),
    _post("caseworker", ACT + "?x=1", "a17", _activity()),
    _post("caseworker", ACT + "/", "a18", _activity()),
    _post("caseworker", "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d/activities", "a19", _activity()),
    _post("caseworker", f"{BARE}/activities", "a20", _activity()),  # refused by the case
    _post("caseworker", f"{FAR}/activities", "a21", _activity()),  # outside her programmes
    _post("caseworker-sostengo", f"{FAR}/activities", "a21", _activity()),
    _post("caseworker", f"{CASE}/assessments", "a22", ASSESS),
    _post("caseworker", f"{CASE}/plan", "a23", PLAN),  # a command that adapts its body
    _post("admin", f"{FAR}/consents/withdraw", "a24", WITHDRAW),  # an admin on any case
    _post("caseworker", ACT, "a25", _activity(), If_Match='"999"'),
]


Answer = tuple[int, list[tuple[str, str]], bytes]


def _answer(server: ApiServer, request: Request) -> Answer:
    who, path, headers, body = request
    response = server.client(who).post(f"/v1/cases/{path}", content=body, headers=headers)
    kept = []
    for name, value in response.headers.multi_items():
        if name in ("date", "server"):
            continue
        if name == "server-timing":
            value = ",".join(server_phases(value))
        kept.append((name, value.replace(server.url, "http://server")))  # a redirect
    return response.status_code, kept, response.content


def test_the_fast_path_answers_every_request_as_fastapi_does(
    servers: tuple[ApiServer, ApiServer],
) -> None:
    fast, plain = servers
    statuses = set()
    for request in REQUESTS:
        got, expected = _answer(fast, request), _answer(plain, request)
        assert got == expected, request
        statuses.add(got[0])
    # the list reaches every kind of answer it was written for
    assert {200, 401, 403, 404, 409, 422} <= statuses


def _find(app: Any, cls: type[Any]) -> Any:
    while not isinstance(app, cls):
        app = app.app  # each middleware holds the next one as `app`
    return app


def _counted(tmp_path: Path) -> tuple[Any, list[tuple[str, str]]]:
    """The real app on a real store, and the requests its fast path hands to FastAPI."""
    settings = Settings(data_dir=tmp_path / "var")
    prepare(settings)
    app = create_app(settings)
    app.middleware_stack = app.build_middleware_stack()
    fast = _find(app.middleware_stack, FastCaseCommands)
    to_fastapi: list[tuple[str, str]] = []
    inner = fast.app

    async def counting(scope: Any, receive: Any, send: Any) -> None:
        to_fastapi.append((scope["method"], scope["path"]))
        await inner(scope, receive, send)

    fast.app = counting
    return app, to_fastapi


def test_well_formed_commands_take_the_fast_path_and_the_rest_go_to_fastapi(
    tmp_path: Path,
) -> None:
    app, to_fastapi = _counted(tmp_path)
    case = f"/v1/cases/{CASE}"

    async def requests() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://api") as client,
        ):
            coordinator = {"Authorization": "Bearer tok-coordinator"}
            person = await client.post(
                "/v1/people", json=PERSON, headers=coordinator | {"Idempotency-Key": "p"}
            )
            refer = {
                "occurred_on": "2018-03-02",
                "case_id": CASE,
                "person_id": person.json()["id"],
                "programme": "EMP",
                "referring_service": "social_empoli",
                "reasons": ["employment"],
            }
            sent = [
                ("/v1/cases", refer, "tok-coordinator"),
                (f"{case}/consents", WITHDRAW | {"occurred_on": "2018-03-02"}, "tok-coordinator"),
                (
                    f"{case}/consents",
                    {"occurred_on": "2018-03-03", "scope": "analytics"},
                    "tok-caseworker",
                ),
                (f"{case}/activities", ACTIVITY, "tok-nobody"),
                (f"{case}/activities", ACTIVITY | {"hours": 13}, "tok-caseworker"),
            ]
            statuses = []
            for n, (path, body, token) in enumerate(sent):
                headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": f"k{n}"}
                answer = await client.post(path, json=body, headers=headers)
                statuses.append(answer.status_code)
            return statuses

    assert asyncio.run(requests()) == [201, 200, 200, 401, 422]
    assert to_fastapi == [
        ("POST", "/v1/people"),
        ("POST", "/v1/cases"),  # not a case command: FastAPI's
        ("POST", f"{case}/activities"),  # an unknown token
        ("POST", f"{case}/activities"),  # a body the model refuses
    ]


def test_a_body_cut_short_by_a_disconnect_is_left_to_fastapi(tmp_path: Path) -> None:
    """The first chunk is a whole valid body; the client goes away before the declared end."""
    app, to_fastapi = _counted(tmp_path)
    body = json.dumps(ACTIVITY).encode()
    path = f"/v1/cases/{CASE}/activities"
    headers = {
        "authorization": "Bearer tok-caseworker",
        "content-type": "application/json",
        "content-length": str(len(body) + 10),
        "idempotency-key": "cut",
    }
    scope = post_scope(path, headers)
    messages = [
        {"type": "http.request", "body": body, "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def request() -> None:
        async with app.router.lifespan_context(app):
            await app(scope, receive, send)

    asyncio.run(request())
    assert to_fastapi == [("POST", path)]
    assert all(m.get("status") != 200 for m in sent)
