"""Seeding in several processes gives every aggregate the same history as one process.

The small size is cut into four units of 50 women so two workers really share the work; the
units (not the worker count) decide the histories, so the decoded history of each aggregate
must be identical. The one writer stores the units in unit order (ADR 0023), so the decoded
log is identical too.
"""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from infra.bootstrap import build
from infra.settings import Settings
from infra.synthetic import history_digests, seed, stream_digest
from tests.conftest import cleaned, make_settings


def _seeded(
    settings: Settings, workers: int
) -> tuple[dict[UUID, str], tuple[int, ...], tuple[str, int]]:
    runtime = build(settings)
    try:
        report = seed(runtime, size="small", seed=11, workers=workers, unit_women=50)
        again = seed(runtime, size="small", seed=11, workers=workers, unit_women=50)
        assert again.already_loaded and again.stored == 0
        counts = (report.women, report.cases, report.events, report.stored)
        return history_digests(runtime.app), counts, stream_digest(runtime.app)
    finally:
        runtime.close()


def test_one_and_two_workers_give_the_same_history_per_aggregate(
    tmp_path: Path, backend: str
) -> None:
    one_settings = make_settings(tmp_path / "one", backend)
    two_settings = make_settings(tmp_path / "two", backend)
    for _ in cleaned(one_settings):
        for _ in cleaned(two_settings):
            one, one_counts, one_log = _seeded(one_settings, 1)
            two, two_counts, two_log = _seeded(two_settings, 2)
    assert one_counts == two_counts and one_counts[1] > 200
    assert len(one) > 1_000  # people, cases, groups, stakeholders, command records
    assert one.keys() == two.keys()
    differing = [aggregate for aggregate in one if one[aggregate] != two[aggregate]]
    assert differing == []
    assert one_log == two_log and one_log[1] > one_counts[3]  # the catalogue came first
