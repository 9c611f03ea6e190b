"""Legacy import: case records from CSV/Excel, one row per case action (examples/legacy/)."""

from __future__ import annotations

from .importer import ImportReport, Problem, import_legacy

__all__ = ["ImportReport", "Problem", "import_legacy"]
