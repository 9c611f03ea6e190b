"""Every stored value type round-trips through the event transcoder; personal ones only sealed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from eventsourcing.persistence import JSONTranscoder

from domain.case import Goal
from domain.shared.case_vocabulary import AssessmentDomain
from domain.shared.labels import LabelledEnum
from domain.shared.values import Period, PersonalData, PersonalText
from infra.crypto.keystore import SQLiteKeyStore
from infra.crypto.sealer import KeyStoreSealer
from services.app import Percorsi
from tests.helpers import household, meta, personal, profile


@pytest.fixture
def sealer(tmp_path: Path) -> KeyStoreSealer:
    return KeyStoreSealer(SQLiteKeyStore(tmp_path / "keys.sqlite"), os.urandom(32))


@pytest.fixture
def transcoder(sealer: KeyStoreSealer) -> Iterator[JSONTranscoder]:
    app = Percorsi(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, sealer=sealer)
    transcoder = app.mapper.transcoder
    assert isinstance(transcoder, JSONTranscoder)
    yield transcoder
    app.close()


def round_trip(transcoder: JSONTranscoder, value: Any) -> tuple[Any, bytes]:
    encoded = transcoder.encode({"v": value})
    return transcoder.decode(encoded)["v"], encoded


def test_every_vocabulary_member_is_stored_as_its_code(transcoder: JSONTranscoder) -> None:
    for vocabulary in LabelledEnum.all_vocabularies():
        for member in vocabulary:
            back, encoded = round_trip(transcoder, member)
            assert back is member
            assert f'"{member.code}"'.encode() in encoded


@pytest.mark.parametrize(
    "value",
    [
        date(2016, 2, 29),
        Period(date(2016, 7, 1), None),
        meta(),
        profile(),
        household(),
        Goal("g1", AssessmentDomain.FAMILY, date(2017, 1, 1), None),
        [date(2010, 1, 1), {"nested": date(2011, 1, 1)}],
    ],
    ids=lambda v: type(v).__name__,
)
def test_value_objects_round_trip(transcoder: JSONTranscoder, value: object) -> None:
    back, _ = round_trip(transcoder, value)
    assert back == value


def test_personal_values_are_sealed_and_read_as_erased_once_the_key_is_gone(
    transcoder: JSONTranscoder, sealer: KeyStoreSealer
) -> None:
    pid = uuid4()
    data = personal(pid)
    note = PersonalText(pid, "nota riservata: via dei Serragli")
    back, encoded = round_trip(transcoder, [data, note])
    assert back == [data, note]
    for value in [*data.values(), "Serragli"]:
        assert value.encode() not in encoded
    sealer.destroy(pid)
    after = transcoder.decode(encoded)["v"]  # the stored bytes, read again after erasure
    assert after[0] == PersonalData.erased_for(pid) and after[1].erased
