"""The disclosure attack suite on bigger data (issue 10): `small` runs in CI; here `demo`.

Seeds `demo` for `--size large` (`small` for `--size small`), then runs `tests/attacks` on that
data dir in a subprocess (PERCORSI_ATTACK_DATA_DIR) and reports, per attack, the targets and
the exact recoveries (the target is 0) from the suite's own report. It takes minutes on `demo`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from bench.common import Result, scratch_dir, seeded_snapshot

SEED_SIZE = {"small": "small", "demo": "demo", "large": "demo"}
PYTEST = [sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:randomly"]
SLOW_ON_DEMO = ["--ignore", "tests/attacks/test_model_snapshots.py"]
"""The as-of model attack builds 60 snapshots from zero and fits every model on each: minutes
on `small` (where `make test` runs it), far longer on `demo`, so the bench leaves it out."""
LOG = Path(__file__).resolve().parent / "results" / "attacks-{size}.log"
"""pytest's own output, kept: a failing assertion is read there, not guessed from counts."""


def run(size: str) -> list[Result]:
    with scratch_dir("attacks-") as data_dir:
        seeded_snapshot(data_dir, SEED_SIZE[size])
        report_path = data_dir.resolve() / "attack-report.json"
        env = {
            **os.environ,
            "PERCORSI_ATTACK_DATA_DIR": str(data_dir.resolve()),
            "PERCORSI_ATTACK_REPORT": str(report_path),
        }
        done = subprocess.run(
            [*PYTEST, "tests/attacks", *SLOW_ON_DEMO],
            env=env,
            capture_output=True,
            text=True,
            timeout=3600,
        )
        report = json.loads(report_path.read_text()) if report_path.exists() else {}
    log = Path(str(LOG).format(size=SEED_SIZE[size]))
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(done.stdout + done.stderr)
    failed = sorted(set(re.findall(r"^FAILED (\S+)", done.stdout, re.MULTILINE)))
    results = [
        Result(f"attacks: suite passed ({SEED_SIZE[size]})", float(done.returncode == 0), "yes")
    ]
    results += [  # each failing test by name; its output is in the log beside the results
        Result(f"attacks: FAILED {name} (see bench/results/{log.name})", 1.0, "test", target="0")
        for name in failed
    ]
    exact = 0
    for attack, figures in sorted(report.items()):
        control = attack.startswith("without_protection")  # shows the attack is real
        if not control:
            exact += int(figures.get("exact_recoveries") or 0)
        results.append(
            Result(
                f"attacks {attack}: exact recoveries of {figures.get('targets')} targets"
                + (" (control, protection off)" if control else ""),
                float(figures.get("exact_recoveries") or 0),
                "values",
                target="> 0" if control else "0",
            )
        )
    total = Result("attacks: exact recoveries, all attacks", float(exact), "values", target="0")
    results.append(total)
    return results
