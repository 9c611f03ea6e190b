"""Turns failures into one readable line and a documented exit code, never a traceback.

`friendly` wraps each command (so in-process test runners see the same codes) and `guarded`
wraps the whole program (so a command without the decorator, or an error raised while the
CLI starts, still ends in one line). The codes live in `infra.failures`.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import click
import typer

from domain.shared.errors import DomainError

from ..failures import BAD_INPUT, INTERNAL, INTERRUPTED, classify, first_line

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = BAD_INPUT) -> NoReturn:
    typer.echo(f"errore / error: {message}", err=True)
    raise typer.Exit(code)


def _line_and_code(error: BaseException) -> tuple[str, int]:
    if isinstance(error, DomainError):
        where = f" [{error.field}]" if error.field else ""
        return f"{error.code}{where}: {error.message}", BAD_INPUT
    found = classify(error)
    if found is not None:
        return found.message, found.code
    if isinstance(error, (ValueError, FileNotFoundError)):
        return first_line(error), BAD_INPUT
    return (
        f"internal error ({type(error).__name__}): {first_line(error)} "
        "— PERCORSI_DEBUG=1 shows the traceback",
        INTERNAL,
    )


def friendly(func: F) -> F:
    """Map every error to one line on stderr and its exit code (see `infra.failures`)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, click.exceptions.ClickException, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            typer.echo("interrotto / interrupted", err=True)
            sys.exit(INTERRUPTED)
        except Exception as error:
            if os.environ.get("PERCORSI_DEBUG"):
                raise
            message, code = _line_and_code(error)
            fail(message, code)

    return wrapper  # type: ignore[return-value]


def guarded(run: Callable[[], Any]) -> NoReturn:
    """Run the whole CLI; whatever escapes a command becomes one line and its code."""
    try:
        run()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        typer.echo("interrotto / interrupted", err=True)
        sys.exit(INTERRUPTED)
    except Exception as error:
        if os.environ.get("PERCORSI_DEBUG"):
            raise
        message, code = _line_and_code(error)
        typer.echo(f"errore / error: {message}", err=True)
        sys.exit(code)
    sys.exit(0)
