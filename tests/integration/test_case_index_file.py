"""The API's case index starts from its file and folds only what came after (ADR 0024).

Real stores (SQLite and PostgreSQL), real files; each restart is a new CaseIndex on the same
file, compared with an index folded from zero over the same log.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from domain.case.values import CaseStatus
from domain.shared.case_vocabulary import ClosureReason
from domain.shared.profile_vocabulary import EmploymentStatus
from domain.shared.roles import ActorRole
from domain.shared.values import Meta
from infra.api import case_index as module
from infra.api.case_index import CaseIndex, case_index_path
from infra.api.case_index_file import load
from infra.bootstrap import Runtime, build
from infra.settings import Settings
from tests.integration.audit_support import story


class Counting:
    """The application as the index sees it, counting the records its folds read."""

    def __init__(self, app: Any) -> None:
        self.mapper, self._recorder, self.read = app.mapper, app.recorder, 0
        self.recorder = self

    def max_notification_id(self) -> Any:
        return self._recorder.max_notification_id()

    def select_notifications(self, *args: Any, **kwargs: Any) -> Any:
        found = self._recorder.select_notifications(*args, **kwargs)
        if kwargs.get("topics"):
            self.read += len(found)
        return found


def listing(index: CaseIndex) -> list[tuple[Any, ...]]:
    """Every entry, with the dates the caseload's agenda reads."""
    return [
        (e.case_id, e.person_id, e.programme, e.referred_on, e.status, e.facts())
        for e in index.search(visible=None)
    ]


def close_first_case(runtime: Runtime, index: CaseIndex) -> None:
    entry = index.search(visible=None)[0]
    meta = Meta("coordinator-1", ActorRole.COORDINATOR, "close-" + entry.case_id.hex, "api")
    runtime.app.close_case(
        meta,
        entry.case_id,
        occurred_on=date(2017, 6, 1),
        reason=ClosureReason.AUTONOMY,
        employment_at_exit=EmploymentStatus.EMPLOYED,
    )


def test_a_restart_loads_the_file_and_folds_only_the_new_records(
    runtime: Runtime, tmp_path: Path
) -> None:
    path = tmp_path / "case-index.sqlite"
    story(runtime)
    story(runtime, "Amina Diallo")
    first = CaseIndex(runtime.app, path)
    assert len(listing(first)) == 2
    first.save()
    saved = load(path)
    assert saved is not None and len(saved.rows) == 2
    assert saved.position == runtime.app.recorder.max_notification_id()

    story(runtime, "Nadia Amrani")  # after the save: a new case...
    close_first_case(runtime, first)  # ...and a status change of a saved one
    counting = Counting(runtime.app)
    restarted = CaseIndex(counting, path)
    assert listing(restarted) == listing(CaseIndex(runtime.app))  # as folded from zero
    assert any(e[4] is CaseStatus.CLOSED for e in listing(restarted))
    new = runtime.app.recorder.select_notifications(
        start=saved.position + 1, limit=10_000, topics=module.TOPICS
    )
    old = runtime.app.recorder.select_notifications(
        start=1, limit=10_000, stop=saved.position, topics=module.TOPICS
    )
    assert len(old) > 0 and counting.read == len(new) > 0  # the new records, not the log


def test_the_index_saves_as_it_folds_and_a_second_restart_reads_nothing_old(
    runtime: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(module, "SAVE_EVERY", 1)
    path = tmp_path / "case-index.sqlite"
    story(runtime)
    CaseIndex(runtime.app, path).refresh()  # saved by the fold itself, no save() call
    counting = Counting(runtime.app)
    again = CaseIndex(counting, path)
    assert len(listing(again)) == 1 and counting.read == 0


def test_a_file_of_another_store_is_ignored_and_rebuilt(
    runtime: Runtime, settings: Settings, tmp_path: Path
) -> None:
    story(runtime)
    path = case_index_path(settings)
    mine = CaseIndex(runtime.app, path)
    mine.refresh()
    mine.save()
    other_settings = Settings(data_dir=tmp_path / "other")
    other = build(other_settings)
    try:
        story(other, "Amina Diallo")
        story(other, "Nadia Amrani")
        story(other, "Lina Haddad")
        copied = case_index_path(other_settings)
        shutil.copy(path, copied)  # e.g. a data dir restored from elsewhere
        index = CaseIndex(other.app, copied)
        assert listing(index) == listing(CaseIndex(other.app))
        assert len(listing(index)) == 3
    finally:
        other.close()


def test_a_file_ahead_of_the_log_is_ignored(runtime: Runtime, tmp_path: Path) -> None:
    path = tmp_path / "case-index.sqlite"
    story(runtime)
    index = CaseIndex(runtime.app, path)
    index.refresh()
    index.save()

    with sqlite3.connect(path) as con:  # as if the log were an older backup than the file
        con.execute("UPDATE state SET position = position + 1000")
    assert listing(CaseIndex(runtime.app, path)) == listing(CaseIndex(runtime.app))


def test_a_worker_behind_the_file_never_moves_it_back(runtime: Runtime, tmp_path: Path) -> None:
    path = tmp_path / "case-index.sqlite"
    story(runtime)
    behind = CaseIndex(runtime.app, path)
    behind.refresh()
    story(runtime, "Amina Diallo")
    ahead = CaseIndex(runtime.app, path)
    ahead.refresh()
    ahead.save()
    position = load(path).position  # type: ignore[union-attr]
    behind.save()  # its position is older than the file's: nothing written
    saved = load(path)
    assert saved is not None and saved.position == position and len(saved.rows) == 2


def test_a_shutdown_mid_catch_up_saves_what_was_folded_and_the_next_start_resumes(
    runtime: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server's shutdown stops the catch-up after its current page instead of waiting
    out a large log (it held the bench's uvicorn past 30 s at `large`)."""
    monkeypatch.setattr(module, "_PAGE", 1)
    path = tmp_path / "case-index.sqlite"
    story(runtime)
    story(runtime, "Amina Diallo")

    class StopsAfterOnePage(Counting):
        index: CaseIndex

        def select_notifications(self, *args: Any, **kwargs: Any) -> Any:
            found = super().select_notifications(*args, **kwargs)
            if kwargs.get("topics"):
                self.index.stop()  # the shutdown arrives while the first page is folded
            return found

    stopping = StopsAfterOnePage(runtime.app)
    first = CaseIndex(stopping, path)
    stopping.index = first
    first.refresh()
    assert stopping.read == 1  # one page, not the whole log
    first.save()
    saved = load(path)
    head = runtime.app.recorder.max_notification_id()
    assert saved is not None and 0 < saved.position < head
    counting = Counting(runtime.app)
    resumed = CaseIndex(counting, path)
    assert listing(resumed) == listing(CaseIndex(runtime.app))  # as folded from zero
    assert counting.read > 0  # it went on from the saved position
