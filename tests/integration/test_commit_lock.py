"""The group committers' lock orders writers across processes, and lets go on exit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from infra.api.commit_lock import CommitLock
from infra.api.main import commit_lock_path
from infra.settings import Settings

PROBE = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
try:
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
except BlockingIOError:
    print("held")
else:
    print("free")
"""


def _probe(path: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_another_process_waits_while_a_committer_holds_the_lock(tmp_path: Path) -> None:
    path = commit_lock_path(Settings(data_dir=tmp_path))
    assert path.parent == tmp_path.resolve() and path.name == "events.sqlite.commit-lock"
    lock = CommitLock(path)
    try:
        with lock:
            assert _probe(path) == "held"
        assert _probe(path) == "free"
        with lock:  # reusable: the committer takes it once per group
            assert _probe(path) == "held"
    finally:
        lock.close()
    assert path.stat().st_mode & 0o777 == 0o600
