"""Turns failures into one readable line and a non-zero exit code, never a traceback."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from domain.shared.errors import DomainError

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"errore / error: {message}", err=True)
    raise typer.Exit(code)


def friendly(func: F) -> F:
    """Map domain and input errors to exit code 2 with one line on stderr."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DomainError as error:
            where = f" [{error.field}]" if error.field else ""
            fail(f"{error.code}{where}: {error.message}")
        except (ValueError, FileNotFoundError, PermissionError) as error:
            fail(str(error).splitlines()[0] if str(error) else type(error).__name__)
        except KeyboardInterrupt:
            sys.exit(130)
        return None

    return wrapper  # type: ignore[return-value]
