"""`percorsi gdpr …`: Art. 15 export, Art. 17 erasure with its proof, consent withdrawal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..audit import gdpr
from .audit_support import actor_id, with_runtime
from .errors import fail, friendly

gdpr_app = typer.Typer(
    help="Diritti dell'interessata (GDPR) / data-subject rights.", no_args_is_help=True
)
Actor = Annotated[
    str | None,
    typer.Option(help="chi agisce / acting user id (default: $PERCORSI_ACTOR or cli-<login>)"),
]


@gdpr_app.command("export")
@friendly
def export_cmd(
    person_id: str,
    why: Annotated[str, typer.Option(help="motivo della richiesta / reason")],
    out: Annotated[Path | None, typer.Option(help="file JSON / JSON file")] = None,
    actor: Actor = None,
) -> None:
    """Esporta tutto su una persona (art. 15) / export everything about a woman (Art. 15)."""
    document = with_runtime(
        lambda rt: gdpr.export_person(
            rt, person_id, actor_id=actor_id(actor), role="admin", why=why, source="cli"
        )
    )
    text = json.dumps(document, indent=1, ensure_ascii=False)
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text)
        typer.echo(f"esportazione / export → {out} ({len(document['cases'])} casi / cases)")


@gdpr_app.command("erase")
@friendly
def erase_cmd(
    person_id: str,
    yes: Annotated[bool, typer.Option("--yes", help="conferma / confirm")] = False,
    legal_basis: Annotated[str, typer.Option(help="base giuridica / legal basis")] = "GDPR Art. 17",
    out: Annotated[Path | None, typer.Option(help="prova / proof file")] = None,
    actor: Actor = None,
) -> None:
    """Cancella i dati personali (art. 17) / erase her personal data (Art. 17), irreversibly."""
    if not yes:
        fail(
            "la cancellazione è irreversibile: ripetere con --yes / erasure is irreversible: "
            "repeat with --yes"
        )
    proof = with_runtime(
        lambda rt: gdpr.erase_person(
            rt,
            person_id,
            actor_id=actor_id(actor),
            role="admin",
            legal_basis=legal_basis,
            source="cli",
        )
    )
    text = json.dumps(proof, indent=1)
    if out is not None:
        out.write_text(text)
    typer.echo(text)


@gdpr_app.command("proof")
@friendly
def proof_cmd(person_id: str) -> None:
    """Mostra la prova di cancellazione / show the proof of erasure."""
    proof = with_runtime(lambda rt: gdpr.erasure_proof(rt, person_id))
    typer.echo(json.dumps(proof, indent=1))
    typer.echo(f"firma valida / signature valid: {gdpr.proof_ok(proof)}")


@gdpr_app.command("withdraw-consent")
@friendly
def withdraw_cmd(
    case_id: str,
    scope: Annotated[str, typer.Option(help="processing | analytics")] = "analytics",
    actor: Actor = None,
) -> None:
    """Revoca un consenso / withdraw a consent on a case."""
    version = with_runtime(
        lambda rt: gdpr.withdraw_consent(
            rt, case_id, scope, actor_id=actor_id(actor), role="coordinator", source="cli"
        )
    )
    typer.echo(f"consenso revocato / consent withdrawn: {scope} (v{version})")
