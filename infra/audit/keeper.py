"""Keeps the hash chain close to the log's head while a server runs (or, when saves chain
themselves, signs its checkpoints).

Without it, records appended since the last `audit extend`/`checkpoint` would not be covered by
any link until someone ran one. Each API worker runs one keeper on its own runtime (its own
connections, never revealing personal data); `chain.extend` tolerates several keepers racing.
"""

from __future__ import annotations

import logging
import threading

from ..bootstrap import Runtime, build
from ..settings import Settings
from .chain import EVERY, backfill, extend
from .incremental import full_check, full_due

log = logging.getLogger("percorsi.audit")


class ChainKeeper:
    def __init__(self, settings: Settings, interval_seconds: float) -> None:
        self.settings = settings
        self.interval = interval_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="chain-keeper", daemon=True)

    def start(self) -> ChainKeeper:
        if self.interval > 0:
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=30)

    def _step(self, runtime: Runtime) -> None:
        """Chain new records; with chain-at-write, saves chain themselves and the keeper only
        signs: it never vouches for a row that no save linked. Then, when due, the periodic
        full verification (the Audit page only checks what is new: ADR 0014)."""
        if self.settings.chain_at_write:
            signed = backfill(runtime, EVERY)
            if signed:
                log.info("hash chain: %d checkpoints signed by the API server's keeper", signed)
        else:
            extend(runtime, by="the API server's keeper")  # logs what it added
        if full_due(runtime, self.settings.audit_full_verify_hours):
            report = full_check(runtime, progress=self._unless_stopping)
            if report.finding is not None:
                log.warning(
                    "full verification of the hash chain found tampering at position %d (%s)",
                    report.finding.position,
                    report.finding.kind,
                )
            else:
                log.info("full verification of the hash chain: %d records intact", report.records)

    def _unless_stopping(self, _done: int, _total: int) -> None:
        """Called between pages of the full check: a server shutting down does not wait for
        the whole log to be read (the check runs again at the next start)."""
        if self._stop.is_set():
            raise _Stopping

    def _run(self) -> None:
        runtime: Runtime | None = None
        try:
            runtime = build(self.settings, reveal=False, load_catalogue=False)
            while not self._stop.is_set():
                try:
                    self._step(runtime)
                except _Stopping:
                    break
                except Exception as error:  # keep serving; the next round retries
                    log.warning("hash chain extension failed: %s", type(error).__name__)
                self._stop.wait(self.interval)
        finally:
            if runtime is not None:
                runtime.close()


class _Stopping(Exception):
    """The server is stopping: abandon the full check (it records nothing)."""
