"""Value objects of a case: its status, and the goals of the personalised project (PPD)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..shared.case_vocabulary import AssessmentDomain
from ..shared.labels import LabelledEnum
from ..shared.values import PersonalText


class CaseStatus(LabelledEnum):
    REFERRED = ("referred", "Segnalata", "Referred")
    ACTIVE = ("active", "In carico", "Active")
    SUSPENDED = ("suspended", "Sospesa", "Suspended")
    CLOSED = ("closed", "Chiusa", "Closed")
    TRANSFERRED = ("transferred", "Passata al progetto successivo", "Carried over")

    @property
    def is_over(self) -> bool:
        return self in (CaseStatus.CLOSED, CaseStatus.TRANSFERRED)


class GoalStatus(LabelledEnum):
    OPEN = ("open", "Aperto", "Open")
    ACHIEVED = ("achieved", "Raggiunto", "Achieved")
    PARTLY = ("partly", "Parzialmente raggiunto", "Partly achieved")
    DROPPED = ("dropped", "Abbandonato", "Dropped")


@dataclass(frozen=True)
class Goal:
    """One goal of the PPD: a domain, a target date, and a sealed description."""

    goal_id: str
    domain: AssessmentDomain
    target_date: date
    description: PersonalText | None = None
