"""Use cases of a case's life, from referral to the 24-month follow-up, plus corrections."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any
from uuid import UUID

from domain.case import Case, Goal, GoalStatus
from domain.person import Person
from domain.shared.case_vocabulary import (
    ActivityKind,
    AssessmentDomain,
    ClosureReason,
    ConsentScope,
    ContractKind,
    Need,
    OutcomeKind,
    ReferralReason,
    ReferringService,
    ServiceKind,
    SuspensionReason,
)
from domain.shared.errors import AlreadyExists, InvalidTransfer, NotFound, PersonErased
from domain.shared.events import Event
from domain.shared.profile_vocabulary import (
    CEFRLevel,
    EmploymentStatus,
    HousingStatus,
    IncomeSource,
    PermitKind,
)
from domain.shared.values import Meta, Period, PersonalText

from .base import CommandResult
from .catalogue import ProgrammeCatalogue

Change = Callable[[Case, Period], None]


class CaseManagement(ProgrammeCatalogue):
    def _on_case(
        self,
        command: str,
        meta: Meta,
        occurred_on: date,
        case_id: UUID,
        expected_version: int | None,
        change: Change,
    ) -> CommandResult:
        def action() -> list[Any]:
            case = self.case(case_id)
            self._check_version(case, expected_version)
            change(case, self.period_of(case.programme))
            return [case]

        return self._execute(command, meta, occurred_on, action)

    def refer_case(
        self,
        meta: Meta,
        *,
        occurred_on: date,
        case_id: UUID,
        person_id: UUID,
        programme: str,
        referring_service: ReferringService,
        reasons: list[ReferralReason],
    ) -> CommandResult:
        def action() -> list[Any]:
            if self._exists(case_id):
                raise AlreadyExists("a case with this id exists", field="case_id")
            person = self._load(person_id, Person, "person")
            if person.erased:
                raise PersonErased("this person's data has been erased", field="person_id")
            return [
                Case.refer(
                    meta=meta,
                    occurred_on=occurred_on,
                    period=self.period_of(programme),
                    case_id=case_id,
                    person_id=person_id,
                    programme=programme,
                    referring_service=referring_service,
                    reasons=reasons,
                )
            ]

        return self._execute("refer_case", meta, occurred_on, action)

    def give_consent(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        scope: ConsentScope,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_case(
            "give_consent",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.give_consent(meta=meta, occurred_on=occurred_on, period=p, scope=scope),
        )

    def withdraw_consent(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        scope: ConsentScope,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_case(
            "withdraw_consent",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.withdraw_consent(meta=meta, occurred_on=occurred_on, scope=scope),
        )

    def complete_intake(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        baseline: Mapping[AssessmentDomain, int],
        employment: EmploymentStatus,
        income_source: IncomeSource,
        housing: HousingStatus,
        needs: list[Need],
        notes: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_case(
            "complete_intake",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.complete_intake(
                meta=meta,
                occurred_on=occurred_on,
                period=p,
                baseline=baseline,
                employment=employment,
                income_source=income_source,
                housing=housing,
                needs=needs,
                notes=_sealed(c, notes),
            ),
        )

    def agree_plan(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        goals: list[Goal],
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_case(
            "agree_plan",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.agree_plan(meta=meta, occurred_on=occurred_on, period=p, goals=goals),
        )

    def review_plan(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        goal_statuses: Mapping[str, GoalStatus],
        new_goals: list[Goal] | None = None,
        notes: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_case(
            "review_plan",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.review_plan(
                meta=meta,
                occurred_on=occurred_on,
                period=p,
                goal_statuses=goal_statuses,
                new_goals=new_goals or [],
                notes=_sealed(c, notes),
            ),
        )

    def record_activity(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        kind: ActivityKind,
        hours: float,
        group_id: UUID | None = None,
        notes: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_case(
            "record_activity",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.record_activity(
                meta=meta,
                occurred_on=occurred_on,
                period=p,
                kind=kind,
                hours=hours,
                group_id=group_id,
                notes=_sealed(c, notes),
            ),
        )

    def refer_to_service(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        service: ServiceKind,
        notes: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_case(
            "refer_to_service",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.refer_to_service(
                meta=meta,
                occurred_on=occurred_on,
                period=p,
                service=service,
                notes=_sealed(c, notes),
            ),
        )

    def assess(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        scores: Mapping[AssessmentDomain, int],
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_case(
            "assess",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.assess(meta=meta, occurred_on=occurred_on, period=p, scores=scores),
        )

    def record_outcome(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        kind: OutcomeKind,
        contract_kind: ContractKind | None = None,
        weekly_hours: float | None = None,
        cefr_level: CEFRLevel | None = None,
        permit: PermitKind | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_case(
            "record_outcome",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.record_outcome(
                meta=meta,
                occurred_on=occurred_on,
                period=p,
                kind=kind,
                contract_kind=contract_kind,
                weekly_hours=weekly_hours,
                cefr_level=cefr_level,
                permit=permit,
            ),
        )

    def suspend_case(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        reason: SuspensionReason,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_case(
            "suspend_case",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.suspend(meta=meta, occurred_on=occurred_on, period=p, reason=reason),
        )

    def resume_case(
        self, meta: Meta, case_id: UUID, *, occurred_on: date, expected_version: int | None = None
    ) -> CommandResult:
        return self._on_case(
            "resume_case",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.resume(meta=meta, occurred_on=occurred_on, period=p),
        )

    def close_case(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        reason: ClosureReason,
        employment_at_exit: EmploymentStatus,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_case(
            "close_case",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.close_case(
                meta=meta,
                occurred_on=occurred_on,
                period=p,
                reason=reason,
                employment_at_exit=employment_at_exit,
            ),
        )

    def record_follow_up(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        months: int,
        reached: bool,
        employment: EmploymentStatus | None = None,
        income_source: IncomeSource | None = None,
        housing: HousingStatus | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_case(
            "record_follow_up",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.record_follow_up(
                meta=meta,
                occurred_on=occurred_on,
                months=months,
                reached=reached,
                employment=employment,
                income_source=income_source,
                housing=housing,
            ),
        )

    def correct_event(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        corrects_version: int,
        changes: dict[str, Any],
        reason: str,
        void: bool = False,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_case(
            "correct_event",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.correct(
                meta=meta,
                occurred_on=occurred_on,
                corrects_version=corrects_version,
                changes=changes,
                void=void,
                reason=PersonalText(c.person_id, reason),
            ),
        )

    def transfer_case(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        successor_programme: str,
        successor_case_id: UUID,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Carry a case over to the next generation: close it here, open it there, atomically."""

        def action() -> list[Any]:
            case = self.case(case_id)
            self._check_version(case, expected_version)
            successor = self.programme(successor_programme)
            if successor.predecessor != case.programme:
                raise InvalidTransfer(
                    f"{successor_programme} does not succeed {case.programme}",
                    field="successor_programme",
                )
            if self._exists(successor_case_id):
                raise AlreadyExists("a case with this id exists", field="successor_case_id")
            case.transfer_out(
                meta=meta,
                occurred_on=occurred_on,
                successor_period=successor.period,
                successor_programme=successor_programme,
                successor_case_id=successor_case_id,
            )
            new = Case.refer(
                meta=meta,
                occurred_on=occurred_on,
                period=successor.period,
                case_id=successor_case_id,
                person_id=case.person_id,
                programme=successor_programme,
                referring_service=case.referring_service,
                reasons=case.reasons,
                carried_over_from=case.id,
            )
            return [case, new]

        return self._execute("transfer_case", meta, occurred_on, action)

    def case(self, case_id: UUID) -> Case:
        return self._load(case_id, Case, "case")

    def case_at(
        self, case_id: UUID, *, version: int | None = None, as_of: date | None = None
    ) -> Case:
        """The case at a version, or as it stood on a business date.

        "As of" replays, in recorded order, only the events dated on or before that day, so a
        back-dated entry shows where it belongs and a later correction does not leak backwards.
        """
        if as_of is None:
            found = self.aggregate_at(case_id, version)
            if not isinstance(found, Case):
                raise NotFound(f"no case {case_id}", field="case_id")
            return found
        events = [
            e
            for e in self.events.get(case_id, lte=version)
            if isinstance(e, Event) and e.occurred_on <= as_of
        ]
        if not events or not isinstance(events[0], Case.Referred):
            raise NotFound(f"case {case_id} did not exist on {as_of.isoformat()}", field="as_of")
        case = events[0].mutate(None)
        assert isinstance(case, Case)
        for event in events[1:]:
            if isinstance(event, Case.Corrected) and event.corrects_version not in case.records:
                continue  # it corrects an event dated after `as_of`, which is not shown
            event.apply(case)
            case.version = event.originator_version
        return case


def _sealed(case: Case, text: str | None) -> PersonalText | None:
    return None if text is None else PersonalText(case.person_id, text)
