"""What a runtime opened, closed in the reverse order of opening: every close is attempted.

Connections and pools are registered by name when they are opened (the key store, the event
store, the audit chain's database handle opened later on demand). `close` then closes the
last-opened first, so nothing is closed while something opened after it may still use it, and a
failing close does not leave the others open: each failure is logged (the resource's name and
the error's kind, never data), and all of them are raised together at the end. A second `close`
does nothing: each resource leaves the registry before it is closed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger("percorsi.runtime")


class ResourcesNotClosed(ExceptionGroup[Exception]):
    """One or more resources failed to close (every other one was still closed)."""


class Resources:
    """A registry of `close` callables, closed last-in first-out, each exactly once."""

    def __init__(self) -> None:
        self._open: list[tuple[str, Callable[[], object]]] = []
        self._lock = threading.Lock()

    def register(self, name: str, close: Callable[[], object]) -> None:
        """Register what was just opened; `close` releases it."""
        with self._lock:
            self._open.append((name, close))

    def names(self) -> list[str]:
        """Open resources, in the order they were registered."""
        with self._lock:
            return [name for name, _ in self._open]

    def close(self) -> None:
        """Close every registered resource, newest first; raise `ResourcesNotClosed` after
        trying them all if any failed."""
        failures: list[Exception] = []
        while True:
            with self._lock:
                if not self._open:
                    break
                name, close = self._open.pop()
            try:
                close()
            except Exception as error:
                log.warning("could not close %s: %s", name, type(error).__name__)
                error.add_note(f"while closing {name}")
                failures.append(error)
        if failures:
            raise ResourcesNotClosed(
                f"{len(failures)} resource(s) failed to close; the others were closed", failures
            )
