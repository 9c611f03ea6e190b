"""Form controls and how a posted value becomes a domain value (the domain then checks it).

Parsing only turns text into types; every rule (ranges, sequences, periods) is the domain's. A
value that cannot even be read raises InvalidValue naming its field, like a domain refusal, so
both show next to the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from domain.shared.case_vocabulary import SCORE_MAX, SCORE_MIN, AssessmentDomain
from domain.shared.errors import InvalidValue
from domain.shared.labels import LabelledEnum
from domain.shared.typed_dates import parse_typed


class Required(InvalidValue):
    """A required control left empty (the form's own rule; the domain never sees the command)."""

    code = "required"


@dataclass(frozen=True)
class Field:
    """One control: `kind` picks the widget (date, select, multi, int, float, text, textarea,
    check, scores, choice); `vocab` lists a select's options; `choices` fixed (code, it, en)."""

    name: str
    it: str
    en: str
    kind: str = "text"
    vocab: type[LabelledEnum] | None = None
    required: bool = True
    choices: tuple[tuple[str, str, str], ...] = ()
    hint_it: str = ""
    hint_en: str = ""

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.it

    def hint(self, lang: str) -> str:
        return self.hint_en if lang == "en" else self.hint_it

    def options(self, lang: str) -> list[tuple[str, str]]:
        if self.vocab is not None:
            return [(m.value, m.label(lang)) for m in self.vocab]
        return [(code, en if lang == "en" else it) for code, it, en in self.choices]


DAY = Field("occurred_on", "Data (in cui è avvenuto)", "Date (when it happened)", "date")
SCORE_DOMAINS = [(d.value, d.it, d.en) for d in AssessmentDomain]


def parse(field: Field, form: Mapping[str, Any]) -> Any:
    """The typed value of `field` from the posted form; None when left empty and optional."""
    if field.kind == "scores":
        return _scores(field, form)
    if field.kind == "multi":
        codes = [str(v) for v in _getlist(form, field.name) if str(v).strip()]
        if field.required and not codes:
            raise Required("choose at least one", field=field.name)
        return [_enum(field, c) for c in codes]
    if field.kind == "check":
        return form.get(field.name) in ("on", "true", "1")
    raw = str(form.get(field.name) or "").strip()
    if not raw:
        if field.required:
            raise Required("this field is required", field=field.name)
        return None
    try:
        if field.kind == "date":
            return parse_typed(raw)
        if field.kind == "int":
            return int(raw)
        if field.kind == "float":
            return float(raw.replace(",", "."))
    except ValueError:
        raise InvalidValue(f"not a valid {field.kind}", field=field.name) from None
    if field.kind == "select" and field.vocab is not None:
        return _enum(field, raw)
    if field.kind == "textarea":
        return str(form.get(field.name))
    return raw


def _getlist(form: Mapping[str, Any], name: str) -> list[Any]:
    getlist = getattr(form, "getlist", None)
    if getlist is not None:
        return list(getlist(name))
    value = form.get(name)
    return value if isinstance(value, list) else [value] if value else []


def _enum(field: Field, code: str) -> Any:
    assert field.vocab is not None
    try:
        return field.vocab.parse(code)
    except ValueError as error:
        raise InvalidValue(str(error), field=field.name) from None


def _scores(field: Field, form: Mapping[str, Any]) -> dict[AssessmentDomain, int]:
    scores = {}
    for domain in AssessmentDomain:
        name = f"{field.name}.{domain.value}"
        raw = str(form.get(name) or "").strip()
        if not raw:
            continue
        try:
            scores[domain] = int(raw)
        except ValueError:
            raise InvalidValue(
                f"a score is a whole number {SCORE_MIN}–{SCORE_MAX}", field=name
            ) from None
    return scores
