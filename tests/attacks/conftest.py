"""Fixtures of the attack suite: one seeded `small` store and snapshot per session, the release
under several salts (tests/attacks/harness.py), the true figures by raw SQL, and the report
(printed with -s and merged into var/attack-report.json).
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from infra.analytics.runner import rebuild
from infra.settings import Settings
from projections.queries import snapshot_path

from ..integration.test_projection_data import seed_small
from .harness import K, Releases, Tally
from .shapes import Truth

REPORT = Path(
    os.environ.get("PERCORSI_ATTACK_REPORT")
    or Path(__file__).resolve().parents[2] / "var" / "attack-report.json"
)
"""Where the figures go; the bench names its own file (a suite run meanwhile from the same
checkout would otherwise write into the bench's report)."""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "attacks: the disclosure attack suite (issue 10)")


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """`small`, seeded here; or, for the bench on `demo`, a data dir already seeded and
    projected, named by PERCORSI_ATTACK_DATA_DIR (bench/bench_attacks.py)."""
    given = os.environ.get("PERCORSI_ATTACK_DATA_DIR")
    if given:
        return Settings(data_dir=Path(given))
    settings = seed_small(tmp_path_factory.mktemp("attacks") / "var")
    rebuild(settings, progress=False)
    return settings


@pytest.fixture(scope="session")
def snapshot(seeded: Settings) -> Path:
    return snapshot_path(seeded.duckdb_path)


@pytest.fixture(scope="session")
def releases(snapshot: Path) -> Iterator[Releases]:
    found = Releases(snapshot, K)
    yield found
    found.close()


@pytest.fixture(scope="session")
def truth(snapshot: Path) -> Iterator[Truth]:
    con = duckdb.connect(str(snapshot), read_only=True)
    yield Truth(con)
    con.close()


@pytest.fixture(scope="session")
def report() -> Iterator[dict[str, dict[str, object]]]:
    found: dict[str, dict[str, object]] = {}
    yield found
    if not found:
        return
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    # Both xdist workers merge into the one report: lock, then replace the file whole, so a
    # reader never sees it half-written (it once read an empty file and failed a teardown).
    with open(REPORT.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        merged = json.loads(REPORT.read_text()) if REPORT.exists() else {}
        merged.update(found)
        partial = REPORT.with_suffix(".part")
        partial.write_text(json.dumps(merged, indent=2, sort_keys=True, default=str))
        os.replace(partial, REPORT)


@pytest.fixture
def tally(request: pytest.FixtureRequest, report: dict[str, dict[str, object]]) -> Iterator[Tally]:
    """A fresh tally named after the test; its summary is printed and reported afterwards."""
    found = Tally(request.node.name.removeprefix("test_"))
    yield found
    summary = found.summary()
    report[found.attack] = {"k": K, **summary}
    print(f"\n[attack] {found.attack}: {json.dumps(summary, default=str)}")
