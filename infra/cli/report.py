"""`percorsi report`: the signed evaluation report at a log position, and `report verify`."""

from __future__ import annotations

from pathlib import Path

import typer

from ..failures import FOUND_PROBLEMS
from .errors import fail, friendly

report_app = typer.Typer(
    help="Rapporto di valutazione firmato / the signed evaluation report (ADR 0017).",
    no_args_is_help=False,
    invoke_without_command=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report")


@report_app.callback()
@friendly
def build_command(
    ctx: typer.Context,
    programme: str = typer.Option(None, "--programme", help="programme code, e.g. LESFEMMES"),
    as_of: int = typer.Option(None, "--as-of", help="log position (default: the log's head)"),
    lang: str = typer.Option("it", "--lang", help="it | en"),
    out: Path = typer.Option(Path("."), "--out", help="directory to write into"),
) -> None:
    """Write the report (HTML, PDF, manifest, detached signature) for one programme."""
    if ctx.invoked_subcommand is not None:
        return
    if not programme:
        fail("--programme is required (e.g. --programme LESFEMMES)")
    from ..report import compose, write
    from ..settings import Settings

    settings = Settings()
    written = write(settings, compose(settings, programme, as_of, lang), out)
    for path in (*written.files, written.manifest, written.signature):
        typer.echo(str(path))
    typer.echo(f"posizione / position {written.position} · sha256 {written.content_hash}")


@report_app.command("verify")
@friendly
def verify_command(
    manifest: Path = typer.Argument(..., help="the report's .manifest.json"),
    public_key: str = typer.Option(
        None, "--public-key", help="hex Ed25519 public key (default: this store's audit key)"
    ),
) -> None:
    """Check the signature and every file's hash; exit 1 when anything changed."""
    from ..report import store_public_key, verify
    from ..settings import Settings

    problems = verify(manifest, public_key or store_public_key(Settings()))
    for line in problems:
        typer.echo(f"FAIL {line}")
    if problems:
        raise typer.Exit(FOUND_PROBLEMS)
    typer.echo("firma valida / signature valid")
