"""Projection and query-layer figures (issue 4), each beside its baseline from the same run.

- rebuild rate (encryption on, in a child process: catch-up into a new file, swap, publish)
  vs (a) read + decode only of the same events (the limit) and (b) one DuckDB transaction per
  event (the library runner's way, timed on a prefix of the log);
- peak RSS of the rebuild process (or of its reader process, whichever is larger);
- median milliseconds of every query-layer function.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import Result, rate, scratch_dir, seed_store

CHILD = """
import json, re, resource, sys, time
from pathlib import Path
from infra.settings import Settings
from infra.analytics.runner import rebuild
settings = Settings(data_dir=Path(sys.argv[1]))
start = time.perf_counter()
status = rebuild(settings, fresh=True, progress=False, parallel_decode=sys.argv[2] == "1")
seconds = time.perf_counter() - start
# VmHWM, not ru_maxrss: Linux carries the parent's peak into a child's ru_maxrss across the
# exec, so the bench process's own peak (at large, over 1.6 GiB after earlier benches) used to
# be reported as the rebuild's. A reader process's ru_maxrss inherits at most this process's.
own = int(re.search(r"VmHWM:\\s+(\\d+)", Path("/proc/self/status").read_text()).group(1))
reader = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "events": status.events,
                  "rss_mib": max(own, reader) / 1024}))
"""
PER_EVENT_SAMPLE = 1500


def _decode_only(data_dir: Path, paused_gc: bool, library: bool = True) -> tuple[int, float]:
    """Read and decode the events the worker reads: the one-core limit of a rebuild.

    Honest to the worker: the same topics, filtered the same way (in SQL, `topics.READ`), the
    same page size; `library` decodes with the library's mapper (`to_domain_event`, the
    baseline), otherwise with the projection's own decoder (what the worker's floor is).
    `paused_gc` runs it as the worker does (cyclic collector paused); otherwise as the
    library would, with the default collector."""
    import gc

    from infra.analytics.decoding import ProjectionDecoder
    from infra.analytics.runner import runtime_for_worker
    from infra.analytics.topics import READ
    from infra.analytics.worker import PAGE
    from infra.settings import Settings

    runtime = runtime_for_worker(Settings(data_dir=data_dir))
    try:
        app, position, count = runtime.app, 0, 0
        decode = app.mapper.to_domain_event if library else ProjectionDecoder(app.mapper).decode
        if paused_gc:
            gc.disable()
        start = time.perf_counter()
        while True:
            page = app.recorder.select_notifications(
                position, PAGE, topics=READ, inclusive_of_start=False
            )
            if not page:
                break
            count += len([decode(n) for n in page])
            position = page[-1].id
        return count, time.perf_counter() - start
    finally:
        gc.enable()
        runtime.close()


def _per_event(data_dir: Path, limit: int) -> tuple[int, float]:
    """The same projection, one DuckDB transaction per event (as ProjectionRunner would)."""
    from infra.analytics.runner import runtime_for_worker
    from infra.analytics.store import AnalyticsStore
    from infra.analytics.topics import READ
    from infra.secrets import pseudonym_secret
    from infra.settings import Settings
    from projections.projector import Projector

    settings = Settings(data_dir=data_dir)
    runtime = runtime_for_worker(settings)
    path = data_dir / "per-event.duckdb"
    path.unlink(missing_ok=True)
    store = AnalyticsStore(path)
    try:
        app = runtime.app
        projector = Projector(pseudonym_secret(settings), lambda i: list(app.events.get(i)))
        page = app.recorder.select_notifications(0, limit, topics=READ, inclusive_of_start=False)
        start = time.perf_counter()
        for notification in page:
            projector.feed([app.mapper.to_domain_event(notification)])
            store.write(projector.flush(), position=notification.id, head=notification.id, events=1)
        return len(page), time.perf_counter() - start
    finally:
        store.close()
        runtime.close()


def _catch_up_only(data_dir: Path) -> tuple[int, float]:
    """The worker's catch-up alone (no process start, no snapshot copy): the per-event cost."""
    from infra.analytics.runner import runtime_for_worker
    from infra.analytics.store import AnalyticsStore
    from infra.analytics.worker import ProjectionWorker
    from infra.secrets import pseudonym_secret
    from infra.settings import Settings

    settings = Settings(data_dir=data_dir)
    runtime = runtime_for_worker(settings)
    path = data_dir / "catch-up.duckdb"
    path.unlink(missing_ok=True)
    store = AnalyticsStore(path)
    try:
        worker = ProjectionWorker(runtime.app, store, pseudonym_secret(settings))
        start = time.perf_counter()
        worker.catch_up()
        return store.status().events, time.perf_counter() - start
    finally:
        store.close()
        runtime.close()


def _rebuild_in_child(data_dir: Path, parallel: bool) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(data_dir), "1" if parallel else "0"],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    figures["answers_after"] = _answers_wait(data_dir)
    return figures


def _answers_wait(data_dir: Path) -> float:
    """Seconds from the child's exit until the answers process it started (ADR 0027) has
    stored the snapshot's answers: waited for, so it never runs beside the next pass."""
    from infra.analytics.answers import answers_pending
    from infra.settings import Settings
    from projections.queries import snapshot_path

    snapshot = snapshot_path(Settings(data_dir=data_dir).duckdb_path)
    start = time.perf_counter()
    while answers_pending(snapshot):
        time.sleep(0.1)
    return time.perf_counter() - start


def _query_medians(data_dir: Path, repeats: int = 7) -> dict[str, float]:
    import projections.queries as q
    from infra.settings import Settings

    reader = q.AnalyticsReader.beside(Settings(data_dir=data_dir).duckdb_path)
    calls = {name: (lambda f=f: f(reader, q.Filters(), 10)) for name, f in q.QUERIES.items()}
    calls.update(
        {
            "referrals_by_year[filtered]": lambda: q.referrals_by_year(
                reader, q.Filters(age_bands=("30-34", "35-39"), years=(2010, 2020)), 10
            ),
            "microdata_export": lambda: q.microdata_export(reader, q.Filters(), 10),
            "network_growth": lambda: q.network_growth(reader),
            "network_nodes": lambda: q.network_nodes(reader),
            "network_edges": lambda: q.network_edges(reader),
            "programmes": lambda: q.programmes(reader),
            "completeness": lambda: q.completeness(reader, q.Filters(), 10),
            "projection_status": lambda: q.projection_status(reader),
        }
    )
    medians = {}
    try:
        for name, call in calls.items():
            call()  # warm: first open of the snapshot, lazy imports
            cold, warm = [], []
            for _ in range(repeats):
                reader.forget()  # cold: computed from the snapshot, as after a new publish
                start = time.perf_counter()
                call()
                cold.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                call()  # warm: the same question on the same snapshot
                warm.append((time.perf_counter() - start) * 1000)
            medians[name] = statistics.median(cold)
            medians[f"{name} (remembered)"] = statistics.median(warm)
    finally:
        reader.close()
    return medians


BASELINE = "(a) read + decode only, one core: same topics, library's mapper, GC paused"
BASELINE_GC = "(a') read + decode only, one core: same topics, library's mapper, default GC"
FLOOR = "(c) read + decode only, one core, with the projection's own decoder"


def run(size: str) -> list[Result]:
    with scratch_dir("projections-") as data_dir:
        seed_store(data_dir, size)
        repeats = 2 if size == "small" else 1  # large: every pass takes minutes
        decode = [_decode_only(data_dir, paused) for paused in (True, False) * repeats]
        floor = [_decode_only(data_dir, True, library=False) for _ in range(repeats)]
        child = [_rebuild_in_child(data_dir, parallel=True) for _ in range(repeats)]
        alone = [_rebuild_in_child(data_dir, parallel=False) for _ in range(repeats)]
        limit_rate = max(rate(n, s) for n, s in decode[0::2])
        library_rate = max(rate(n, s) for n, s in decode[1::2])
        floor_rate = max(rate(n, s) for n, s in floor)
        best = min(child, key=lambda c: c["seconds"])
        rebuild_rate = rate(int(best["events"]), best["seconds"])
        best_alone = min(alone, key=lambda c: c["seconds"])
        alone_rate = rate(int(best_alone["events"]), best_alone["seconds"])
        catch_up_rate = max(rate(*_catch_up_only(data_dir)) for _ in range(repeats))
        n, seconds = _per_event(data_dir, PER_EVENT_SAMPLE)
        per_event_rate = rate(n, seconds)
        results = [
            Result(
                "projection rebuild, reader process on core 2 (AES on, swap + publish)",
                rebuild_rate,
                "events/s",
                BASELINE,
                limit_rate,
                ">= 0.8",
            ),
            Result(
                "projection rebuild, reader process on core 2 — stretch",
                rebuild_rate,
                "events/s",
                BASELINE,
                limit_rate,
                "> 1.0",
            ),
            Result(
                "projection rebuild, one process (AES on, swap + publish)",
                alone_rate,
                "events/s",
                BASELINE,
                limit_rate,
                ">= 0.8",
            ),
            Result(
                "projection rebuild, reader process, vs the library's default GC",
                rebuild_rate,
                "events/s",
                BASELINE_GC,
                library_rate,
                ">= 0.8",
            ),
            Result(
                "projection catch-up alone, one process (no start-up, no snapshot copy)",
                catch_up_rate,
                "events/s",
                BASELINE,
                limit_rate,
                ">= 0.8",
            ),
            Result(
                "projection catch-up alone, one process, vs its own decoder's read + decode",
                catch_up_rate,
                "events/s",
                FLOOR,
                floor_rate,
                None,
            ),
            Result(
                "projection rebuild vs one txn per event",
                rebuild_rate,
                "events/s",
                "(b) one DuckDB transaction per event",
                per_event_rate,
                ">= 100",
            ),
            Result(
                "projection rebuild peak RSS (largest process)",
                max(c["rss_mib"] for c in child + alone),
                "MiB",
                None,
                None,
                "<= 1,024 MiB",
            ),
            Result(
                "projection rebuild peak RSS, reader process (larger of the two)",
                max(c["rss_mib"] for c in child),
                "MiB",
            ),
            Result(
                "projection rebuild peak RSS, one process", max(c["rss_mib"] for c in alone), "MiB"
            ),
            Result("projection rebuild events", best["events"], "events"),
            Result(
                "projection rebuild seconds, reader process",
                best["seconds"],
                "s",
                None,
                None,
                "<= 90 s" if size == "large" else None,
            ),
            Result("projection rebuild seconds, one process", best_alone["seconds"], "s"),
            Result(
                "answers stored by their own process, after the rebuild process exited",
                max(c["answers_after"] for c in child + alone),
                "s",
            ),
        ]
        for name, ms in _query_medians(data_dir).items():
            results.append(Result(f"query {name} median", ms, "ms", None, None, "<= 100 ms"))
        return results
