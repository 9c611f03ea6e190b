"""The projection's decoder against the library's mapper, on a real seeded SQLite store.

Same classes, same values for everything the analytics read, the same upcasting of old records;
only `meta` and sealed personal values are left unbuilt. Its compact pickling (the reader
process's wire format) gives back equal events. The topic list is the one the worker filters by.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from eventsourcing.persistence import Notification

from infra.analytics.decoding import (
    NOT_BUILT,
    NOT_SHIPPED,
    ProjectionDecoder,
    dumps,
    loads,
    pickler_table,
)
from infra.analytics.runner import runtime_for_worker
from infra.analytics.topics import READ, wanted
from infra.bootstrap import Runtime
from infra.settings import Settings

from .test_projection_data import seed_small

UNBUILT_FIELDS = {"meta", "personal", "notes", "reason"}  # may hold an unbuilt value


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    settings: Settings = seed_small(tmp_path_factory.mktemp("decoder") / "var")
    runtime = runtime_for_worker(settings)
    yield runtime
    runtime.close()


def _read(runtime: Runtime) -> list[Notification]:
    page = runtime.app.recorder.select_notifications(
        0, 1_000_000, topics=READ, inclusive_of_start=False
    )
    return list(page)


def _comparable(event: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(event).items() if k not in UNBUILT_FIELDS}


def test_the_sql_filter_reads_exactly_the_wanted_topics(runtime: Runtime) -> None:
    everything = runtime.app.recorder.select_notifications(0, 1_000_000, inclusive_of_start=False)
    assert [n.id for n in _read(runtime)] == [n.id for n in everything if wanted(n.topic)]
    assert any(not wanted(n.topic) for n in everything)  # command records are left out
    assert all(wanted(t) for t in READ)


def test_decoded_events_equal_the_library_mappers(runtime: Runtime) -> None:
    decoder = ProjectionDecoder(runtime.app.mapper)
    notifications = _read(runtime)
    assert len(notifications) > 3_000
    kinds = set()
    for notification in notifications:
        ours = decoder.decode(notification)
        theirs = runtime.app.mapper.to_domain_event(notification)
        assert type(ours) is type(theirs)
        assert _comparable(ours) == _comparable(theirs), notification.topic
        assert ours.meta is None  # not built: no analytic row reads who recorded it
        kinds.add(type(ours).__qualname__)
    assert {"Case.Referred", "Case.ActivityRecorded", "Person.Registered"} <= kinds
    assert "meta" in NOT_BUILT


def test_old_records_are_upcast_as_the_library_does(runtime: Runtime) -> None:
    """An ActivityRecorded stored at class_version 1 (before group_id) reads group_id None."""
    cipher = runtime.app.mapper.cipher
    assert cipher is not None
    stored = next(n for n in _read(runtime) if n.topic.endswith("Case.ActivityRecorded"))
    state = json.loads(cipher.decrypt(stored.state))
    assert state.pop("class_version") == 2
    state.pop("group_id")
    old = replace(stored, state=cipher.encrypt(json.dumps(state).encode()))
    ours = ProjectionDecoder(runtime.app.mapper).decode(old)
    theirs = runtime.app.mapper.to_domain_event(old)
    assert ours.group_id is None and theirs.group_id is None
    assert _comparable(ours) == _comparable(theirs)


def test_a_damaged_record_is_refused_by_its_id(runtime: Runtime) -> None:
    cipher = runtime.app.mapper.cipher
    assert cipher is not None
    stored = _read(runtime)[0]
    damaged = replace(stored, state=cipher.encrypt(b"not json"))
    with pytest.raises(ValueError, match=f"stored event {stored.id} "):
        ProjectionDecoder(runtime.app.mapper).decode(damaged)


def test_the_reader_process_wire_format_gives_back_equal_events(runtime: Runtime) -> None:
    decoder = ProjectionDecoder(runtime.app.mapper)
    events = [decoder.decode(n) for n in _read(runtime)[:2_000]]
    kept = [{k: v for k, v in vars(e).items() if k not in NOT_SHIPPED} for e in events]
    assert any(len(k) < len(vars(e)) for k, e in zip(kept, events, strict=True))
    back = loads(dumps(events, pickler_table(decoder.enums)))
    assert [type(e) for e in back] == [type(e) for e in events]
    assert [vars(e) for e in back] == kept  # all but what the fold never reads
    pairs = [(b, o) for b, o in zip(back, events, strict=True) if hasattr(o, "kind")]
    assert pairs and all(b.kind is o.kind for b, o in pairs)  # the vocabulary's own members
