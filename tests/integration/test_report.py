"""`percorsi report` on seeded `small` data: reproducible, signed, and refusing bad input.

Run as real subprocesses (exit codes and stderr as an operator sees them). The second build
starts from no as-of snapshot at all, so equal bytes mean the content is a function of the
log position, not of a cached file.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from infra.bootstrap import build
from infra.settings import Settings
from tests.conftest import drop_postgres_database, fresh_postgres_database

from .test_projection_data import cli, seed_small


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, int]:
    settings = seed_small(tmp_path_factory.mktemp("report") / "var")
    runtime = build(settings)
    try:
        head = runtime.app.recorder.max_notification_id() or 0
    finally:
        runtime.close()
    return settings, head


def _report(settings: Settings, out: Path, *args: str) -> tuple[int, str, str]:
    done = cli(settings, "report", *args, "--out", str(out))
    return done.returncode, done.stdout, done.stderr


def test_same_position_same_bytes_and_the_signature_holds(
    seeded: tuple[Settings, int], tmp_path: Path
) -> None:
    settings, head = seeded
    position = head - 40  # an earlier position: the as-of machinery, not the live snapshot
    args = ("--programme", "EMP", "--as-of", str(position), "--lang", "it")
    code, out, err = _report(settings, tmp_path / "a", *args)
    assert code == 0, err
    shutil.rmtree(settings.resolved_data_dir / "asof")
    code, _, err = _report(settings, tmp_path / "b", *args)
    assert code == 0, err
    stem = f"percorsi-report-EMP-{position}-it"
    for suffix in (".html", ".pdf", ".manifest.json"):
        first = (tmp_path / "a" / f"{stem}{suffix}").read_bytes()
        assert first == (tmp_path / "b" / f"{stem}{suffix}").read_bytes(), suffix
    manifest_path = tmp_path / "a" / f"{stem}.manifest.json"
    manifest = json.loads(manifest_path.read_text())
    assert manifest["position"] == position and manifest["content_hash"] in out
    html = (tmp_path / "a" / f"{stem}.html").read_text()
    assert "Indicatori FSE 2014–2020" in html and "CO15" in html and "non rilevato" in html
    assert f"<dd>{position}</dd>" in html and "employment_follow_up" in html
    assert (tmp_path / "a" / f"{stem}.pdf").read_bytes().startswith(b"%PDF-")

    verified = cli(settings, "report", "verify", str(manifest_path))
    assert verified.returncode == 0, verified.stderr
    pdf = tmp_path / "a" / f"{stem}.pdf"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    pdf.write_bytes(bytes(data))
    broken = cli(settings, "report", "verify", str(manifest_path))
    assert broken.returncode == 1 and f"{stem}.pdf: changed" in broken.stdout
    text = bytearray(manifest_path.read_bytes())
    text[5] ^= 0x01
    manifest_path.write_bytes(bytes(text))
    (tmp_path / "a" / f"{stem}.pdf").write_bytes((tmp_path / "b" / f"{stem}.pdf").read_bytes())
    forged = cli(settings, "report", "verify", str(manifest_path))
    assert forged.returncode == 1 and "signature does not match" in forged.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--programme", "NOPE"), "unknown programme 'NOPE'"),
        (("--programme", "EMP", "--as-of", "HEAD+1"), "outside the event log"),
        (("--programme", "EMP", "--as-of", "0"), "outside the event log"),
        (("--programme", "EMP", "--lang", "fr"), "unknown language 'fr'"),
        ((), "--programme is required"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
    seeded: tuple[Settings, int], tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    settings, head = seeded
    args = tuple(str(head + 1) if a == "HEAD+1" else a for a in args)
    code, out, err = _report(settings, tmp_path / "out", *args)
    assert code == 2 and message in err and out == "", (code, err)
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "out").exists()


@pytest.fixture
def seeded_postgres(tmp_path: Path) -> Iterator[Settings]:
    url = fresh_postgres_database()
    try:
        yield seed_small(tmp_path / "var", database_url=url)
    finally:
        drop_postgres_database(url)


def test_report_on_postgresql_builds_and_verifies(
    seeded_postgres: Settings, tmp_path: Path
) -> None:
    """The multi-user store: positions come from a sequence with gaps; the head still works."""
    code, out, err = _report(seeded_postgres, tmp_path / "pg", "--programme", "SOSTENGO")
    assert code == 0, err
    manifest = next((tmp_path / "pg").glob("percorsi-report-SOSTENGO-*-it.manifest.json"))
    assert json.loads(manifest.read_text())["content_hash"] in out
    verified = cli(seeded_postgres, "report", "verify", str(manifest))
    assert verified.returncode == 0, verified.stderr
