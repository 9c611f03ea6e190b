"""The caseload is a view of the API's case index (ADR 0024): a restart reads its file, and a
case page right after a start on a regional store does not wait for the whole index — far
behind the log, one case's entry is folded from that case's own events, the same entry the
whole fold gives (bench_workspace at `large` timed out on this, ADR 0018)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from infra.api.case_index import CaseIndex
from infra.bootstrap import build
from infra.settings import Settings
from infra.workspace import caseload as caseload_module
from infra.workspace.caseload import Caseload
from tests.integration.test_case_index_file import Counting


def test_far_behind_a_case_entry_is_its_own_cases_fold(
    small_analytics: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = build(small_analytics, load_catalogue=False)
    try:
        whole = CaseIndex(runtime.app)
        whole.refresh()
        entries = {e.case_id: e for e in whole.entries()}
        assert len(entries) > 100
        sample = list(entries)[::3]
        assert any(entries[c].follow_ups for c in sample)  # the sample has more than referrals
        assert any(len(entries[c].dated) > 2 for c in sample)
        monkeypatch.setattr(caseload_module, "FAR_BEHIND", 0)
        index = CaseIndex(runtime.app)
        cold = Caseload(index, runtime.app)
        for case_id in sample:
            assert cold.entry(case_id) == entries[case_id], case_id
        assert index.position == 0 and not index.entries()  # the log was not folded
        assert cold.entry(uuid4()) is None
        monkeypatch.setattr(caseload_module, "FAR_BEHIND", 10**9)
        assert cold.entry(sample[0]) == entries[sample[0]]  # near the head: the index itself
        assert index.position > 0 and len(index.entries()) == len(entries)
    finally:
        runtime.close()


def _agenda(caseload: Caseload) -> list[tuple[Any, ...]]:
    today = date(2021, 12, 31)
    return [(r.entry.case_id, tuple(r.due)) for r in caseload.rows(None, today, sort="referred")]


def test_a_restart_gives_the_same_caseload_from_the_file_without_folding_the_log(
    small_analytics: Settings, tmp_path: Path
) -> None:
    runtime = build(small_analytics, load_catalogue=False)
    try:
        path = tmp_path / "case-index.sqlite"
        first = CaseIndex(runtime.app, path)
        from_zero = _agenda(Caseload(first, runtime.app))
        assert len(from_zero) > 10 and any(due for _, due in from_zero)
        first.save()
        counting = Counting(runtime.app)
        restarted = CaseIndex(counting, path)
        assert _agenda(Caseload(restarted, counting)) == from_zero
        assert counting.read == 0  # every date came from the file
    finally:
        runtime.close()
