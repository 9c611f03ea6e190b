"""Controlled vocabularies whose stored code never changes while their labels are bilingual."""

from __future__ import annotations

from enum import Enum
from typing import Any, Self


class LabelledEnum(Enum):
    """An Enum whose members carry an Italian and an English label.

    The value is the stable code written into events; labels may be reworded freely. It is a
    plain Enum, not a StrEnum, so the event transcoder sees the type and restores it on replay.
    """

    _value_: str

    it: str
    en: str

    def __new__(cls, code: str, it: str = "", en: str = "") -> Self:
        member = object.__new__(cls)
        member._value_ = code
        member.it = it or code
        member.en = en or code
        return member

    def label(self, lang: str = "it") -> str:
        """The label in `lang` ("it" or "en"), Italian by default."""
        return self.en if lang == "en" else self.it

    @classmethod
    def parse(cls, value: Any) -> Self:
        """Accept a member or its code; raise ValueError naming the vocabulary otherwise."""
        if isinstance(value, cls):
            return value
        try:
            return cls(value)
        except ValueError:  # the message names the vocabulary, never the caller's data
            allowed = ", ".join(m.value for m in cls)
            raise ValueError(f"unknown {cls.__name__} code {value!r}; allowed: {allowed}") from None

    @property
    def code(self) -> str:
        return self._value_

    @classmethod
    def all_vocabularies(cls) -> list[type[LabelledEnum]]:
        """Every vocabulary defined so far (each needs its own transcoding)."""
        found: list[type[LabelledEnum]] = []
        stack = list(cls.__subclasses__())
        while stack:
            sub = stack.pop()
            found.append(sub)
            stack.extend(sub.__subclasses__())
        return sorted(found, key=lambda c: c.__name__)
