"""`percorsi serve` (the HTTP API under uvicorn) and `percorsi users …` (API users and tokens)."""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

import typer

from domain.shared.roles import ActorRole

from ..bootstrap import build
from ..settings import Settings
from .errors import fail, friendly

users_app = typer.Typer(
    help="Utenti e token dell'API / API users and tokens.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(users_app, name="users")


@friendly
def serve(
    host: str | None = typer.Option(None, help="address to bind (default: settings host)"),
    port: int | None = typer.Option(None, help="port (default: PERCORSI_API_PORT, 8000)"),
    workers: int = typer.Option(1, min=1, max=32, help="uvicorn worker processes"),
    demo_users: bool = typer.Option(
        False, "--demo-users", help="create the demo users with their known tokens"
    ),
) -> None:
    """Avvia l'API HTTP / Serve the HTTP API (OpenAPI docs at /docs)."""
    import uvicorn

    from ..api.users import open_user_store

    settings = Settings()
    # Prepare once in the parent (stores, catalogue), so workers start without racing.
    build(settings).close()
    users = open_user_store(settings)
    if demo_users:
        for user_id, token in users.ensure_demo_users().items():
            typer.echo(f"demo user {user_id}: token {token}")
    os.environ.setdefault("PERCORSI_DATA_DIR", str(settings.resolved_data_dir))
    # uvicorn handles SIGTERM/SIGINT itself, then re-raises the signal to the handler found
    # before it started: this one makes that clean stop exit 0, as documented.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, _stopped)
    uvicorn.run(
        "infra.api.main:app_from_env",
        factory=True,
        host=host or settings.host,
        port=port or settings.api_port,
        workers=workers,
        log_level=settings.log_level.lower(),
        access_log=False,
        # SIGTERM/Ctrl-C: stop taking requests, give running ones 3 s, then stop (exit 0).
        timeout_graceful_shutdown=3,
    )


def _stopped(_signum: int, _frame: FrameType | None) -> None:
    sys.exit(0)


@users_app.command("add")
@friendly
def add_user(
    user_id: str = typer.Argument(..., help="an id, not a name (e.g. op-017)"),
    role: str = typer.Option(..., help="caseworker|coordinator|auditor|evaluator|manager|admin"),
    programmes: str = typer.Option("*", help="comma-separated programme codes, or * for all"),
) -> None:
    """Crea un'utente e stampa il token una volta / Create a user, print her token once."""
    from ..api.users import open_user_store, parse_programmes

    parsed = ActorRole.parse(role)
    settings = Settings()
    if parsed is ActorRole.CASEWORKER and programmes.strip() == "*":
        fail("a caseworker works in named programmes: pass --programmes")
    runtime = build(settings)
    try:  # a programme that does not exist is refused, as over HTTP
        runtime.app.check_programmes(parse_programmes(programmes))
    finally:
        runtime.close()
    token = open_user_store(settings).add_user(user_id, parsed, programmes)
    typer.echo(token)


@users_app.command("token")
@friendly
def new_token(user_id: str = typer.Argument(...)) -> None:
    """Nuovo token per un'utente / Issue another token for a user and print it once."""
    from ..api.users import open_user_store

    typer.echo(open_user_store(Settings()).issue_token(user_id))


@users_app.command("revoke")
@friendly
def revoke(
    user_id: str = typer.Argument(...),
    deactivate: bool = typer.Option(False, help="also disable the user"),
) -> None:
    """Revoca i token di un'utente / Revoke every token of a user (optionally disable her)."""
    from ..api.users import open_user_store

    users = open_user_store(Settings())
    users.revoke_tokens(user_id)
    if deactivate:
        users.deactivate(user_id)
    typer.echo(f"revoked: {user_id}")


@users_app.command("list")
@friendly
def list_users() -> None:
    """Elenca le utenti attive / List active users: id, role, programmes (never tokens)."""
    from ..api.users import open_user_store

    for user in open_user_store(Settings()).users():
        typer.echo(f"{user.user_id}\t{user.role.value}\t{','.join(sorted(user.programmes))}")
