"""Core commands: `init` (secrets, stores, catalogue), `doctor` (health) and `info` (summary)."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from ..bootstrap import build
from .errors import friendly


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("doctor")(doctor)
    app.command("info")(info)


@friendly
def init() -> None:
    """Create the secrets, key store and event store, load the catalogue (idempotent).

    Secrets are created only for a store without any data; on an existing store this checks
    them (exit 3 when one is missing or not this store's: restore it from backup).
    """
    from ..settings import Settings

    settings = Settings()
    runtime = build(settings)
    try:
        typer.echo(f"event store ready: {runtime.app.recorder.max_notification_id() or 0} events")
        typer.echo(
            f"secrets in {settings.secrets_dir}: back this directory up now, apart from the "
            "data (see README, Backup)"
        )
    finally:
        runtime.close()


@friendly
def doctor(
    full: bool = typer.Option(False, "--full", help="also recompute the whole hash chain"),
) -> None:
    """Check secrets, key store, audit chain and projection; exit 0 only when healthy."""
    from ..doctor import exit_code, run_checks
    from ..settings import Settings

    checks = run_checks(Settings(), full=full)
    for check in checks:
        mark = "ok  " if check.ok else "FAIL"
        typer.echo(f"{mark} {check.area:<10} {check.what:<18} {check.detail}")
    code = exit_code(checks)
    typer.echo("sano / healthy" if code == 0 else f"problemi / problems (exit {code})")
    raise typer.Exit(code)


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
