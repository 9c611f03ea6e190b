"""`python -m bench --size small|large [--only NAME]`: run every bench/bench_*.py module.

Each module defines `run(size: str) -> list[bench.common.Result]`. Figures are written to
bench/results/latest.json and, as a Markdown table with their same-run baselines, ratios,
targets and verdicts, to bench/results/latest.md, which is also printed (never wrapped).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import sys
import time
import traceback
from pathlib import Path

from .common import Result
from .report import markdown, verdict

RESULTS = Path(__file__).parent / "results" / "latest.json"
READABLE = RESULTS.with_suffix(".md")


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--size", choices=["small", "demo", "large"], default="small")
    parser.add_argument(
        "--only", action="append", default=[], help="run only modules whose name contains this"
    )
    args = parser.parse_args()
    names = sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if m.name.startswith("bench_")
    )
    # Seeding first: it builds the seeded store the other benches copy (bench/common.py).
    names.sort(key=lambda n: (n != "bench_seed", n))
    if args.only:
        names = [n for n in names if any(o in n for o in args.only)]
    results: list[Result] = []
    failed = []
    started, load = time.perf_counter(), os.getloadavg()[0]
    for name in names:
        print(f"── {name} ({args.size})", flush=True)
        begun = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.{name}")
            results.extend(module.run(args.size))
        except Exception:  # one broken bench must not hide the others' figures
            traceback.print_exc()
            failed.append(name)
        results.append(Result(f"{name}: minutes", (time.perf_counter() - begun) / 60, "min"))
    results.extend(_whole_run(args, (time.perf_counter() - started) / 60, load))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "size": args.size,
                "results": [{**r.as_dict(), "verdict": verdict(r).strip("*")} for r in results],
                "failed": failed,
            },
            indent=2,
        )
    )
    text = markdown(args.size, results, failed)
    READABLE.write_text(text)
    print(text)
    print(f"written {RESULTS} and {READABLE}")
    return 1 if failed else 0


def _whole_run(args: argparse.Namespace, minutes: float, load: float) -> list[Result]:
    """The run's own length (issue 15: the whole `large` run in ≤ 45 minutes, re-using a
    seeded store) and the load around it, which says how far the other figures can be read."""
    whole = not args.only
    target = "<= 45 min" if whole and args.size == "large" else None
    label = "whole bench run" if whole else f"bench run (only {', '.join(args.only)})"
    return [
        Result(f"{label}: minutes", minutes, "min", target=target),
        Result("load average (1 min) at the start", load, "load"),
        Result("load average (1 min) at the end", os.getloadavg()[0], "load"),
    ]


if __name__ == "__main__":
    sys.exit(main())
