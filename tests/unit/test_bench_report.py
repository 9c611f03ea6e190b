"""The bench's readable table: every target gets the verdict a person would give it."""

from __future__ import annotations

from bench.common import Result
from bench.report import markdown, verdict


def test_a_ratio_target_is_checked_against_the_ratio() -> None:
    assert verdict(Result("c", 400, "cmd/s", "raw", 1000, "≥ 0.3 × raw")) == "pass"
    assert verdict(Result("c", 200, "cmd/s", "raw", 1000, "≥ 0.3 × raw")) == "**miss**"
    assert verdict(Result("r", 90, "ev/s", "read", 100, ">= 0.8")) == "pass"


def test_a_target_with_a_unit_is_checked_against_the_value() -> None:
    assert verdict(Result("p99", 49.0, "ms", None, None, "≤ 50 ms")) == "pass"
    assert verdict(Result("p99", 74.0, "ms", None, None, "≤ 50 ms")) == "**miss**"
    assert verdict(Result("api", 420, "cmd/s", "in-process", 900, "≥ 400/s")) == "pass"
    assert verdict(Result("rss", 1100, "MiB", None, None, "<= 1,024 MiB")) == "**miss**"
    assert verdict(Result("errors", 0, "requests", None, None, "0")) == "pass"
    assert verdict(Result("errors", 3, "requests", None, None, "0")) == "**miss**"


def test_a_target_without_a_number_gets_no_verdict() -> None:
    assert verdict(Result("pg", 300, "cmd/s", "raw", 1000, "reported beside SQLite")) == ""
    assert verdict(Result("count", 5, "events")) == ""


def test_the_table_has_one_unwrapped_row_per_figure_with_its_verdict() -> None:
    results = [
        Result("commands/s, app | SQLite", 400, "cmd/s", "raw sqlite3", 1000, "≥ 0.3 × raw"),
        Result("p99", 74.0, "ms", None, None, "≤ 50 ms"),
    ]
    text = markdown("small", results, ["bench_api"])
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert len(rows) == 3  # header + 2
    assert rows[1].endswith("| 0.40 | ≥ 0.3 × raw | pass |") and "app \\| SQLite" in rows[1]
    assert rows[2].endswith("| ≤ 50 ms | **miss** |")
    assert "1 targets met, 1 missed." in text and "bench_api" in text
