"""Readers under continuous writes: a following worker process, new events, live readers."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from uuid import uuid4

import projections.queries as q
from domain.shared.case_vocabulary import ConsentScope, ReferralReason, ReferringService
from infra.analytics.runner import rebuild
from infra.bootstrap import build
from projections.queries import AnalyticsReader, Filters
from projections.queries.protection import Protection
from tests.helpers import household, meta, personal, profile

from .test_projection_data import CLI_MAIN, cli_env, seed_small

READER_PROCESS = """
import json, sys, time
import projections.queries as q
reader = q.AnalyticsReader(sys.argv[1])
seen, errors, end = [], [], time.time() + float(sys.argv[2])
while time.time() < end:
    try:
        result = q.overview_totals(reader, q.Filters(), 2)
        q.activity_mix(reader, q.Filters(), 2)
        seen.append(result.position)
    except Exception as error:
        errors.append(type(error).__name__ + ": " + str(error))
    time.sleep(0.02)
print(json.dumps({"seen": seen, "errors": errors}))
"""


def test_readers_keep_reading_while_the_worker_follows_new_events(tmp_path: Path) -> None:
    settings = seed_small(tmp_path / "var")
    rebuild(settings, progress=False)
    snapshot = q.snapshot_path(settings.duckdb_path)
    reader = AnalyticsReader(snapshot, Protection(enabled=False))  # exact counts: the worker's
    start_cases = q.overview_totals(reader, Filters(), 2).frame
    before = dict(zip(start_cases["metric"], start_cases["n"], strict=True))["cases"]
    env = cli_env(settings)
    first = snapshot.stat().st_ino
    follower = subprocess.Popen(
        [
            sys.executable,
            "-c",
            CLI_MAIN,
            "project",
            "--follow",
            "--poll",
            "0.1",
            "--quiet",
            "--batch-size",
            "50",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    up_by = time.time() + 90
    while snapshot.stat().st_ino == first and time.time() < up_by:  # its first publish
        time.sleep(0.1)
    assert follower.poll() is None and snapshot.stat().st_ino != first
    outside = subprocess.Popen(
        [sys.executable, "-c", READER_PROCESS, str(snapshot), "14"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: list[int] = []
    errors: list[str] = []
    stop = threading.Event()

    def read_in_thread() -> None:
        while not stop.is_set():
            try:
                seen.append(q.referrals_by_year(reader, Filters(), 2).position)
                q.employment_follow_up(reader, Filters(), 2)
            except Exception as error:  # any failure is the test's failure
                errors.append(repr(error))
            time.sleep(0.02)

    thread = threading.Thread(target=read_in_thread)
    thread.start()
    runtime = build(settings)
    added = 0
    try:
        deadline = time.time() + 8
        while time.time() < deadline:
            person, case = uuid4(), uuid4()
            with runtime.app.batch():
                runtime.app.register_person(
                    meta(),
                    occurred_on=date(2019, 4, 1),
                    person_id=person,
                    personal=personal(person),
                    profile=profile(),
                    household=household(),
                )
                runtime.app.refer_case(
                    meta(),
                    occurred_on=date(2019, 4, 2),
                    case_id=case,
                    person_id=person,
                    programme="SOSTENGO",
                    referring_service=ReferringService.SDS_NORD_OVEST,
                    reasons=[ReferralReason.INCOME],
                )
                for scope in (ConsentScope.PROCESSING, ConsentScope.ANALYTICS):
                    runtime.app.give_consent(
                        meta(), case, occurred_on=date(2019, 4, 2), scope=scope
                    )
            added += 1
            time.sleep(0.05)
        head = runtime.app.recorder.max_notification_id()
    finally:
        runtime.close()
    waited = time.time() + 60
    while (not seen or seen[-1] < head) and time.time() < waited:
        time.sleep(0.2)
    stop.set()
    thread.join()
    outside_out, outside_err = outside.communicate(timeout=60)
    follower.send_signal(signal.SIGTERM)
    follower_out, follower_err = follower.communicate(timeout=60)

    assert follower.returncode == 0, follower_err
    assert "stopped" in follower_out  # SIGTERM ends a following worker cleanly (exit 0)
    assert errors == []
    assert seen == sorted(seen) and len(set(seen)) >= 3 and seen[-1] == head
    report = json.loads(outside_out.strip().splitlines()[-1])
    assert report["errors"] == [], outside_err
    assert report["seen"] == sorted(report["seen"]) and len(set(report["seen"])) >= 2
    final = q.overview_totals(reader, Filters(), 2).frame
    assert dict(zip(final["metric"], final["n"], strict=True))["cases"] == before + added
    assert added >= 10
    reader.close()
