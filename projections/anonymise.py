"""The only place identifiers and exact values become analytic ones (DESIGN §5).

Keyed pseudonyms (HMAC-SHA256 with a secret the caller passes in and DuckDB never holds), 5-year
age bands, world regions, months instead of days, zones instead of municipalities.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date
from uuid import UUID

from domain.shared.geography import region_of

from .shared import age_band

ZONES: dict[str, tuple[str, ...]] = {
    "firenze": ("Firenze",),
    "empolese_valdelsa": (
        "Empoli",
        "Castelfiorentino",
        "Certaldo",
        "Fucecchio",
        "Vinci",
        "Montelupo Fiorentino",
        "Cerreto Guidi",
        "Montespertoli",
        "Gambassi Terme",
        "Capraia e Limite",
        "Montaione",
    ),
    "fiorentina_nord_ovest": (
        "Sesto Fiorentino",
        "Campi Bisenzio",
        "Calenzano",
        "Signa",
        "Lastra a Signa",
        "Scandicci",
        "Fiesole",
        "Vaglia",
    ),
}
_ZONE_OF = {m.casefold(): zone for zone, ms in ZONES.items() for m in ms}


class Pseudonymiser:
    """Stable keyed pseudonyms: the same id and secret give the same key, nothing reverses it."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise ValueError("the pseudonym secret must be at least 16 bytes")
        self._secret = secret
        self._cache: dict[tuple[str, UUID], str] = {}

    def key(self, kind: str, identifier: UUID) -> str:
        found = self._cache.get((kind, identifier))
        if found is None:
            digest = hmac.new(self._secret, kind.encode() + identifier.bytes, hashlib.sha256)
            found = kind[0] + digest.hexdigest()[:24]
            if len(self._cache) > 500_000:
                self._cache.clear()
            self._cache[(kind, identifier)] = found
        return found


def zone_of(municipality: str) -> str:
    return _ZONE_OF.get(municipality.strip().casefold(), "altro")


_MONTHS: dict[date, date] = {}


def month_of(day: date) -> date:
    """The first of the month (remembered: a history has a few thousand distinct days)."""
    month = _MONTHS.get(day)
    if month is None:
        month = _MONTHS[day] = day.replace(day=1)
    return month


def band_at(birth_year: int, on: date) -> str:
    """Age band at a date from the birth year alone (the birth date never reaches here)."""
    return age_band(on.year - birth_year)


def arrival_band(arrival_year: int | None, on: date) -> str:
    if arrival_year is None:
        return "unknown"
    years = on.year - arrival_year
    if years < 2:
        return "<2"
    if years < 5:
        return "2-4"
    if years < 10:
        return "5-9"
    return "10+"


def origin_region(country_code: str) -> str:
    return region_of(country_code).code
