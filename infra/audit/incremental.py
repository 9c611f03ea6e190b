"""The chain check the Audit page runs: resume from the last verified, signed checkpoint.

`check_chain` (the quick check) starts from the newest verification mark (marks.py): its
signature must verify with the audit key and its link must still be the stored chain's link at
its position; then only the records after it are recomputed, the checkpoints among them checked,
and the cheap coverage statements run (rows outside the id order, the count of rows up to the
last one read, the tail's version order, respelt ids after the mark). When it passes a newer
signed checkpoint it records a new mark there, so each visit re-verifies only what is new.

`full_check` recomputes the whole log (`percorsi audit verify`, the page's button, and the
keeper once `PERCORSI_AUDIT_FULL_VERIFY_HOURS` have passed) and records its outcome: clean, a
mark at the last signed checkpoint it recomputed; tampering, a signed mark with the finding,
which the quick check repeats until a full check passes again.

What the quick check cannot see, by design: a record edited in place at or before the mark,
with the chain table left as it was (the stored link at the mark still matches). Only the full
check recomputes that prefix. See docs/adr/0014.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from ..bootstrap import Runtime
from .chain import Progress, audit_key, chain_store
from .findings import Finding
from .marks import Mark, MarkStore, make_mark
from .report import Report
from .signing import public_key_hex
from .verify import Start, verify

log = logging.getLogger("percorsi.audit")


def mark_store(runtime: Runtime) -> MarkStore:
    """The marks table (opened once per runtime, on the chain's database handle)."""
    marks = runtime.extra.get("audit_marks")
    if marks is None:
        marks = runtime.extra["audit_marks"] = MarkStore(chain_store(runtime).db)
    assert isinstance(marks, MarkStore)
    return marks


def full_check(
    runtime: Runtime,
    *,
    against: dict[str, Any] | None = None,
    progress: Progress | None = None,
    record: bool = True,
) -> Report:
    """Recompute the whole log; with `record`, sign and store what it found."""
    report = verify(runtime, against=against, progress=progress)
    if record:
        _record_full(runtime, report)
    return report


def check_chain(
    runtime: Runtime, *, full: bool = False, progress: Progress | None = None
) -> Report:
    """The quick check from the last verified, signed checkpoint (a full one when there is
    none, when asked, or when the mark does not hold)."""
    if full:
        return full_check(runtime, progress=progress)
    quick = quick_check(runtime, progress=progress)
    if quick is not None:
        return quick
    forged = _forged_marks(runtime)  # before the full check records a mark of its own
    report = full_check(runtime, progress=progress)
    if forged:
        report.add([_forged(forged[0])])
    return report


def quick_check(runtime: Runtime, *, progress: Progress | None = None) -> Report | None:
    """The quick check alone; None where only a full check can answer (no mark yet, a forged
    mark, or a chain rewritten under the newest mark). Never reads the prefix before the mark,
    so a caller that must answer at once (the Audit page) can run the full check elsewhere."""
    marks = mark_store(runtime)
    last_full, newest = marks.latest("full"), marks.latest()
    if _forged_marks(runtime, last_full, newest) or last_full is None or newest is None:
        return None
    if not last_full.ok:
        return _repeat_failure(runtime, last_full)
    row = chain_store(runtime).at(newest.position)
    if row is None or (row.notification_id, row.link.hex()) != (
        newest.notification_id,
        newest.link,
    ):
        return None  # the chain changed under the mark: the full check says where
    start = Start(newest.position, newest.notification_id, bytes.fromhex(newest.link))
    report = verify(runtime, progress=progress, start=start)
    report.last_full_at = last_full.verified_at
    if report.ok:
        _advance(runtime, report, newest.position)
    return report


def _forged_marks(runtime: Runtime, *found: Mark | None) -> list[Mark]:
    """The newest mark and the newest full mark that do not verify with the audit key."""
    if not found:
        marks = mark_store(runtime)
        found = (marks.latest("full"), marks.latest())
    public = public_key_hex(audit_key(runtime))
    return [m for m in found if m is not None and not m.signed_by(public)]


def full_due(runtime: Runtime, hours: float) -> bool:
    """True when no full verification is recorded within `hours` (0: never due)."""
    if hours <= 0:
        return False
    last = mark_store(runtime).latest("full")
    if last is None:
        return True
    when = datetime.fromisoformat(last.verified_at)
    return datetime.now(UTC) - when > timedelta(hours=hours)


def _record_full(runtime: Runtime, report: Report) -> None:
    key = audit_key(runtime)
    if report.finding is not None:
        finding = report.finding
        nid = finding.notification_id or 0
        _record(runtime, make_mark(key, finding.position, nid, "", "full", finding))
        return
    anchor = _last_checkpoint(runtime, report.records, after=0)
    if anchor is not None:
        _record(runtime, make_mark(key, *anchor, "full"))


def _advance(runtime: Runtime, report: Report, since: int) -> None:
    """A new mark at the newest signed checkpoint the quick check recomputed, if any."""
    anchor = _last_checkpoint(runtime, report.records, after=since)
    if anchor is not None:
        _record(runtime, make_mark(audit_key(runtime), *anchor, "incremental"))


def _record(runtime: Runtime, mark: Mark) -> None:
    """Best effort: a store busy with an import (or read-only) must not fail the check whose
    result is being shown; the next check simply starts from the previous mark."""
    try:
        mark_store(runtime).add(mark)
    except Exception as error:
        log.warning("verification mark not recorded: %s", type(error).__name__)


def _last_checkpoint(runtime: Runtime, upto: int, after: int) -> tuple[int, int, str] | None:
    """(position, notification id, link) of the newest stored checkpoint in after+1 … upto.

    Every checkpoint in that range was checked by the recomputation that just passed (signature,
    and link equal to the recomputed one), so the mark vouches for nothing it did not prove.
    """
    found = chain_store(runtime).checkpoints(after, upto)
    if not found:
        return None
    last = found[-1]
    return last.position, last.notification_id, last.link


def _repeat_failure(runtime: Runtime, mark: Mark) -> Report:
    """The last full check found tampering: say so (and when) until a full check passes."""
    finding = mark.finding()
    assert finding is not None
    store = chain_store(runtime)
    report = Report(mode="incremental", chained=store.length(), last_full_at=mark.verified_at)
    report.add([finding])
    report.warnings.append(
        f"found by the full verification of {mark.verified_at}; run a full verification "
        "again once the log is restored"
    )
    return report


def _forged(mark: Mark) -> Finding:
    return Finding(
        mark.position,
        mark.notification_id or None,
        "checkpoint",
        "a stored verification mark's signature does not verify (the audit tables were written "
        "without the audit key)",
    )
