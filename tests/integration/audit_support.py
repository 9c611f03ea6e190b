"""A short woman's story through the real services, shared by the audit and GDPR tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

from domain.shared.case_vocabulary import (
    ActivityKind,
    AssessmentDomain,
    ConsentScope,
    Need,
    ReferralReason,
    ReferringService,
)
from domain.shared.profile_vocabulary import EmploymentStatus, HousingStatus, IncomeSource
from domain.shared.values import PersonalData
from infra.bootstrap import Runtime
from tests.helpers import household, meta, profile

NOTE = "Colloquio con {first}: vive con la sorella in via Pisana"
REASON = "ore di {first} trascritte male dalla scheda cartacea"


@dataclass
class Story:
    person_id: UUID
    case_id: UUID
    values: list[str]  # every personal value written, for scans


def personal_of(person_id: UUID, name: str) -> PersonalData:
    """Values unique to each woman, so a scan for one never matches another."""
    n = sum(map(ord, name)) % 100
    return PersonalData(
        person_id,
        name,
        f"BNNFMZ80A41Z3{n:02d}X",
        date(1980, 1, 1 + n % 28),
        f"+39 333 12345{n:02d}",
        f"{name.split()[0].lower()}.{n}@example.org",
        f"Via dei Serragli {n}",
    )


def story(runtime: Runtime, name: str = "Fatima Zahra Bennani") -> Story:
    """Register a woman; refer, consent, intake, one activity, a correction of its hours."""
    app = runtime.app
    pid, cid = uuid4(), uuid4()
    data, first = personal_of(pid, name), name.split()[0]
    note, reason = NOTE.format(first=first), REASON.format(first=first)
    app.register_person(
        meta(),
        occurred_on=date(2017, 3, 1),
        person_id=pid,
        personal=data,
        profile=profile(),
        household=household(),
    )
    app.refer_case(
        meta(),
        occurred_on=date(2017, 3, 2),
        case_id=cid,
        person_id=pid,
        programme="LESFEMMES",
        referring_service=ReferringService.SOCIAL_SERVICE_FI,
        reasons=[ReferralReason.EMPLOYMENT, ReferralReason.LANGUAGE],
    )
    for scope in (ConsentScope.PROCESSING, ConsentScope.ANALYTICS):
        app.give_consent(meta(), cid, occurred_on=date(2017, 3, 2), scope=scope)
    app.complete_intake(
        meta(),
        cid,
        occurred_on=date(2017, 3, 10),
        baseline=dict.fromkeys(AssessmentDomain, 4),
        employment=EmploymentStatus.UNEMPLOYED_SEEKING,
        income_source=IncomeSource.NONE,
        housing=HousingStatus.HOSTED,
        needs=[Need.JOB],
        notes=note,
    )
    app.record_activity(
        meta(),
        cid,
        occurred_on=date(2017, 4, 3),
        kind=ActivityKind.ORIENTATION,
        hours=2.0,
        notes=note,
    )
    app.correct_event(
        meta(),
        cid,
        occurred_on=date(2017, 4, 20),
        corrects_version=5,
        changes={"hours": 3.0},
        reason=reason,
    )
    return Story(pid, cid, [*data.values(), NOTE.format(first=first), REASON.format(first=first)])
