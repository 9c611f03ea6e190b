"""Outcome definitions of the impact evaluation, as code (ADR 0016 gives them in words).

A *path* is one woman's course across the lineage: a case and the cases it was carried over
into. The clock starts at the path's first intake and never restarts on carry-over. Women in
work at that intake are not at risk of a first job and leave the time-to-job analyses.

*Employment* is a job outcome whose contract kind is in `contract_kinds` and whose weekly hours
are at least `min_weekly_hours`; a follow-up that finds her employed or self-employed after
closure also counts (the contract is not asked then). The default leaves out work placements
(tirocini: a training measure, not a contract of employment) and occasional work (prestazione
occasionale: no continuing relationship), and asks for 18 hours a week, half of a 36-hour
full-time week: the aim is autonomy, and a few hours a week rarely give an income of one's own
(ADR 0016 argues it, and the ILO's one-hour definition is one parameter away). Both are
parameters of every query.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.shared.case_vocabulary import ContractKind

from .base import InvalidFilter

DEFAULT_CONTRACTS: tuple[str, ...] = (
    "permanent",
    "fixed_term",
    "apprenticeship",
    "agency",
    "domestic",
    "self_employed",
)
DEFAULT_MIN_HOURS = 18.0
EMPLOYED_STATUSES = ("employed", "self_employed")
COMPETING_REASONS = ("dropped_out", "lost_contact", "moved_away")
"""Closures that end the path without work: the competing event of the cumulative incidence."""
HORIZONS_MONTHS = (6, 12)
"""Fixed horizons of distance travelled, in months after the path's intake."""
SUSTAINED_MONTHS = (6, 12, 24)
MONTH_DAYS = 30.4375


@dataclass(frozen=True)
class EmploymentDefinition:
    """Which first jobs count as employment: contract kinds and minimum weekly hours."""

    contract_kinds: tuple[str, ...] = DEFAULT_CONTRACTS
    min_weekly_hours: float = DEFAULT_MIN_HOURS

    def __post_init__(self) -> None:
        kinds = tuple(dict.fromkeys(str(k) for k in self.contract_kinds))
        if not kinds:
            raise InvalidFilter("name at least one contract kind", field="contract_kinds")
        for kind in kinds:
            try:
                ContractKind.parse(kind)
            except ValueError as error:
                raise InvalidFilter(str(error), field="contract_kinds") from None
        hours = float(self.min_weekly_hours)
        if not 1 <= hours <= 60:
            raise InvalidFilter("minimum weekly hours must be 1–60", field="min_weekly_hours")
        object.__setattr__(self, "contract_kinds", tuple(sorted(kinds)))
        object.__setattr__(self, "min_weekly_hours", hours)

    def job_sql(self, alias: str = "o") -> str:
        """The SQL condition on an `outcomes` row (codes are checked against the vocabulary,
        so inlining them is safe)."""
        kinds = ", ".join(f"'{k}'" for k in self.contract_kinds)
        return (
            f"{alias}.kind = 'job_started' AND {alias}.contract_kind IN ({kinds}) "
            f"AND {alias}.weekly_hours >= {self.min_weekly_hours!r}"
        )

    def describe(self, lang: str = "en") -> str:
        """One line for the 'method' column beside every figure."""
        kinds = ", ".join(self.contract_kinds)
        if lang == "it":
            return f"contratti: {kinds}; almeno {self.min_weekly_hours:g} ore/settimana"
        return f"contracts: {kinds}; at least {self.min_weekly_hours:g} h/week"


DEFAULT_DEFINITION = EmploymentDefinition()
