"""`percorsi audit verify | extend | checkpoint`: the hash chain from the command line.

Verifying only reads; extending (which vouches for records as they are) is its own explicit,
logged command, and `checkpoint` extends before it signs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from ..audit.chain import Progress, export_checkpoints, extend
from ..audit.incremental import check_chain, full_check
from ..audit.verify import Report
from ..bootstrap import Runtime
from .audit_support import actor_id, log_to_stderr, run_tracked, with_runtime
from .errors import fail, friendly

Actor = Annotated[
    str | None,
    typer.Option(help="chi agisce / acting user id (default: $PERCORSI_ACTOR or cli-<login>)"),
]
AsJson = Annotated[bool, typer.Option("--json", help="output JSON")]

VERIFY_HELP = (
    "Ricalcola la catena dal registro grezzo (non la estende mai) / recompute the chain from "
    "the raw log (never extends it).\n\n"
    "Every stored record must be covered by the chain: a record outside it is reported as "
    "inserted, with its notification id, aggregate and version. Records after the chain head "
    "(unchained tail) or after the last signed checkpoint are a warning; --strict fails on "
    "them.\n\n"
    "--full (the default) recomputes the whole log and records a signed verification mark; "
    "--incremental re-verifies only the records after the last verified, signed checkpoint, as "
    "the dashboard's Audit page does: it cannot see a record edited in place before that "
    "checkpoint while the chain table was left alone (ADR 0014).\n\n"
    "Exit codes: 0 no tampering found (warnings may be printed); 1 tampering found, or, with "
    "--strict, records not covered by a signed checkpoint; 2 bad input (e.g. an unreadable "
    "--against file)."
)


def verify_cmd(
    against: Annotated[
        Path | None,
        typer.Option(help="file di checkpoint dell'auditor / auditor's checkpoint file"),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="fallisce (exit 1) se restano record non firmati / fail (exit 1) when records "
            "are not covered by a signed checkpoint",
        ),
    ] = False,
    no_extend: Annotated[
        bool, typer.Option("--no-extend", hidden=True, help="obsolete: verify never extends")
    ] = False,
    full: Annotated[
        bool,
        typer.Option(
            "--full/--incremental",
            help="tutto il registro (predefinito) o solo dopo l'ultimo checkpoint verificato / "
            "the whole log (default) or only after the last verified checkpoint",
        ),
    ] = True,
    as_json: AsJson = False,
) -> None:
    if against is not None and not full:
        fail("--against needs the full verification (drop --incremental)")
    document = json.loads(against.read_text()) if against is not None else None

    def job(runtime: Runtime, tick: Progress) -> Report:
        if full:
            return full_check(runtime, against=document, progress=tick)
        return check_chain(runtime, progress=tick)

    report = with_runtime(
        lambda runtime: run_tracked("verifica / verify", lambda tick: job(runtime, tick))
    )
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2))
    else:
        _print_report(report)
    if report.finding is not None:
        fail(f"{report.finding.describe('it')} | {report.finding.describe('en')}", code=1)
    if strict and not report.strict_ok:
        fail(
            "--strict: record non coperti da un checkpoint firmato / records not covered "
            f"by a signed checkpoint ({report.unverified.text() if report.unverified else ''})",
            code=1,
        )


def _print_report(report: Report) -> None:
    rate = report.rechecked / report.seconds if report.seconds else 0.0
    typer.echo(
        f"record verificati / records checked: {report.records:,} "
        f"({rate:,.0f}/s); archiviati / stored: {report.stored:,}; "
        f"collegati / chained: {report.chained:,}; checkpoint: {report.checkpoints_checked}"
    )
    if report.mode == "incremental":
        typer.echo(
            f"incrementale / incremental: {report.rechecked:,} ricalcolati dopo la posizione / "
            f"recomputed after position {report.verified_from:,}; ultima verifica completa / "
            f"last full verification: {report.last_full_at or '—'}"
        )
    for warning in report.warnings:
        typer.echo(f"attenzione / warning: {warning}", err=True)
    for finding in report.findings[1:]:
        typer.echo(f"inoltre / also: {finding.describe('en')}", err=True)
    if report.ok:
        typer.echo(f"catena integra / chain intact — testa / head {report.head_link[:16]}…")


def extend_cmd(
    every: Annotated[
        int,
        typer.Option(min=1, help="un checkpoint ogni N record / one checkpoint every N records"),
    ] = 1000,
    actor: Actor = None,
) -> None:
    """Estende la catena sui record nuovi (registrato) / chain new records (logged).

    The records after the chain head are chained as they are now: run `audit verify` first,
    since what is chained here is vouched for from then on.
    """
    log_to_stderr()
    who = f"cli:{actor_id(actor)}"
    added = with_runtime(
        lambda rt: run_tracked(
            "catena / chain", lambda tick: extend(rt, every=every, progress=tick, by=who)
        )
    )
    typer.echo(f"nuovi collegamenti / new links: {added:,}")


def checkpoint_cmd(
    out: Annotated[
        Path, typer.Option(help="file JSON da consegnare all'auditor / JSON file for the auditor")
    ],
    every: Annotated[
        int,
        typer.Option(min=1, help="un checkpoint ogni N record / one checkpoint every N records"),
    ] = 1000,
    actor: Actor = None,
) -> None:
    """Estende la catena, firma, esporta / extend the chain, sign, export.

    Extends the chain over new records first (exactly as `audit extend`, logged), then signs
    the head and writes the checkpoint file an auditor keeps outside the system.
    """
    log_to_stderr()
    who = f"cli:{actor_id(actor)}"

    def job(runtime: Runtime) -> dict[str, Any]:
        run_tracked(
            "catena / chain", lambda tick: extend(runtime, every=every, progress=tick, by=who)
        )
        return export_checkpoints(runtime, every)

    document = with_runtime(job)
    out.write_text(json.dumps(document, indent=1))
    head = document["head"] or {}
    typer.echo(
        f"{len(document['checkpoints'])} checkpoint → {out}; posizione / position "
        f"{head.get('position', 0):,}; chiave / key {document['key_id']}"
    )


def chain_commands(app: typer.Typer) -> None:
    """Adds the chain commands to `percorsi audit`."""
    app.command("verify", help=VERIFY_HELP)(friendly(verify_cmd))
    app.command("extend")(friendly(extend_cmd))
    app.command("checkpoint")(friendly(checkpoint_cmd))
