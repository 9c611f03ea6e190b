"""The README path: `percorsi serve --demo-users`, then `percorsi users add|revoke` beside it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.e2e.conftest import ROOT, free_port

CLI = [sys.executable, "-c", "from infra.cli import main; main()"]


def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PERCORSI_DATA_DIR": str(data_dir)}
    env.pop("PERCORSI_DATABASE_URL", None)
    return subprocess.run(
        [*CLI, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_serve_with_demo_users_and_manage_users(tmp_path: Path) -> None:
    data_dir, port = tmp_path / "var", free_port()
    env = {**os.environ, "PERCORSI_DATA_DIR": str(data_dir)}
    env.pop("PERCORSI_DATABASE_URL", None)
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [*CLI, "serve", "--demo-users", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        me = httpx.get(f"{url}/v1/me", headers={"Authorization": "Bearer demo-token-manager"})
        assert me.json() == {"user_id": "demo-manager", "role": "manager", "programmes": ["*"]}
        assert (
            "demo user demo-manager: token demo-token-manager"
            in (tmp_path / "serve.log").read_text()
        )

        added = cli(
            data_dir,
            "users",
            "add",
            "op-017",
            "--role",
            "caseworker",
            "--programmes",
            "EMP,lesfemmes",
        )
        assert added.returncode == 0, added.stderr
        token = added.stdout.strip()
        assert token.startswith("pct_") and len(token) > 40
        assert token not in (data_dir / "users.sqlite").read_bytes().decode(errors="ignore")
        mine = httpx.get(f"{url}/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
        assert mine == {
            "user_id": "op-017",
            "role": "caseworker",
            "programmes": ["EMP", "LESFEMMES"],
        }

        unscoped = cli(data_dir, "users", "add", "op-018", "--role", "caseworker")
        assert unscoped.returncode == 2 and "programmes" in unscoped.stderr
        twice = cli(data_dir, "users", "add", "op-017", "--role", "auditor")
        assert twice.returncode == 2 and "already_exists" in twice.stderr

        assert cli(data_dir, "users", "revoke", "op-017").returncode == 0
        time.sleep(5.5)  # the token cache lives 5 s
        gone = httpx.get(f"{url}/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert gone.status_code == 401
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
