"""Legacy import of carry-overs: a `transfer` row is the domain's transfer command.

The woman's rows are written out of order on purpose (the successor's rows first, the transfer
last): the importer orders them by date and generation, so the carry-over runs before the
successor case's same-day rows. The case histories (the auditors' read) then show the old case
ending as carried over and the new one opening as carried over from it.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from domain.case.values import CaseStatus
from domain.shared.roles import ActorRole
from infra.audit.history import case_history
from infra.bootstrap import Runtime
from infra.legacy import import_legacy
from infra.legacy.importer import row_digest
from infra.legacy.layout import Row
from infra.legacy.reader import chunks, ordered, read_table
from infra.legacy.rows import case_id
from tests.integration.test_import import BASELINE, EXAMPLES, head, read_rows, write_rows

WOMAN = {
    "person_ref": "T001",
    "full_name": "Amina Finta",
    "birth_year": "1984",
    "country": "SN",
    "italian_level": "a2",
    "education": "primary",
    "permit": "family",
    "municipality": "Firenze",
    "household": "single_mother",
    "children": "2008",
}
INTAKE = {
    "scores": BASELINE,
    "employment": "unemployed_seeking",
    "income_source": "none",
    "housing": "rented",
}


def transfer_rows() -> list[dict[str, str]]:
    """B2 case → (transfer 2015-01-02) → AZ case → (transfer 2016-07-01) → LF case, the
    successors' rows before the transfers that open them, as a hand-kept sheet might be."""
    b2, az, lf = "B2-2014-T01", "AZ-2015-T01", "LF-2016-T01"
    return [
        {"case_ref": lf, "person_ref": "T001", "date": "2016-07-01", "action": "activity"}
        | {"kind": "orientation", "hours": "2"},
        {"case_ref": lf, "person_ref": "T001", "date": "2016-07-01", "action": "intake"} | INTAKE,
        {"case_ref": lf, "person_ref": "T001", "date": "2016-07-01", "action": "consent"}
        | {"scope": "processing"},
        {"case_ref": az, "person_ref": "T001", "date": "2015-01-02", "action": "consent"}
        | {"scope": "processing"},
        {"case_ref": az, "person_ref": "T001", "date": "2015-01-02", "action": "intake"} | INTAKE,
        {"case_ref": az, "person_ref": "T001", "date": "2015-03-02", "action": "activity"}
        | {"kind": "training", "hours": "3"},
        {"case_ref": b2, "date": "2014-03-03", "action": "referral", "programme": "BILLAN2"}
        | WOMAN
        | {"referring_service": "social_fi", "reasons": "employment"},
        {"case_ref": b2, "person_ref": "T001", "date": "2014-03-03", "action": "consent"}
        | {"scope": "processing"},
        {"case_ref": b2, "person_ref": "T001", "date": "2014-03-17", "action": "intake"} | INTAKE,
        {"case_ref": b2, "person_ref": "T001", "date": "2015-01-02", "action": "transfer"}
        | {"programme": "azioni1516", "successor_ref": az},
        {"case_ref": az, "person_ref": "T001", "date": "2016-07-01", "action": "transfer"}
        | {"programme": "LESFEMMES", "successor_ref": lf},
    ]


def entries(runtime: Runtime, ref: str) -> list[dict[str, object]]:
    found = case_history(runtime, case_id(ref), actor_id="auditor-1", role=ActorRole.AUDITOR)
    kept: list[dict[str, object]] = found["entries"]
    return kept


def test_transfer_rows_become_the_domains_carry_over(runtime: Runtime, tmp_path: Path) -> None:
    path = write_rows(tmp_path / "transfers.csv", transfer_rows())
    report = import_legacy(runtime, path)
    assert report.problems == [] and report.written, report.problems
    b2, az, lf = (
        runtime.app.case(case_id(r)) for r in ("B2-2014-T01", "AZ-2015-T01", "LF-2016-T01")
    )
    assert b2.status is CaseStatus.TRANSFERRED and b2.successor_case_id == az.id
    assert az.status is CaseStatus.TRANSFERRED and az.successor_case_id == lf.id
    assert (az.programme, az.carried_over_from) == ("AZIONI1516", b2.id)
    assert (lf.programme, lf.carried_over_from, lf.person_id) == ("LESFEMMES", az.id, b2.person_id)

    old = entries(runtime, "B2-2014-T01")
    assert [e["kind"] for e in old][-1] == "TransferredOut", old
    assert old[-1]["occurred_on"] == "2015-01-02"
    assert old[-1]["source"] == "import:transfers.csv#11"
    # People read programme names, not codes, in a history (the state keeps the code).
    assert "programma successivo: Nuove azioni 2015–2016" in str(old[-1]["text_it"]), old[-1]
    assert "AZIONI1516" not in str(old[-1]["text_en"])
    new = entries(runtime, "AZ-2015-T01")
    kinds = [e["kind"] for e in new]
    # Opened by the carry-over (no referral row of its own), then its same-day rows, in order.
    assert kinds[:3] == ["Referred", "ConsentGiven", "IntakeCompleted"], kinds
    assert new[0]["source"] == "import:transfers.csv#11"
    assert kinds[-1] == "TransferredOut"
    last = entries(runtime, "LF-2016-T01")
    assert [e["kind"] for e in last] == [
        "Referred",
        "ConsentGiven",
        "IntakeCompleted",
        "ActivityRecorded",
    ]

    before = head(runtime)
    again = import_legacy(runtime, path)
    assert again.problems == [] and again.events == 0 and head(runtime) == before


def test_a_refused_transfer_is_reported_once_and_writes_nothing(
    runtime: Runtime, tmp_path: Path
) -> None:
    rows = transfer_rows()
    rows[9]["programme"] = "LESFEMMES"  # Les Femmes does not succeed Billan 2
    rows.append(
        {"case_ref": "B2-2014-T02", "person_ref": "T002", "date": "2014-05-05"}
        | {"action": "closure", "reason": "transferred", "employment": "unemployed_seeking"}
    )
    before = head(runtime)
    report = import_legacy(runtime, write_rows(tmp_path / "bad.csv", rows))
    assert head(runtime) == before and not report.written
    found = {(p.row, p.column): p.reason for p in report.problems}
    assert set(found) == {(11, "programme"), (13, "reason")}, report.problems
    assert "invalid_transfer" in found[(11, "programme")]
    assert "transfer row" in found[(13, "reason")]
    # The successor cases' own rows are not reported again: their case was never opened.


def test_a_transfer_runs_between_its_case_and_its_successor_on_the_same_day() -> None:
    frame = pl.DataFrame(
        {
            "__row": [2, 3, 4, 5],
            "case_ref": ["NEW", "OLD", "NEW", "OLD"],
            "person_ref": ["P"] * 4,
            "date": ["2020-05-04"] * 4,
            "action": ["consent", "transfer", "activity", "activity"],
            "successor_ref": ["", "NEW", "", ""],
        }
    )
    order = ordered(frame)["__row"].to_list()
    assert order == [5, 3, 2, 4]  # the old case's activity, the transfer, then the new case's


def test_command_ids_of_rows_imported_before_successor_ref_existed_are_unchanged() -> None:
    table = read_table(EXAMPLES / "cases.csv")
    rows = {r.number: r for chunk in chunks(ordered(table.frame), 100) for r in chunk}
    assert row_digest(rows[2]) == "7e90ccafcbe5628ee8e9451c"  # computed before the column
    assert row_digest(rows[4]) == "da84bcf2182956ea4af6d836"
    plain = Row(9, {"case_ref": "X", "action": "transfer"})
    assert row_digest(plain) != row_digest(Row(9, plain.cells | {"successor_ref": "Y"}))
    assert len(read_rows(EXAMPLES / "cases.csv")) == 52
