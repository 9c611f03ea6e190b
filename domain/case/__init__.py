"""Case (presa in carico): one woman's path in one programme, from referral to follow-up."""

from .aggregate import Case
from .values import CaseStatus, Goal, GoalStatus

__all__ = ["Case", "CaseStatus", "Goal", "GoalStatus"]
