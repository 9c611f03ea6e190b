"""Legacy rows of the comparison group (ADR 0016): `not_taken_on` and the months worked before
the referral on the intake. The domain judges them as it judges every row; a bad one is reported
by row and column and nothing is written; the store refusing one writes nothing either."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.case import Case
from domain.shared.case_vocabulary import ClosureReason, NotTakenOnReason
from domain.shared.profile_vocabulary import EmploymentStatus
from infra.bootstrap import Runtime, build
from infra.legacy import ImportWriteFailed, import_legacy
from infra.legacy.importer import row_digest
from infra.legacy.layout import Row
from infra.legacy.rows import case_id, person_id
from infra.settings import Settings
from tests.integration.import_support import EXAMPLES, head, stored_keys, stored_rows
from tests.integration.test_import import BASELINE, read_rows, write_rows
from tests.integration.test_import_atomic import QUOTA, lift_refusal, refuse_from

WOMAN = {
    "full_name": "Lina Inventata",
    "birth_year": "1991",
    "country": "SN",
    "italian_level": "a1",
    "education": "primary",
    "permit": "family",
    "municipality": "Empoli",
    "household": "alone",
}


def rows_of(ref: str, *rows: dict[str, str]) -> list[dict[str, str]]:
    """A woman referred to EMP with consent, then `rows` on the same case."""
    case = {"case_ref": ref, "person_ref": f"P-{ref}"}
    return [
        {
            **case,
            **WOMAN,
            "date": "2018-05-07",
            "action": "referral",
            "programme": "EMP",
            "referring_service": "social_empoli",
            "reasons": "employment",
        },
        {**case, "date": "2018-05-07", "action": "consent", "scope": "processing"},
        *({**case, **row} for row in rows),
    ]


def not_taken_on(**cells: str) -> dict[str, str]:
    return {
        "date": "2018-05-21",
        "action": "not_taken_on",
        "reason": "declined",
        "employment": "inactive",
        **cells,
    }


def intake(**cells: str) -> dict[str, str]:
    return {
        "date": "2018-05-21",
        "action": "intake",
        "scores": BASELINE,
        "employment": "unemployed_seeking",
        "income_source": "none",
        "housing": "rented",
        **cells,
    }


def test_the_example_file_records_the_comparison_group(runtime: Runtime) -> None:
    report = import_legacy(runtime, EXAMPLES / "cases.csv")
    assert report.problems == [] and report.events == 56
    first = runtime.app.case(case_id("EMP-2018-031"))
    assert first.closure_reason is ClosureReason.NOT_TAKEN_ON and first.intake_on is None
    assert sorted(first.follow_ups) == [6]
    event = next(e for e in runtime.app.events.get(first.id) if isinstance(e, Case.NotTakenOn))
    assert event.reason is NotTakenOnReason.WAITING_LIST
    assert event.employment is EmploymentStatus.UNEMPLOYED_SEEKING
    assert event.months_worked_prior_24 == 5
    assert event.meta.source.startswith("import:cases.csv#")
    later = runtime.app.case(case_id("EMP-2019-002"))
    assert later.person_id == first.person_id == person_id("P004")
    assert later.intake is not None and later.intake["months_worked_prior_24"] == 8
    samira = runtime.app.case(case_id("LF-2017-001"))  # a row without the column: unknown
    assert samira.intake is not None and samira.intake["months_worked_prior_24"] is None
    again = import_legacy(runtime, EXAMPLES / "cases.csv")
    assert again.events == 0 and again.replayed == again.commands == 56


def test_bad_rows_are_reported_by_column_and_nothing_is_written(
    runtime: Runtime, tmp_path: Path
) -> None:
    rows = read_rows(EXAMPLES / "cases.csv")
    mistakes = [
        (rows_of("N1", not_taken_on(months_worked_prior_24="25")), "months_worked_prior_24"),
        (rows_of("N2", not_taken_on(months_worked_prior_24="7,5")), "months_worked_prior_24"),
        (rows_of("N3", not_taken_on(reason="moved_away")), "reason"),  # a closure reason
        (rows_of("N4", not_taken_on(employment="")), "employment"),
        (rows_of("N5", intake(), not_taken_on(date="2018-06-01")), "reason"),  # after intake
        (rows_of("N6", intake(months_worked_prior_24="-2")), "months_worked_prior_24"),
        (rows_of("N7", intake(months_worked_prior_24="many")), "months_worked_prior_24"),
        (rows_of("N8", not_taken_on(date="2022-03-01")), "date"),  # after EMP ended
    ]
    expected: dict[int, str] = {}
    for group, column in mistakes:
        rows += group
        expected[len(rows) + 1] = column  # the last row of each group is the bad one
    path = write_rows(tmp_path / "casi.csv", rows)
    before, keys = head(runtime), stored_keys(runtime.settings)
    report = import_legacy(runtime, path)
    assert {p.row: p.column for p in report.problems} == expected, report.problems
    assert not report.written and head(runtime) == before
    assert stored_keys(runtime.settings) == keys
    reasons = {p.row: p.reason for p in report.problems}
    after_intake = [n for n, c in expected.items() if c == "reason"][-1]
    assert reasons[after_intake].startswith("intake_already_done")
    assert "0–24" in reasons[min(expected)]


def test_the_store_refusing_a_not_taken_on_row_writes_nothing(
    settings: Settings, tmp_path: Path
) -> None:
    rows = rows_of("N9", not_taken_on(months_worked_prior_24="3"))  # the last row to write
    path = write_rows(tmp_path / "casi.csv", rows)
    runtime = build(settings)
    try:
        before, keys = stored_rows(settings), stored_keys(settings)
        # registration, referral, consent: three events and their command records pass
        refuse_from(settings, before + 6)
        with pytest.raises(ImportWriteFailed) as failed:
            import_legacy(runtime, path)
        assert QUOTA in str(failed.value) and "nothing imported" in str(failed.value)
        assert stored_rows(settings) == before and stored_keys(settings) == keys
        lift_refusal(settings)
        report = import_legacy(runtime, path)
        assert report.problems == [] and report.events == 4
        assert runtime.app.case(case_id("N9")).closure_reason is ClosureReason.NOT_TAKEN_ON
    finally:
        runtime.close()


def test_months_worked_join_a_rows_command_id_only_when_given() -> None:
    cells = {"case_ref": "X", "action": "intake", "date": "2018-05-21"}
    plain = Row(2, cells)
    assert row_digest(plain) == row_digest(Row(2, cells | {"months_worked_prior_24": ""}))
    assert row_digest(plain) != row_digest(Row(2, cells | {"months_worked_prior_24": "3"}))
    as_successor = Row(2, cells | {"successor_ref": "3"})
    assert row_digest(as_successor) != row_digest(Row(2, cells | {"months_worked_prior_24": "3"}))
