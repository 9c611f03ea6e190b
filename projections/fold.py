"""Compact, non-identifying state folded from decoded events: what the analytic rows need.

A case keeps one small record per event version (so corrections can change or void it, as in
domain.case.state), never free text or sealed values. Folding skips versions it already holds,
so a state loaded from the store ahead of the stream is never applied twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from domain.case.values import CaseStatus
from domain.shared.case_vocabulary import ConsentScope

# The fields of each case event the analytic rows read (notes and reasons are never kept).
_KEEP: dict[str, Callable[[Any], dict[str, Any]]] = {
    "Referred": lambda e: {"referring_service": e.referring_service},
    "IntakeCompleted": lambda e: {
        "baseline": e.baseline,
        "employment": e.employment,
        "income_source": e.income_source,
        "housing": e.housing,
        "prior_work": e.months_worked_prior_24,
    },
    "ActivityRecorded": lambda e: {"kind": e.kind, "hours": e.hours, "group_id": e.group_id},
    "ReferredToService": lambda e: {"service": e.service},
    "Assessed": lambda e: {"scores": e.scores},
    "OutcomeRecorded": lambda e: {
        "kind": e.kind,
        "contract_kind": e.contract_kind,
        "weekly_hours": e.weekly_hours,
    },
    "Closed": lambda e: {"reason": e.reason, "employment_at_exit": e.employment_at_exit},
    "FollowedUp": lambda e: {
        "months": e.months,
        "reached": e.reached,
        "employment": e.employment,
        "income_source": e.income_source,
        "housing": e.housing,
    },
    "NotTakenOn": lambda e: {
        "reason": e.reason,
        "employment": e.employment,
        "prior_work": e.months_worked_prior_24,
    },
    "TransferredOut": lambda e: {"successor_programme": e.successor_programme},
}
_KIND = {name: name for name in _KEEP}
_STATUS = {
    "IntakeCompleted": CaseStatus.ACTIVE,
    "Suspended": CaseStatus.SUSPENDED,
    "Resumed": CaseStatus.ACTIVE,
    "Closed": CaseStatus.CLOSED,
    "TransferredOut": CaseStatus.TRANSFERRED,
    "NotTakenOn": CaseStatus.CLOSED,
}


@dataclass(slots=True)
class Rec:
    kind: str
    on: date
    fields: dict[str, Any]
    void: bool = False


@dataclass(slots=True)
class CaseFold:
    case_id: UUID
    person_id: UUID
    programme: str
    carried_over_from: UUID | None
    version: int = 0
    status: CaseStatus = CaseStatus.REFERRED
    analytics_consent: bool = False
    records: dict[int, Rec] = field(default_factory=dict)
    singletons: dict[str, int] = field(default_factory=dict)

    @classmethod
    def start(cls, event: Any) -> CaseFold:
        fold = cls(event.originator_id, event.person_id, event.programme, event.carried_over_from)
        fold.apply(event, "Referred")
        return fold

    def apply(self, event: Any, name: str) -> bool:
        """Fold one event (name = its class name); False if this version was already folded."""
        version = event.originator_version
        if version <= self.version:
            return False
        self.version = version
        keep = _KEEP.get(name)
        if keep is not None:  # the vocabulary's own string: one per kind, not one per record
            self.records[version] = Rec(_KIND[name], event.occurred_on, keep(event))
        if name in ("IntakeCompleted", "Closed", "TransferredOut", "NotTakenOn"):
            self.singletons[name] = version
        status = _STATUS.get(name)
        if status is not None:
            self.status = status
        elif name in ("ConsentGiven", "ConsentWithdrawn") and (
            event.scope is ConsentScope.ANALYTICS
        ):
            self.analytics_consent = name == "ConsentGiven"
        elif name == "Corrected":
            self._correct(event)
        return True

    def _correct(self, event: Any) -> None:
        target = self.records.get(event.corrects_version)
        if target is None:  # an event kind whose fields analytics do not read
            return
        if event.void:
            target.void = True
        for key, value in event.changes.items():
            if key == "occurred_on":
                target.on = value
            elif key in target.fields:
                target.fields[key] = value

    # -- derived views (mirroring domain.case.state) --------------------------------------
    def singleton(self, name: str) -> Rec | None:
        version = self.singletons.get(name)
        return None if version is None else self.records[version]

    def live_by_kind(self) -> dict[str, list[Rec]]:
        """The records that stand (not voided), grouped by kind, in version order."""
        out: dict[str, list[Rec]] = {}
        for rec in self.records.values():
            if not rec.void:
                out.setdefault(rec.kind, []).append(rec)
        return out

    def live(self, name: str) -> list[Rec]:
        return [r for r in self.records.values() if r.kind == name and not r.void]

    @property
    def referred(self) -> Rec:
        return self.records[1]


@dataclass(slots=True)
class PersonFold:
    person_id: UUID
    birth_year: int
    country: str
    arrival_year: int | None
    italian_level: str
    education: str
    permit: str
    municipality: str
    household: str
    children: int
    special_needs: bool
    version: int = 0
    erased: bool = False

    @classmethod
    def start(cls, event: Any) -> PersonFold:
        fold = cls(event.originator_id, 0, "", None, "", "", "", "", "", 0, False)
        fold.apply(event, "Registered")
        return fold

    def apply(self, event: Any, name: str) -> bool:
        if event.originator_version <= self.version:
            return False
        self.version = event.originator_version
        if name in ("Registered", "ProfileChanged"):
            p = event.profile
            self.birth_year, self.country, self.arrival_year = (
                p.birth_year,
                p.country_of_birth,
                p.arrival_year,
            )
            self.italian_level, self.education = p.italian_level.code, p.education.code
            self.permit, self.municipality = p.permit.code, p.municipality
        if name in ("Registered", "HouseholdChanged"):
            h = event.household
            self.household, self.children = h.kind.code, len(h.children)
            self.special_needs = any(c.special_needs for c in h.children)
        if name == "Erased":
            self.erased = True  # ADR 0005: her pseudonymous rows go with her key
        return name in ("Registered", "ProfileChanged", "HouseholdChanged", "Erased")


@dataclass(slots=True)
class ProgrammeFold:
    code: str
    name: str
    territory: str
    start: date
    end: date | None
    predecessor: str | None
    model: str | None
    generation: int
    version: int = 0

    @classmethod
    def start_from(cls, event: Any) -> ProgrammeFold:
        fold = cls(
            event.code,
            event.name,
            event.territory,
            event.start,
            event.end,
            event.predecessor,
            event.model,
            event.generation,
            event.originator_version,
        )
        return fold

    def apply(self, event: Any, name: str) -> bool:
        if event.originator_version <= self.version:
            return False
        self.version = event.originator_version
        if name == "PeriodExtended":
            self.end = event.new_end
        elif name == "Amended":
            for key, value in event.changes.items():
                if hasattr(self, key) and key != "version":
                    setattr(self, key, value)
        return True


@dataclass(slots=True)
class GroupFold:
    group_id: UUID
    programme: str
    kind: str
    sessions: list[tuple[date, float]] = field(default_factory=list)
    version: int = 0

    def apply(self, event: Any, name: str) -> bool:
        if event.originator_version <= self.version:
            return False
        self.version = event.originator_version
        if name == "SessionHeld":
            self.sessions.append((event.occurred_on, float(event.hours)))
        return name == "SessionHeld"


@dataclass(slots=True)
class StakeholderFold:
    stakeholder_id: UUID
    programme: str
    name: str
    kind: str
    territory: str
    mapped_on: date
    # [partner ("programme" or the partner's id hex), kind, since, until or None]
    collaborations: list[list[Any]] = field(default_factory=list)
    version: int = 0

    def apply(self, event: Any, name: str) -> bool:
        if event.originator_version <= self.version:
            return False
        self.version = event.originator_version
        partner = event.partner_id.hex if getattr(event, "partner_id", None) else "programme"
        if name == "CollaborationStarted":
            self.collaborations.append([partner, event.kind.code, event.occurred_on, None])
        elif name == "CollaborationEnded":
            for item in self.collaborations:
                if item[0] == partner and item[1] == event.kind.code and item[3] is None:
                    item[3] = event.occurred_on
        return True
