"""CPU per HTTP command without sockets: `python -m bench.api_harness` (ADR 0022, second pass).

The real app (`create_app`) on a real store, driven through its ASGI interface: sequential
`record_activity` requests as bench_api sends them, Server-Timing on. Prints the CPU per request
of the event-loop thread (`time.thread_time`), of each other thread (their CPU clocks) and of the
whole process, then the same command called directly through the group committer and through
the direct committer, in the same process. Sequential requests measure the work, not the
machine's load, so two versions of the code compare in the same minutes where the concurrent
bench swings by ±30 %. `N` sets the count (1500), `CONC` the concurrent clients (1),
`PERCORSI_BENCH_POSTGRES_URL` with `--postgres` a fresh PostgreSQL database instead of SQLite,
`PERCORSI_API_FAST_COMMANDS=0` the code path without the fast path.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
import time
import uuid
from datetime import date
from typing import Any

import psycopg

os.environ.setdefault("PERCORSI_API_SERVER_TIMING", "1")
os.environ["PERCORSI_AUDIT_FULL_VERIFY_HOURS"] = "0"

from domain.shared.case_vocabulary import ActivityKind
from domain.shared.roles import ActorRole
from domain.shared.values import Meta
from infra.api.main import create_app
from infra.api.users import open_user_store
from infra.settings import Settings

from .bench_api import BODY, TOKEN, _fresh_postgres, _seed, post_scope
from .common import scratch_dir

N = int(os.environ.get("N", "1500"))
CONC = int(os.environ.get("CONC", "1"))


async def _call(app: Any, path: str, body: bytes, headers: dict[str, str]) -> dict[str, Any]:
    scope = post_scope(path, headers)
    messages = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop()
        await asyncio.sleep(3600)  # a client that never disconnects
        raise AssertionError("unreachable")

    out: dict[str, Any] = {"body": b""}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            out["status"] = message["status"]
        else:
            out["body"] += message.get("body", b"")

    await app(scope, receive, send)
    return out


def _thread_clocks() -> dict[tuple[str, int | None], float]:
    clocks = {}
    for thread in threading.enumerate():
        if thread.ident is not None:
            try:
                clock = time.pthread_getcpuclockid(thread.ident)
                clocks[(thread.name, thread.ident)] = time.clock_gettime(clock)
            except OSError:  # the thread ended meanwhile
                pass
    return clocks


async def _measure(settings: Settings) -> None:
    cases = _seed(settings, 64)
    open_user_store(settings).add_user("bench", ActorRole.CASEWORKER, "EMP", token=TOKEN)
    app = create_app(settings)
    headers = {
        "authorization": f"Bearer {TOKEN}",
        "content-type": "application/json",
        "content-length": str(len(BODY)),
    }

    async def one(case: uuid.UUID) -> None:
        sent = headers | {"idempotency-key": uuid.uuid4().hex}
        answer = await _call(app, f"/v1/cases/{case}/activities", BODY, sent)
        assert answer["status"] == 200, answer

    async def client(c: int) -> None:  # each client its own 4 cases, as in bench_api
        for n in range(c, N, CONC):
            await one(cases[(c * 4 + n % 4) % len(cases)])

    async with app.router.lifespan_context(app):
        for n in range(100):
            await one(cases[n % len(cases)])
        threads, loop, process = _thread_clocks(), time.thread_time(), time.process_time()
        await asyncio.gather(*(client(c) for c in range(CONC)))
        loop, process = time.thread_time() - loop, time.process_time() - process
        by_name: dict[str, float] = {}
        for (name, ident), seconds in _thread_clocks().items():
            kind = name.split(" ")[0].split("_")[0]
            by_name[kind] = by_name.get(kind, 0.0) + seconds - threads.get((name, ident), 0.0)
        print(f"event-loop thread {1000 * loop / N:.3f} ms CPU per request")
        print(f"whole process {1000 * process / N:.3f} ms CPU per request")
        busy = sorted(((s, k) for k, s in by_name.items() if s > 0), reverse=True)
        print("by thread: " + ", ".join(f"{k} {1000 * s / N:.3f}" for s, k in busy))
        await asyncio.to_thread(_direct, app.state.runtime.app, cases)


def _direct(app: Any, cases: list[uuid.UUID]) -> None:
    """The use case without HTTP, through the group committer, then the direct one."""

    def run(tag: str) -> float:
        started = time.process_time()
        for n in range(N):
            meta = Meta("bench", ActorRole.CASEWORKER, f"{tag}-{n}", "api")
            app.record_activity(
                meta,
                cases[n % len(cases)],
                occurred_on=date(2018, 4, 1),
                kind=ActivityKind.ORIENTATION,
                hours=1.0,
            )
        return 1000 * (time.process_time() - started) / N

    grouped = run("grouped")
    committer = app.use_committer(None)
    try:
        direct = run("direct")
    finally:
        app.use_committer(committer)
    print(
        f"the use case alone: {grouped:.3f} ms CPU through the group committer, {direct:.3f} direct"
    )


def main() -> None:
    admin = os.environ["PERCORSI_BENCH_POSTGRES_URL"] if "--postgres" in sys.argv else None
    url, db = _fresh_postgres(admin) if admin else (None, None)
    try:
        with scratch_dir("api-harness-") as data:
            asyncio.run(_measure(Settings(data_dir=data, database_url=url)))
    finally:
        if admin:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


if __name__ == "__main__":
    main()
