"""Wires the dashboard to the real world (query layer, API users, audit trail) and serves it.

The dashboard imports no infra; this module builds its ports. It is served by uvicorn through
its WSGI interface, bound to the configured host (127.0.0.1 by default).
"""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Callable
from typing import Any

import uvicorn

from dashboard.app import create_dashboard
from dashboard.ports import AsOf, ChainCheck, ChainStatus, DashboardPorts, Viewer
from projections.queries import (
    QUERIES,
    AnalyticsReader,
    AnalyticsUnavailable,
    Filters,
    completeness,
    network_growth,
    programmes,
    suppression_report,
)

from .api.users import UserStore, open_user_store
from .audit.dashboard_ports import chain_status_port, history_port
from .bootstrap import Runtime
from .dashboard_asof import AsOfSnapshots


def _cached(fn: ChainCheck, seconds: float) -> ChainCheck:
    """Re-run the quick chain check at most every `seconds`; a full check (asked for on the
    page) always starts, and its result is what the next visitors see. A `pending` answer (a
    full check still running in the background) is never kept: the page asks again."""
    box: list[tuple[float, ChainStatus]] = []
    lock = threading.Lock()

    def cached(*, full: bool = False) -> ChainStatus:
        with lock:
            if full or not box or time.monotonic() - box[0][0] > seconds:
                status = fn(full=full)
                box[:] = [] if status.pending else [(time.monotonic(), status)]
                return status
            return box[0][1]

    return cached


def prewarm(reader: AnalyticsReader, k: int, stop: threading.Event, poll: float = 2.0) -> None:
    """Whenever a new snapshot is published, compute the unfiltered view of every page once.

    The query layer remembers results per snapshot, so the first visitor of the default view
    gets it in milliseconds instead of paying the Kaplan–Meier fits and suppression passes.
    """
    seen = -1
    while not stop.wait(poll if seen >= 0 else 0):
        try:
            position = reader.position
            if position == seen:
                continue
            everything = Filters()
            for query in QUERIES.values():
                query(reader, everything, k)
            for other in (programmes, network_growth, suppression_report, completeness):
                other(reader, everything, *(() if other in (programmes, network_growth) else (k,)))
            seen = position
        except AnalyticsUnavailable:
            continue


def reader_port(runtime: Runtime) -> tuple[Callable[[AsOf], Any], AsOfSnapshots]:
    """Live snapshot by default; an earlier position or a business date gets its own snapshot
    (a position after the live one shows the live figures: the future is today)."""
    live = AnalyticsReader.beside(runtime.settings.duckdb_path)
    history = AsOfSnapshots(runtime.settings)

    def reader(as_of: AsOf) -> AnalyticsReader:
        if as_of.position is None and as_of.day is None:
            return live
        current = live.position  # raises AnalyticsUnavailable before the first projection
        if as_of.day is not None:
            if as_of.position is None:
                return history.on_day(as_of.day, current)
            return history.reader(min(as_of.position, current), as_of.day)
        if as_of.position is None or as_of.position >= current:
            return live
        return history.reader(as_of.position)

    return reader, history


def dashboard_ports(
    runtime: Runtime, users: UserStore | None = None, chain_ttl_seconds: float = 60.0
) -> tuple[DashboardPorts, AsOfSnapshots]:
    warm_up()  # before any thread may import them (see warm_up)
    users = users or open_user_store(runtime.settings)

    def authenticate(token: str) -> Viewer | None:
        user = users.authenticate(token)
        return None if user is None else Viewer(user.user_id, user.role)

    reader, history = reader_port(runtime)
    threading.Thread(
        target=prewarm,
        args=(reader(AsOf()), runtime.settings.suppression_k, threading.Event()),
        name="dashboard-prewarm",
        daemon=True,
    ).start()
    ports = DashboardPorts(
        reader=reader,
        authenticate=authenticate,
        case_history=history_port(runtime),
        chain_status=_cached(chain_status_port(runtime), chain_ttl_seconds),
        k=runtime.settings.suppression_k,
        report=report_port(runtime, reader),
    )
    return ports, history


def report_port(
    runtime: Runtime, reader: Callable[[AsOf], Any]
) -> Callable[[str, str, AsOf], tuple[str, bytes]]:
    """The signed report at the position the page shows (the live one unless as of earlier)."""

    def build_report(programme: str, lang: str, as_of: AsOf) -> tuple[str, bytes]:
        from .report import bundle

        return bundle(runtime.settings, programme, lang, reader(as_of).position)

    return build_report


def warm_up() -> None:
    """Import the heavy analytics libraries before serving, in this thread: the Kaplan–Meier
    query otherwise pays ~10 s of imports on its first call, and a background import would
    race plotly's own lazy `pandas` import (a partially initialised module)."""
    for name in ("pandas", "lifelines"):
        importlib.import_module(name)


def dashboard_server(
    runtime: Runtime,
    host: str | None = None,
    port: int | None = None,
    users: UserStore | None = None,
) -> uvicorn.Server:
    """A uvicorn server (WSGI interface) for the dashboard; call `.run()` or run it in a thread."""
    ports, _ = dashboard_ports(runtime, users)
    app = create_dashboard(ports)
    config = uvicorn.Config(
        app.server,
        host=host or runtime.settings.host,
        port=port or runtime.settings.dashboard_port,
        interface="wsgi",
        log_level="warning",
        access_log=False,
    )
    return uvicorn.Server(config)


__all__ = ["AnalyticsUnavailable", "dashboard_ports", "dashboard_server", "reader_port"]
