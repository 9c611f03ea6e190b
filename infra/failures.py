"""Operator errors and their exit codes: one readable line each, never a traceback.

The codes are stable and documented in `percorsi --help` and the README, so scripts and service
managers can tell "restore a key from backup" from "the disk is full" without parsing text.
Any exception is classified by walking its cause chain (eventsourcing and psycopg wrap the
sqlite3/OSError that says what really happened).
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from dataclasses import dataclass

OK = 0
FOUND_PROBLEMS = 1  # a check found something (verify: tampering; doctor: unhealthy; import: rows)
BAD_INPUT = 2  # bad arguments or input, or a command that cannot run now; nothing written
SECRET = 3  # a secret or the key store is missing or is not this store's: restore from backup
CORRUPT = 4  # a file is damaged (secret, key store, event store, analytics)
IO = 5  # disk full, I/O error, database unreachable
PERMISSION = 6  # read-only file system or permission denied
INTERNAL = 70  # a bug: the line says so; PERCORSI_DEBUG=1 shows the traceback
INTERRUPTED = 130  # a one-shot command stopped by Ctrl-C or SIGTERM (long-running ones exit 0)

EXIT_CODES_HELP = (
    "Exit codes: 0 ok (also serve/demo/project stopped by SIGTERM or Ctrl-C); "
    "1 a check found problems (verify, doctor, import); 2 bad input, nothing written; "
    "3 a secret or the key store is missing or not this store's (restore it from backup); "
    "4 a damaged file; 5 disk full or I/O error; 6 read-only or permission denied; "
    "70 internal error (PERCORSI_DEBUG=1 for the traceback); 130 interrupted."
)


class OperatorError(Exception):
    """An error the operator can fix; `code` is the process exit code."""

    code = BAD_INPUT

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class SecretMissing(OperatorError):
    code = SECRET


class SecretMismatch(OperatorError):
    code = SECRET


class FileDamaged(OperatorError):
    code = CORRUPT


@dataclass(frozen=True)
class Failure:
    code: int
    message: str


_DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
_READ_ONLY = (errno.EROFS, errno.EACCES, errno.EPERM)
# Words that the SQLite, DuckDB and PostgreSQL drivers put in their messages.
_TEXT_RULES: tuple[tuple[tuple[str, ...], int, str], ...] = (
    (("disk is full", "no space left", "could not extend file"), IO, "disk full"),
    (("readonly database", "read-only file system", "permission denied"), PERMISSION, ""),
    (
        ("unable to open database file",),
        PERMISSION,
        "cannot open a database file (read-only file system or permission denied?)",
    ),
    (
        ("not a database", "malformed", "not a valid duckdb", "corrupt", "checksum"),
        CORRUPT,
        "a database file is damaged",
    ),
    (("disk i/o error", "input/output error"), IO, "I/O error"),
    (("connection refused", "could not connect", "connection failed"), IO, ""),
)


def chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def classify(error: BaseException) -> Failure | None:
    """The exit code and line for an operator error, or None if this looks like a bug."""
    for link in chain(error):
        if isinstance(link, OperatorError):
            return Failure(link.code, first_line(link))
    for link in chain(error):
        if isinstance(link, OSError) and link.errno is not None:
            where = f" ({link.filename})" if link.filename else ""
            if link.errno in _DISK_FULL:
                return Failure(IO, f"disk full{where}: free space and run the command again")
            if link.errno in _READ_ONLY:
                return Failure(PERMISSION, f"cannot write{where}: read-only or permission denied")
            if link.errno == errno.EIO:
                return Failure(IO, f"I/O error{where}")
    for link in chain(error):
        text = str(link).lower()
        for needles, code, label in _TEXT_RULES:
            if any(n in text for n in needles):
                detail = first_line(link)
                return Failure(code, f"{label}: {detail}" if label else detail)
    return None
