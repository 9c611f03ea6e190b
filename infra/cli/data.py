"""Ways into the event store: `percorsi seed` (synthetic lineage) and `percorsi import` (legacy)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import typer

from .. import failures
from ..bootstrap import Runtime, build
from .errors import fail, friendly

_IMPORT_EXIT = {
    "disk_full": failures.IO,
    "read_only": failures.PERMISSION,
    "permission": failures.PERMISSION,
    "locked": failures.IO,
}
"""An import the store refused (nothing written) exits with the shared table's code for its
cause (infra/failures.py); a conflict or other store refusal is an I/O-side failure (5)."""


def register(app: typer.Typer) -> None:
    """Attach this module's commands to the `percorsi` app."""
    app.command("seed")(seed)
    app.command("import")(import_file)


@friendly
def seed(
    size: str = typer.Option("small", "--size", help="small (≈200 donne), demo (≈5.000), large"),
    seed_value: int = typer.Option(7, "--seed", help="stesso seme ⇒ stessa storia / same seed"),
    workers: int | None = typer.Option(
        None,
        "--workers",
        min=1,
        help="processi (predefinito: uno per core) / processes (default: one per core)",
    ),
) -> None:
    """Genera la storia sintetica 2006–2021 / Seed the synthetic 2006–2021 history."""
    from ..synthetic import seed as run_seed

    runtime = build()
    try:
        report = run_seed(runtime, size=size, seed=seed_value, progress=True, workers=workers)
        if not report.already_loaded:
            _ready_for_service(runtime)
    finally:
        runtime.close()
    if report.already_loaded:
        typer.echo(
            f"già caricato (seme {seed_value}, {size}): nessun evento aggiunto / "
            f"already loaded (seed {seed_value}, {size}): nothing appended"
        )
        return
    typer.echo(
        f"{report.women:,} donne / women · {report.cases:,} casi / cases · "
        f"{report.events:,} eventi / events ({report.stored:,} registrati / stored) · "
        f"{report.seconds:.1f} s · {report.events_per_second:,.0f} eventi/s · events/s"
    )


def _ready_for_service(runtime: Runtime) -> None:
    """Chain what was seeded and verify it once, so the store starts with a signed
    verification mark: the Audit page then only checks what comes after (ADR 0014, 0024);
    and write the case index file, so the first server started on it does not fold the log
    before its lists and caseload answer (27 s at `large`, ADR 0024)."""
    from ..audit.chain import extend
    from ..audit.incremental import full_check
    from .audit_support import run_tracked

    who = "percorsi seed"
    run_tracked("catena / chain", lambda tick: extend(runtime, progress=tick, by=who))
    report = run_tracked("verifica / verify", lambda tick: full_check(runtime, progress=tick))
    if report.finding is not None:
        fail(report.finding.describe("en"), code=1)
    _write_case_index(runtime)


def _write_case_index(runtime: Runtime) -> None:
    """Bring the API's case index file to the log's head (progress bar): a server started
    next, or one already running (it resumes from the file's position), then folds only what
    came after. Without it a start after a seed or an import folded the whole log in the
    background (27 s at `large`) while the caseload list waited. The file is shared by
    servers already (each save checks it is not behind the file)."""
    from ..api.case_index import case_index_path, write_index_file
    from .audit_support import run_tracked

    path = case_index_path(runtime.settings)
    run_tracked("indice dei casi / case index", lambda t: write_index_file(runtime.app, path, t))


def _index_after_import(runtime: Runtime) -> None:
    """The import is stored whatever happens here: a case index file that cannot be written
    only means the next server folds the log itself, so it is a warning, not a failure."""
    try:
        _write_case_index(runtime)
    except (OSError, sqlite3.Error) as error:
        typer.echo(
            "indice dei casi non scritto, il server lo ricostruirà all'avvio / case index not "
            f"written, the server will rebuild it on start: {type(error).__name__}",
            err=True,
        )


@friendly
def import_file(
    file: Path = typer.Argument(..., help="CSV o XLSX nel formato di examples/legacy/README.md"),
    programme: str | None = typer.Option(
        None, "--programme", help="programma di tutte le righe / programme for every row"
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="solo convalida, niente scritto / validate only"
    ),
    encoding: str | None = typer.Option(
        None, "--encoding", help="codifica del CSV (es. cp1252) / CSV encoding; default: detected"
    ),
) -> None:
    """Importa casi storici da CSV/Excel / Import legacy case records from CSV or Excel."""
    from ..legacy import ImportWriteFailed, import_legacy

    if not file.exists():
        fail(f"file non trovato / file not found: {file.name}")
    runtime = build()
    try:
        report = import_legacy(
            runtime, file, programme=programme, dry_run=dry_run, progress=True, encoding=encoding
        )
        if report.written:
            _index_after_import(runtime)
    except ImportWriteFailed as error:  # the store refused the write: nothing was imported
        fail(str(error), code=_IMPORT_EXIT.get(error.cause, failures.IO))
    finally:
        runtime.close()
    for problem in report.problems:
        typer.echo(problem.line(), err=True)
    typer.echo(report.summary())
    if report.problems:
        raise typer.Exit(1)
