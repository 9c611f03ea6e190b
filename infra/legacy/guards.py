"""Limits on what a legacy file may cost before a single cell is read.

A file is refused, with the limit named, when it is larger than `max_bytes`, holds more than
`max_rows` data rows, or (an .xlsx, which is a zip archive) would inflate to more than
`max_inflated` bytes or more than `max_ratio` times its compressed size. The .xlsx checks read
the archive's directory first (nothing inflated), then inflate each member in 1 MiB pieces
and count, so an archive whose directory lies about its sizes is caught too (its CRC check
fails, or the count passes the limit) without ever holding more than a piece in memory.

Each limit can be set by environment variable (see examples/legacy/README.md).
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import ImportRefused

MiB = 1024 * 1024
PIECE = MiB


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip().replace("_", "")
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImportRefused(f"{name} must be a whole number, not {value!r}") from None
    if number <= 0:
        raise ImportRefused(f"{name} must be greater than 0")
    return number


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 64 * MiB
    max_rows: int = 250_000
    max_inflated: int = 512 * MiB
    max_ratio: int = 100

    @classmethod
    def from_env(cls) -> Limits:
        """PERCORSI_IMPORT_MAX_BYTES, _MAX_ROWS, _MAX_INFLATED_BYTES, _MAX_INFLATION_RATIO."""
        default = cls()
        return cls(
            _env_int("PERCORSI_IMPORT_MAX_BYTES", default.max_bytes),
            _env_int("PERCORSI_IMPORT_MAX_ROWS", default.max_rows),
            _env_int("PERCORSI_IMPORT_MAX_INFLATED_BYTES", default.max_inflated),
            _env_int("PERCORSI_IMPORT_MAX_INFLATION_RATIO", default.max_ratio),
        )

    def check_size(self, path: Path) -> int:
        size = path.stat().st_size
        if size > self.max_bytes:
            raise ImportRefused(
                f"{path.name}: file di {_mib(size)}, oltre il limite di {_mib(self.max_bytes)} / "
                f"file is {_mib(size)}, over the {_mib(self.max_bytes)} limit "
                "(PERCORSI_IMPORT_MAX_BYTES): split it"
            )
        return size

    def check_rows(self, name: str, rows: int) -> None:
        if rows > self.max_rows:
            raise ImportRefused(
                f"{name}: {rows} righe, oltre il limite di {self.max_rows} / {rows} rows, over "
                f"the {self.max_rows} row limit (PERCORSI_IMPORT_MAX_ROWS): split the file"
            )

    def check_xlsx(self, path: Path) -> None:
        """Refuse an .xlsx that is no zip, or would inflate past the limits."""
        compressed = self.check_size(path)
        try:
            with zipfile.ZipFile(path) as archive:
                members = archive.infolist()
                self._check_inflated(path.name, sum(m.file_size for m in members), compressed)
                total = 0
                for member in members:
                    with archive.open(member) as stream:
                        while piece := stream.read(PIECE):
                            total += len(piece)
                            self._check_inflated(path.name, total, compressed)
        except zipfile.BadZipFile as error:
            raise ImportRefused(
                f"{path.name}: non è un file .xlsx valido / not a valid .xlsx file ({error})"
            ) from None

    def _check_inflated(self, name: str, inflated: int, compressed: int) -> None:
        too_large = inflated > self.max_inflated
        too_dense = inflated > MiB and inflated > self.max_ratio * max(compressed, 1)
        if too_large or too_dense:
            raise ImportRefused(
                f"{name}: l'archivio .xlsx si espande a {_mib(inflated)} o più "
                f"({inflated // max(compressed, 1)}× il file) / the .xlsx inflates to "
                f"{_mib(inflated)} or more ({inflated // max(compressed, 1)}× its size), over "
                f"the limits of {_mib(self.max_inflated)} and {self.max_ratio}× "
                "(PERCORSI_IMPORT_MAX_INFLATED_BYTES, PERCORSI_IMPORT_MAX_INFLATION_RATIO)"
            )


def _mib(size: int) -> str:
    return f"{size / MiB:.1f} MiB"
