"""A case page right after a start on a regional store does not wait for the whole caseload
index: far behind the log, one case's entry is folded from that case's own events, and it is
the same entry the whole fold gives (bench_workspace at `large` timed out on this, ADR 0018)."""

from __future__ import annotations

from uuid import uuid4

import pytest

from infra.bootstrap import build
from infra.settings import Settings
from infra.workspace import caseload as caseload_module
from infra.workspace.caseload import Caseload


def test_far_behind_a_case_entry_is_its_own_cases_fold(
    small_analytics: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = build(small_analytics, load_catalogue=False)
    try:
        whole = Caseload(runtime.app)
        whole.refresh()
        entries = dict(whole._cases)
        assert len(entries) > 100
        sample = list(entries)[::3]
        assert any(entries[c].follow_ups for c in sample)  # the sample has more than referrals
        assert any(len(entries[c].dated) > 2 for c in sample)
        monkeypatch.setattr(caseload_module, "FAR_BEHIND", 0)
        cold = Caseload(runtime.app)
        for case_id in sample:
            assert cold.entry(case_id) == entries[case_id], case_id
        assert cold._position == 0 and not cold._cases  # the log was not folded
        assert cold.entry(uuid4()) is None
        monkeypatch.setattr(caseload_module, "FAR_BEHIND", 10**9)
        assert cold.entry(sample[0]) == entries[sample[0]]  # near the head: the index itself
        assert cold._position > 0 and len(cold._cases) == len(entries)
    finally:
        runtime.close()
