"""A real uvicorn in a subprocess on a free 127.0.0.1 port, with its own data dir and users.

`start_api(tmp_path, database_url=None, workers=1)` prepares the stores (catalogue, one user per
role with a known token) in this process, then launches uvicorn and waits for /health.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from domain.shared.roles import ActorRole
from infra.api.users import open_user_store
from infra.bootstrap import build
from infra.settings import Settings

ROOT = Path(__file__).resolve().parents[2]

# user id → (role, programmes); the token of each is "tok-<user id>".
TEST_USERS: dict[str, tuple[ActorRole, str]] = {
    "caseworker": (ActorRole.CASEWORKER, "EMP,LESFEMMES,AZIONI1516"),
    "coordinator": (ActorRole.COORDINATOR, "*"),
    "auditor": (ActorRole.AUDITOR, "*"),
    "evaluator": (ActorRole.EVALUATOR, "*"),
    "manager": (ActorRole.MANAGER, "*"),
    "admin": (ActorRole.ADMIN, "*"),
    "caseworker-sostengo": (ActorRole.CASEWORKER, "SOSTENGO"),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ApiServer:
    url: str
    settings: Settings
    process: subprocess.Popen[bytes]
    log_path: Path
    clients: dict[str, httpx.Client] = field(default_factory=dict)

    def client(self, user: str | None = None) -> httpx.Client:
        """An HTTP client authenticated as `user` (None: anonymous)."""
        key = user or ""
        if key not in self.clients:
            headers = {"Authorization": f"Bearer tok-{user}"} if user else {}
            self.clients[key] = httpx.Client(base_url=self.url, headers=headers, timeout=30)
        return self.clients[key]

    def head(self) -> int:
        """The event log's last position, read from the store itself (not through the API)."""
        runtime = build(self.settings, load_catalogue=False)
        try:
            return int(runtime.app.recorder.max_notification_id() or 0)
        finally:
            runtime.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        for client in self.clients.values():
            client.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def prepare(settings: Settings) -> None:
    build(settings).close()
    users = open_user_store(settings)
    for user_id, (role, programmes) in TEST_USERS.items():
        users.add_user(user_id, role, programmes, token=f"tok-{user_id}")


def start_api(
    data_dir: Path, database_url: str | None = None, workers: int = 1, **extra_env: str
) -> ApiServer:
    settings = Settings(data_dir=data_dir, database_url=database_url)
    prepare(settings)
    port = free_port()
    env = {
        **os.environ,
        "PERCORSI_DATA_DIR": str(data_dir),
        "PERCORSI_LOG_LEVEL": "WARNING",
        **extra_env,
    }
    env.pop("PERCORSI_DATABASE_URL", None)
    if database_url:
        env["PERCORSI_DATABASE_URL"] = database_url
    log_path = data_dir / f"uvicorn-{port}.log"
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "infra.api.main:app_from_env",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = ApiServer(f"http://127.0.0.1:{port}", settings, process, log_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"uvicorn exited: {server.log()[-2000:]}")
        try:
            if httpx.get(f"{server.url}/health", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"uvicorn did not answer in 60 s: {server.log()[-2000:]}")


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    """One SQLite-backed server for a test module."""
    server = start_api(tmp_path_factory.mktemp("api") / "var")
    yield server
    server.stop()


def key() -> dict[str, str]:
    return {"Idempotency-Key": uuid.uuid4().hex}


PERSON = {
    "occurred_on": "2018-03-01",
    "personal": {
        "full_name": "Amina Testa Ouedraogo",
        "fiscal_code": "TSTMNA85C41Z335Y",
        "birth_date": "1985-03-01",
        "phone": "+39 333 0000001",
        "email": "amina.test@example.org",
        "address": "Via di Test 1, Empoli",
    },
    "profile": {
        "birth_year": 1985,
        "country_of_birth": "BF",
        "arrival_year": 2009,
        "first_language": "fr",
        "italian_level": "a2",
        "education": "primary",
        "permit": "family",
        "municipality": "Empoli",
    },
    "household": {"kind": "single_mother", "children": [{"birth_year": 2010}]},
}
BASELINE = {
    d: 3
    for d in ("work", "language", "housing", "money", "services", "network", "family", "wellbeing")
}


def open_case(
    server: ApiServer,
    user: str = "caseworker",
    programme: str = "EMP",
    intake: bool = True,
    analytics: bool = False,
    case_id: str | None = None,
) -> dict[str, Any]:
    """A woman and her case through the API: register, refer, consent, intake (`case_id`: the
    case's id chosen by the caller, e.g. the same on two servers)."""
    client = server.client(user)
    person = client.post("/v1/people", json=PERSON, headers=key())
    assert person.status_code == 201, person.text
    person_id = person.json()["id"]
    case = client.post(
        "/v1/cases",
        headers=key(),
        json={
            "occurred_on": "2018-03-02",
            "person_id": person_id,
            "programme": programme,
            "referring_service": "social_empoli",
            "reasons": ["employment", "language"],
        }
        | ({"case_id": case_id} if case_id else {}),
    )
    assert case.status_code == 201, case.text
    case_id = case.json()["id"]
    if intake:
        for path, body in (
            ("consents", {"occurred_on": "2018-03-02", "scope": "processing"}),
            (
                "intake",
                {
                    "occurred_on": "2018-03-05",
                    "baseline": BASELINE,
                    "employment": "unemployed_seeking",
                    "income_source": "benefits",
                    "housing": "rented",
                    "needs": ["job"],
                    "notes": "Colloquio iniziale con Amina",
                },
            ),
        ):
            done = client.post(f"/v1/cases/{case_id}/{path}", json=body, headers=key())
            assert done.status_code == 200, done.text
    if analytics:  # without it, the projections leave her case out
        done = client.post(
            f"/v1/cases/{case_id}/consents",
            headers=key(),
            json={"occurred_on": "2018-03-06", "scope": "analytics"},
        )
        assert done.status_code == 200, done.text
    return {"person_id": person_id, "case_id": case_id}
