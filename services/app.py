"""The Percorsi application: every capability over one event store and one notification log."""

from __future__ import annotations

# Imported for their vocabularies, which must exist before transcodings register.
import domain.group
import domain.stakeholder  # noqa: F401
from domain.case import Case

from .case_course import CaseCourse
from .networks import Networks
from .people import PeopleRegistry


class Percorsi(CaseCourse, PeopleRegistry, Networks):
    """One application so every event shares one ordered log (projections, hash chain)."""

    name = "Percorsi"
    cached_types = (Case,)
