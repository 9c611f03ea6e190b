"""Reads the programme catalogue file (TOML) into entries the services load idempotently."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path

from services.catalogue import ProgrammeEntry


def default_catalogue() -> Path:
    return Path(str(resources.files("infra") / "data" / "programmes.toml"))


def read_catalogue(path: Path | None = None) -> list[ProgrammeEntry]:
    data = tomllib.loads((path or default_catalogue()).read_text(encoding="utf-8"))
    return [
        ProgrammeEntry(
            code=item["code"],
            name=item["name"],
            territory=item["territory"],
            partner_service=item["partner_service"],
            start=item["start"],
            end=item.get("end"),
            predecessor=item.get("predecessor"),
            model=item.get("model"),
            generation=int(item["generation"]),
            aims=list(item.get("aims", [])),
            actions=list(item.get("actions", [])),
            assumed=list(item.get("assumed", [])),
            extended_to=item.get("extended_to"),
        )
        for item in data["programme"]
    ]


def programme_names(path: Path | None = None) -> dict[str, str]:
    """Code → display name ("LESFEMMES" → "Les Femmes"), read again only when the catalogue
    file changes: histories and pages show names, the case reference keeps the code."""
    stamp = path.stat().st_mtime if path is not None and path.exists() else 0.0
    return dict(_names(str(path) if path else "", stamp))


@lru_cache(maxsize=8)
def _names(path: str, stamp: float) -> tuple[tuple[str, str], ...]:
    return tuple((e.code, e.name) for e in read_catalogue(Path(path) if path else None))
