"""Dashboard figures (issue 7): each callback's server time, each page's render time in Chromium.

- callback server time: the page callback as Dash runs it (viewer check, queries, figures,
  JSON encoding), median of repeated calls, beside the same page's query-layer calls alone
  (the baseline: what the dashboard adds on top of the data);
- page render: from navigation to every figure drawn, in headless Chromium against the
  dashboard served by uvicorn, median of a few loads, beside the sign-in page (no data).
Data: the simulator's `small` (or `large`) dataset seeded into a scratch dir, or an existing data
dir given as PERCORSI_BENCH_DASHBOARD_DIR (e.g. the `demo` dataset of `percorsi demo`).
"""

from __future__ import annotations

import json
import os
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from .common import Result, scratch_dir, seed_store

TARGET_CALLBACK, TARGET_PAGE = "<= 150 ms", "<= 1500 ms"  # issue 15: median, at large
PAGES = ("overview", "lineage", "outcomes", "distance", "activities", "network", "privacy")
PATHS = {"overview": "/", **{p: f"/{p}" for p in PAGES[1:]}}
TOKEN = "demo-token-auditor"
# Rendered = the page's log position is shown and every graph on it has drawn its title.
DRAWN = """name => {
  const p = document.getElementById(name + '-position');
  const graphs = document.querySelectorAll('#' + name + '-body .dash-graph');
  return p && p.textContent.length > 0 && graphs.length > 0 &&
    [...graphs].every(g => g.querySelector('.gtitle'));
}"""


def _median_ms(call: Callable[[], Any], repeats: int) -> float:
    call()  # warm: snapshot opened, lazy imports done
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


@contextmanager
def _data(size: str) -> Iterator[Path]:
    given = os.environ.get("PERCORSI_BENCH_DASHBOARD_DIR")
    if given:
        yield Path(given)
        return
    from infra.analytics.runner import project
    from infra.settings import Settings

    with scratch_dir("dashboard-") as path:
        seed_store(path, size)  # a copy of the store bench_seed built, not a second seeding
        project(Settings(data_dir=path), progress=size == "large")
        yield path


def _page_queries(reader: Any, k: int) -> dict[str, list[Callable[[], Any]]]:
    from projections import queries as q

    f = q.Filters()
    return {
        "overview": [
            lambda: q.overview_totals(reader, f, k),
            lambda: q.referrals_by_year(reader, f, k),
        ],
        "lineage": [
            lambda: q.programmes(reader, f),
            lambda: q.carry_over(reader, f, k),
            lambda: q.generation_results(reader, f, k),
        ],
        "outcomes": [
            lambda: q.employment_follow_up(reader, f, k),
            lambda: q.time_to_first_job(reader, f, k),
            lambda: q.entry_exit_flows(reader, f, k),
            lambda: q.closure_reasons(reader, f, k),
        ],
        "distance": [lambda: q.distance_travelled(reader, f, k)],
        "activities": [
            lambda: q.activity_mix(reader, f, k),
            lambda: q.service_referrals(reader, f, k),
            lambda: q.groups(reader, f, k),
            lambda: q.listening_space(reader, f, k),
        ],
        "network": [lambda: q.network_growth(reader, f)],
        "privacy": [
            lambda: q.projection_status(reader),
            lambda: q.suppression_report(reader, f, k),
            lambda: q.completeness(reader, f, k),
        ],
    }


def _callbacks(runtime: Any, repeats: int) -> list[Result]:
    import importlib

    from plotly.utils import PlotlyJSONEncoder

    from dashboard.app import create_dashboard
    from dashboard.ports import install
    from infra.api.users import open_user_store
    from infra.dashboard_server import dashboard_ports
    from projections.queries import AnalyticsReader, snapshot_path

    open_user_store(runtime.settings).ensure_demo_users()
    ports, _ = dashboard_ports(runtime)
    create_dashboard(ports)
    snapshot = snapshot_path(runtime.settings.duckdb_path)
    # Cold: a fresh reader per call, so the query layer's per-snapshot memo starts empty.
    cold = replace(ports, reader=lambda _as_of: AnalyticsReader(snapshot))
    view = {"query": ""}
    results = []
    for name in PAGES:
        module = importlib.import_module(f"dashboard.pages.{name}")

        def callback(module: Any = module) -> str:
            return json.dumps(module.fill(view, TOKEN), cls=PlotlyJSONEncoder)

        def queries_alone(name: str = name) -> None:
            for call in _page_queries(AnalyticsReader(snapshot), ports.k)[name]:
                call()

        install(cold)
        ms = _median_ms(callback, repeats)
        base = _median_ms(queries_alone, repeats)
        install(ports)
        warm = _median_ms(callback, repeats)
        results.append(
            Result(
                f"dashboard callback {name} (same view again)",
                warm,
                "ms",
                None,
                None,
                TARGET_CALLBACK,
            )
        )
        results.append(
            Result(
                f"dashboard callback {name} (cold)",
                ms,
                "ms",
                "its query-layer calls alone",
                base,
                TARGET_CALLBACK,
            )
        )
    network = importlib.import_module("dashboard.pages.network")
    ms = _median_ms(
        lambda: json.dumps(network.elements(view, 2021, False, TOKEN), cls=PlotlyJSONEncoder),
        repeats,
    )
    results.append(
        Result(
            "dashboard callback network graph (cytoscape)", ms, "ms", None, None, TARGET_CALLBACK
        )
    )
    shell = importlib.import_module("dashboard.callbacks")
    ms = _median_ms(
        lambda: json.dumps(shell.shell_text("?lang=en", TOKEN), cls=PlotlyJSONEncoder), repeats
    )
    results.append(Result("dashboard callback shell labels", ms, "ms", None, None, TARGET_CALLBACK))
    return results


def _render(runtime: Any, loads: int) -> list[Result]:
    from playwright.sync_api import sync_playwright

    from infra.dashboard_server import dashboard_server
    from tests.e2e.test_dashboard_support import CHROMIUM_ARGS, free_port, sign_in

    port = free_port()
    server = dashboard_server(runtime, host="127.0.0.1", port=port)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base, results = f"http://127.0.0.1:{port}", []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            sign_in(page, base, TOKEN)

            def signin_page() -> None:
                page.goto(base + "/signin")
                page.wait_for_selector("#signin-submit")

            empty = _median_ms(signin_page, loads)
            for name in PAGES:

                def load(name: str = name) -> None:
                    page.goto(base + PATHS[name], wait_until="commit")
                    page.wait_for_function(DRAWN, arg=name, timeout=60_000)

                results.append(
                    Result(
                        f"dashboard page {name} rendered in Chromium",
                        _median_ms(load, loads),
                        "ms",
                        "sign-in page (no data)",
                        empty,
                        TARGET_PAGE,
                    )
                )
                results.append(
                    Result(
                        f"dashboard page {name} via the menu (no reload)",
                        _via_menu(page, base, name, loads),
                        "ms",
                        None,
                        None,
                        TARGET_PAGE,
                    )
                )
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=15)
    return results


def _via_menu(page: Any, base: str, name: str, loads: int) -> float:
    """Median time from a click on the menu to every figure drawn (the app is loaded)."""
    other = "privacy" if name != "privacy" else "overview"
    times = []
    for _ in range(loads):
        page.goto(base + PATHS[other], wait_until="commit")
        page.wait_for_function(DRAWN, arg=other, timeout=60_000)
        start = time.perf_counter()
        page.click(f"""[id='{{"page":"{name}","type":"nav"}}']""")
        page.wait_for_function(DRAWN, arg=name, timeout=60_000)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _answers_stored(runtime: Any) -> Result:
    """Wait, as a server's first visitor would, for the unfiltered answers the worker's answers
    process stores beside each new snapshot (ADR 0024, 0027); store them here when no process
    did (a data dir published before they existed)."""
    from infra.analytics.answers import answers_pending
    from projections.queries import DEFAULT_K, PUBLISHED, snapshot_path
    from projections.queries.published import answers_path, materialise

    snapshot = snapshot_path(runtime.settings.duckdb_path)
    answers = answers_path(snapshot)
    while answers_pending(snapshot):
        time.sleep(0.2)
    if not answers.exists() or answers.stat().st_mtime < snapshot.stat().st_mtime:
        started = time.perf_counter()
        materialise(snapshot, PUBLISHED, {DEFAULT_K, runtime.settings.suppression_k})
        late = time.perf_counter() - started  # what the answers process takes after a publish
    else:
        late = answers.stat().st_mtime - snapshot.stat().st_mtime
    return Result("dashboard answers stored beside the snapshot, after its publish", late, "s")


def run(size: str) -> list[Result]:
    from infra.bootstrap import build
    from infra.settings import Settings

    with _data(size) as path:
        runtime = build(Settings(data_dir=path), load_catalogue=False)
        try:
            results = [_answers_stored(runtime)]
            results += _callbacks(runtime, repeats=15 if size == "small" else 7)
            results += _render(runtime, loads=5)
        finally:
            runtime.close()
    return results
