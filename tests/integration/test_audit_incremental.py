"""The quick chain check (ADR 0014): it resumes from the last verified, signed checkpoint.

Counted, never timed: how many records each check recomputes. Tampering is done with direct
SQL, as someone with database access would; each test states whether the quick check, the full
check, or only the full check catches it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest

from infra.audit.chain import EVERY, chain_store, extend
from infra.audit.incremental import check_chain, full_check, full_due, mark_store
from infra.audit.keeper import ChainKeeper
from infra.audit.links import link
from infra.audit.marks import MARKS
from infra.audit.store import CHAIN
from infra.bootstrap import Runtime, build
from infra.settings import Settings
from tests.integration.audit_support import story
from tests.integration.raw_log import RawLog
from tests.integration.test_audit_cli import cli
from tests.integration.test_projection_data import seed_small

STEP = 5  # checkpoint interval of the short histories


@pytest.fixture
def marked(runtime: Runtime) -> Iterator[tuple[Runtime, RawLog]]:
    """Two women's stories, chained with a checkpoint every 5 records, fully verified once."""
    story(runtime)
    story(runtime, "Amina Diallo")
    extend(runtime, every=STEP)
    first = check_chain(runtime)
    assert first.ok and first.mode == "full" and first.rechecked == first.records
    raw = RawLog(runtime)
    yield runtime, raw
    raw.close()


def verified_position(runtime: Runtime) -> int:
    mark = mark_store(runtime).latest()
    assert mark is not None
    return mark.position


def nid_at(runtime: Runtime, position: int) -> int:
    row = chain_store(runtime).at(position)
    assert row is not None
    return row.notification_id


def flip_a_byte(raw: RawLog, nid: int) -> None:
    state = bytearray(raw.sql("SELECT state FROM {t} WHERE {n} = ?", nid)[0][0])
    state[len(state) // 2] ^= 0x01
    raw.sql("UPDATE {t} SET state = ? WHERE {n} = ?", bytes(state), nid)


def test_on_small_each_visit_recomputes_only_the_records_after_the_verified_checkpoint(
    tmp_path: Path,
) -> None:
    settings = seed_small(tmp_path / "var")
    runtime = build(settings)
    try:
        extend(runtime)
        total = chain_store(runtime).length()
        assert total > 5 * EVERY  # a log worth not re-reading
        first = check_chain(runtime)
        assert (first.mode, first.rechecked, first.records) == ("full", total, total)
        mark = verified_position(runtime)
        assert mark == total - total % EVERY
        second = check_chain(runtime)
        assert second.ok and second.mode == "incremental"
        assert (second.verified_from, second.records) == (mark, total)
        assert second.rechecked == total - mark < EVERY  # not the ~{total} of a full check
        assert second.last_full_at is not None
        before = second.rechecked
        story(runtime)  # new records: the next visit recomputes those and the remainder only
        extend(runtime)
        third = check_chain(runtime)
        grown = chain_store(runtime).length()
        assert third.ok and third.rechecked == grown - mark == before + (grown - total)
    finally:
        runtime.close()


def test_the_mark_advances_with_new_signed_checkpoints(marked: tuple[Runtime, RawLog]) -> None:
    runtime, _ = marked
    mark = verified_position(runtime)
    story(runtime, "Leila Haddad")
    extend(runtime, every=STEP)
    report = check_chain(runtime)
    assert report.ok and report.verified_from == mark and report.rechecked == report.records - mark
    advanced = verified_position(runtime)
    assert advanced > mark and advanced == report.records - report.records % STEP
    assert check_chain(runtime).rechecked == report.records - advanced < STEP


def test_an_edit_after_the_verified_checkpoint_is_caught_by_the_quick_check(
    marked: tuple[Runtime, RawLog],
) -> None:
    runtime, raw = marked
    mark = verified_position(runtime)
    story(runtime, "Leila Haddad")
    extend(runtime, every=STEP)
    target = mark + 3
    flip_a_byte(raw, nid_at(runtime, target))
    report = check_chain(runtime)
    assert report.mode == "incremental" and report.finding is not None
    assert (report.finding.kind, report.finding.position) == ("modified", target)
    assert verified_position(runtime) == mark  # a failed quick check does not move the mark


def test_an_edit_before_the_verified_checkpoint_escapes_the_quick_check_not_the_full_one(
    marked: tuple[Runtime, RawLog], settings: Settings
) -> None:
    """The documented limit: an in-place edit of a verified record, the chain table untouched,
    is invisible to the quick check (it never re-reads that prefix). The full check, run on the
    page's demand, by `audit verify` or periodically by the API server's keeper, finds it, and
    from then on the quick check repeats the finding until a full check passes again."""
    runtime, raw = marked
    target = verified_position(runtime) - 2
    flip_a_byte(raw, nid_at(runtime, target))
    quick = check_chain(runtime)
    assert quick.ok and quick.mode == "incremental"  # not caught: the limit ADR 0014 states

    keeper = ChainKeeper(settings.model_copy(update={"audit_full_verify_hours": 1e-9}), 0)
    assert full_due(runtime, 1e-9) and not full_due(runtime, 24)
    keeper._step(runtime)  # the periodic path: extends, then the full check is due
    after = check_chain(runtime)
    assert not after.ok and after.finding is not None and after.mode == "incremental"
    assert (after.finding.kind, after.finding.position) == ("modified", target)
    assert after.last_full_at is not None and "full verification" in after.warnings[0]

    again = full_check(runtime)  # on demand: recomputes and finds it itself
    assert again.finding is not None and again.finding.position == target


def test_a_removed_or_added_record_before_the_mark_is_caught_by_the_quick_check(
    marked: tuple[Runtime, RawLog],
) -> None:
    runtime, raw = marked
    raw.sql("DELETE FROM {t} WHERE {n} = ?", nid_at(runtime, 2))
    report = check_chain(runtime)
    assert report.mode == "incremental" and report.finding is not None
    assert report.finding.kind == "removed" and "no longer stored" in report.finding.detail


def test_a_chain_rewritten_under_the_mark_sends_the_quick_check_to_the_full_one(
    marked: tuple[Runtime, RawLog],
) -> None:
    """Edit a verified record *and* rewrite the chain rows from there so they match: the link
    at the mark changes, so the quick check cannot resume there and recomputes everything —
    where the signed checkpoints no longer match."""
    runtime, raw = marked
    store = chain_store(runtime)
    target = 3
    flip_a_byte(raw, nid_at(runtime, target))
    previous = store.at(target - 1)
    assert previous is not None
    link_before = previous.link
    for position in range(target, store.length() + 1):
        row = store.at(position)
        assert row is not None
        oid, version, topic, state = raw.sql(
            "SELECT originator_id, originator_version, topic, state FROM {t} WHERE {n} = ?",
            row.notification_id,
        )[0]
        oid = oid if isinstance(oid, UUID) else UUID(oid)
        link_before = link(link_before, row.notification_id, oid, version, topic, bytes(state))
        store.db.run(f"UPDATE {CHAIN} SET link = ? WHERE position = ?", (link_before, position))
    report = check_chain(runtime)
    assert report.mode == "full" and report.finding is not None
    assert (report.finding.kind, report.finding.position) == ("checkpoint", STEP)


def test_a_mark_forged_without_the_key_is_reported_and_not_trusted(
    marked: tuple[Runtime, RawLog],
) -> None:
    """Moving the mark to the head would make the quick check skip everything before it."""
    runtime, raw = marked
    store = chain_store(runtime)
    flip_a_byte(raw, nid_at(runtime, 2))
    head = store.head()
    assert head is not None
    store.db.run(
        f"UPDATE {MARKS} SET position = ?, notification_id = ?, link = ?",
        (head.position, head.notification_id, head.link.hex()),
    )
    report = check_chain(runtime)
    assert report.mode == "full" and not report.ok
    kinds = {(f.kind, f.position) for f in report.findings}
    assert ("modified", 2) in kinds  # the full check ran
    assert any("verification mark" in f.detail for f in report.findings)


def test_the_command_line_verifies_fully_by_default_and_incrementally_on_request(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "var"
    runtime = build(Settings(data_dir=data_dir))
    try:
        story(runtime)
        extend(runtime, every=STEP)
    finally:
        runtime.close()
    full = cli(data_dir, "audit", "verify", "--json")
    assert full.returncode == 0, full.stderr
    assert json.loads(full.stdout)["mode"] == "full"
    quick = cli(data_dir, "audit", "verify", "--incremental", "--json")
    assert quick.returncode == 0, quick.stderr
    found = json.loads(quick.stdout)
    assert found["mode"] == "incremental" and found["rechecked"] < STEP
    assert found["verified_from"] == found["records"] - found["records"] % STEP
    text = cli(data_dir, "audit", "verify", "--incremental")
    assert "incrementale / incremental" in text.stdout and text.returncode == 0
    refused = cli(data_dir, "audit", "verify", "--incremental", "--against", str(tmp_path / "x"))
    assert refused.returncode == 2 and "--against" in refused.stderr


def test_a_stopping_keeper_abandons_the_full_check_and_records_nothing(
    runtime: Runtime, settings: Settings
) -> None:
    story(runtime)
    keeper = ChainKeeper(settings, 0)
    keeper.stop()  # the server is shutting down while the keeper's full check is due
    with pytest.raises(Exception) as caught:
        keeper._step(runtime)
    assert type(caught.value).__name__ == "_Stopping"
    assert chain_store(runtime).length() > 0  # the chain was extended first, as always
    assert mark_store(runtime).latest() is None
