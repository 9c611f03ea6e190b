"""Assembles the FastAPI app: runtime and users on start, error mapping, one router per resource.

Routers are found by module name under infra/api/routers; a module not written yet (audit, gdpr)
is simply absent, so issues can land in any order.
"""

from __future__ import annotations

import gc
import importlib
import logging
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from domain.shared.errors import ConcurrencyConflict
from projections.queries import AnalyticsReader

from ..audit.keeper import ChainKeeper
from ..bootstrap import Runtime, build
from ..dashboard_asof import AsOfSnapshots
from ..settings import Settings
from ..workspace.mount import mount as mount_workspace
from . import errors, gate, timing
from .case_index import CaseIndex, case_index_path
from .commit_lock import CommitLock
from .fast_commands import FastCaseCommands
from .group_commit import GroupCommit
from .users import open_user_store

ROUTERS = (
    "system",
    "users",
    "programmes",
    "people_search",
    "people",
    "cases",
    "case_commands",
    "groups",
    "networks",
    "analytics",
    "exports",
    "audit",
    "gdpr",
)
log = logging.getLogger("percorsi.api")
COMMON_ERRORS = errors.problem_responses(400, 401, 403, 404, 409, 422, 503)


def _build_runtime(settings: Settings) -> Runtime:
    """Build the runtime; several workers starting together may race to load the catalogue."""
    for attempt in range(5):
        try:
            return build(settings)
        except ConcurrencyConflict:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def include_routers(app: FastAPI) -> list[str]:
    included = []
    for name in ROUTERS:
        qualified = f"{__package__}.routers.{name}"
        try:
            module = importlib.import_module(qualified)
        except ModuleNotFoundError as error:
            if error.name == qualified:
                continue
            raise
        app.include_router(module.router, responses=COMMON_ERRORS)
        included.append(name)
    return included


def commit_lock_path(settings: Settings) -> Path:
    """The group committers' lock file of a SQLite store: beside it, named after it."""
    store = settings.sqlite_path
    return store.with_name(store.name + ".commit-lock")


FAST_COMMANDS_OFF_BY = "PERCORSI_API_FAST_COMMANDS"
"""`PERCORSI_API_FAST_COMMANDS=0` sends every case command through FastAPI (fast_commands.py)."""


def _settle(index: CaseIndex, freeze: bool) -> None:
    """Catch the case index up; with `freeze`, then move everything alive into the collector's
    permanent generation (`gc.freeze`): the index (≈ 600k objects at `large`) and the modules
    live as long as the server, and a full collection walking them all paused a request for
    tens of ms now and then — the tail of the command latency (ADR 0022)."""
    index.refresh()
    if freeze:
        gc.freeze()  # no collection first: a full one here held the GIL through a first visit


def create_app(
    settings: Settings | None = None,
    runtime: Runtime | None = None,
    fast_commands: bool | None = None,
) -> FastAPI:
    """The API; pass `runtime` to share one already built (tests, the demo).

    `fast_commands=False` leaves every case command to FastAPI (None: as the environment says,
    on unless PERCORSI_API_FAST_COMMANDS=0; a test compares the two)."""
    settings = settings or (runtime.settings if runtime else Settings())
    if fast_commands is None:
        fast_commands = os.environ.get(FAST_COMMANDS_OFF_BY, "1") not in {"0", "false", "no"}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = runtime is None
        app.state.runtime = runtime or _build_runtime(settings)
        app.state.users = open_user_store(settings)
        app.state.case_index = CaseIndex(app.state.runtime.app, case_index_path(settings))
        # Catch the index up in the background: on a large log the first list need not wait.
        # A server of its own (not a test's or the demo's shared runtime) then freezes what
        # lives as long as it does.
        threading.Thread(
            target=_settle, args=(app.state.case_index, own), name="case-index", daemon=True
        ).start()
        app.state.analytics = AnalyticsReader.beside(settings.duckdb_path)
        app.state.asof = AsOfSnapshots(settings)  # exact as-of snapshots (ADR 0010)
        lock = None if settings.is_postgres else CommitLock(commit_lock_path(settings))
        committer = GroupCommit(app.state.runtime.app.save, lock).start()
        app.state.committer = committer
        direct = app.state.runtime.app.use_committer(committer)
        keeper = ChainKeeper(settings, settings.chain_extend_seconds).start()
        try:
            yield
        finally:
            keeper.stop()
            app.state.case_index.stop()
            app.state.case_index.save()
            app.state.runtime.app.use_committer(direct)
            committer.stop()
            if lock is not None:
                lock.close()
            app.state.users.close()
            app.state.analytics.close()
            app.state.asof.close()
            if own:
                app.state.runtime.close()

    app = FastAPI(
        # operationId = the route's name, i.e. the use case: generated clients read well
        generate_unique_id_function=lambda route: route.name,
        title="Percorsi API",
        version="1.0.0",
        lifespan=lifespan,
        description="Case histories and impact analytics of women's empowerment "
        "programmes (Tuscany, 2006–2021). Errors are problem+json.",
    )
    errors.install(app)
    gate.install(app)  # broken JSON: 401/403 first, then 422 with line and column
    included = include_routers(app)
    if fast_commands and "case_commands" in included:
        app.add_middleware(FastCaseCommands)  # inside ServerTiming, added after it
    if timing.enabled():
        app.add_middleware(timing.ServerTiming)
    mount_workspace(app)  # the caseworkers' pages (ADR 0015), outside the OpenAPI contract
    return app


def app_from_env() -> FastAPI:
    """Factory for `uvicorn --factory infra.api.main:app_from_env` (each worker builds one)."""
    return create_app(Settings())
