"""A refused command writes nothing: same log head, same versions, through the real services.

One SQLite store for the module: a small world of women, cases at every stage, a group and an
organisation; each refused command must leave every one of them, and the log, as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain.case import Goal, GoalStatus
from domain.group import GroupKind
from domain.shared.case_vocabulary import (
    ActivityKind,
    AssessmentDomain,
    ClosureReason,
    ConsentScope,
    Need,
    OutcomeKind,
    ReferralReason,
    ReferringService,
    SuspensionReason,
)
from domain.shared.errors import (
    AlreadyExists,
    CaseAlreadyClosed,
    CaseClosed,
    CaseNotSuspended,
    CaseSuspended,
    ConcurrencyConflict,
    ConsentNotGiven,
    ConsentRequired,
    DomainError,
    FollowUpBeforeClosure,
    FutureDate,
    GroupClosed,
    IdempotencyKeyReused,
    IntakeAlreadyDone,
    IntakeRequired,
    InvalidCorrection,
    InvalidText,
    InvalidTransfer,
    InvalidValue,
    NotFound,
    OutsideProgrammePeriod,
    PermissionDenied,
    PersonErased,
)
from domain.shared.profile_vocabulary import EmploymentStatus, HousingStatus, IncomeSource
from domain.shared.roles import ActorRole
from domain.stakeholder import CollaborationKind, StakeholderKind
from infra.bootstrap import Runtime, build
from infra.settings import Settings
from services.app import Percorsi
from tests.casework import refer, register_woman, scores, take_in_charge
from tests.helpers import household, meta, personal, profile


@dataclass
class World:
    runtime: Runtime
    person: UUID
    erased: UUID
    referred: UUID
    active: UUID
    suspended: UUID
    closed: UUID
    transferred: UUID
    emp_case: UUID
    emp_closed: UUID
    group: UUID
    ended_group: UUID
    organisation: UUID
    withdrawn: UUID
    used_command_id: str = "world-consent"

    @property
    def app(self) -> Percorsi:
        return self.runtime.app

    def ids(self) -> list[UUID]:
        return [v for v in vars(self).values() if isinstance(v, UUID)]


def _close(app: Percorsi, case_id: UUID, on: date) -> None:
    app.close_case(
        meta(),
        case_id,
        occurred_on=on,
        reason=ClosureReason.AUTONOMY,
        employment_at_exit=EmploymentStatus.EMPLOYED,
    )


def _group(app: Percorsi, title: str) -> UUID:
    group_id = uuid4()
    app.form_group(
        meta(),
        occurred_on=date(2018, 1, 10),
        group_id=group_id,
        programme="EMP",
        kind=GroupKind.MOTHERS_SPECIAL_NEEDS,
        title=title,
    )
    return group_id


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    runtime = build(Settings(data_dir=tmp_path_factory.mktemp("refusals") / "var"))
    app = runtime.app
    day = date(2012, 2, 1)
    person = register_woman(app, day)
    erased = register_woman(app, day, "Cancellata Rossi")
    app.erase_person(meta(ActorRole.ADMIN), erased, occurred_on=date(2012, 3, 1))
    active = take_in_charge(app, person, "BILLAN2", day)
    app.agree_plan(
        meta(),
        active,
        occurred_on=date(2012, 2, 10),
        goals=[Goal("g1", AssessmentDomain.WORK, date(2013, 1, 1))],
    )
    suspended = take_in_charge(app, person, "BILLAN2", day)
    app.suspend_case(
        meta(), suspended, occurred_on=date(2012, 3, 1), reason=SuspensionReason.HEALTH
    )
    closed = take_in_charge(app, person, "BILLAN2", day)
    _close(app, closed, date(2012, 6, 1))
    transferred = take_in_charge(app, person, "BILLAN2", day)
    app.transfer_case(
        meta(),
        transferred,
        occurred_on=date(2015, 1, 1),
        successor_programme="AZIONI1516",
        successor_case_id=uuid4(),
    )
    emp_case = take_in_charge(app, person, "EMP", date(2018, 1, 5))
    app.give_consent(
        replace(meta(command_id="world-consent"), request_hash="first-request"),
        emp_case,
        occurred_on=date(2018, 1, 5),
        scope=ConsentScope.ANALYTICS,
    )
    emp_closed = take_in_charge(app, person, "EMP", date(2018, 1, 5))
    _close(app, emp_closed, date(2018, 1, 6))
    ended_group = _group(app, "Gruppo concluso")
    app.end_group(meta(), ended_group, occurred_on=date(2018, 5, 1))
    organisation = uuid4()
    app.map_stakeholder(
        meta(),
        occurred_on=date(2017, 2, 1),
        stakeholder_id=organisation,
        programme="EMP",
        name="Associazione Nosotras",
        kind=StakeholderKind.MIGRANT_ASSOCIATION,
        territory="Empoli",
    )
    withdrawn = take_in_charge(app, person, "BILLAN2", day)
    app.withdraw_consent(
        meta(), withdrawn, occurred_on=date(2012, 3, 1), scope=ConsentScope.PROCESSING
    )
    yield World(
        runtime,
        person,
        erased,
        refer(app, person, "BILLAN2", day),
        active,
        suspended,
        closed,
        transferred,
        emp_case,
        emp_closed,
        _group(app, "Madri insieme"),
        ended_group,
        organisation,
        withdrawn,
    )
    runtime.close()


Refusal = Callable[[World], Any]


def _activity(w: World, case_id: UUID, **overrides: Any) -> Any:
    fields: dict[str, Any] = {
        "occurred_on": date(2012, 4, 1),
        "kind": ActivityKind.ORIENTATION,
        "hours": 2.0,
        **overrides,
    }
    return w.app.record_activity(meta(), case_id, **fields)


def _session(w: World, group_id: UUID, attendees: list[UUID]) -> Any:
    return w.app.hold_group_session(
        meta(), group_id, occurred_on=date(2018, 3, 1), attendees=attendees, hours=2.0
    )


def _reused_command_id(w: World) -> Any:
    return w.app.withdraw_consent(
        meta(command_id=w.used_command_id),
        w.emp_case,
        occurred_on=date(2018, 4, 2),
        scope=ConsentScope.ANALYTICS,
    )


def _reused_for_another_request(w: World) -> Any:
    """The same command and id, but a request that differs from the first (by its hash)."""
    return w.app.give_consent(
        replace(meta(command_id=w.used_command_id), request_hash="another-request"),
        w.emp_case,
        occurred_on=date(2018, 1, 5),
        scope=ConsentScope.ANALYTICS,
    )


def _batch_failing_halfway(w: World) -> None:
    with w.app.batch():
        _activity(w, w.active)
        _activity(w, w.closed, occurred_on=date(2012, 7, 1))


def _register_twice(w: World) -> Any:
    return w.app.register_person(
        meta(),
        occurred_on=date(2012, 1, 1),
        person_id=w.person,
        personal=personal(w.person),
        profile=profile(),
        household=household(),
    )


def _bad_fiscal_code(w: World) -> Any:
    pid = uuid4()
    return w.app.register_person(
        meta(),
        occurred_on=date(2012, 1, 1),
        person_id=pid,
        personal=replace(personal(pid), fiscal_code="X"),
        profile=profile(),
        household=household(),
    )


def _refer(w: World, person_id: UUID, programme: str = "BILLAN2", **kw: Any) -> Any:
    fields: dict[str, Any] = {
        "occurred_on": date(2012, 5, 1),
        "case_id": uuid4(),
        "person_id": person_id,
        "programme": programme,
        "referring_service": ReferringService.HEALTH,
        "reasons": [ReferralReason.HOUSING],
        **kw,
    }
    return w.app.refer_case(meta(), **fields)


def _transfer(w: World, case_id: UUID, programme: str, successor: UUID | None = None) -> Any:
    return w.app.transfer_case(
        meta(),
        case_id,
        occurred_on=date(2015, 1, 2),
        successor_programme=programme,
        successor_case_id=successor or uuid4(),
    )


def _intake_again(w: World) -> Any:
    return w.app.complete_intake(
        meta(),
        w.active,
        occurred_on=date(2012, 4, 1),
        baseline=scores(),
        employment=EmploymentStatus.INACTIVE,
        income_source=IncomeSource.NONE,
        housing=HousingStatus.SHARED,
        needs=[Need.JOB],
    )


REFUSALS: dict[str, tuple[type[DomainError], Refusal]] = {
    "person registered twice": (AlreadyExists, _register_twice),
    "malformed fiscal code": (InvalidValue, _bad_fiscal_code),
    "case id reused": (AlreadyExists, lambda w: _refer(w, w.person, case_id=w.active)),
    "referral of an unknown woman": (NotFound, lambda w: _refer(w, uuid4())),
    "referral of an erased woman": (PersonErased, lambda w: _refer(w, w.erased)),
    "referral to an unknown programme": (NotFound, lambda w: _refer(w, w.person, "NOPE")),
    "referral outside the period": (
        OutsideProgrammePeriod,
        lambda w: _refer(w, w.person, occurred_on=date(2015, 3, 1)),
    ),
    "consent on a closed case": (
        CaseClosed,
        lambda w: w.app.give_consent(
            meta(), w.closed, occurred_on=date(2012, 7, 1), scope=ConsentScope.ANALYTICS
        ),
    ),
    "withdrawal of a consent never given": (
        ConsentNotGiven,
        lambda w: w.app.withdraw_consent(
            meta(), w.referred, occurred_on=date(2012, 7, 1), scope=ConsentScope.PROCESSING
        ),
    ),
    "second intake": (IntakeAlreadyDone, _intake_again),
    "plan on a suspended case": (
        CaseSuspended,
        lambda w: w.app.agree_plan(meta(), w.suspended, occurred_on=date(2012, 4, 1), goals=[]),
    ),
    "review of an unknown goal": (
        InvalidValue,
        lambda w: w.app.review_plan(
            meta(), w.active, occurred_on=date(2012, 4, 1), goal_statuses={"x": GoalStatus.OPEN}
        ),
    ),
    "activity before the intake": (IntakeRequired, lambda w: _activity(w, w.referred)),
    "activity after consent to processing was withdrawn": (
        ConsentRequired,
        lambda w: _activity(w, w.withdrawn),
    ),
    "activity on a closed case": (
        CaseClosed,
        lambda w: _activity(w, w.closed, occurred_on=date(2012, 7, 1)),
    ),
    "activity on a transferred case": (CaseClosed, lambda w: _activity(w, w.transferred)),
    "activity of 13 hours": (InvalidValue, lambda w: _activity(w, w.active, hours=13)),
    "activity on an unknown case": (NotFound, lambda w: _activity(w, uuid4())),
    "job without a contract": (
        InvalidValue,
        lambda w: w.app.record_outcome(
            meta(), w.active, occurred_on=date(2012, 4, 1), kind=OutcomeKind.JOB_STARTED
        ),
    ),
    "score of 11": (
        InvalidValue,
        lambda w: w.app.assess(
            meta(), w.active, occurred_on=date(2012, 4, 1), scores={AssessmentDomain.WORK: 11}
        ),
    ),
    "suspension of a suspended case": (
        CaseSuspended,
        lambda w: w.app.suspend_case(
            meta(), w.suspended, occurred_on=date(2012, 4, 1), reason=SuspensionReason.OTHER
        ),
    ),
    "resumption of an active case": (
        CaseNotSuspended,
        lambda w: w.app.resume_case(meta(), w.active, occurred_on=date(2012, 4, 1)),
    ),
    "second closure": (CaseAlreadyClosed, lambda w: _close(w.app, w.closed, date(2012, 8, 1))),
    "follow-up before closure": (
        FollowUpBeforeClosure,
        lambda w: w.app.record_follow_up(
            meta(), w.active, occurred_on=date(2012, 9, 1), months=6, reached=False
        ),
    ),
    "correction of a missing event": (
        InvalidCorrection,
        lambda w: w.app.correct_event(
            meta(),
            w.active,
            occurred_on=date(2012, 9, 1),
            corrects_version=99,
            changes={"hours": 1},
            reason="typo",
        ),
    ),
    "transfer to a programme that does not succeed": (
        InvalidTransfer,
        lambda w: _transfer(w, w.active, "LESFEMMES"),
    ),
    "transfer onto an existing case id": (
        AlreadyExists,
        lambda w: _transfer(w, w.active, "AZIONI1516", w.closed),
    ),
    "transfer of a case not yet taken in charge": (
        IntakeRequired,
        lambda w: _transfer(w, w.referred, "AZIONI1516"),
    ),
    "profile change of an erased woman": (
        PersonErased,
        lambda w: w.app.change_profile(
            meta(), w.erased, occurred_on=date(2012, 5, 1), profile=profile()
        ),
    ),
    "erasure by a caseworker": (
        PermissionDenied,
        lambda w: w.app.erase_person(
            meta(ActorRole.CASEWORKER), w.person, occurred_on=date.today()
        ),
    ),
    "closure by a caseworker": (
        PermissionDenied,
        lambda w: w.app.close_case(
            meta(ActorRole.CASEWORKER),
            w.active,
            occurred_on=date(2012, 9, 1),
            reason=ClosureReason.AUTONOMY,
            employment_at_exit=EmploymentStatus.EMPLOYED,
        ),
    ),
    "evaluator writing": (
        PermissionDenied,
        lambda w: w.app.record_activity(
            meta(ActorRole.EVALUATOR),
            w.active,
            occurred_on=date(2012, 4, 1),
            kind=ActivityKind.ORIENTATION,
            hours=1,
        ),
    ),
    "stale expected version": (
        ConcurrencyConflict,
        lambda w: _activity(w, w.active, expected_version=1),
    ),
    "command id reused for another command": (IdempotencyKeyReused, _reused_command_id),
    "command id reused for another request": (IdempotencyKeyReused, _reused_for_another_request),
    "group session with a closed case": (
        CaseClosed,
        lambda w: _session(w, w.group, [w.emp_case, w.emp_closed]),
    ),
    "group session with a case of another programme": (
        InvalidValue,
        lambda w: _session(w, w.group, [w.emp_case, w.active]),
    ),
    "session of an ended group": (
        GroupClosed,
        lambda w: _session(w, w.ended_group, [w.emp_case]),
    ),
    "group id reused": (
        AlreadyExists,
        lambda w: w.app.form_group(
            meta(),
            occurred_on=date(2018, 2, 1),
            group_id=w.group,
            programme="EMP",
            kind=GroupKind.JOB_CLUB,
            title="Lavoro",
        ),
    ),
    "organisation in an unknown programme": (
        NotFound,
        lambda w: w.app.map_stakeholder(
            meta(),
            occurred_on=date(2018, 2, 1),
            stakeholder_id=uuid4(),
            programme="NOPE",
            name="Coop",
            kind=StakeholderKind.COOPERATIVE,
            territory="Empoli",
        ),
    ),
    "collaboration with an unknown partner": (
        NotFound,
        lambda w: w.app.start_collaboration(
            meta(),
            w.organisation,
            occurred_on=date(2018, 2, 1),
            partner_id=uuid4(),
            kind=CollaborationKind.REFERRALS,
        ),
    ),
    "programme shortened by an extension": (
        InvalidValue,
        lambda w: w.app.extend_programme(
            meta(), "EMP", occurred_on=date(2018, 1, 1), new_end=date(2019, 1, 1)
        ),
    ),
    "batch failing halfway": (CaseClosed, _batch_failing_halfway),
    "profile change dated 9999-12-31": (
        FutureDate,
        lambda w: w.app.change_profile(
            meta(), w.person, occurred_on=date(9999, 12, 31), profile=profile()
        ),
    ),
    "consent withdrawal in the future": (
        FutureDate,
        lambda w: w.app.withdraw_consent(
            meta(), w.active, occurred_on=date(9999, 12, 31), scope=ConsentScope.PROCESSING
        ),
    ),
    "group end in the future": (
        FutureDate,
        lambda w: w.app.end_group(meta(), w.group, occurred_on=date(9999, 12, 31)),
    ),
    "organisation mapped before its programme began": (
        OutsideProgrammePeriod,
        lambda w: w.app.map_stakeholder(
            meta(),
            occurred_on=date(2017, 12, 1),
            stakeholder_id=uuid4(),
            programme="SOSTENGO",
            name="Coop",
            kind=StakeholderKind.COOPERATIVE,
            territory="Empoli",
        ),
    ),
    "NUL in a note": (
        InvalidText,
        lambda w: _activity(w, w.active, notes="colloquio\x00"),
    ),
    "ESC in a group title": (
        InvalidText,
        lambda w: w.app.form_group(
            meta(),
            occurred_on=date(2018, 2, 1),
            group_id=uuid4(),
            programme="EMP",
            kind=GroupKind.JOB_CLUB,
            title="Lavoro\x1b[31m",
        ),
    ),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_a_refused_command_writes_nothing(world: World, name: str) -> None:
    error_type, command = REFUSALS[name]
    app = world.app
    head = app.recorder.max_notification_id()
    versions = {i: app.recorder.select_events(i, desc=True, limit=1) for i in world.ids()}
    with pytest.raises(error_type) as caught:
        command(world)
    assert caught.value.code == error_type.code
    assert app.recorder.max_notification_id() == head
    assert {i: app.recorder.select_events(i, desc=True, limit=1) for i in world.ids()} == versions


def test_the_world_is_as_built(world: World) -> None:
    """Guards the fixture: the refusals above would be meaningless on a wrong world."""
    app = world.app
    assert app.case(world.active).goals and app.case(world.suspended).status.code == "suspended"
    assert app.case(world.closed).status.code == "closed"
    assert app.case(world.transferred).status.code == "transferred"
    assert app.person(world.erased).erased
    # the reused command id really names an earlier command, and replays it
    command = meta(command_id=f"again-{uuid4().hex}")
    first = app.give_consent(
        command, world.emp_case, occurred_on=date(2018, 2, 1), scope=ConsentScope.ANALYTICS
    )
    again = app.give_consent(
        command, world.emp_case, occurred_on=date(2018, 2, 1), scope=ConsentScope.ANALYTICS
    )
    assert again.replayed and again.version == first.version
