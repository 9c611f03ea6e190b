"""SIGTERM and SIGINT stop every long-running command within a few seconds, cleanly.

The real command runs in a subprocess and gets the signal mid-work: the projection worker
while catching up in small batches, the demo while it serves and seeds behind, the API
server. Each must exit 0 (their documented normal end) within ~5 s, leave no half-written
batch (a restart ends exactly where a clean rebuild ends) and leave the store healthy
(`percorsi doctor` exits 0).
"""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from infra.settings import Settings

from .test_projection_data import CLI_MAIN, cli, cli_env, seed_small, table_hashes

STOP_WITHIN = 5.0


def start(settings: Settings, *args: str, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CLI_MAIN, *args],
        env={**cli_env(settings), **extra},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stop(process: subprocess.Popen[str], signum: int) -> tuple[int, float, str]:
    sent = time.monotonic()
    process.send_signal(signum)
    try:
        _, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
        pytest.fail(f"still running 30 s after signal {signum}")
    return process.returncode, time.monotonic() - sent, err


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_http(url: str, process: subprocess.Popen[str], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"{url} never answered")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_the_projection_worker_stops_mid_catch_up_without_a_half_batch(
    tmp_path: Path, signum: int
) -> None:
    settings = seed_small(tmp_path / "var")
    worker = start(settings, "project", "--batch-size", "200", "--poll", "0.2", "--quiet")
    wal = Path(f"{settings.duckdb_path}.wal")
    deadline = time.monotonic() + 120
    while not wal.exists() and time.monotonic() < deadline:  # committing batches now
        assert worker.poll() is None, worker.stderr.read() if worker.stderr else ""
        time.sleep(0.02)
    time.sleep(0.3)
    code, took, err = stop(worker, signum)
    assert code == 0, err[-2000:]
    assert took < STOP_WITHIN, took
    assert "Traceback" not in err
    finished = cli(settings, "project", "--once", "--quiet")  # resumes from its position
    assert finished.returncode == 0, finished.stderr
    resumed = table_hashes(settings.duckdb_path)
    assert cli(settings, "rebuild", "--fresh", "--quiet").returncode == 0
    assert table_hashes(settings.duckdb_path) == resumed


def test_the_demo_stops_while_serving_and_seeding(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "var")
    api, board = free_port(), free_port()
    demo = start(
        settings,
        "demo",
        "--size",
        "small",
        "--no-progress",
        PERCORSI_API_PORT=str(api),
        PERCORSI_DASHBOARD_PORT=str(board),
    )
    wait_http(f"http://127.0.0.1:{api}/docs", demo)
    time.sleep(1.0)  # seeding behind, the worker following
    code, took, err = stop(demo, signal.SIGTERM)
    assert code == 0, err[-2000:]
    assert took < STOP_WITHIN, took
    assert "Traceback" not in err
    doctor = cli(cli_settings(settings), "doctor")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr


def cli_settings(settings: Settings) -> Settings:
    return settings


def test_the_api_server_stops_on_sigterm(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "var")
    port = free_port()
    server = start(settings, "serve", "--port", str(port))
    wait_http(f"http://127.0.0.1:{port}/docs", server)
    code, took, err = stop(server, signal.SIGTERM)
    assert code == 0, err[-2000:]
    assert took < STOP_WITHIN, took


def test_files_under_the_data_dir_are_private(tmp_path: Path) -> None:
    """0600 files and 0700 directories: stores, key store, secrets, DuckDB file and snapshot."""
    settings = seed_small(tmp_path / "var")
    os.umask(0o022)  # a permissive caller (build() had set 077): the CLI sets its own
    assert cli(settings, "project", "--once", "--quiet").returncode == 0
    assert cli(settings, "doctor").returncode == 0
    root = Path(settings.data_dir)
    seen = {p.relative_to(root).as_posix() for p in root.rglob("*")}
    assert {"events.sqlite", "keys.sqlite", "analytics.duckdb", "analytics.snapshot.duckdb"} <= seen
    assert {"secrets/kek.key", "secrets/pseudonym.key", "secrets/audit-signing.key"} <= seen
    wrong = [
        f"{p.relative_to(root)} {oct(stat.S_IMODE(p.stat().st_mode))}"
        for p in [root, *root.rglob("*")]
        if stat.S_IMODE(p.stat().st_mode) != (0o700 if p.is_dir() else 0o600)
    ]
    assert wrong == []
