"""Shared plumbing of the audit and GDPR commands: who acts, the runtime, progress bars."""

from __future__ import annotations

import getpass
import logging
import os
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)

from ..bootstrap import build


def actor_id(actor: str | None) -> str:
    return actor or os.environ.get("PERCORSI_ACTOR") or f"cli-{getpass.getuser()}"


def log_to_stderr() -> None:
    """Commands that change the audit tables log what they did (positions, counts) on stderr."""
    if not logging.getLogger().handlers:
        logging.basicConfig(
            level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s"
        )
    logging.getLogger("percorsi.audit").setLevel(logging.INFO)


def progress_bar(label: str) -> Progress:
    """A bar with rate and ETA on stderr (stdout stays clean for --json and pipes)."""
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(show_speed=True),
        TimeRemainingColumn(),
        transient=True,
        console=Console(stderr=True),
    )


def with_runtime(job: Any) -> Any:
    """Build without re-loading the catalogue: verification must run on a damaged log too."""
    runtime = build(load_catalogue=False)
    try:
        return job(runtime)
    finally:
        runtime.close()


def run_tracked(label: str, work: Any) -> Any:
    with progress_bar(label) as bar:
        task = bar.add_task(label, total=None)

        def tick(done: int, total: int) -> None:
            bar.update(task, completed=done, total=max(total, done))

        return work(tick)


def print_entries(console: Console, entries: list[dict[str, Any]], en: bool) -> None:
    """History entries as an auditor reads them: one header line, the sentence, corrections."""
    for entry in entries:
        who = f"{entry['actor_id']} · {entry['role']} · {entry['source']}"
        console.print(
            f"[bold]v{entry['version']}[/]  {entry['occurred_on']}  "
            f"({'recorded' if en else 'registrato'} {entry['recorded_at']})  {who}"
        )
        console.print("    " + (entry["text_en"] if en else entry["text_it"]), markup=False)
        if entry["corrected_by"]:
            versions = ", ".join(f"v{v}" for v in entry["corrected_by"])
            console.print(
                f"    ⟵ {'corrected by' if en else 'corretto da'} {versions}"
                + (" (void)" if entry["void"] else "")
            )
