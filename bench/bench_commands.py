"""Commands per second through the application layer, beside raw SQLite in the same run.

Each command is a real use case (`record_activity`): permission, the case from the command
cache (no replay; on SQLite no read at all, the insert checks the log's head), one domain
event, one atomic save of the event and its idempotency record, both encrypted. The baseline
is what the disk allows: one-row durable transactions into an identical `stored_events` table
(same directory, WAL, the same `synchronous` as the app's connections), rows as large as ours.

Both sides run in alternating chunks, each timed by wall clock and by CPU time: the target is
on wall time; CPU time is printed beside it because under load a durable commit's wall time
swings with the disk, and with it the ratio (ADR 0026). Then, untimed, where a command's time
goes and what its record costs (bench/command_split.py).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse, urlunparse
from uuid import UUID

import psycopg
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from domain.person import Household, Profile
from domain.shared.case_vocabulary import (
    ActivityKind,
    AssessmentDomain,
    ConsentScope,
    Need,
    ReferralReason,
    ReferringService,
)
from domain.shared.profile_vocabulary import (
    CEFRLevel,
    EducationLevel,
    EmploymentStatus,
    HouseholdType,
    HousingStatus,
    IncomeSource,
    PermitKind,
)
from domain.shared.roles import ActorRole
from domain.shared.values import Meta, PersonalData
from infra.bootstrap import Runtime, build
from infra.settings import Settings
from services.app import Percorsi

from .command_split import Clock, describe, record_cost, split
from .common import Result, rate, scratch_dir
from .raw_sqlite import RawSQLite, app_synchronous

COMMANDS = {"small": 2_000, "demo": 5_000, "large": 20_000}
SPLIT = 400  # commands in each of the untimed passes (phases; with and without the record)
EVENTS_PER_CASE = 10  # cases stay short, as real ones are; the load replays ~5–15 events
START = date(2012, 1, 9)


class RateColumn(ProgressColumn):
    """Items per second, as rich measures it over the last few updates."""

    def render(self, task: Task) -> Text:
        return Text("–/s" if task.speed is None else f"{task.speed:,.0f}/s")


def progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeRemainingColumn(),
    )


def _meta(command: str) -> Meta:
    return Meta("bench", ActorRole.SYSTEM, command, "synthetic")


def open_cases(app: Percorsi, count: int, bar: Progress) -> list[UUID]:
    """Women and their cases, taken in charge in batches (setup, not timed)."""
    profile = Profile(
        1980, "MA", 2003, "ar", CEFRLevel.A2, EducationLevel.PRIMARY, PermitKind.WORK, "Firenze"
    )
    cases: list[UUID] = []
    task = bar.add_task("setup: cases", total=count)
    for start in range(0, count, 50):
        with app.batch():
            for n in range(start, min(start + 50, count)):
                pid, cid = uuid.uuid4(), uuid.uuid4()
                app.register_person(
                    _meta(f"p{n}"),
                    occurred_on=START,
                    person_id=pid,
                    personal=PersonalData(pid, f"Donna {n}"),
                    profile=profile,
                    household=Household(HouseholdType.ALONE),
                )
                app.refer_case(
                    _meta(f"r{n}"),
                    occurred_on=START,
                    case_id=cid,
                    person_id=pid,
                    programme="BILLAN2",
                    referring_service=ReferringService.SOCIAL_SERVICE_FI,
                    reasons=[ReferralReason.EMPLOYMENT],
                )
                app.give_consent(
                    _meta(f"c{n}"), cid, occurred_on=START, scope=ConsentScope.PROCESSING
                )
                app.complete_intake(
                    _meta(f"i{n}"),
                    cid,
                    occurred_on=START,
                    baseline=dict.fromkeys(AssessmentDomain, 4),
                    employment=EmploymentStatus.UNEMPLOYED_SEEKING,
                    income_source=IncomeSource.BENEFITS,
                    housing=HousingStatus.HOSTED,
                    needs=[Need.JOB],
                )
                cases.append(cid)
        bar.advance(task, min(50, count - start))
    return cases


CHUNK = 100  # app and raw alternate in chunks, so both see the same disk and the same load


def command_rates(runtime: Runtime, n: int, label: str, raw_path: Path | None) -> dict[str, float]:
    """Commands/s of `record_activity` (one per call) and, if asked, raw SQLite interleaved;
    wall and CPU time per side, then the untimed split of a command's time."""
    app = runtime.app
    with progress() as bar:
        cases = open_cases(app, max(1, n // EVENTS_PER_CASE), bar)

        def command(i: int) -> None:
            app.record_activity(
                _meta(f"a{i}"),
                cases[i % len(cases)],
                occurred_on=START + timedelta(days=1 + i // len(cases)),
                kind=ActivityKind.ORIENTATION,
                hours=1.5,
            )

        command(-1)  # warm-up, and a stored row to size the baseline's rows by
        row_bytes = len(app.recorder.select_events(cases[-1], desc=True, limit=1)[0].state)
        raw = None
        if raw_path is not None:
            raw = RawSQLite(raw_path, row_bytes, len(cases), app_synchronous(runtime))
        task = bar.add_task(f"{label}: commands", total=n)
        app_time, raw_time = Clock(), Clock()
        for start in range(0, n, CHUNK):
            count = min(CHUNK, n - start)
            with app_time.running():
                for i in range(start, start + count):
                    command(i)
            if raw is not None:
                with raw_time.running():
                    raw.insert(count)
            bar.update(task, completed=start + count)
    found = {
        "app": rate(n, app_time.wall),
        "app_cpu": rate(n, app_time.cpu),
        "row_bytes": float(row_bytes),
    }
    wall, cpu = app_time.per(n)
    line = f"{label}: app {wall:,.0f} µs/command ({cpu:,.0f} CPU)"
    if raw is not None:
        found.update(
            raw=rate(n, raw_time.wall),
            raw_cpu=rate(n, raw_time.cpu),
            synchronous=float(raw.synchronous),
        )
        line += (
            f"; raw {raw_time.per(n)[0]:,.0f} µs/txn ({raw_time.per(n)[1]:,.0f} CPU); "
            f"ratio {found['app'] / found['raw']:.2f} by wall, "
            f"{found['app_cpu'] / found['raw_cpu']:.2f} by CPU"
        )
        raw.close()
    print(line)
    print(describe(split(app, command, n, SPLIT), record_cost(app, command, n + SPLIT, SPLIT)))
    return found


@contextmanager
def fresh_postgres(admin_url: str) -> Iterator[str]:
    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunparse(urlparse(admin_url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(size: str) -> list[Result]:
    n = COMMANDS[size]
    results: list[Result] = []
    with scratch_dir("commands-") as root:
        runtime = build(Settings(data_dir=root / "sqlite"))
        try:
            found = command_rates(runtime, n, "SQLite", root / "raw.sqlite")
        finally:
            runtime.close()
        baseline = (
            f"raw sqlite3, 1 row ({found['row_bytes']:.0f} B)/txn, WAL, "
            f"synchronous={found['synchronous']:.0f}, interleaved"
        )
        results.append(
            Result(
                "commands/s, app layer, SQLite (load + 1 event + save, AES)",
                found["app"],
                "commands/s",
                baseline,
                found["raw"],
                "≥ 0.3 × raw",
            )
        )
        results.append(
            Result(
                "commands/s by CPU time, app layer, SQLite (the same commands)",
                found["app_cpu"],
                "commands/CPU-s",
                "raw sqlite3 by CPU time, the same transactions",
                found["raw_cpu"],
                "reported: the ratio without the disk's waits, steadier under load",
            )
        )
        admin = os.environ.get("PERCORSI_BENCH_POSTGRES_URL")
        if not admin:
            print("PostgreSQL figure skipped: PERCORSI_BENCH_POSTGRES_URL is not set")
            return results
        with fresh_postgres(admin) as url:
            with psycopg.connect(url) as conn:
                row = conn.execute("SHOW fsync").fetchone()
            fsync = row[0] if row else "?"
            runtime = build(Settings(data_dir=root / "pg", database_url=url))
            try:
                pg = command_rates(runtime, n, "PostgreSQL", None)
            finally:
                runtime.close()
        results.append(
            Result(
                "commands/s, app layer, PostgreSQL (load + 1 event + save, AES)",
                pg["app"],
                "commands/s",
                baseline,
                found["raw"],
                f"reported beside SQLite (local server, fsync={fsync})",
            )
        )
    return results
