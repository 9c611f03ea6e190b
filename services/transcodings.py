"""How domain values are written into stored events: dates, vocabularies, value objects, seals.

Personal values are sealed per woman before the whole-event cipher runs, so destroying her key
makes them unreadable in every copy of the log.
"""

from __future__ import annotations

import base64
import json
from dataclasses import asdict, fields
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.persistence import JSONTranscoder, Transcoding

from domain.case.values import Goal
from domain.person import Child, Household, Profile
from domain.shared.labels import LabelledEnum
from domain.shared.values import Meta, Period, PersonalData, PersonalText

from .ports import Sealer


class DateAsISO(Transcoding):
    type = date
    name = "date"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


def enum_transcoding(enum_class: type[LabelledEnum]) -> Transcoding:
    """One transcoding per vocabulary: stored as its code, restored as the member."""

    class EnumAsCode(Transcoding):
        type = enum_class
        name = enum_class.__name__

        def encode(self, obj: LabelledEnum) -> str:
            return obj.code

        def decode(self, data: str) -> LabelledEnum:
            return enum_class(data)

    return EnumAsCode()


def dataclass_transcoding(cls: type[Any], name: str) -> Transcoding:
    """Value objects stored as a dict of their (already transcodable) fields.

    A field that defaults to None is left out while it is None: fields added later that way
    (e.g. `Meta.request_hash`) change nothing in what earlier shapes store or read back.
    """
    optional = {f.name for f in fields(cls) if f.default is None}

    class DataclassAsDict(Transcoding):
        type = cls

        def encode(self, obj: Any) -> dict[str, Any]:
            return {
                f: value
                for f in obj.__dataclass_fields__
                if (value := getattr(obj, f)) is not None or f not in optional
            }

        def decode(self, data: dict[str, Any]) -> Any:
            return cls(**data)

    DataclassAsDict.name = name
    return DataclassAsDict()


class PersonalDataSealed(Transcoding):
    type = PersonalData
    name = "personal_v1"

    def __init__(self, sealer: Sealer) -> None:
        self.sealer = sealer

    def encode(self, obj: PersonalData) -> dict[str, str]:
        fields = asdict(obj)
        fields.pop("subject_id"), fields.pop("erased")
        if obj.birth_date is not None:
            fields["birth_date"] = obj.birth_date.isoformat()
        plaintext = json.dumps(fields, separators=(",", ":")).encode()
        sealed = self.sealer.seal(obj.subject_id, plaintext)
        return {"s": obj.subject_id.hex, "c": base64.b64encode(sealed).decode()}

    def decode(self, data: dict[str, str]) -> PersonalData:
        subject = UUID(data["s"])
        plaintext = self.sealer.unseal(subject, base64.b64decode(data["c"]))
        if plaintext is None:
            return PersonalData.erased_for(subject)
        fields = json.loads(plaintext)
        if fields.get("birth_date"):
            fields["birth_date"] = date.fromisoformat(fields["birth_date"])
        return PersonalData(subject_id=subject, **fields)


class PersonalTextSealed(Transcoding):
    type = PersonalText
    name = "ptext_v1"

    def __init__(self, sealer: Sealer) -> None:
        self.sealer = sealer

    def encode(self, obj: PersonalText) -> dict[str, str]:
        sealed = self.sealer.seal(obj.subject_id, (obj.text or "").encode())
        return {"s": obj.subject_id.hex, "c": base64.b64encode(sealed).decode()}

    def decode(self, data: dict[str, str]) -> PersonalText:
        subject = UUID(data["s"])
        plaintext = self.sealer.unseal(subject, base64.b64decode(data["c"]))
        return PersonalText(subject, None if plaintext is None else plaintext.decode())


def register_all(transcoder: JSONTranscoder, sealer: Sealer) -> None:
    transcoder.register(DateAsISO())
    for vocabulary in LabelledEnum.all_vocabularies():
        transcoder.register(enum_transcoding(vocabulary))
    for cls, name in (
        (Meta, "meta"),
        (Period, "period"),
        (Child, "child"),
        (Household, "household"),
        (Profile, "profile"),
        (Goal, "goal"),
    ):
        transcoder.register(dataclass_transcoding(cls, name))
    transcoder.register(PersonalDataSealed(sealer))
    transcoder.register(PersonalTextSealed(sealer))
