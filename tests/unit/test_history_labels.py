"""The auditors' text has words for every event and every field, in Italian and in English.

A new event or field without a label would show its code (`NotTakenOn`, `months_worked_…`) in the
timeline caseworkers and auditors read; this fails first.
"""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.case import Case
from domain.person import Person
from domain.shared.case_vocabulary import NotTakenOnReason
from domain.shared.profile_vocabulary import EmploymentStatus
from projections.history import _SKIP, sentence
from projections.history_labels import FIELDS, KINDS

# Fields the sentence never prints as "label: value" (bookkeeping, or Corrected's own wording).
_NOT_PRINTED = _SKIP | {"originator_id_type", "corrects_version", "changes", "void"}


def _events() -> list[tuple[str, type]]:
    found = []
    for aggregate in (Case, Person):
        for name, value in vars(aggregate).items():
            event = isinstance(value, type) and issubclass(value, aggregate.Event)
            if event and name not in ("Event", "Created"):
                found.append((name, value))
    return found


def test_the_event_kinds_are_found() -> None:
    names = {name for name, _ in _events()}
    assert {"NotTakenOn", "IntakeCompleted", "Referred", "Registered"} <= names


@pytest.mark.parametrize(("name", "event"), _events(), ids=[n for n, _ in _events()])
def test_every_event_and_field_has_a_label_in_both_languages(name: str, event: type) -> None:
    it, en = KINDS[name]
    assert it and en and it != en
    fields = {f for k in event.__mro__ for f in getattr(k, "__annotations__", {})}
    for field in sorted(fields - _NOT_PRINTED):
        assert field in FIELDS, f"{name}.{field} has no label"
        assert all(FIELDS[field])


def test_not_taken_on_reads_in_plain_words() -> None:
    fields = {
        "reason": NotTakenOnReason.WAITING_LIST,
        "employment": EmploymentStatus.INFORMAL,
        "months_worked_prior_24": 7,
        "occurred_on": date(2018, 3, 20),
        "originator_id": uuid4(),
    }
    assert sentence("NotTakenOn", fields, "it", False) == (
        "Segnalazione non presa in carico — motivo: Lista d'attesa; lavoro: "
        f"{EmploymentStatus.INFORMAL.label('it')}; "
        "mesi lavorati nei 24 prima della segnalazione: 7"
    )
    english = sentence("NotTakenOn", fields, "en", False)
    assert english.startswith("Referral not taken on — reason: Waiting list; employment: ")
    assert english.endswith("; months worked in the 24 before the referral: 7")
