"""Analytics commands: `project` (catch up, then follow), `rebuild` (from zero, swap), `export`."""

from __future__ import annotations

import signal
from pathlib import Path
from types import FrameType

import typer

from projections.queries import AnalyticsReader, Filters, QueryError, microdata_export
from projections.spreadsheet_safety import safe_csv

from ..analytics.runner import WorkerBusy, project, rebuild
from ..settings import Settings
from .errors import fail, friendly


def register(app: typer.Typer) -> None:
    app.command("project")(project_command)
    app.command("rebuild")(rebuild_command)
    app.command("export")(export_command)


def _report(prefix: str, position: int, events: int) -> None:
    typer.echo(f"{prefix}: posizione / position {position}, eventi / events {events}")


@friendly
def project_command(
    follow: bool = typer.Option(
        True, "--follow/--once", help="after catching up, keep following the log (default)"
    ),
    batch_size: int = typer.Option(250_000, min=1, help="notifications per DuckDB transaction"),
    poll: float = typer.Option(1.0, min=0.05, help="seconds between polls when following"),
    progress: bool = typer.Option(True, "--progress/--quiet"),
) -> None:
    """Catch up the analytics with the event log, then follow it (stop with Ctrl-C/SIGTERM)."""
    stopping: list[bool] = []

    def stop_on_signal(signum: int, frame: FrameType | None) -> None:
        """First signal: finish cleanly between pages. A second one: stop at once (130)."""
        if stopping:
            raise KeyboardInterrupt
        stopping.append(True)

    signal.signal(signal.SIGTERM, stop_on_signal)
    signal.signal(signal.SIGINT, stop_on_signal)
    try:
        status = project(
            Settings(),
            batch_size=batch_size,
            follow=follow,
            poll_seconds=poll,
            progress=progress,
            stop=lambda: bool(stopping),
        )
    except WorkerBusy as error:
        fail(str(error))
        return
    if stopping:  # SIGTERM/Ctrl-C: the normal end of a following worker (exit 0)
        _report("fermata / stopped", status.position, status.events)
        return
    _report("proiezione aggiornata / projection up to date", status.position, status.events)


@friendly
def rebuild_command(
    batch_size: int = typer.Option(250_000, min=1, help="notifications per DuckDB transaction"),
    fresh: bool = typer.Option(False, help="discard an unfinished rebuild instead of resuming"),
    progress: bool = typer.Option(True, "--progress/--quiet"),
) -> None:
    """Rebuild the analytics from zero into a new file and swap it in atomically."""
    try:
        status = rebuild(Settings(), batch_size=batch_size, fresh=fresh, progress=progress)
    except WorkerBusy as error:
        fail(str(error))
        return
    _report("ricostruzione completata / rebuild done", status.position, status.events)


@friendly
def export_command(
    out: Path = typer.Option(..., "--out", help="file to write (.csv or .parquet)"),
    programme: list[str] = typer.Option([], "--programme", help="programme code (repeatable)"),
    year_from: int | None = typer.Option(None, help="first referral year"),
    year_to: int | None = typer.Option(None, help="last referral year"),
    k: int | None = typer.Option(None, min=2, help="k (default: PERCORSI_SUPPRESSION_K)"),
) -> None:
    """Write microdata for evaluators: no identifier, k-anonymous, l-diverse (ADR 0011)."""
    settings = Settings()
    years = None
    if year_from is not None or year_to is not None:
        years = (year_from or 1900, year_to or 2200)
    filters = Filters(programmes=tuple(programme), years=years)
    if out.suffix not in (".csv", ".parquet"):
        raise ValueError("the export file must end in .csv or .parquet")
    reader = AnalyticsReader.beside(settings.duckdb_path)
    try:
        result = microdata_export(reader, filters, k or settings.suppression_k)
    except QueryError as error:
        fail(f"{error.code}: {error.message}")
        return
    finally:
        reader.close()
    if out.suffix == ".csv":
        out.write_text(safe_csv(result.frame), encoding="utf-8")  # formulas made inert
    else:
        result.frame.write_parquet(out)
    typer.echo(
        f"righe / rows {result.frame.height}, rimosse dal rilascio / removed from the release "
        f"{result.notes['removed']} of {result.notes['population']}, "
        f"k {result.k}, posizione / position {result.position} → {out}"
    )
