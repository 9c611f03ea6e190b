"""Numbers, percentages and dates as a reader of each language expects them, through Babel.

Italian readers write 4.583 and 35,5 %; English readers 4,583 and 35.5%. Babel carries the CLDR
rules for both, so tiles, tables and hovers never hand-roll separators. Plotly formats axis ticks
and hovers itself: `SEPARATORS` gives it the same decimal and thousands marks per language.
"""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

LOCALES = {"it": "it_IT", "en": "en_GB"}
# plotly's layout.separators: the decimal mark, then the thousands mark
SEPARATORS = {"it": ",.", "en": ".,"}
_PERCENT = {"it": "#,##0.0\u00a0%", "en": "#,##0.0%"}


def locale_of(lang: str) -> str:
    return LOCALES["en" if lang == "en" else "it"]


def separators(lang: str) -> str:
    return SEPARATORS["en" if lang == "en" else "it"]


def number(value: float | int, lang: str, decimals: int | None = None) -> str:
    """A count (no decimals) or a measure (`decimals` digits, at most two when not given)."""
    if isinstance(value, int) and decimals is None:
        return format_decimal(value, locale=locale_of(lang))
    if decimals is None:
        pattern = "#,##0.##"
    else:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale_of(lang))


def signed(value: float, lang: str) -> str:
    """A change with its sign and one decimal: +0,5 / −1,2 (a true minus sign, as plotly's)."""
    return format_decimal(value, format="+#,##0.0;\u2212#,##0.0", locale=locale_of(lang))


def percent(share: float, lang: str) -> str:
    """A share between 0 and 1 as a percentage with one decimal: 0.355 → "35,5 %" / "35.5%"."""
    return format_percent(share, _PERCENT["en" if lang == "en" else "it"], locale=locale_of(lang))


def day(value: date | datetime | str, lang: str) -> str:
    """A date ("1 dic 2026" / "1 Dec 2026"); a datetime keeps its time to the minute."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        return format_datetime(value, "d MMM y, HH:mm", locale=locale_of(lang))
    return format_date(value, "d MMM y", locale=locale_of(lang))
