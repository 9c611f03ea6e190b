"""Legacy import: case records from CSV/Excel, one row per case action (examples/legacy/)."""

from __future__ import annotations

from .errors import ImportRefused, ImportWriteFailed
from .guards import Limits
from .importer import import_legacy
from .report import ImportReport, Problem

__all__ = [
    "ImportRefused",
    "ImportReport",
    "ImportWriteFailed",
    "Limits",
    "Problem",
    "import_legacy",
]
