"""A new snapshot's unfiltered answers, computed by a process of their own (ADR 0024, 0027).

Why a process and not a thread of the publisher: computing every page's answer takes seconds
to tens of seconds at `large` and a few hundred MiB of DuckDB and Polars memory. On a thread,
`percorsi rebuild` held that memory and CPU in the rebuilding process and could not exit until
the answers were stored; the follow loop and the dashboard's as-of builds kept the memory too.
Here the publisher only starts a short-lived process (`python -m infra.analytics.answers`) and
returns; the rebuild's peak memory and its exit no longer include the answers.

One computation at a time per snapshot, and a newer publish supersedes an older one: the
publisher takes `<snapshot>.answers.lock` (never waiting) and hands the locked file to the
process it starts. If the lock is held, the process holding it is told nothing and needs
nothing: before it lets go, and again just after, it compares the snapshot's identity (log
position and publish time) with the one it computed for, and starts again on the newer one.
`materialise` itself writes nothing when the snapshot changed under it.
"""

from __future__ import annotations

import fcntl
import logging
import os
import subprocess
import sys
from pathlib import Path

log = logging.getLogger("percorsi.analytics")

LOCK_SUFFIX = ".answers.lock"
_started: list[subprocess.Popen[bytes]] = []
"""Processes this process started: reaped (and a failure logged) at the next start."""


def lock_path(snapshot: Path) -> Path:
    return snapshot.with_name(snapshot.name + LOCK_SUFFIX)


def _open_lock(snapshot: Path) -> int:
    return os.open(lock_path(snapshot), os.O_RDWR | os.O_CREAT, 0o600)


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def store_answers_soon(snapshot: Path, ks: set[int]) -> subprocess.Popen[bytes] | None:
    """Start the process that stores `snapshot`'s answers for the k in `ks`, and return at
    once; None when a process is already on it (it will see this publish before it ends)."""
    _reap()
    fd = _open_lock(snapshot)
    try:
        if not _try_lock(fd):
            return None
        # Standard streams on /dev/null: a caller that reads this process's output (a bench,
        # a test's subprocess.run) must not wait for the answers through an inherited pipe.
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", __name__, str(snapshot), str(fd), *map(str, sorted(ks))],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(fd,),
                start_new_session=True,  # a Ctrl-C on `percorsi rebuild` does not cut it short
            )
        except OSError as error:  # the snapshot is published all the same; readers compute
            log.warning("answers process not started: %s", type(error).__name__)
            return None
    finally:
        os.close(fd)  # the child holds the lock through its inherited copy
    _started.append(process)
    return process


def _reap() -> None:
    for process in list(_started):
        code = process.poll()
        if code is not None:
            _started.remove(process)
            if code:
                log.warning("answers not stored beside the snapshot (exit status %s)", code)


def answers_pending(snapshot: Path) -> bool:
    """True while a process is storing `snapshot`'s answers."""
    fd = _open_lock(snapshot)
    try:
        if not _try_lock(fd):
            return True
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def serve(snapshot: Path, fd: int, ks: list[int]) -> None:
    """Store the answers of whatever snapshot is published, until they are current; `fd` is
    the lock file, locked by the publisher."""
    from projections.queries import PUBLISHED
    from projections.queries.published import materialise, snapshot_identity

    done: tuple[int, str] | None = None
    while True:
        try:
            while (now := snapshot_identity(snapshot)) is not None and now != done:
                try:
                    materialise(snapshot, PUBLISHED, ks)
                except Exception as error:  # a query's own errors are handled inside
                    log.warning("answers not stored beside the snapshot: %s", type(error).__name__)
                done = now  # tried once per publish: a failure is not retried in a loop
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
        # A publish between our last look and the unlock found the lock held and started
        # nothing: look once more, and take the work back if nobody else has.
        if snapshot_identity(snapshot) in (None, done) or not _try_lock(fd):
            return


def main(argv: list[str]) -> int:
    snapshot, fd, ks = Path(argv[0]), int(argv[1]), [int(k) for k in argv[2:]]
    logging.basicConfig(level=logging.WARNING)
    serve(snapshot, fd, ks)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
