"""`percorsi audit …` and `percorsi gdpr …` as an operator runs them: a real process each time."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from infra.bootstrap import build
from infra.settings import Settings
from tests.integration.audit_support import Story, story

PERCORSI = [sys.executable, "-c", "from infra.cli import main; main()"]


def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PERCORSI_DATA_DIR": str(data_dir),
        "PERCORSI_ACTOR": "aud-7",
        "COLUMNS": "200",
    }
    env.pop("PERCORSI_DATABASE_URL", None)
    return subprocess.run(
        [*PERCORSI, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def told(tmp_path: Path) -> tuple[Path, Story]:
    data_dir = tmp_path / "var"
    runtime = build(Settings(data_dir=data_dir))
    try:
        return data_dir, story(runtime)
    finally:
        runtime.close()


def test_verify_checkpoint_and_tamper_from_the_command_line(
    told: tuple[Path, Story], tmp_path: Path
) -> None:
    data_dir, _ = told
    first = cli(data_dir, "audit", "verify")
    assert first.returncode == 0, first.stderr
    assert "catena integra / chain intact" in first.stdout
    kept = tmp_path / "auditor-checkpoints.json"
    signed = cli(data_dir, "audit", "checkpoint", "--out", str(kept), "--every", "5")
    assert signed.returncode == 0, signed.stderr
    document = json.loads(kept.read_text())
    assert document["checkpoints"][0]["position"] == 5 and len(document["public_key"]) == 64
    assert cli(data_dir, "audit", "verify", "--against", str(kept)).returncode == 0

    with sqlite3.connect(data_dir / "events.sqlite") as db:
        state = bytearray(
            db.execute("SELECT state FROM stored_events WHERE rowid = 7").fetchone()[0]
        )
        state[3] ^= 0x10
        db.execute("UPDATE stored_events SET state = ? WHERE rowid = 7", (bytes(state),))
    broken = cli(data_dir, "audit", "verify", "--against", str(kept))
    assert broken.returncode == 1
    assert "record modificato" in broken.stderr and "record modified" in broken.stderr
    assert "position 7" in broken.stderr

    missing = cli(data_dir, "audit", "verify", "--against", str(tmp_path / "nope.json"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_case_history_masks_until_justified_and_logs_the_reveal(told: tuple[Path, Story]) -> None:
    data_dir, s = told
    masked = cli(data_dir, "audit", "case", str(s.case_id))
    assert masked.returncode == 0, masked.stderr
    assert "[riservato]" in masked.stdout and "corretto da v6" in masked.stdout
    assert not [v for v in s.values if v in masked.stdout]
    english = cli(data_dir, "audit", "case", str(s.case_id), "--lang", "en", "--version", "4")
    assert "Intake with baseline assessment" in english.stdout and "v5" not in english.stdout

    refused = cli(data_dir, "audit", "case", str(s.case_id), "--reveal")
    assert refused.returncode == 2 and "why" in refused.stderr
    shown = cli(data_dir, "audit", "case", str(s.case_id), "--reveal", "--why", "ispezione 12")
    assert shown.returncode == 0 and s.values[-2] in shown.stdout.replace("\n", " ")
    log = json.loads(cli(data_dir, "audit", "access-log", "--json").stdout)
    assert [(e["actor_id"], e["source"], e["why"], e["case_id"]) for e in log] == [
        ("aud-7", "cli", "ispezione 12", str(s.case_id))
    ]
    assert cli(data_dir, "audit", "case", "not-a-uuid").returncode == 2
    person = cli(data_dir, "audit", "person", str(s.person_id), "--lang", "en")
    assert person.returncode == 0 and "Person registered" in person.stdout
    assert str(s.case_id) in person.stdout and "[masked]" in person.stdout


def test_gdpr_export_withdraw_and_erase_from_the_command_line(
    told: tuple[Path, Story], tmp_path: Path
) -> None:
    data_dir, s = told
    out = tmp_path / "export.json"
    done = cli(
        data_dir,
        "gdpr",
        "export",
        str(s.person_id),
        "--why",
        "richiesta scritta",
        "--out",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    assert all(v in out.read_text() for v in s.values)
    withdrawn = cli(data_dir, "gdpr", "withdraw-consent", str(s.case_id), "--scope", "analytics")
    assert withdrawn.returncode == 0 and "(v7)" in withdrawn.stdout
    assert cli(data_dir, "gdpr", "erase", str(s.person_id)).returncode == 2  # needs --yes
    erased = cli(data_dir, "gdpr", "erase", str(s.person_id), "--yes")
    assert erased.returncode == 0, erased.stderr
    assert json.loads(erased.stdout)["key_destroyed"] is True
    proof = cli(data_dir, "gdpr", "proof", str(s.person_id))
    assert "signature valid: True" in proof.stdout
    assert not [v for v in s.values if v in erased.stdout + proof.stdout]
    assert cli(data_dir, "audit", "verify").returncode == 0


def test_verify_never_chains_a_forged_tail_and_strict_fails_on_it(
    told: tuple[Path, Story], tmp_path: Path
) -> None:
    data_dir, s = told
    with sqlite3.connect(data_dir / "events.sqlite") as db:
        n = db.execute("SELECT MAX(rowid) FROM stored_events").fetchone()[0]
    kept = tmp_path / "auditor-checkpoints.json"
    signed = cli(data_dir, "audit", "checkpoint", "--out", str(kept))
    assert signed.returncode == 0, signed.stderr
    assert f"hash chain extended by cli:aud-7: positions 1..{n} ({n} records)" in signed.stderr
    assert cli(data_dir, "audit", "verify", "--strict", "--against", str(kept)).returncode == 0

    with sqlite3.connect(data_dir / "events.sqlite") as db:  # the intruder appends version 7
        topic, state = db.execute(
            "SELECT topic, state FROM stored_events WHERE rowid = ?", (n,)
        ).fetchone()
        db.execute("INSERT INTO stored_events VALUES (?, 7, ?, ?)", (s.case_id.hex, topic, state))
    tail = f"positions {n + 1}..{n + 1} (notification ids {n + 1}..{n + 1})"
    for _ in range(2):  # the first verification chained nothing
        normal = cli(data_dir, "audit", "verify", "--against", str(kept))
        assert normal.returncode == 0, normal.stderr
        assert f"unverified since checkpoint {n}: {tail}" in normal.stderr
        assert f"unchained tail: {tail}" in normal.stderr
    strict = cli(data_dir, "audit", "verify", "--strict", "--json")
    assert strict.returncode == 1 and "--strict" in strict.stderr
    report = json.loads(strict.stdout)
    assert report["ok"] and not report["strict_ok"] and report["chained"] == n
    assert report["unchained"]["first_position"] == n + 1

    extended = cli(data_dir, "audit", "extend")  # the explicit, logged step vouches for it
    assert extended.returncode == 0 and "nuovi collegamenti / new links: 1" in extended.stdout
    assert f"positions {n + 1}..{n + 1} (1 records)" in extended.stderr
