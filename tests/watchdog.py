"""A bounded wait for work that has hung once on CI and never here.

pytest-timeout's stacks are printed by the xdist worker, where CI does not show them; the
one-line failure is all a reader of CI gets. `within` runs the work on a thread and, if it
outlives `seconds`, fails with where that thread stands, in one line.
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable
from typing import TypeVar

import pytest

T = TypeVar("T")


def within(seconds: float, work: Callable[[], T], what: str) -> T:
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as error:  # re-raised on the test's thread
            box["error"] = error

    thread = threading.Thread(target=run, name=f"watched-{what}", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"{what} still running after {seconds:.0f} s; stuck at: {where(thread)}")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


def where(thread: threading.Thread) -> str:
    """The thread's innermost frames, innermost first, as `file:line function` in one line;
    then the names of the other threads alive (a lock or a pool is usually held there)."""
    frame = sys._current_frames().get(thread.ident or -1)
    if frame is None:
        return "unknown"
    frames = traceback.extract_stack(frame)[::-1][:8]
    stack = " <- ".join(f"{f.filename.rsplit('/', 2)[-1]}:{f.lineno} {f.name}" for f in frames)
    others = sorted(t.name for t in threading.enumerate() if t is not thread)
    return f"{stack} | other threads: {', '.join(others)}"
