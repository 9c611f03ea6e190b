"""`percorsi audit …` (hash chain, case history, access log) and `percorsi gdpr …` (Art. 15/17)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ..audit.access_log import entries
from ..audit.history import case_history, person_history
from .audit_chain import chain_commands
from .audit_support import actor_id, print_entries, with_runtime
from .errors import friendly
from .gdpr import gdpr_app

audit_app = typer.Typer(
    help="Registro a prova di manomissione / tamper-evident audit trail.", no_args_is_help=True
)
Actor = Annotated[
    str | None,
    typer.Option(help="chi agisce / acting user id (default: $PERCORSI_ACTOR or cli-<login>)"),
]
AsJson = Annotated[bool, typer.Option("--json", help="output JSON")]


def register(app: typer.Typer) -> None:
    """`percorsi audit …` here and in cli/audit_chain.py, `percorsi gdpr …` from cli/gdpr.py."""
    chain_commands(audit_app)
    app.add_typer(audit_app, name="audit")
    app.add_typer(gdpr_app, name="gdpr")


@audit_app.command("case")
@friendly
def case_cmd(
    case_id: str,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="data AAAA-MM-GG / business date YYYY-MM-DD")
    ] = None,
    version: Annotated[int | None, typer.Option(help="versione / version")] = None,
    reveal: Annotated[
        bool,
        typer.Option(help="mostra i dati personali (registrato) / show personal data (logged)"),
    ] = False,
    why: Annotated[str | None, typer.Option(help="giustificazione / justification")] = None,
    lang: Annotated[str, typer.Option(help="it | en")] = "it",
    actor: Actor = None,
    as_json: AsJson = False,
) -> None:
    """Storia del caso per l'auditor / the auditor's case history."""
    day = date.fromisoformat(as_of) if as_of else None
    found = with_runtime(
        lambda rt: case_history(
            rt,
            case_id,
            actor_id=actor_id(actor),
            role="auditor",
            as_of=day,
            version=version,
            reveal=reveal,
            why=why,
            source="cli",
        )
    )
    if as_json:
        typer.echo(json.dumps(found, indent=1, default=str))
        return
    _print_history(found, lang == "en")


def _print_history(found: dict[str, Any], en: bool) -> None:
    console = Console(highlight=False)
    console.print(
        f"[bold]{'Case' if en else 'Caso'} {found['case_id']}[/] — "
        f"{found['programme']} ({'person' if en else 'persona'} {found['person_id']})"
    )
    print_entries(console, found["entries"], en)
    state = Table(
        title=("State" if en else "Stato")
        + f" (v{found['version']}"
        + (f", {found['as_of']}" if found["as_of"] else "")
        + ")",
        show_header=False,
    )
    state.add_column("")
    state.add_column("", overflow="fold")
    for label, value in found["state_en" if en else "state_it"]:
        state.add_row(label, value)
    console.print(state)


@audit_app.command("person")
@friendly
def person_cmd(
    person_id: str,
    reveal: Annotated[
        bool,
        typer.Option(help="mostra i dati personali (registrato) / show personal data (logged)"),
    ] = False,
    why: Annotated[str | None, typer.Option(help="giustificazione / justification")] = None,
    lang: Annotated[str, typer.Option(help="it | en")] = "it",
    actor: Actor = None,
) -> None:
    """La scheda della persona e i suoi casi / the woman's own record and her cases."""
    found = with_runtime(
        lambda rt: person_history(
            rt,
            person_id,
            actor_id=actor_id(actor),
            role="auditor",
            reveal=reveal,
            why=why,
            source="cli",
        )
    )
    en = lang == "en"
    console = Console(highlight=False)
    erased = " — cancellata / erased" if found["erased"] else ""
    console.print(f"[bold]{'Person' if en else 'Persona'} {found['person_id']}[/]{erased}")
    print_entries(console, found["entries"], en)
    console.print(("Cases: " if en else "Casi: ") + (", ".join(found["cases"]) or "—"))


@audit_app.command("access-log")
@friendly
def access_log_cmd(
    subject: Annotated[str | None, typer.Option(help="persona o caso / person or case id")] = None,
    actor: Annotated[str | None, typer.Option(help="chi ha letto / reader")] = None,
    since: Annotated[str | None, typer.Option(help="dal / since (ISO)")] = None,
    as_json: AsJson = False,
) -> None:
    """Registro degli accessi ai dati personali / the personal-data access log."""
    start = datetime.fromisoformat(since) if since else None
    if start is not None and start.tzinfo is None:
        start = start.astimezone()
    found = with_runtime(
        lambda rt: entries(rt, subject_id=subject, actor_id=actor, since=start, limit=100_000)
    )
    if as_json:
        typer.echo(json.dumps([e.as_dict() for e in found], indent=1))
        return
    console = Console(highlight=False)
    console.print(f"Accessi / accesses: {len(found)}")
    for e in found:
        console.print(
            f"{e.recorded_at[:19]}  {e.actor_id} ({e.role}, {e.source})  {e.what}  "
            f"persona/person {e.person_id or '—'}  caso/case {e.case_id or '—'}  "
            f"perché/why: {e.why or '—'}",
            markup=False,
        )
