"""`percorsi doctor`: a readable health report of secrets, key store, chain and projection.

Each check is read-only and independent: one failing check does not hide the others, so the
operator sees everything to restore in one run. `--full` also recomputes the whole chain
(`audit verify`); the default stays quick on a large store (counts and the last signature).
"""

from __future__ import annotations

from dataclasses import dataclass

from .failures import CORRUPT, FOUND_PROBLEMS, OK, SECRET, OperatorError, classify
from .settings import Settings


@dataclass(frozen=True)
class Check:
    area: str
    what: str
    ok: bool
    detail: str
    code: int = OK  # the exit code this problem maps to (0 when ok)


def _secrets(settings: Settings) -> list[Check]:
    from . import guard

    rows = guard.status(settings)
    checks = []
    for what, ok, detail in rows:
        code = OK if ok else CORRUPT if "damaged" in detail else SECRET
        area = "key store" if what == "key store" else "secrets"
        checks.append(Check(area, what, ok, detail, code))
    return checks


def _chain(settings: Settings, full: bool) -> list[Check]:
    from .audit.chain import audit_key, chain_store
    from .audit.signing import public_key_hex, signature_ok
    from .audit.verify import verify
    from .bootstrap import build

    runtime = build(settings, reveal=False, load_catalogue=False)
    try:
        head = runtime.app.recorder.max_notification_id() or 0
        store = chain_store(runtime)
        chained = store.length()
        last = store.head()
        tail = head - (last.notification_id if last else 0)
        checks = [
            Check(
                "chain",
                "coverage",
                True,
                f"{chained} records chained, log head {head}"
                + (
                    f", {tail} notification ids after the chain head (not yet chained)"
                    if tail
                    else ""
                ),
            )
        ]
        signed = store.checkpoints()
        if signed:
            mine = public_key_hex(audit_key(runtime))
            ok = signature_ok(mine, signed[-1])
            detail = (
                f"last checkpoint (position {signed[-1].position}) verifies with audit-signing.key"
                if ok
                else f"last checkpoint (position {signed[-1].position}) does not verify with "
                "audit-signing.key: restore the signing key from backup, or the chain was altered"
            )
            checks.append(Check("chain", "checkpoint", ok, detail, OK if ok else FOUND_PROBLEMS))
        else:
            checks.append(Check("chain", "checkpoint", True, "no signed checkpoint yet"))
        if full:
            report = verify(runtime)
            finding = report.finding
            detail = (
                f"intact: {report.records} records recomputed"
                if report.ok and finding is None
                else f"{finding.kind} at position {finding.position}: {finding.detail}"
                if finding
                else "not intact"
            )
            ok = report.ok and finding is None
            checks.append(Check("chain", "verify", ok, detail, OK if ok else FOUND_PROBLEMS))
        return checks
    finally:
        runtime.close()


def _projection(settings: Settings, head: int) -> list[Check]:
    from projections.queries.reader import AnalyticsReader, snapshot_path

    path = snapshot_path(settings.duckdb_path)
    if not path.exists():
        return [
            Check(
                "projection",
                "snapshot",
                True,
                f"{path.name} not published yet (log head {head}): run `percorsi project`",
            )
        ]
    reader = AnalyticsReader(path)
    try:
        position = reader.position
    finally:
        reader.close()
    lag = max(head - position, 0)
    detail = f"published at position {position}, log head {head}, lag {lag}"
    return [Check("projection", "snapshot", True, detail)]


def _event_head(settings: Settings) -> int:
    from .bootstrap import build

    runtime = build(settings, reveal=False, load_catalogue=False)
    try:
        return runtime.app.recorder.max_notification_id() or 0
    finally:
        runtime.close()


def _guarded(area: str, run: object) -> list[Check]:
    """Run one group of checks; an error becomes a failed check with its exit code."""
    try:
        return run()  # type: ignore[operator,no-any-return]
    except OperatorError as error:
        return [Check(area, "open", False, str(error), error.code)]
    except Exception as error:
        found = classify(error)
        if found is None:
            raise
        return [Check(area, "open", False, found.message, found.code)]


def run_checks(settings: Settings, *, full: bool = False) -> list[Check]:
    if not settings.is_postgres and not settings.sqlite_path.exists():
        where = settings.sqlite_path
        return [
            Check(
                "store",
                "event store",
                False,
                f"{where} does not exist: run `percorsi init` (or restore it from backup)",
                SECRET,
            )
        ]
    checks = _guarded("secrets", lambda: _secrets(settings))
    if not all(c.ok for c in checks):
        return checks  # without the right secrets the log cannot be opened safely
    checks += _guarded("chain", lambda: _chain(settings, full))
    checks += _guarded("projection", lambda: _projection(settings, _event_head(settings)))
    return checks


def exit_code(checks: list[Check]) -> int:
    """The first problem's code (secrets first), 0 when everything is healthy."""
    return next((c.code or FOUND_PROBLEMS for c in checks if not c.ok), OK)
