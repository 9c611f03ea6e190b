"""The bench's readable output: a Markdown table with a pass/miss verdict per figure.

Targets are written the way people read them ("≥ 0.3 × raw", "<= 100 ms", "≥ 400/s", "0").
A target is checked against the ratio when the figure has a same-run baseline and the target
names no unit of its own (a bare number or "×"), and against the value otherwise; a target
without a number ("reported beside SQLite") gets no verdict.
"""

from __future__ import annotations

import re

from .common import Result

_TARGET = re.compile(r"^\s*(≥|>=|≤|<=|=|<|>)?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(.*)$")
_RATIO_WORDS = re.compile(r"^(×.*|x\b.*|)$")


def verdict(result: Result) -> str:
    """'pass', 'miss', or '' when the target cannot be checked."""
    found = _TARGET.match(result.target or "")
    if found is None:
        return ""
    op, number, rest = found.group(1) or "=", float(found.group(2).replace(",", "")), found.group(3)
    on_ratio = result.ratio is not None and _RATIO_WORDS.match(rest.strip()) is not None
    value = result.ratio if on_ratio else result.value
    if value is None:
        return ""
    ok = {
        "≥": value >= number,
        ">=": value >= number,
        ">": value > number,
        "≤": value <= number,
        "<=": value <= number,
        "<": value < number,
        "=": value == number,
    }[op]
    return "pass" if ok else "**miss**"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.0f}"


def markdown(size: str, results: list[Result], failed: list[str]) -> str:
    """One row per figure; never wrapped (a person reads it in a pager, an editor or a PR)."""
    lines = [
        f"# Percorsi benchmarks ({size})",
        "",
        "Every ratio is value ÷ a baseline measured in the same run on the same machine.",
        "",
        "| figure | value | unit | baseline | baseline value | ratio | target | verdict |",
        "|---|---:|---|---|---:|---:|---|---|",
    ]
    for r in results:
        ratio = "" if r.ratio is None else f"{r.ratio:.2f}"
        cells = [
            r.name,
            _number(r.value),
            r.unit,
            r.baseline or "",
            _number(r.baseline_value),
            ratio,
            r.target or "",
            verdict(r),
        ]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    passed = sum(verdict(r) == "pass" for r in results)
    missed = sum(verdict(r) == "**miss**" for r in results)
    lines += ["", f"{passed} targets met, {missed} missed."]
    if failed:
        lines.append(f"Benches that failed to run: {', '.join(failed)}.")
    return "\n".join(lines) + "\n"
