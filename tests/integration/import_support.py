"""Helpers for the import tests: the CLI as a process, counts of what a store holds, tmpfs."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg

from infra.bootstrap import Runtime
from infra.settings import Settings

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "legacy"
PERCORSI = [sys.executable, "-c", "from infra.cli import main; main()"]


def cli(settings: Settings, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`percorsi ARGS` as an operator runs it, against the store of `settings`."""
    full = {**os.environ, "PERCORSI_DATA_DIR": str(settings.data_dir), "COLUMNS": "200", **env}
    full.pop("PERCORSI_DATABASE_URL", None)
    if settings.database_url:
        full["PERCORSI_DATABASE_URL"] = settings.database_url
    return subprocess.run(
        [*PERCORSI, *args], env=full, capture_output=True, text=True, timeout=300, check=False
    )


def error_lines(done: subprocess.CompletedProcess[str]) -> list[str]:
    """stderr without the progress bar (drawn on a terminal only, but be safe)."""
    return [line for line in done.stderr.splitlines() if line.strip() and "━" not in line]


def one_readable_line(done: subprocess.CompletedProcess[str]) -> str:
    lines = error_lines(done)
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout, done.stderr
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("errore / error: "), lines
    return lines[0]


def stored_rows(settings: Settings) -> int:
    """Every stored event row, read with the store's own client (not the application)."""
    if settings.is_postgres:
        with psycopg.connect(settings.database) as conn:
            row = conn.execute("SELECT count(*) FROM percorsi_events").fetchone()
    else:
        with sqlite3.connect(settings.sqlite_path) as db:
            row = db.execute("SELECT count(*) FROM stored_events").fetchone()
    assert row is not None
    return int(row[0])


def stored_keys(settings: Settings) -> int:
    if settings.is_postgres:
        with psycopg.connect(settings.database) as conn:
            row = conn.execute("SELECT count(*) FROM percorsi_data_keys").fetchone()
    else:
        with sqlite3.connect(settings.keystore_path) as db:
            row = db.execute("SELECT count(*) FROM data_keys").fetchone()
    assert row is not None
    return int(row[0])


def head(runtime: Runtime) -> int:
    return runtime.app.recorder.max_notification_id() or 0


def mount_tmpfs(path: Path, size: str, *options: str) -> None:
    path.mkdir(parents=True, exist_ok=True)
    opts = ",".join((f"size={size}", *options))
    subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(path)], check=True)


def unmount(path: Path) -> None:
    if subprocess.run(["mountpoint", "-q", str(path)], check=False).returncode == 0:
        subprocess.run(["umount", "-l", str(path)], check=True)


def fill(path: Path, leave_bytes: int) -> Path:
    """Fill the file system of `path` to the brim, then give `leave_bytes` back."""
    filler = path / "filler"
    block = b"\0" * 65536
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(block)
        except OSError:
            pass
    os.truncate(filler, max(filler.stat().st_size - leave_bytes, 0))
    return filler
