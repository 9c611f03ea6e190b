"""Text hygiene for every text a command takes: NFC, and no control characters.

The same name typed on two keyboards must be the same bytes (NFC), and a NUL, BEL or ESC in a
name or a note is never data: it breaks exports, terminals and comparisons. Tabs and line breaks
are allowed only where a field is multi-line (notes, reasons). Messages name the field and the
character's code point, never the text itself (it may be personal data).
"""

from __future__ import annotations

import unicodedata

from .errors import InvalidText

_MULTILINE_ALLOWED = frozenset("\t\n\r")
# Line and paragraph separators act as line breaks: multi-line fields only.
_LINE_BREAKS = frozenset("\u2028\u2029\u0085")


def clean_text(value: str, *, field: str, multiline: bool = False) -> str:
    """The text in NFC; refused when it holds a control character not allowed in `field`."""
    if not isinstance(value, str):
        raise InvalidText("must be text", field=field)
    text = unicodedata.normalize("NFC", value)
    for position, char in enumerate(text):
        if multiline and (char in _MULTILINE_ALLOWED or char in _LINE_BREAKS):
            continue
        if char in _MULTILINE_ALLOWED or char in _LINE_BREAKS:
            what = "a line break or tab, but it is a one-line field"
        elif unicodedata.category(char) == "Cc":
            what = "a control character"
        else:
            continue
        raise InvalidText(
            f"{field} contains {what} (U+{ord(char):04X} at position {position + 1})",
            field=field,
        )
    return text


def clean_optional(value: str | None, *, field: str, multiline: bool = False) -> str | None:
    """`clean_text` for a field that may be absent."""
    return None if value is None else clean_text(value, field=field, multiline=multiline)
