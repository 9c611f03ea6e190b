"""Files as offices really send them: Windows code pages, damaged bytes, oversized sheets and
zip bombs. Read exactly, or refused with a line that says why — and nothing written."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from infra.api import case_index_file
from infra.api.case_index import case_index_path
from infra.bootstrap import Runtime, build
from infra.legacy import ImportRefused, import_legacy
from infra.legacy.layout import COLUMNS
from infra.legacy.reader import read_table
from infra.synthetic import personal_values
from tests.conftest import make_settings
from tests.integration.import_support import EXAMPLES, cli, head, one_readable_line, stored_rows

NAME = "Niccolò Forlì"
NOTE = "perché è già così"


def example_rows() -> list[dict[str, str]]:
    with (EXAMPLES / "cases.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["full_name"] == "Samira Esempio":
            row["full_name"] = NAME
        if row["notes"]:
            row["notes"] = NOTE
    return rows


def write_csv(path: Path, encoding: str, separator: str = ",") -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS), delimiter=separator)
        writer.writeheader()
        writer.writerows(example_rows())
    return path


@pytest.fixture
def sqlite_runtime(tmp_path: Path) -> Runtime:
    runtime = build(make_settings(tmp_path, "sqlite"))
    yield runtime  # type: ignore[misc]
    runtime.close()


@pytest.mark.parametrize(
    ("encoding", "separator", "detected"),
    [
        ("cp1252", ";", "cp1252"),
        ("latin-1", ",", "cp1252"),
        ("utf-8", ",", "utf-8"),
        ("utf-8-sig", ";", "utf-8-sig"),
    ],
)
def test_windows_and_utf8_files_read_names_exactly(
    sqlite_runtime: Runtime, tmp_path: Path, encoding: str, separator: str, detected: str
) -> None:
    path = write_csv(tmp_path / "casi.csv", encoding, separator)
    report = import_legacy(sqlite_runtime, path)
    assert report.problems == [] and report.events == 56 and report.encoding == detected
    values = personal_values(sqlite_runtime)
    assert {NAME, NOTE} <= values
    assert not any("\ufffd" in value or "Ã" in value for value in values)


def test_cp1252_file_from_the_cli_and_with_encoding_given(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, "sqlite")
    path = write_csv(tmp_path / "casi.csv", "cp1252", ";")
    done = cli(settings, "import", str(path), "--encoding", "cp1252")
    assert done.returncode == 0 and "56 events appended" in done.stdout, done.stderr
    runtime = build(settings)
    try:
        assert NAME in personal_values(runtime)
        # The case index file is at the log's head: a server started next folds nothing.
        saved = case_index_file.load(case_index_path(settings))
        assert saved is not None and len(saved.rows) > 0
        assert saved.position == runtime.app.recorder.max_notification_id()
    finally:
        runtime.close()


def test_a_case_index_file_that_cannot_be_written_warns_and_the_import_stands(
    tmp_path: Path,
) -> None:
    settings = make_settings(tmp_path, "sqlite")
    case_index_path(settings).mkdir(parents=True)  # a directory where the file would go
    path = write_csv(tmp_path / "casi.csv", "utf-8")
    done = cli(settings, "import", str(path))
    assert done.returncode == 0 and "56 events appended" in done.stdout, done.stderr
    assert "case index not written" in done.stderr
    runtime = build(settings)
    try:
        assert NAME in personal_values(runtime)
    finally:
        runtime.close()


def damaged_utf8(path: Path) -> tuple[Path, int]:
    """A UTF-8 file where one later edit saved a single cell in cp1252: returns its row."""
    write_csv(path, "utf-8")
    lines = path.read_bytes().split(b"\n")
    number = next(n for n, line in enumerate(lines) if b"orientation" in line and b",2," in line)
    damaged = lines[number].replace(b",2,", b",2 ore \xe8,")  # 'è' as cp1252 in the hours cell
    path.write_bytes(b"\n".join([*lines[:number], damaged, *lines[number + 1 :]]))
    return path, number + 1  # spreadsheet row: line 0 is row 1


def test_undecodable_bytes_are_refused_with_row_and_column(
    sqlite_runtime: Runtime, tmp_path: Path
) -> None:
    path, row = damaged_utf8(tmp_path / "misto.csv")
    before = head(sqlite_runtime)
    with pytest.raises(ImportRefused) as refused:
        import_legacy(sqlite_runtime, path)
    assert f"riga/row {row} · colonna/column hours" in str(refused.value)
    assert head(sqlite_runtime) == before

    cp1252 = write_csv(tmp_path / "win.csv", "cp1252")
    with pytest.raises(ImportRefused) as wrong:  # the operator names the wrong encoding
        import_legacy(sqlite_runtime, cp1252, encoding="utf-8")
    assert "colonna/column full_name" in str(wrong.value) and "utf-8" in str(wrong.value)
    assert head(sqlite_runtime) == before


def test_undecodable_bytes_from_the_cli_one_line_exit_2(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, "sqlite")
    path, row = damaged_utf8(tmp_path / "misto.csv")
    done = cli(settings, "import", str(path))
    assert done.returncode == 2
    line = one_readable_line(done)
    assert f"row {row}" in line and "column hours" in line
    runtime = build(settings)
    try:
        assert NAME not in personal_values(runtime) and stored_rows(settings) == head(runtime)
    finally:
        runtime.close()


def zip_bomb(path: Path, inflated: int = 512 * 1024 * 1024) -> Path:
    """An .xlsx of a few MB whose sheet inflates to `inflated` bytes."""
    block = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for _ in range(inflated // len(block)):
                sheet.write(block)
    return path


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return zip_bomb(tmp_path_factory.mktemp("bomb") / "casi.xlsx")


def test_zip_bomb_xlsx_is_refused_at_once_without_inflating(bomb: Path, tmp_path: Path) -> None:
    assert bomb.stat().st_size < 5 * 1024 * 1024
    script = (
        "import json, resource, sys, time; from pathlib import Path;"
        "from infra.legacy.reader import read_table; from infra.legacy import ImportRefused;"
        "t = time.monotonic();"
        "\ntry: read_table(Path(sys.argv[1])); message = None"
        "\nexcept ImportRefused as e: message = str(e)"
        "\nprint(json.dumps({'message': message, 'seconds': time.monotonic() - t,"
        # VmHWM, not ru_maxrss: Linux carries a parent's peak RSS across fork + exec, so a
        # child of a big pytest worker would report the worker's peak, not its own.
        "'rss': int(next(l.split()[1] for l in open('/proc/self/status')"
        " if l.startswith('VmHWM'))) / 1024}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(bomb)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["message"] and "inflates" in figures["message"], figures
    assert "PERCORSI_IMPORT_MAX_INFLATION_RATIO" in figures["message"]
    assert figures["seconds"] < 2 and figures["rss"] < 400, figures

    settings = make_settings(tmp_path, "sqlite")
    started = time.monotonic()
    from_cli = cli(settings, "import", str(bomb))
    assert from_cli.returncode == 2 and time.monotonic() - started < 30
    assert "inflates" in one_readable_line(from_cli)


def test_an_archive_that_lies_about_its_sizes_is_caught_while_counting(tmp_path: Path) -> None:
    """The directory says 1 KiB; inflating in pieces finds out before memory does."""
    path = tmp_path / "liar.xlsx"
    name = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr(name, b"\0" * (64 * 1024 * 1024))
    data = bytearray(path.read_bytes())
    local = data.index(b"PK\x03\x04")  # sizes at +22 (local header) and +24 (central)
    central = data.index(b"PK\x01\x02")
    data[local + 22 : local + 26] = (1024).to_bytes(4, "little")
    data[central + 24 : central + 28] = (1024).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo(name).file_size == 1024
    with pytest.raises(ImportRefused) as refused:
        read_table(path)
    assert "not a valid .xlsx" in str(refused.value), refused.value


def test_too_many_rows_or_bytes_are_refused_and_nothing_is_written(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, "sqlite")
    build(settings).close()
    before = stored_rows(settings)
    rows = cli(settings, "import", str(EXAMPLES / "cases.csv"), PERCORSI_IMPORT_MAX_ROWS="40")
    assert rows.returncode == 2
    line = one_readable_line(rows)
    assert "52 rows" in line and "40 row limit" in line and "PERCORSI_IMPORT_MAX_ROWS" in line
    size = cli(settings, "import", str(EXAMPLES / "cases.xlsx"), PERCORSI_IMPORT_MAX_BYTES="1000")
    assert size.returncode == 2 and "PERCORSI_IMPORT_MAX_BYTES" in one_readable_line(size)
    assert stored_rows(settings) == before


def test_default_limits_let_the_examples_through(sqlite_runtime: Runtime) -> None:
    assert import_legacy(sqlite_runtime, EXAMPLES / "cases.xlsx", dry_run=True).problems == []
