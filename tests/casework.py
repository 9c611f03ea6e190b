"""Service-level steps shared by integration tests: a woman registered, a case taken in charge."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from domain.shared.case_vocabulary import (
    AssessmentDomain,
    ConsentScope,
    Need,
    ReferralReason,
    ReferringService,
)
from domain.shared.profile_vocabulary import EmploymentStatus, HousingStatus, IncomeSource
from services.app import Percorsi
from tests.helpers import household, meta, personal, profile


def scores(value: int = 3) -> dict[AssessmentDomain, int]:
    return dict.fromkeys(AssessmentDomain, value)


def register_woman(app: Percorsi, on: date, name: str = "Amina Diallo") -> UUID:
    person_id = uuid4()
    app.register_person(
        meta(),
        occurred_on=on,
        person_id=person_id,
        personal=personal(person_id, name),
        profile=profile(),
        household=household(),
    )
    return person_id


def refer(app: Percorsi, person_id: UUID, programme: str, on: date) -> UUID:
    case_id = uuid4()
    app.refer_case(
        meta(),
        occurred_on=on,
        case_id=case_id,
        person_id=person_id,
        programme=programme,
        referring_service=ReferringService.SOCIAL_SERVICE_FI,
        reasons=[ReferralReason.EMPLOYMENT, ReferralReason.LANGUAGE],
    )
    return case_id


def take_in_charge(app: Percorsi, person_id: UUID, programme: str, on: date) -> UUID:
    """Referral, consent to processing and the intake, all on the same day."""
    case_id = refer(app, person_id, programme, on)
    app.give_consent(meta(), case_id, occurred_on=on, scope=ConsentScope.PROCESSING)
    app.complete_intake(
        meta(),
        case_id,
        occurred_on=on,
        baseline=scores(),
        employment=EmploymentStatus.UNEMPLOYED_SEEKING,
        income_source=IncomeSource.BENEFITS,
        housing=HousingStatus.HOSTED,
        needs=[Need.JOB],
    )
    return case_id
