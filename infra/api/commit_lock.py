"""One committer at a time across the API's worker processes on one SQLite file.

SQLite lets one process write at a time; a second writer is told "busy" and its busy handler
sleeps 1, 2, 5, 10 … ms before it tries again, so with two workers a commit often waited for a
sleep that outlasted the other worker's write (the tail of the HTTP bench, ADR 0022). The group
committers of all workers take this lock around their transaction instead: a blocked `flock`
wakes the moment the holder lets go. Other writers (the CLI, a chain keeper) do not take it and
still meet SQLite's own locking, which stays the guard of correctness; this lock only orders
the committers that would otherwise poll.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType


class CommitLock:
    """An exclusive `flock` on a file beside the store; reusable, not re-entrant."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)

    def __enter__(self) -> CommitLock:
        fcntl.flock(self._fd, fcntl.LOCK_EX)  # releases the GIL while it waits
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        os.close(self._fd)
