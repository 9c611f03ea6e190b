"""Decoding a legacy CSV: UTF-8 (with or without BOM) or a Windows code page, never lossily.

Italian offices export CSV from Excel as UTF-8 or as Windows-1252; either must read "Niccolò"
exactly. The order:

1. `--encoding` given: decode strictly with it.
2. Valid UTF-8 (BOM or not): UTF-8.
3. Bytes that hold valid UTF-8 sequences *and* invalid ones: a UTF-8 file with damaged
   cells. Guessing a code page would turn every "ò" into "Ã²", so it is refused, naming the
   row and column of the first bad bytes.
4. Otherwise charset-normalizer proposes code pages; Windows-1252 (the Western/Italian
   Windows default, a superset of Latin-1's printable range) is preferred when it is among
   them, because the library cannot tell Italian cp1252 from cp1250/cp1258 on short text.
   A file from another code page needs `--encoding` (the summary line names the one used).

Bytes that do not decode are refused with their row and column, never replaced.
"""

from __future__ import annotations

import codecs
import csv
import io
import re

from charset_normalizer import from_bytes

from .errors import ImportRefused

PREFERRED = ("cp1252", "latin_1", "iso8859_15")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_ESCAPED = re.compile("[\udc80-\udcff]")


def decode_csv(raw: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding used) of a CSV file's bytes; raises `ImportRefused` naming row/column."""
    if encoding is not None:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise ImportRefused(f"unknown encoding {encoding!r}") from None
        return _strict(raw, codec, name), codec
    if raw.startswith(codecs.BOM_UTF8):
        return _strict(raw[len(codecs.BOM_UTF8) :], "utf-8", name), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _UTF8_MULTIBYTE.search(raw):
        _strict(raw, "utf-8", name)  # raises, naming the first bad cell
    guess = _guess(raw)
    if guess is None:
        raise ImportRefused(
            f"{name}: codifica non riconosciuta / cannot tell the file's encoding: "
            "save it as UTF-8 or pass --encoding (e.g. --encoding cp1252)"
        )
    return _strict(raw, guess, name), guess


def _guess(raw: bytes) -> str | None:
    candidates = [match.encoding for match in from_bytes(raw)]
    for codec in PREFERRED:
        if codec in candidates:
            return codec
    return candidates[0] if candidates else None


def _strict(raw: bytes, codec: str, name: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        row, column = locate_bad_bytes(raw, codec)
        raise ImportRefused(
            f"{name}: riga/row {row} · colonna/column {column}: byte non validi in {codec} / "
            f"bytes not valid {codec}: fix the cell, save the file as UTF-8, or pass --encoding"
        ) from None


def locate_bad_bytes(raw: bytes, codec: str) -> tuple[int, str]:
    """Spreadsheet row (header = 1) and column of the first cell holding undecodable bytes."""
    text = raw.decode(codec, errors="surrogateescape")
    first_line = text.split("\n", 1)[0]
    separator = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    header: list[str] = []
    for number, record in enumerate(reader, start=1):
        if number == 1:
            header = [cell.strip().lstrip("\ufeff").lower() for cell in record]
        for index, cell in enumerate(record):
            if _ESCAPED.search(cell):
                column = header[index] if index < len(header) and number > 1 else f"#{index + 1}"
                return number, "(header)" if number == 1 else column
    return 0, "?"
