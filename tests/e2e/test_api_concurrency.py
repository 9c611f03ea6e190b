"""The same exactly-once check on SQLite: two uvicorn workers (each with its group commit) on
one SQLite file, 32 clients, 10 cases."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.e2e.conftest import open_case, start_api
from tests.e2e.test_api_postgres_workers import CASES, CLIENTS, fire


def test_concurrent_commands_on_sqlite(tmp_path: Path) -> None:
    server = start_api(tmp_path / "var", workers=2)
    try:
        cases = [open_case(server)["case_id"] for _ in range(CASES)]
        before = {
            c: server.client("caseworker").get(f"/v1/cases/{c}").json()["version"] for c in cases
        }
        with ThreadPoolExecutor(CLIENTS) as pool:
            results = [
                r
                for batch in pool.map(lambda s: fire(server.url, 1000 + s, cases), range(CLIENTS))
                for r in batch
            ]
        statuses = Counter(status for _, _, status, _ in results)
        assert set(statuses) <= {200, 409}, statuses
        assert statuses[200] > 0 and statuses[409] > 0
        refused = {k for _, k, s, _ in results if s == 409}
        for case_id in cases:
            history = server.client("auditor").get(f"/v1/cases/{case_id}/history").json()["items"]
            stored = Counter(
                e["command_id"].rsplit(":", 1)[-1]
                for e in history
                if e["kind"] == "ActivityRecorded"
            )
            mine = {(k, v) for c, k, _, v in results if c == case_id and v is not None}
            assert all(n == 1 for n in stored.values())
            assert set(stored) == {k for k, _ in mine} and not set(stored) & refused
            versions = {e["command_id"].rsplit(":", 1)[-1]: e["version"] for e in history}
            assert all(versions[k] == v for k, v in mine)
            assert history[-1]["version"] == before[case_id] + len(mine)
        assert "Traceback" not in server.log()
    finally:
        server.stop()
