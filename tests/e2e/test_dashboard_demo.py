"""`percorsi demo` end to end without a browser: serve first, seed behind, follow the log;
a second run reuses the data (the browser tests run it with --no-follow, seed first)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from infra.analytics.runner import runtime_for_worker
from infra.settings import Settings
from projections.queries import AnalyticsReader, AnalyticsUnavailable

from .test_dashboard_support import ROOT, demo_server

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dashboard")]


def _head(data_dir: Path) -> int:
    runtime = runtime_for_worker(Settings(data_dir=data_dir))
    try:
        return runtime.app.recorder.max_notification_id() or 0
    finally:
        runtime.close()


def _position(reader: AnalyticsReader) -> int:
    try:
        return reader.position
    except AnalyticsUnavailable:
        return -1


def test_demo_serves_first_then_follows_the_seed(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    with demo_server(data_dir) as server:  # default flags: --serve-first --follow
        assert httpx.get(server.api_url + "/health", timeout=5).status_code == 200
        deadline = time.monotonic() + 240
        while "pronto" not in server.log() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert "pronto" in server.log(), server.log()[-2000:]
        head = _head(data_dir)
        reader = AnalyticsReader.beside(Settings(data_dir=data_dir).duckdb_path)
        while _position(reader) < head and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _position(reader) == head  # the worker caught up while serving
        reader.close()
        assert "demo-token-manager" in server.log()  # the sign-ins are printed
    again = subprocess.run(
        [
            sys.executable,
            "-c",
            "from infra.cli import main; main()",
            "demo",
            "--size",
            "small",
            "--no-serve",
            "--no-progress",
        ],
        cwd=ROOT,
        env={**_env(data_dir)},
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert again.returncode == 0, again.stderr[-2000:]
    assert "already_loaded=True" in again.stderr.replace("\n", "")
    assert _head(data_dir) == head  # nothing appended on the second run


def _env(data_dir: Path) -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if k != "PERCORSI_DATABASE_URL"}
    return {**env, "PERCORSI_DATA_DIR": str(data_dir)}
