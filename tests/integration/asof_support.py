"""An independent recomputation of `case_facts` from the event store, for the as-of tests.

It goes through the domain (`Percorsi.case_at`, the person aggregate at a version), never
through the projector, and reads only the events with notification id <= P and, for a
business date D, dated on or before D (consent and erasure are taken as they stand at P, as
ADR 0010 says).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

import duckdb

from domain.shared.case_vocabulary import ClosureReason, ConsentScope, OutcomeKind
from domain.shared.values import add_months
from infra.bootstrap import Runtime
from projections.anonymise import Pseudonymiser
from projections.queries import AnalyticsReader

CASE = "domain.case.aggregate:Case."
PERSON = "domain.person:Person."
NOT_READ = {CASE + "PlanAgreed", CASE + "PlanReviewed"}  # analytics never read plans
COLUMNS = (
    "status",
    "closure_reason",
    "intake_date",
    "closed_date",
    "employment_exit",
    "employment_6",
    "days_to_first_job",
    "activities",
    "hours",
    "censor_days",
    "due_6",
    "due_12",
    "due_24",
)


def _notifications(runtime: Runtime, position: int) -> Iterator[Any]:
    start = 0
    while True:
        page = runtime.app.recorder.select_notifications(
            start, 5000, stop=position, inclusive_of_start=False
        )
        if not page:
            return
        yield from page
        start = page[-1].id


def _code(value: Any) -> Any:
    return None if value is None else value.value


def expected_facts(
    runtime: Runtime, keys: Pseudonymiser, position: int, day: date | None = None
) -> dict[str, tuple[Any, ...]]:
    """case_key → the COLUMNS values, recomputed from the events <= position (and <= day)."""
    app = runtime.app
    versions: dict[UUID, int] = {}
    last_day: date | None = None
    for n in _notifications(runtime, position):
        versions[n.originator_id] = n.originator_version
        if n.topic.startswith(CASE) and n.topic not in NOT_READ:
            on = app.mapper.to_domain_event(n).occurred_on  # type: ignore[attr-defined]
            if day is None or on <= day:
                last_day = on if last_day is None or on > last_day else last_day
    cases = [
        n.originator_id
        for n in _notifications(runtime, position)
        if n.topic == CASE + "Referred"
        and (day is None or app.mapper.to_domain_event(n).occurred_on <= day)  # type: ignore[attr-defined]
    ]
    out: dict[str, tuple[Any, ...]] = {}
    for case_id in cases:
        now = app.case_at(case_id, version=versions[case_id])  # consent: as it stands at P
        person = app.repository.get(now.person_id, version=versions[now.person_id])
        if not now.consents.get(ConsentScope.ANALYTICS) or person.erased:  # type: ignore[attr-defined]
            continue
        case = now if day is None else app.case_at(case_id, version=versions[case_id], as_of=day)
        out[keys.key("case", case_id)] = _row(case, last_day)
    return out


def _row(case: Any, last_day: date | None) -> tuple[Any, ...]:
    intake, end = case.intake_on, case.closed_on
    closed = case._singleton("Closed")
    follow = {
        r.fields["months"]: r
        for r in case.records.values()
        if r.kind == "FollowedUp" and not r.void
    }
    six = follow.get(6)
    jobs = [r.occurred_on for r in case.outcomes if r.fields["kind"] is OutcomeKind.JOB_STARTED]
    first_job = min(jobs, default=None)
    censor = None
    if intake is not None:
        censor = max(((end or last_day) - intake).days, 0) if (end or last_day) else None
    due = [
        None
        if closed is None
        else (
            (last_day is not None and add_months(closed.occurred_on, m) <= last_day) or m in follow
        )
        for m in (6, 12, 24)
    ]
    not_taken = case.closure_reason is ClosureReason.NOT_TAKEN_ON  # ADR 0016: apart
    return (
        "not_taken_on" if not_taken else case.status.code,
        None if not_taken else _code(case.closure_reason),
        intake,
        end,
        _code(case.employment_at_exit),
        None
        if six is None
        else ("lost" if not six.fields["reached"] else _code(six.fields["employment"])),
        (first_job - intake).days if first_job and intake and first_job >= intake else None,
        len(case.activities),
        float(sum(r.fields["hours"] for r in case.activities)),
        censor,
        *due,
    )


def snapshot_facts(reader: AnalyticsReader) -> dict[str, tuple[Any, ...]]:
    frame, _ = reader.frame(f"SELECT case_key, {', '.join(COLUMNS)} FROM case_facts")
    return {row[0]: tuple(row[1:]) for row in frame.iter_rows()}


def file_facts(path: str) -> dict[str, tuple[Any, ...]]:
    con = duckdb.connect(path, read_only=True)
    try:
        rows = con.execute(f"SELECT case_key, {', '.join(COLUMNS)} FROM case_facts").fetchall()
        return {row[0]: tuple(row[1:]) for row in rows}
    finally:
        con.close()
