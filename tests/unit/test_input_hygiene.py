"""Input rules every client gets from the domain: no future business dates (against a fixed
clock), dates inside the programme's period for stakeholders, clean NFC text in every field.

The services run over the in-memory store with a `FixedClock`, so "today" is 30 June 2021:
inside the EMP and Sostengo periods, so a refusal of 1 July 2021 is the clock rule's alone.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain.group import GroupKind
from domain.shared.case_vocabulary import ActivityKind, ClosureReason, ConsentScope
from domain.shared.dates import FixedClock, check_not_future
from domain.shared.errors import (
    DomainError,
    FutureDate,
    InvalidText,
    OutsideProgrammePeriod,
    UnknownProgramme,
)
from domain.shared.profile_vocabulary import EmploymentStatus
from domain.shared.roles import ActorRole
from domain.shared.text import clean_text
from domain.stakeholder import CollaborationKind, StakeholderKind
from infra.catalogue import read_catalogue
from services.app import Percorsi
from tests.casework import register_woman, take_in_charge
from tests.helpers import household, meta, personal, profile

TODAY = date(2021, 6, 30)
TOMORROW = TODAY + timedelta(days=1)


@pytest.fixture
def app() -> Percorsi:
    app = Percorsi(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=FixedClock(TODAY))
    app.load_catalogue(meta(ActorRole.SYSTEM), read_catalogue())
    return app


def _head(app: Percorsi) -> int:
    return app.recorder.max_notification_id() or 0


def refused(
    app: Percorsi, error: type[DomainError], field: str, command: Callable[[], Any]
) -> None:
    """The command raises `error` naming `field`, and the log does not move."""
    head = _head(app)
    with pytest.raises(error) as caught:
        command()
    assert caught.value.code == error.code
    assert caught.value.field == field
    assert _head(app) == head


def _closed_case(app: Percorsi, person: UUID) -> UUID:
    case_id = take_in_charge(app, person, "EMP", date(2020, 1, 10))
    app.close_case(
        meta(),
        case_id,
        occurred_on=date(2020, 6, 1),
        reason=ClosureReason.AUTONOMY,
        employment_at_exit=EmploymentStatus.EMPLOYED,
    )
    return case_id


def _organisation(app: Percorsi, on: date = date(2019, 1, 1), **kw: Any) -> Any:
    fields = {"name": "Cooperativa Il Ponte", "territory": "Empoli", **kw}
    return app.map_stakeholder(
        meta(),
        occurred_on=on,
        stakeholder_id=uuid4(),
        programme="SOSTENGO",
        kind=StakeholderKind.COOPERATIVE,
        **fields,
    )


# -- the clock rule -------------------------------------------------------------------------
def test_the_rule_itself_allows_today_and_refuses_tomorrow() -> None:
    check_not_future(TODAY, TODAY)
    with pytest.raises(FutureDate) as caught:
        check_not_future(TOMORROW, TODAY, field="changes.occurred_on")
    assert caught.value.field == "changes.occurred_on"
    assert "2021-07-01" in caught.value.message


FUTURE_COMMANDS: dict[str, Callable[[Percorsi, date], Any]] = {
    "registration": lambda app, on: register_woman(app, on),
    "profile change": lambda app, on: app.change_profile(
        meta(), register_woman(app, TODAY), occurred_on=on, profile=profile()
    ),
    "personal data change": lambda app, on: app.change_personal_data(
        meta(), (p := register_woman(app, TODAY)), occurred_on=on, personal=personal(p)
    ),
    "household change": lambda app, on: app.change_household(
        meta(), register_woman(app, TODAY), occurred_on=on, household=household()
    ),
    "erasure": lambda app, on: app.erase_person(
        meta(ActorRole.ADMIN), register_woman(app, TODAY), occurred_on=on
    ),
    "consent withdrawal": lambda app, on: app.withdraw_consent(
        meta(),
        take_in_charge(app, register_woman(app, TODAY), "EMP", date(2021, 1, 5)),
        occurred_on=on,
        scope=ConsentScope.PROCESSING,
    ),
    "activity": lambda app, on: app.record_activity(
        meta(),
        take_in_charge(app, register_woman(app, TODAY), "EMP", date(2021, 1, 5)),
        occurred_on=on,
        kind=ActivityKind.ORIENTATION,
        hours=1,
    ),
    "follow-up": lambda app, on: app.record_follow_up(
        meta(),
        _closed_case(app, register_woman(app, TODAY)),
        occurred_on=on,
        months=12,
        reached=False,
    ),
    "correction": lambda app, on: app.correct_event(
        meta(),
        _closed_case(app, register_woman(app, TODAY)),
        occurred_on=on,
        corrects_version=1,
        changes={"referring_service": "health"},
        reason="typo",
    ),
    "group end": lambda app, on: app.end_group(meta(), _group(app), occurred_on=on),
    "stakeholder": lambda app, on: _organisation(app, on),
    "collaboration": lambda app, on: app.start_collaboration(
        meta(),
        _organisation(app).aggregate_id,
        occurred_on=on,
        partner_id=None,
        kind=CollaborationKind.REFERRALS,
    ),
    "programme extension": lambda app, on: app.extend_programme(
        meta(), "SOSTENGO", occurred_on=on, new_end=date(2022, 12, 31)
    ),
}


def _group(app: Percorsi) -> UUID:
    group_id = uuid4()
    app.form_group(
        meta(),
        occurred_on=date(2020, 1, 10),
        group_id=group_id,
        programme="EMP",
        kind=GroupKind.JOB_CLUB,
        title="Lavoro",
    )
    return group_id


@pytest.mark.parametrize("kind", list(FUTURE_COMMANDS))
def test_a_business_date_after_today_is_refused_and_today_is_accepted(
    app: Percorsi, kind: str
) -> None:
    command = FUTURE_COMMANDS[kind]
    for day in (TOMORROW, date(9999, 12, 31)):
        with pytest.raises(FutureDate) as caught:
            command(app, day)
        assert caught.value.field == "occurred_on"
    command(app, TODAY)  # the same command dated today passes


def test_a_correction_cannot_move_an_event_into_the_future(app: Percorsi) -> None:
    case_id = _closed_case(app, register_woman(app, TODAY))
    refused(
        app,
        FutureDate,
        "changes.occurred_on",
        lambda: app.correct_event(
            meta(),
            case_id,
            occurred_on=TODAY,
            corrects_version=4,
            changes={"occurred_on": "2099-01-01"},
            reason="wrong day",
        ),
    )


# -- stakeholders inside their programme's period -------------------------------------------
def test_a_stakeholder_dated_before_its_programme_began_is_refused(app: Percorsi) -> None:
    refused(
        app, OutsideProgrammePeriod, "occurred_on", lambda: _organisation(app, date(2017, 12, 31))
    )
    assert _organisation(app, date(2018, 1, 1)).version == 1


def test_a_collaboration_outside_the_programme_period_is_refused(app: Percorsi) -> None:
    org = _organisation(app).aggregate_id
    app2 = Percorsi(
        env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=FixedClock(date(2023, 1, 1))
    )
    app2.load_catalogue(meta(ActorRole.SYSTEM), read_catalogue())
    org2 = _organisation(app2).aggregate_id
    refused(
        app2,
        OutsideProgrammePeriod,
        "occurred_on",
        lambda: app2.start_collaboration(
            meta(),
            org2,
            occurred_on=date(2022, 3, 1),
            partner_id=None,
            kind=CollaborationKind.PROTOCOL,
        ),
    )
    assert org != org2


# -- text -----------------------------------------------------------------------------------
@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x9b"])
def test_control_characters_are_refused_naming_the_field(char: str) -> None:
    for multiline in (False, True):
        with pytest.raises(InvalidText) as caught:
            clean_text(f"Amina{char}Diallo", field="personal.full_name", multiline=multiline)
        assert caught.value.field == "personal.full_name"
        assert f"U+{ord(char):04X}" in caught.value.message
        assert "Amina" not in caught.value.message  # the text itself may be personal data


def test_tabs_and_line_breaks_only_in_multi_line_fields() -> None:
    assert clean_text("riga uno\n\triga due\r\n", field="notes", multiline=True).count("\n") == 2
    for char in ("\n", "\t", "\r", "\u2028", "\x85"):
        with pytest.raises(InvalidText, match="one-line field"):
            clean_text(f"Amina{char}Diallo", field="title")


def test_text_is_normalised_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "José Müller")
    assert decomposed != "José Müller"
    assert clean_text(decomposed, field="name") == "José Müller"


def test_the_same_name_is_stored_as_the_same_bytes(app: Percorsi) -> None:
    composed = register_woman(app, TODAY, "Zoë Nguyễn")
    decomposed = register_woman(app, TODAY, unicodedata.normalize("NFD", "Zoë Nguyễn"))
    names = [app.person(p).personal.full_name for p in (composed, decomposed)]
    assert names[0] is not None and names[0].encode() == str(names[1]).encode()
    changed = replace(personal(composed), address=unicodedata.normalize("NFD", "Via Città 1"))
    app.change_personal_data(meta(), composed, occurred_on=TODAY, personal=changed)
    assert app.person(composed).personal.address == "Via Città 1"


TEXT_COMMANDS: dict[str, tuple[str, Callable[[Percorsi, str], Any]]] = {
    "name": (
        "personal.full_name",
        lambda app, bad: register_woman(app, TODAY, f"Amina{bad}Diallo"),
    ),
    "municipality": (
        "profile.municipality",
        lambda app, bad: app.change_profile(
            meta(),
            register_woman(app, TODAY),
            occurred_on=TODAY,
            profile=replace(profile(), municipality=f"Empoli{bad}"),
        ),
    ),
    "notes": (
        "notes",
        lambda app, bad: app.record_activity(
            meta(),
            take_in_charge(app, register_woman(app, TODAY), "EMP", date(2021, 1, 5)),
            occurred_on=TODAY,
            kind=ActivityKind.ORIENTATION,
            hours=1,
            notes=f"colloquio{bad}",
        ),
    ),
    "correction reason": (
        "reason",
        lambda app, bad: app.correct_event(
            meta(),
            _closed_case(app, register_woman(app, TODAY)),
            occurred_on=TODAY,
            corrects_version=1,
            changes={"referring_service": "health"},
            reason=f"errore{bad}",
        ),
    ),
    "group title": (
        "title",
        lambda app, bad: app.form_group(
            meta(),
            occurred_on=date(2020, 1, 10),
            group_id=uuid4(),
            programme="EMP",
            kind=GroupKind.JOB_CLUB,
            title=f"Lavoro{bad}",
        ),
    ),
    "stakeholder name": ("name", lambda app, bad: _organisation(app, name=f"Coop{bad}")),
    "legal basis": (
        "legal_basis",
        lambda app, bad: app.erase_person(
            meta(ActorRole.ADMIN),
            register_woman(app, TODAY),
            occurred_on=TODAY,
            legal_basis=f"GDPR Art. 17{bad}",
        ),
    ),
}


@pytest.mark.parametrize("kind", list(TEXT_COMMANDS))
def test_every_text_field_refuses_control_characters(app: Percorsi, kind: str) -> None:
    field, command = TEXT_COMMANDS[kind]
    for bad in ("\x00", "\x07", "\x1b"):
        with pytest.raises(InvalidText) as caught:
            command(app, bad)
        assert caught.value.field == field
    command(app, "")  # the same command with clean text passes


def test_notes_keep_their_line_breaks_but_names_do_not(app: Percorsi) -> None:
    TEXT_COMMANDS["notes"][1](app, "\nseconda riga\tcon tab")
    with pytest.raises(InvalidText):
        TEXT_COMMANDS["name"][1](app, "\n")


def test_a_programme_code_the_catalogue_does_not_hold_is_refused(app: Percorsi) -> None:
    """A user (or anything scoped by programme) must not name a programme that does not exist."""
    app.check_programmes(["EMP", "*"])  # known codes and "every programme" pass
    with pytest.raises(UnknownProgramme) as caught:
        app.check_programmes(["EMP", "NOSUCH"])
    assert caught.value.field == "programmes" and "NOSUCH" in str(caught.value)
