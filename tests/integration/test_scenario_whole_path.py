"""Amina's path, told in order: from a referral in Billan 2 to the 24-month follow-up.

She is referred by the Florence social service in spring 2013, takes part in Billan 2, finds a
job, pauses for a maternity, is carried over to Azioni 2015–16 when Billan 2 ends, closes there
with her goals reached, and is followed up at 6, 12 and 24 months. A caseworker's slip is then
corrected. Everything runs through the application services on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from domain.case import Case, CaseStatus, Goal, GoalStatus
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
from domain.shared.profile_vocabulary import (
    CEFRLevel,
    EmploymentStatus,
    HousingStatus,
    IncomeSource,
)
from domain.shared.roles import ActorRole
from domain.shared.values import Meta
from infra.bootstrap import Runtime
from services.app import Percorsi
from tests.helpers import household, meta, personal, profile

CASEWORKER = ActorRole.CASEWORKER
COORDINATOR = ActorRole.COORDINATOR


def caseworker(command_id: str | None = None) -> Meta:
    return meta(CASEWORKER, command_id, actor="operatrice-giulia")


def coordinator() -> Meta:
    return meta(COORDINATOR, actor="coordinatrice-sara")


def she_is_registered(app: Percorsi) -> UUID:
    amina = uuid4()
    app.register_person(
        caseworker(),
        occurred_on=date(2013, 4, 2),
        person_id=amina,
        personal=personal(amina, "Amina Ouedraogo"),
        profile=profile(1984),
        household=household(),
    )
    return amina


def she_is_referred_and_taken_in_charge(app: Percorsi, amina: UUID) -> UUID:
    case_id = uuid4()
    app.refer_case(
        caseworker(),
        occurred_on=date(2013, 4, 3),
        case_id=case_id,
        person_id=amina,
        programme="BILLAN2",
        referring_service=ReferringService.SOCIAL_SERVICE_FI,
        reasons=[ReferralReason.EMPLOYMENT, ReferralReason.LANGUAGE, ReferralReason.EMPLOYMENT],
    )
    for scope in (ConsentScope.PROCESSING, ConsentScope.ANALYTICS):
        app.give_consent(caseworker(), case_id, occurred_on=date(2013, 4, 10), scope=scope)
    app.complete_intake(
        caseworker(),
        case_id,
        occurred_on=date(2013, 4, 17),
        baseline={**dict.fromkeys(AssessmentDomain, 4), AssessmentDomain.LANGUAGE: 2},
        employment=EmploymentStatus.UNEMPLOYED_SEEKING,
        income_source=IncomeSource.BENEFITS,
        housing=HousingStatus.HOSTED,
        needs=[Need.JOB, Need.LANGUAGE, Need.CHILDCARE],
        notes="Ha lavorato come sarta in patria; cerca lavoro nel tessile.",
    )
    return case_id


def test_amina_from_referral_to_the_24_month_follow_up(runtime: Runtime) -> None:
    app = runtime.app

    # -- spring 2013: the Florence social service refers her to Billan 2 ---------------------
    amina = she_is_registered(app)
    billan2 = she_is_referred_and_taken_in_charge(app, amina)
    case = app.case(billan2)
    assert case.status is CaseStatus.ACTIVE and case.version == 4
    assert case.reasons == [ReferralReason.EMPLOYMENT, ReferralReason.LANGUAGE]  # deduplicated
    assert case.baseline["language"] == 2 and case.intake_on == date(2013, 4, 17)
    assert case.intake is not None and case.intake["notes"].text.startswith("Ha lavorato")

    # -- her personalised project: work and Italian, reviewed in the autumn ------------------
    app.agree_plan(
        caseworker(),
        billan2,
        occurred_on=date(2013, 5, 2),
        goals=[
            Goal("lavoro", AssessmentDomain.WORK, date(2014, 6, 30)),
            Goal("italiano", AssessmentDomain.LANGUAGE, date(2013, 12, 31)),
        ],
    )
    for day, kind, hours in [
        (date(2013, 5, 8), ActivityKind.LISTENING_INTERVIEW, 1.0),
        (date(2013, 5, 20), ActivityKind.ORIENTATION, 2.0),
        (date(2013, 6, 5), ActivityKind.CV_WORKSHOP, 3.0),
        (date(2013, 9, 16), ActivityKind.ITALIAN_COURSE, 4.0),
        (date(2013, 10, 14), ActivityKind.ITALIAN_COURSE, 4.0),
        (date(2013, 11, 4), ActivityKind.JOB_ACCOMPANIMENT, 2.5),
    ]:
        app.record_activity(caseworker(), billan2, occurred_on=day, kind=kind, hours=hours)
    app.refer_to_service(
        caseworker(),
        billan2,
        occurred_on=date(2013, 6, 12),
        service=ServiceKind.EMPLOYMENT_CENTRE,
        notes="Iscrizione al Centro per l'impiego di via Cavallotti.",
    )
    app.record_outcome(
        caseworker(),
        billan2,
        occurred_on=date(2013, 12, 10),
        kind=OutcomeKind.LANGUAGE_CERTIFIED,
        cefr_level=CEFRLevel.A2,
    )
    app.review_plan(
        caseworker(),
        billan2,
        occurred_on=date(2013, 12, 18),
        goal_statuses={"italiano": GoalStatus.ACHIEVED},
        new_goals=[Goal("casa", AssessmentDomain.HOUSING, date(2015, 6, 30))],
        notes="Certificazione A2 ottenuta.",
    )
    app.assess(
        caseworker(),
        billan2,
        occurred_on=date(2014, 1, 15),
        scores={AssessmentDomain.LANGUAGE: 5, AssessmentDomain.WORK: 5},
    )

    # -- the job: a fixed-term contract in a tailoring workshop ------------------------------
    job = app.record_outcome(
        caseworker(),
        billan2,
        occurred_on=date(2014, 2, 3),
        kind=OutcomeKind.JOB_STARTED,
        contract_kind=ContractKind.FIXED_TERM,
        weekly_hours=24,
    )
    case = app.case(billan2)
    assert case.first_job_on == date(2014, 2, 3)
    assert case.latest_scores["language"] == 5 and case.latest_scores["housing"] == 4
    assert case.goal_statuses == {
        "lavoro": GoalStatus.OPEN,
        "italiano": GoalStatus.ACHIEVED,
        "casa": GoalStatus.OPEN,
    }
    assert case.hours_by_kind()[ActivityKind.ITALIAN_COURSE] == 8.0

    # -- a maternity pause, then back to work on the plan ------------------------------------
    app.suspend_case(
        caseworker(),
        billan2,
        occurred_on=date(2014, 4, 1),
        reason=SuspensionReason.MATERNITY,
    )
    assert app.case(billan2).status is CaseStatus.SUSPENDED
    app.resume_case(caseworker(), billan2, occurred_on=date(2014, 9, 1))
    app.record_activity(
        caseworker(),
        billan2,
        occurred_on=date(2014, 10, 6),
        kind=ActivityKind.CULTURAL_MEDIATION,
        hours=1.5,
    )

    # -- Billan 2 ends: her case is carried over to Azioni 2015–16 ---------------------------
    azioni = uuid4()
    app.transfer_case(
        coordinator(),
        billan2,
        occurred_on=date(2015, 1, 2),
        successor_programme="AZIONI1516",
        successor_case_id=azioni,
    )
    old, new = app.case(billan2), app.case(azioni)
    assert old.status is CaseStatus.TRANSFERRED and old.successor_case_id == azioni
    assert old.closure_reason is ClosureReason.TRANSFERRED and old.closed_on == date(2015, 1, 2)
    assert new.status is CaseStatus.REFERRED and new.carried_over_from == billan2
    assert new.person_id == amina and new.programme == "AZIONI1516"
    assert new.reasons == old.reasons and new.referring_service is old.referring_service

    # -- in the successor: consent again, a short intake, housing found, closure --------------
    app.give_consent(
        caseworker(),
        azioni,
        occurred_on=date(2015, 1, 12),
        scope=ConsentScope.PROCESSING,
    )
    app.complete_intake(
        caseworker(),
        azioni,
        occurred_on=date(2015, 1, 12),
        baseline={**dict.fromkeys(AssessmentDomain, 6), AssessmentDomain.HOUSING: 3},
        employment=EmploymentStatus.EMPLOYED,
        income_source=IncomeSource.OWN_WORK,
        housing=HousingStatus.HOSTED,
        needs=[Need.HOUSING],
    )
    app.record_activity(
        caseworker(),
        azioni,
        occurred_on=date(2015, 3, 9),
        kind=ActivityKind.ORIENTATION,
        hours=2,
    )
    app.record_outcome(
        caseworker(),
        azioni,
        occurred_on=date(2015, 9, 1),
        kind=OutcomeKind.HOUSING_SECURED,
    )
    app.close_case(
        coordinator(),
        azioni,
        occurred_on=date(2016, 3, 31),
        reason=ClosureReason.GOALS_ACHIEVED,
        employment_at_exit=EmploymentStatus.EMPLOYED,
    )
    closed = app.case(azioni)
    assert closed.status is CaseStatus.CLOSED and closed.closed_on == date(2016, 3, 31)
    assert closed.employment_at_exit is EmploymentStatus.EMPLOYED

    # -- follow-ups at 6, 12 and 24 months after closure (past the programme's end) -----------
    for months, day, reached, employment in [
        (6, date(2016, 10, 3), True, EmploymentStatus.EMPLOYED),
        (12, date(2017, 3, 20), True, EmploymentStatus.EMPLOYED),
        (24, date(2018, 4, 9), False, None),
    ]:
        app.record_follow_up(
            caseworker(),
            azioni,
            occurred_on=day,
            months=months,
            reached=reached,
            employment=employment,
            income_source=IncomeSource.OWN_WORK if reached else None,
            housing=HousingStatus.RENTED if reached else None,
        )
    assert sorted(app.case(azioni).follow_ups) == [6, 12, 24]

    # -- a slip found later: the job was 30 hours a week, not 24 ------------------------------
    app.correct_event(
        coordinator(),
        billan2,
        occurred_on=date(2018, 5, 2),
        corrects_version=job.version,
        changes={"weekly_hours": 30},
        reason="Il contratto riporta 30 ore settimanali.",
    )
    corrected = app.case(billan2)
    record = corrected.records[job.version]
    assert record.fields["weekly_hours"] == 30.0 and record.corrected_by == [corrected.version]
    original = app.case_at(billan2, version=job.version)
    assert original.records[job.version].fields["weekly_hours"] == 24.0  # nothing was edited

    # -- the whole story, as stored: ordered, dated, attributed --------------------------------
    history = list(app.events.get(billan2))
    kinds = [type(e).__name__ for e in history]
    assert kinds[:5] == [
        "Referred",
        "ConsentGiven",
        "ConsentGiven",
        "IntakeCompleted",
        "PlanAgreed",
    ]
    assert kinds[-4:] == ["Resumed", "ActivityRecorded", "TransferredOut", "Corrected"]
    assert kinds.count("ActivityRecorded") == 7 and kinds[-1] == "Corrected"
    assert all(isinstance(e, Case.Event) for e in history)
    roles = {type(e).__name__: e.meta.actor_role for e in history}  # type: ignore[attr-defined]
    assert roles["TransferredOut"] is COORDINATOR and roles["IntakeCompleted"] is CASEWORKER
    assert all(e.meta.source == "api" and e.meta.command_id for e in history)  # type: ignore[attr-defined]
    assert all(e.timestamp.date() > e.occurred_on for e in history)  # type: ignore[attr-defined]
    assert [e.occurred_on for e in history][:4] == [  # type: ignore[attr-defined]
        date(2013, 4, 3),
        date(2013, 4, 10),
        date(2013, 4, 10),
        date(2013, 4, 17),
    ]
    successor_kinds = [type(e).__name__ for e in app.events.get(azioni)]
    assert successor_kinds[0] == "Referred" and successor_kinds.count("FollowedUp") == 3

    # -- a fresh process reads the same story from the store -----------------------------------
    again = Percorsi(env=dict(app.env), sealer=runtime.sealer)
    try:
        assert again.case(billan2).records[job.version].fields["weekly_hours"] == 30.0
        assert again.case(azioni).follow_ups.keys() == {6, 12, 24}
        assert again.person(amina).personal.full_name == "Amina Ouedraogo"
    finally:
        again.close()
