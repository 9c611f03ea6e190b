"""SIGKILL the projection worker at random points of a rebuild; the restart ends exact."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from infra.analytics.runner import rebuild, rebuild_path
from projections.queries import snapshot_path

from .test_projection_data import CLI_MAIN, cli, cli_env, seed_small, table_hashes

KILLS = 12


def _position(path: Path) -> int:
    con = duckdb.connect(str(path))  # the worker is dead: we may open it
    try:
        return int(con.execute("SELECT position FROM projection_status").fetchall()[0][0])
    finally:
        con.close()


def test_sigkill_during_rebuild_then_restart_equals_a_clean_rebuild(tmp_path: Path) -> None:
    settings = seed_small(tmp_path / "var")
    clean = rebuild(settings, fresh=True, progress=False)
    expected = table_hashes(settings.duckdb_path)
    building = rebuild_path(settings)
    wal = Path(f"{building}.wal")
    rng = random.Random(4)
    kills, positions = 0, []
    for _ in range(KILLS * 3):
        started = time.time()
        worker = subprocess.Popen(
            [sys.executable, "-c", CLI_MAIN, "rebuild", "--batch-size", "25", "--quiet"],
            env=cli_env(settings),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        while worker.poll() is None:  # wait until it is committing batches
            if wal.exists() and wal.stat().st_mtime > started:
                break
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.4))
        if worker.poll() is not None:  # it finished first: the rebuild is complete
            assert worker.returncode == 0, worker.stderr.read() if worker.stderr else ""
            break
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
        assert worker.returncode == -signal.SIGKILL
        kills += 1
        if building.exists():
            positions.append(_position(building))
        if kills >= KILLS:
            break
    assert kills >= 10
    assert len(set(positions)) >= 3 and max(positions) < clean.position  # killed mid-way
    done = cli(settings, "rebuild", "--quiet")
    assert done.returncode == 0, done.stderr
    assert not building.exists()
    assert table_hashes(settings.duckdb_path) == expected
    assert table_hashes(snapshot_path(settings.duckdb_path)) == expected
