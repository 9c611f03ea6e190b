"""Where a request's time goes, as a `Server-Timing` header (W3C), when switched on.

Set `PERCORSI_API_SERVER_TIMING=1` (the HTTP bench does) and every response carries
`Server-Timing: parse;dur=…, auth;dur=…, service;dur=…, queue;dur=…, commit;dur=…,
serialise;dur=…` in milliseconds. It is off by default: the phases say how the server works
inside.

- auth: the bearer-token check (`deps.current_user`);
- parse: everything else before the use case starts — routing, body reading and validation,
  the other dependencies (measured as the gap, less auth);
- service: the use case (permission, idempotency look-up, load, rules), less the commit;
- queue: waiting for the group committer to take the command and for the write lock (the
  previous group's write; on SQLite also another worker's, see commit_lock);
- commit: the store transaction of the command's group (inserts, the durable commit);
- serialise: from the result to the first byte of the response (model, JSON).

The phases live in a context variable holding one dict per request: FastAPI copies the context
into the thread that runs a sync endpoint (and `run_in_threadpool` does the same for the async
command routes), so marks made there land in the same dict.
"""

from __future__ import annotations

import os
import time
from contextvars import ContextVar
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ENABLED_BY = "PERCORSI_API_SERVER_TIMING"
_PHASES: ContextVar[dict[str, float] | None] = ContextVar("percorsi_phases", default=None)
ORDER = ("parse", "auth", "service", "queue", "commit", "serialise")


def enabled() -> bool:
    return os.environ.get(ENABLED_BY, "") in {"1", "true", "yes"}


def add(phase: str, seconds: float) -> None:
    """Add time to a phase of the current request (no-op outside a timed request)."""
    phases = _PHASES.get()
    if phases is not None:
        phases[phase] = phases.get(phase, 0.0) + seconds


def stamp(name: str) -> None:
    """Remember when a point of the request was reached (the start and end of the use case)."""
    phases = _PHASES.get()
    if phases is not None:
        phases[f"@{name}"] = time.perf_counter()


def header(phases: dict[str, float], started: float, first_byte: float) -> str:
    """The phases as a Server-Timing value; the gaps between stamps become parse/serialise."""
    begun, done = phases.get("@service"), phases.get("@done")
    if begun is not None and done is not None:
        phases["parse"] = max(0.0, begun - started - phases.get("auth", 0.0))
        stored = phases.get("queue", 0.0) + phases.get("commit", 0.0)
        phases["service"] = max(0.0, done - begun - stored)
        phases["serialise"] = max(0.0, first_byte - done)
    parts = [f"{p};dur={phases[p] * 1000:.3f}" for p in ORDER if p in phases]
    parts.append(f"total;dur={(first_byte - started) * 1000:.3f}")
    return ", ".join(parts)


class ServerTiming:
    """Pure ASGI middleware (no per-request task, unlike BaseHTTPMiddleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        phases: dict[str, float] = {}
        token = _PHASES.set(phases)
        started = time.perf_counter()

        async def timed_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                value = header(phases, started, time.perf_counter())
                headers: list[Any] = list(message.get("headers", []))
                headers.append((b"server-timing", value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, timed_send)
        finally:
            _PHASES.reset(token)
