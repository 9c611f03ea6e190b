"""Units computed in memory and stored by one writer (ADR 0023): keys, resume, audit chain.

`small` is cut into units of 50 women so several units (and their keys and erasures) pass
through the merge. Every check runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from infra.audit.chain import extend
from infra.audit.incremental import full_check
from infra.bootstrap import Runtime, build
from infra.settings import Settings
from infra.synthetic import history_digests, personal_values, seed
from infra.synthetic import units as units_module
from infra.synthetic.parallel import own_peak_rss_mib
from infra.synthetic.runner import Executor
from infra.synthetic.units import UnitComputer, UnitOutput
from infra.synthetic.writer import writer_for
from tests.conftest import cleaned, make_settings

SEED, UNIT = 13, 50


def _digests(settings: Settings) -> dict[UUID, str]:
    runtime = build(settings)
    try:
        report = seed(runtime, size="small", seed=SEED, workers=1, unit_women=UNIT)
        assert report.stored > 0 and not report.already_loaded
        return history_digests(runtime.app)
    finally:
        runtime.close()


def _unit_zero_in_part(runtime: Runtime, steps_done: int) -> None:
    """Store the first steps of unit 0 the earlier way (directly), as an interrupted run of
    the old seeding left it: the unit is then neither fresh nor complete."""
    computer = UnitComputer(runtime, "small", SEED, UNIT)
    unit = computer.order[:UNIT]
    steps, planned = units_module._plan_unit(
        computer.ids, computer.periods, 0, unit, computer.women
    )
    runtime.sealer.prepare([p.person_id for p in planned])
    writer = writer_for(runtime)
    try:
        Executor(writer, computer.ids).run_all(steps[:steps_done], lambda i, n: None)
    finally:
        writer.close()


_ORIGINAL = UnitComputer.compute


def _failing_at_unit_two(
    self: UnitComputer, index: int, tick: Callable[[int, int], None]
) -> UnitOutput:
    if index == 2:
        raise RuntimeError("unit 2 failed")
    return _ORIGINAL(self, index, tick)


def test_resume_after_a_failed_unit_and_a_unit_stored_in_part(
    tmp_path: Path, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean = make_settings(tmp_path / "clean", backend)
    resumed = make_settings(tmp_path / "resumed", backend)
    for _ in cleaned(clean):
        for _ in cleaned(resumed):
            expected = _digests(clean)
            runtime = build(resumed)
            try:
                _unit_zero_in_part(runtime, 300)
                monkeypatch.setattr(UnitComputer, "compute", _failing_at_unit_two)
                with pytest.raises(RuntimeError, match="unit 2 failed"):
                    seed(runtime, size="small", seed=SEED, workers=1, unit_women=UNIT)
                stored_before = runtime.app.recorder.max_notification_id()
                monkeypatch.setattr(UnitComputer, "compute", _ORIGINAL)
                report = seed(runtime, size="small", seed=SEED, workers=1, unit_women=UNIT)
                assert not report.already_loaded
                assert runtime.app.recorder.max_notification_id() > stored_before
                assert history_digests(runtime.app) == expected
                # Every sealed value opens with the keys the merge stored: a lost or
                # replaced key would leave fewer personal values readable.
                assert len(personal_values(runtime)) > 1_000
            finally:
                runtime.close()


@pytest.mark.parametrize("chain_at_write", [False, True])
def test_the_audit_chain_verifies_after_seeding_in_two_workers(
    tmp_path: Path, backend: str, chain_at_write: bool
) -> None:
    settings = make_settings(tmp_path, backend, chain_at_write=chain_at_write)
    for _ in cleaned(settings):
        runtime = build(settings)
        try:
            report = seed(runtime, size="small", seed=SEED, workers=2, unit_women=UNIT)
            assert report.stored > 10_000
            assert report.peak_rss_mib > 0  # the workers' and this process's own peaks
            if not chain_at_write:
                extend(runtime)
            verified = full_check(runtime)
            assert verified.ok and verified.unchained is None, verified.finding
            assert verified.chained == verified.stored >= report.stored
        finally:
            runtime.close()


def test_a_unit_hands_over_its_erasures_and_keeps_stored_keys(tmp_path: Path, backend: str) -> None:
    settings = make_settings(tmp_path, backend)
    for _ in cleaned(settings):
        runtime = build(settings)
        try:
            computer = UnitComputer(runtime, "small", SEED, 200)
            out = computer.compute(0, lambda i, n: None)
            assert out.records and out.erased, "small erases at least two women"
            assert not set(out.erased) & set(out.keys)
            # A second computation of the same unit starts from the keys already stored.
            keys_only = UnitOutput(0, 0, 0, records=[], keys=out.keys, erased=out.erased)
            units_module.merge(runtime, keys_only)
            again = computer.compute(0, lambda i, n: None)
            assert again.keys == out.keys
            for erased in out.erased:
                assert runtime.sealer.keystore.load(erased) is None
        finally:
            runtime.close()


def _child_peak(answer: Any) -> None:
    answer.put(own_peak_rss_mib())


def test_a_workers_peak_is_its_own_not_the_parents() -> None:
    """A spawned child's `ru_maxrss` starts at its parent's peak (Linux carries it across the
    exec): the seeding figure read that way reported the bench process's size, not a worker's."""
    ballast = bytearray(600 * 1024 * 1024)  # touched: resident, raises this process's peak
    for i in range(0, len(ballast), 4096):
        ballast[i] = 1
    context = multiprocessing.get_context("spawn")
    answer: Any = context.Queue()
    child = context.Process(target=_child_peak, args=(answer,))
    child.start()
    peak = answer.get(timeout=60)
    child.join()
    assert own_peak_rss_mib() >= 600
    assert 0 < peak < 300
    del ballast
