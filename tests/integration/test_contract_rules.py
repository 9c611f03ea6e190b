"""Rules of the services that every client gets (API, CLI, importer): a version the record never
reached is not found, programmes named for a user must exist, and every command on an existing
group or organisation honours the expected version."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.group import GroupKind
from domain.shared.errors import (
    ConcurrencyConflict,
    IdempotencyKeyReused,
    NotFound,
    UnknownProgramme,
)
from domain.shared.roles import ActorRole
from domain.stakeholder import CollaborationKind, StakeholderKind
from infra.bootstrap import Runtime
from tests.casework import register_woman, take_in_charge
from tests.helpers import meta


def test_a_version_beyond_the_last_is_not_found(runtime: Runtime) -> None:
    app = runtime.app
    person_id = register_woman(app, date(2018, 2, 1))
    case_id = take_in_charge(app, person_id, "EMP", date(2018, 2, 5))
    last = app.case(case_id).version
    assert app.case_at(case_id, version=last).version == last
    with pytest.raises(NotFound) as beyond:
        app.case_at(case_id, version=last + 1)
    assert beyond.value.field == "version"
    with pytest.raises(NotFound):
        app.person(person_id, version=2)


def test_a_programme_must_exist_to_be_named(runtime: Runtime) -> None:
    app = runtime.app
    app.check_programmes(["EMP", "LESFEMMES", "*"])
    with pytest.raises(UnknownProgramme) as unknown:
        app.check_programmes(["EMP", "NOPE"])
    assert unknown.value.field == "programmes" and unknown.value.status == 422


def test_group_end_and_collaborations_honour_the_expected_version(runtime: Runtime) -> None:
    app = runtime.app
    coordinator = meta(ActorRole.COORDINATOR)
    group = app.form_group(
        coordinator,
        occurred_on=date(2018, 3, 1),
        group_id=uuid4(),
        programme="EMP",
        kind=GroupKind.MOTHERS_SPECIAL_NEEDS,
        title="Madri",
    )
    head = app.recorder.max_notification_id()
    with pytest.raises(ConcurrencyConflict):
        app.end_group(
            meta(ActorRole.COORDINATOR),
            group.aggregate_id,
            occurred_on=date(2018, 6, 1),
            expected_version=group.version + 1,
        )
    assert app.recorder.max_notification_id() == head
    ended = app.end_group(
        meta(ActorRole.COORDINATOR),
        group.aggregate_id,
        occurred_on=date(2018, 6, 1),
        expected_version=group.version,
    )
    assert ended.version == group.version + 1

    org = app.map_stakeholder(
        meta(ActorRole.COORDINATOR),
        occurred_on=date(2018, 3, 1),
        stakeholder_id=uuid4(),
        programme="EMP",
        name="Centro per l'impiego",
        kind=next(iter(StakeholderKind)),
        territory="Empoli",
    )
    kind = next(iter(CollaborationKind))
    for command in (app.start_collaboration, app.end_collaboration):
        with pytest.raises(ConcurrencyConflict):
            command(
                meta(ActorRole.COORDINATOR),
                org.aggregate_id,
                occurred_on=date(2018, 4, 1),
                partner_id=None,
                kind=kind,
                expected_version=99,
            )
    started = app.start_collaboration(
        meta(ActorRole.COORDINATOR),
        org.aggregate_id,
        occurred_on=date(2018, 4, 1),
        partner_id=None,
        kind=kind,
        expected_version=org.version,
    )
    assert started.version == org.version + 1


def test_an_erasure_command_id_reused_for_another_woman_erases_nobody(runtime: Runtime) -> None:
    app = runtime.app
    first, second = register_woman(app, date(2018, 2, 1)), register_woman(app, date(2018, 2, 1))
    admin = meta(ActorRole.ADMIN)
    app.erase_person(admin, first, occurred_on=date(2018, 5, 1))
    with pytest.raises(IdempotencyKeyReused):
        app.erase_person(admin, second, occurred_on=date(2018, 5, 1))  # same command id
    assert not app.person(second).erased
    assert app.person(second).personal.full_name == "Amina Diallo"
