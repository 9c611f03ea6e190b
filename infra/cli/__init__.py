"""The `percorsi` command line: one entry point, one sub-command per job (DESIGN §7)."""

from __future__ import annotations

import typer

from . import analytics, audit, core, data, demo, serve

app = typer.Typer(
    name="percorsi",
    no_args_is_help=True,
    add_completion=False,
    help="Percorsi: case histories and impact analytics, 2006–2021.",
)

for module in (core, data, analytics, audit, serve, demo):
    module.register(app)


def main() -> None:
    app()
