"""`python -m bench --size small|large [--only NAME]`: run every bench/bench_*.py module.

Each module defines `run(size: str) -> list[bench.common.Result]`. Figures are printed as a
table with their same-run baselines and written to bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
import traceback
from pathlib import Path

from rich.console import Console
from rich.table import Table

from .common import Result

RESULTS = Path(__file__).parent / "results" / "latest.json"


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--size", choices=["small", "large"], default="small")
    parser.add_argument(
        "--only", action="append", default=[], help="run only modules whose name contains this"
    )
    args = parser.parse_args()
    names = sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if m.name.startswith("bench_")
    )
    if args.only:
        names = [n for n in names if any(o in n for o in args.only)]
    results: list[Result] = []
    failed = []
    for name in names:
        print(f"── {name} ({args.size})", flush=True)
        try:
            module = importlib.import_module(f"bench.{name}")
            results.extend(module.run(args.size))
        except Exception:  # one broken bench must not hide the others' figures
            traceback.print_exc()
            failed.append(name)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {"size": args.size, "results": [r.as_dict() for r in results], "failed": failed},
            indent=2,
        )
    )
    table = Table(title=f"Percorsi benchmarks ({args.size})")
    for column in ("name", "value", "unit", "baseline", "baseline value", "ratio", "target"):
        table.add_column(column)
    for r in results:
        table.add_row(
            r.name,
            f"{r.value:,.1f}",
            r.unit,
            r.baseline or "",
            "" if r.baseline_value is None else f"{r.baseline_value:,.1f}",
            "" if r.ratio is None else f"{r.ratio:.2f}",
            r.target or "",
        )
    Console().print(table)
    print(f"written {RESULTS}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
