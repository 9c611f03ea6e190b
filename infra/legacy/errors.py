"""What the importer refuses or fails with: one readable line each, never a cell's content.

`ImportRefused` is bad input (a file too large, bytes that do not decode): it is a ValueError,
so the CLI's generic handler already shows it as one line. `ImportWriteFailed` is the store
failing underneath a valid file (disk full, read-only, ...): nothing was written, and `cause`
names the kind so an entry point can choose its exit code.
"""

from __future__ import annotations


class ImportRefused(ValueError):
    """The file is refused before anything is read into the store."""


class ImportWriteFailed(RuntimeError):
    """The store refused the write; the whole file was rolled back."""

    def __init__(self, message: str, cause: str) -> None:
        super().__init__(message)
        self.cause = cause
