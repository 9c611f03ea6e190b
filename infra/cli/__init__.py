"""The `percorsi` command line: one entry point, one sub-command per job (DESIGN §7)."""

from __future__ import annotations

import typer

from ..failures import EXIT_CODES_HELP
from ..settings import private_files
from . import analytics, audit, core, data, demo, report, serve
from .errors import guarded

app = typer.Typer(
    name="percorsi",
    no_args_is_help=True,
    add_completion=False,
    help="Percorsi: case histories and impact analytics, 2006–2021.",
    epilog=EXIT_CODES_HELP,
    pretty_exceptions_enable=False,
)

for module in (core, data, analytics, audit, report, serve, demo):
    module.register(app)


def main() -> None:
    private_files()  # files 0600, directories 0700, before any command creates one
    guarded(app)
