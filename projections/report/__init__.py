"""The reproducible evaluation report: sections from the query layer, HTML and PDF renderings."""

from __future__ import annotations

from .render import Report, to_html, to_pdf
from .sections import Section, sections

__all__ = ["Report", "Section", "sections", "to_html", "to_pdf"]
