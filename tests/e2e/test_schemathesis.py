"""Schemathesis against the served OpenAPI: ≥ 1,000 generated requests, no 5xx, no schema breach.

One run per kind of caller, so each operation is exercised by a role that may use it (the
others get 403, which is documented). `positive_data_acceptance` is left out: the domain's
rules (dates inside a programme's period, an Idempotency-Key the generator reuses for another
command) reject schema-valid requests by design, with documented 4xx problem responses.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.e2e.conftest import ROOT, open_case, start_api

CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_headers_conformance,response_schema_conformance,negative_data_rejection,"
    "missing_required_header,unsupported_method,allow_header_conformance,ignored_auth"
)
RUNS = (  # (user, max examples per operation, operations)
    ("coordinator", 10, None),
    ("caseworker", 5, r"^/v1/(cases|people)"),
    ("admin", 15, r"^/v1/(users|gdpr)"),
    ("auditor", 15, r"^/v1/audit"),
    ("evaluator", 15, r"^/v1/(exports|analytics)"),
)


def project(data_dir: Path) -> None:
    """Build the analytics snapshot, so the analytics endpoints answer rather than 503."""
    env = {**os.environ, "PERCORSI_DATA_DIR": str(data_dir)}
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from infra.cli import main; main()",
            "project",
            "--once",
            "--quiet",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
        capture_output=True,
    )


def fuzz(
    url: str, user: str, examples: int, paths: str | None, report: Path, config: Path | None = None
) -> tuple[int, str]:
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        *(["--config-file", str(config)] if config else []),
        "run",
        f"{url}/openapi.json",
        "-H",
        f"Authorization: Bearer tok-{user}",
        "--checks",
        CHECKS,
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        str(examples),
        "--seed",
        "20061",
        "--no-color",
        "--request-timeout",
        "30",
        "--generation-database",
        "none",
        "--report",
        "junit",
        "--report-junit-path",
        str(report),
    ]
    if paths:
        command += ["--include-path-regex", paths]
    done = subprocess.run(command, cwd=report.parent, capture_output=True, text=True, timeout=900)
    output = done.stdout + done.stderr
    generated = re.search(r"(\d+) generated", output)
    assert done.returncode == 0, output[-6000:]
    assert generated, output[-2000:]
    return int(generated.group(1)), output


def test_fuzzing_finds_no_server_error_and_no_schema_violation(tmp_path: Path) -> None:
    server = start_api(tmp_path / "var")
    try:
        for _ in range(2):
            open_case(server)
        project(server.settings.resolved_data_dir)
        assert server.client("evaluator").get("/v1/analytics/status").status_code == 200
        total = 0
        for user, examples, paths in RUNS:
            count, _ = fuzz(server.url, user, examples, paths, tmp_path / f"{user}.xml")
            print(f"schemathesis as {user}: {count} generated requests")
            total += count
        # Deeper: the same operations on records that exist, so bodies reach the domain's rules.
        ids = open_case(server)
        config = tmp_path / "schemathesis.toml"
        config.write_text(
            "[parameters]\n"
            f'"path.case_id" = "{ids["case_id"]}"\n'
            f'"path.person_id" = "{ids["person_id"]}"\n'
        )
        count, _ = fuzz(
            server.url, "coordinator", 10, r"^/v1/(cases|people)/\{", tmp_path / "deep.xml", config
        )
        print(f"schemathesis on existing records: {count} generated requests")
        total += count
        assert total >= 1000, f"only {total} generated requests"
        assert "Traceback" not in server.log()
    finally:
        server.stop()
