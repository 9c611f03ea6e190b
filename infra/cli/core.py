"""Core commands: `init` (stores and catalogue) and `info` (a summary of what is stored)."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from ..bootstrap import build
from .errors import friendly


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("info")(info)


@friendly
def init() -> None:
    """Create the stores and load the programme catalogue (idempotent)."""
    runtime = build()
    try:
        typer.echo(f"event store ready: {runtime.app.recorder.max_notification_id() or 0} events")
    finally:
        runtime.close()


@friendly
def info() -> None:
    """Print the programme catalogue and the size of the event log."""
    runtime = build()
    try:
        console = Console()
        table = Table(title="Programmi / Programmes")
        for column in (
            "code",
            "nome / name",
            "territorio / territory",
            "dal / from",
            "al / to",
            "gen.",
            "predecessore / predecessor",
            "ipotesi / assumed",
        ):
            table.add_column(column)
        from ..catalogue import read_catalogue

        for entry in read_catalogue(runtime.settings.catalogue_file):
            programme = runtime.app.programme(entry.code)
            table.add_row(
                programme.code,
                programme.name,
                programme.territory,
                programme.start.isoformat(),
                programme.end.isoformat() if programme.end else "—",
                str(programme.generation),
                programme.predecessor or programme.model or "—",
                str(len(programme.assumed)),
            )
        console.print(table)
        head = runtime.app.recorder.max_notification_id() or 0
        console.print(f"Eventi nel registro / events in the log: {head}")
        settings = runtime.settings
        store = "PostgreSQL" if settings.is_postgres else str(settings.sqlite_path)
        console.print(f"Archivio / store: {store}")
    finally:
        runtime.close()
