"""After an erasure no pseudonym of hers remains in the analytics files, not even as bytes.

DuckDB leaves deleted rows in freed blocks; the erasure path (and a following worker) rewrites
the working file with live rows only and republishes the snapshot. The byte scan first finds
her pseudonyms, so it can see what it looks for, then finds none in `analytics.duckdb`, its WAL
or the published snapshot.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from uuid import UUID

from domain.shared.case_vocabulary import ConsentScope
from domain.shared.roles import ActorRole
from infra.analytics.runner import project
from infra.audit.gdpr import erase_person
from infra.bootstrap import Runtime
from infra.secrets import pseudonym_secret
from projections.anonymise import Pseudonymiser
from projections.queries.reader import snapshot_path
from services.app import Percorsi
from tests.casework import register_woman, take_in_charge
from tests.helpers import meta

DAY = date(2018, 5, 2)


def counted_case(app: Percorsi, person_id: UUID, on: date = DAY) -> UUID:
    """A case taken in charge with consent to analytics, so it has analytic rows."""
    case_id = take_in_charge(app, person_id, "EMP", on)
    app.give_consent(meta(), case_id, occurred_on=on, scope=ConsentScope.ANALYTICS)
    return case_id


def analytics_bytes(duckdb_path: Path) -> dict[str, bytes]:
    files = [duckdb_path, Path(f"{duckdb_path}.wal"), snapshot_path(duckdb_path)]
    return {p.name: p.read_bytes() for p in files if p.exists()}


def found(files: dict[str, bytes], needles: dict[str, str]) -> list[str]:
    return [
        f"{label} in {name}"
        for name, data in files.items()
        for label, n in needles.items()
        if n.encode() in data
    ]


def her_pseudonyms(runtime: Runtime, person_id: UUID, cases: list[UUID]) -> dict[str, str]:
    keys = Pseudonymiser(pseudonym_secret(runtime.settings))
    out = {"person": keys.key("person", person_id)}
    out.update({f"case {i}": keys.key("case", c) for i, c in enumerate(cases)})
    return out


def test_erasure_leaves_no_pseudonym_in_analytics_files(runtime: Runtime) -> None:
    app, settings = runtime.app, runtime.settings
    others = [register_woman(app, DAY, name=f"Altra Donna {i}") for i in range(6)]
    for other in others:
        counted_case(app, other)
    her = register_woman(app, DAY, name="Selin Quixwold")
    cases = [counted_case(app, her), counted_case(app, her, date(2019, 1, 9))]
    project(settings, progress=False)
    needles = her_pseudonyms(runtime, her, cases)
    before = analytics_bytes(settings.duckdb_path)
    assert set(before) >= {"analytics.duckdb", "analytics.snapshot.duckdb"}
    assert found(before, needles), "the scan must see her pseudonyms before the erasure"

    erase_person(runtime, her, actor_id="adm-1", role=ActorRole.ADMIN, source="cli")

    after = analytics_bytes(settings.duckdb_path)
    assert found(after, needles) == []
    others_needles = her_pseudonyms(runtime, others[0], [])
    assert found(after, others_needles)  # the others' rows are still there


def test_a_following_worker_rewrites_the_file_itself(runtime: Runtime) -> None:
    """The batch that holds the erasure rewrites the working file (no erasure-path call)."""
    app, settings = runtime.app, runtime.settings
    her = register_woman(app, DAY, name="Selin Quixwold")
    cases = [counted_case(app, her)]
    for i in range(4):
        counted_case(app, register_woman(app, DAY, name=f"Altra {i}"))
    project(settings, progress=False)
    needles = her_pseudonyms(runtime, her, cases)
    assert found(analytics_bytes(settings.duckdb_path), needles)
    app.erase_person(meta(ActorRole.ADMIN), her, occurred_on=DAY)
    project(settings, progress=False)  # what a following worker's next batch does
    assert found(analytics_bytes(settings.duckdb_path), needles) == []


def test_an_as_of_snapshot_from_before_her_erasure_leaves_her_out(runtime: Runtime) -> None:
    """A report reproduced at a position before the erasure (or before a consent withdrawal)
    still leaves her out, bytes included: what may be used is decided now (ADR 0005, 0010)."""
    from infra.dashboard_asof import AsOfSnapshots

    app, settings = runtime.app, runtime.settings
    kept = [counted_case(app, register_woman(app, DAY, name=f"Altra Donna {i}")) for i in range(4)]
    her = register_woman(app, DAY, name="Selin Quixwold")
    cases = [counted_case(app, her)]
    other = register_woman(app, DAY, name="Ada Withdrawn")
    withdrawn = counted_case(app, other)
    before_erasure = app.recorder.max_notification_id() or 0
    erase_person(runtime, her, actor_id="adm-1", role=ActorRole.ADMIN, source="cli")
    app.withdraw_consent(meta(), withdrawn, occurred_on=DAY, scope=ConsentScope.ANALYTICS)
    snapshots = AsOfSnapshots(settings)
    try:
        reader = snapshots.reader(before_erasure)
        assert reader.position == before_erasure
        files = {reader.path.name: reader.path.read_bytes()}
    finally:
        snapshots.close()
    keys = Pseudonymiser(pseudonym_secret(settings))
    assert all(keys.key("case", c).encode() in files[reader.path.name] for c in kept)
    assert found(files, her_pseudonyms(runtime, her, cases)) == []
    assert found(files, {"withdrawn": keys.key("case", withdrawn)}) == []
