"""`uvicorn --workers 2` on PostgreSQL: 32 clients, 10 cases, concurrent commands.

Every acknowledged command is in the store exactly once (at the version it was acknowledged
with), every refusal is a 409 and left nothing behind, and nothing else happened.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from tests.conftest import fresh_postgres_database
from tests.e2e.conftest import open_case, start_api

CLIENTS, CASES, COMMANDS_EACH = 32, 10, 8


def fire(url: str, seed: int, cases: list[str]) -> list[tuple[str, str, int, int | None]]:
    """One client: (case, key, status, acknowledged version) for each command it sent."""
    rng = random.Random(seed)
    sent = []
    headers = {"Authorization": "Bearer tok-caseworker"}
    with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
        for _ in range(COMMANDS_EACH):
            case_id = rng.choice(cases)
            key = uuid.uuid4().hex
            extra = {}
            if rng.random() < 0.5:  # half of them say which version they saw
                version = client.get(f"/v1/cases/{case_id}").json()["version"]
                extra["If-Match"] = f'"{version}"'
            response = client.post(
                f"/v1/cases/{case_id}/activities",
                headers={"Idempotency-Key": key, **extra},
                json={"occurred_on": "2018-04-01", "kind": "orientation", "hours": 1},
            )
            acked = response.json()["version"] if response.status_code == 200 else None
            if response.status_code == 409:
                assert response.json()["code"] == "concurrency_conflict"
            sent.append((case_id, key, response.status_code, acked))
    return sent


def test_concurrent_commands_on_two_workers(tmp_path: Path) -> None:
    server = start_api(tmp_path / "var", database_url=fresh_postgres_database(), workers=2)
    try:
        cases = [open_case(server)["case_id"] for _ in range(CASES)]
        before = {
            c: server.client("caseworker").get(f"/v1/cases/{c}").json()["version"] for c in cases
        }
        with ThreadPoolExecutor(CLIENTS) as pool:
            results = [
                r
                for batch in pool.map(lambda s: fire(server.url, s, cases), range(CLIENTS))
                for r in batch
            ]
        statuses = Counter(status for _, _, status, _ in results)
        print(f"acknowledged {statuses[200]}, refused {statuses[409]}")
        assert set(statuses) <= {200, 409}, statuses
        assert statuses[200] > 0 and statuses[409] > 0  # both paths really happened

        acked = [(c, k, v) for c, k, s, v in results if s == 200]
        refused = {k for _, k, s, _ in results if s == 409}
        for case_id in cases:
            history = server.client("auditor").get(f"/v1/cases/{case_id}/history").json()["items"]
            stored = Counter(
                e["command_id"].rsplit(":", 1)[-1]
                for e in history
                if e["kind"] == "ActivityRecorded"
            )
            mine = {(k, v) for c, k, v in acked if c == case_id}
            assert all(n == 1 for n in stored.values())  # exactly once
            assert set(stored) == {k for k, _ in mine}  # every ack stored, nothing else
            assert not set(stored) & refused
            versions = {e["command_id"].rsplit(":", 1)[-1]: e["version"] for e in history}
            assert all(versions[k] == v for k, v in mine)  # at the version acknowledged
            assert history[-1]["version"] == before[case_id] + len(mine)

        # A retry of an acknowledged command, through either worker, appends nothing.
        case_id, key, version = acked[0]
        for _ in range(4):
            again = server.client("caseworker").post(
                f"/v1/cases/{case_id}/activities",
                headers={"Idempotency-Key": key},
                json={"occurred_on": "2018-04-01", "kind": "orientation", "hours": 1},
            )
            assert again.status_code == 200 and again.json()["version"] == version
            assert again.headers["Idempotent-Replayed"] == "true"
        assert "Traceback" not in server.log()
    finally:
        server.stop()
