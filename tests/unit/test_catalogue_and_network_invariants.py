"""Programmes, groups, the stakeholder network and shared value objects keep their rules."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import uuid4

import pytest

from domain.group import Group, GroupKind
from domain.programme import Programme
from domain.shared.case_vocabulary import ActivityKind
from domain.shared.errors import GroupClosed, InvalidValue
from domain.shared.labels import LabelledEnum
from domain.shared.roles import ActorRole
from domain.shared.values import Meta, Period, add_months
from domain.stakeholder import CollaborationKind, Stakeholder, StakeholderKind
from tests.helpers import meta

from .builders import refused

EMP = Period(date(2017, 1, 1), date(2021, 12, 31))


# -- programme ------------------------------------------------------------------------------
def programme(**overrides: Any) -> Programme:
    fields: dict[str, Any] = {
        "code": "EMP",
        "name": "EMP",
        "territory": "Empolese Valdelsa",
        "partner_service": "Servizi sociali",
        "start": date(2017, 1, 1),
        "end": date(2019, 12, 31),
        "predecessor": None,
        "model": "LESFEMMES",
        "generation": 4,
        "aims": [],
        "actions": [],
        "assumed": ["start", "end"],
        **overrides,
    }
    return Programme.register(meta=meta(), occurred_on=fields["start"], **fields)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"code": "emp"}, "code"),
        ({"code": "EMP-2"}, "code"),
        ({"end": date(2016, 12, 31)}, "end"),
        ({"generation": 0}, "generation"),
    ],
)
def test_a_programme_has_a_clean_code_an_ordered_period_and_a_generation(
    overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        programme(**overrides)
    assert caught.value.field == field


def test_an_extension_moves_the_end_later() -> None:
    emp = programme()
    refused(
        InvalidValue,
        emp,
        lambda: emp.extend(meta=meta(), occurred_on=date(2019, 1, 1), new_end=date(2019, 12, 31)),
    )
    emp.extend(meta=meta(), occurred_on=date(2019, 1, 1), new_end=date(2021, 12, 31))
    assert emp.period.contains(date(2021, 6, 1))


def test_an_amendment_keeps_the_period_ordered_and_names_known_fields() -> None:
    emp = programme()
    refused(
        InvalidValue,
        emp,
        lambda: emp.amend(
            meta=meta(), occurred_on=date(2020, 1, 1), changes={"end": date(2010, 1, 1)}
        ),
    )
    with pytest.raises(InvalidValue):
        emp.differences(colour="blue")
    assert emp.differences(name="EMP", territory="Empoli") == {"territory": "Empoli"}


# -- group ----------------------------------------------------------------------------------
def group() -> Group:
    return Group.form(
        meta=meta(),
        occurred_on=date(2018, 2, 1),
        period=EMP,
        group_id=uuid4(),
        programme="EMP",
        kind=GroupKind.MOTHERS_SPECIAL_NEEDS,
        title="Madri insieme",
    )


def test_a_group_forms_inside_its_programme_and_has_a_title() -> None:
    with pytest.raises(InvalidValue):
        Group.form(
            meta=meta(),
            occurred_on=date(2016, 12, 1),
            period=EMP,
            group_id=uuid4(),
            programme="EMP",
            kind=GroupKind.JOB_CLUB,
            title="Lavoro",
        )
    with pytest.raises(InvalidValue) as caught:
        Group.form(
            meta=meta(),
            occurred_on=date(2018, 1, 1),
            period=EMP,
            group_id=uuid4(),
            programme="EMP",
            kind=GroupKind.JOB_CLUB,
            title="  ",
        )
    assert caught.value.field == "title"


@pytest.mark.parametrize(
    ("day", "hours", "attendees", "field"),
    [
        (date(2018, 1, 15), 2.0, 1, "occurred_on"),  # before the group formed
        (date(2022, 1, 15), 2.0, 1, "occurred_on"),  # after the programme ended
        (date(2018, 3, 1), 0.0, 1, "hours"),
        (date(2018, 3, 1), 8.5, 1, "hours"),
        (date(2018, 3, 1), 2.0, 0, "attendees"),  # the same case twice
    ],
)
def test_a_session_is_inside_the_group_life_short_and_lists_each_attendee_once(
    day: date, hours: float, attendees: int, field: str
) -> None:
    g = group()
    one = uuid4()
    people = [one, one] if attendees == 0 else [one]
    error = refused(
        InvalidValue,
        g,
        lambda: g.hold_session(
            meta=meta(), occurred_on=day, period=EMP, attendees=people, hours=hours
        ),
    )
    assert error.field == field


def test_an_ended_group_holds_no_session_and_does_not_end_twice() -> None:
    g = group()
    g.end(meta=meta(), occurred_on=date(2019, 6, 1))
    refused(
        GroupClosed,
        g,
        lambda: g.hold_session(
            meta=meta(), occurred_on=date(2019, 7, 1), period=EMP, attendees=[uuid4()], hours=2
        ),
    )
    refused(GroupClosed, g, lambda: g.end(meta=meta(), occurred_on=date(2019, 8, 1)))


# -- stakeholder network --------------------------------------------------------------------
def organisation(name: str = "Cooperativa Il Ponte", territory: str = "Empoli") -> Stakeholder:
    return Stakeholder.map(
        meta=meta(),
        occurred_on=date(2017, 3, 1),
        period=EMP,
        stakeholder_id=uuid4(),
        programme="EMP",
        name=name,
        kind=StakeholderKind.COOPERATIVE,
        territory=territory,
    )


def test_an_organisation_has_a_name_and_a_territory() -> None:
    for name, territory in (("", "Empoli"), ("Coop", " ")):
        with pytest.raises(InvalidValue):
            organisation(name, territory)


def test_collaborations_start_after_mapping_once_and_not_with_itself() -> None:
    org = organisation()
    kind = CollaborationKind.REFERRALS
    refused(
        InvalidValue,
        org,
        lambda: org.start_collaboration(
            meta=meta(), occurred_on=date(2017, 4, 1), period=EMP, partner_id=org.id, kind=kind
        ),
    )
    refused(
        InvalidValue,
        org,
        lambda: org.start_collaboration(
            meta=meta(), occurred_on=date(2017, 2, 1), period=EMP, partner_id=None, kind=kind
        ),
    )
    org.start_collaboration(
        meta=meta(), occurred_on=date(2017, 4, 1), period=EMP, partner_id=None, kind=kind
    )
    refused(
        InvalidValue,
        org,
        lambda: org.start_collaboration(
            meta=meta(), occurred_on=date(2017, 5, 1), period=EMP, partner_id=None, kind=kind
        ),
    )


def test_a_collaboration_ends_only_if_active_and_after_it_started() -> None:
    org = organisation()
    partner = uuid4()
    kind = CollaborationKind.PROTOCOL
    refused(
        InvalidValue,
        org,
        lambda: org.end_collaboration(
            meta=meta(), occurred_on=date(2018, 1, 1), period=EMP, partner_id=partner, kind=kind
        ),
    )
    org.start_collaboration(
        meta=meta(), occurred_on=date(2017, 6, 1), period=EMP, partner_id=partner, kind=kind
    )
    refused(
        InvalidValue,
        org,
        lambda: org.end_collaboration(
            meta=meta(), occurred_on=date(2017, 5, 1), period=EMP, partner_id=partner, kind=kind
        ),
    )
    org.end_collaboration(
        meta=meta(), occurred_on=date(2018, 1, 1), period=EMP, partner_id=partner, kind=kind
    )
    assert org.collaborations == {}


# -- shared values --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("", ActorRole.CASEWORKER, "c1", "api"), "meta"),
        (("op", ActorRole.CASEWORKER, "", "api"), "meta"),
        (("op", ActorRole.CASEWORKER, "c1", "email"), "source"),
    ],
)
def test_metadata_names_actor_command_and_a_known_source(
    args: tuple[str, ActorRole, str, str], field: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        Meta(*args)
    assert caught.value.field == field
    assert Meta("op", ActorRole.SYSTEM, "c1", "import:legacy.xlsx#12").source.startswith("import")


def test_a_period_does_not_end_before_it_starts() -> None:
    with pytest.raises(InvalidValue):
        Period(date(2015, 1, 2), date(2015, 1, 1))
    open_ended = Period(date(2015, 1, 1), None)
    assert open_ended.contains(date(2040, 1, 1)) and not open_ended.contains(date(2014, 12, 31))


def test_months_are_added_with_the_day_clamped() -> None:
    assert add_months(date(2013, 8, 31), 6) == date(2014, 2, 28)
    assert add_months(date(2013, 6, 30), 24) == date(2015, 6, 30)


def test_vocabularies_parse_codes_and_name_themselves_in_errors() -> None:
    assert ActivityKind.parse("cv_workshop") is ActivityKind.CV_WORKSHOP
    assert ActivityKind.CV_WORKSHOP.label("en") == "CV workshop"
    assert ActivityKind.CV_WORKSHOP.label() == "Laboratorio CV"
    with pytest.raises(ValueError, match="ActivityKind"):
        ActivityKind.parse("yoga")


def test_every_vocabulary_has_unique_codes_and_both_labels() -> None:
    vocabularies = LabelledEnum.all_vocabularies()
    assert len(vocabularies) >= 15
    for vocabulary in vocabularies:
        codes = [member.code for member in vocabulary]
        assert len(codes) == len(set(codes)), vocabulary.__name__
        for member in vocabulary:
            assert member.it and member.en, f"{vocabulary.__name__}.{member.name}"
