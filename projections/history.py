"""Case history in plain language (Italian and English) for auditors: pure, no I/O.

Input: decoded domain events of one case (and, optionally, of the woman). Output: one entry per
event with business date, recorded time, actor, role, source, a sentence in each language, and
the links between corrections and what they correct. Personal values (sealed data, free text)
are masked unless the caller passes `reveal=True` — the caller logs that read (the access log).
Used by the CLI, the API and the dashboard's Audit page alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date
from typing import Any
from uuid import UUID

from babel.dates import format_date

from domain.case.values import Goal
from domain.shared.case_vocabulary import AssessmentDomain
from domain.shared.labels import LabelledEnum
from domain.shared.values import PersonalData, PersonalText

from .history_labels import FIELDS, KINDS, MARKS

_SKIP = {
    "originator_id",
    "originator_version",
    "timestamp",
    "originator_topic",
    "meta",
    "occurred_on",
    "person_id",
}


@dataclass
class HistoryEntry:
    """One event as an auditor reads it."""

    version: int
    kind: str
    occurred_on: str
    recorded_at: str
    actor_id: str
    role: str
    source: str
    text_it: str
    text_en: str
    corrects: int | None = None
    corrected_by: list[int] = field(default_factory=list)
    void: bool = False

    def text(self, lang: str = "it") -> str:
        return self.text_en if lang == "en" else self.text_it

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def kind_label(kind: str, lang: str) -> str:
    it, en = KINDS.get(kind, (kind, kind))
    return en if lang == "en" else it


def fmt(value: Any, lang: str, reveal: bool) -> str:
    """A value as a reader sees it; personal values masked unless revealed."""
    en = lang == "en"
    if value is None:
        return "—"
    if isinstance(value, LabelledEnum):
        return value.label(lang)
    if isinstance(value, PersonalText):
        if value.erased:
            return MARKS["erased"][en]
        return f"«{value.text}»" if reveal else MARKS["masked"][en]
    if isinstance(value, PersonalData):
        if value.erased:
            return MARKS["erased"][en]
        return ", ".join(value.values()) if reveal else MARKS["masked"][en]
    if isinstance(value, bool):
        return ("yes" if value else "no") if en else ("sì" if value else "no")
    if isinstance(value, float):
        text = f"{value:g}"
        return text if en else text.replace(".", ",")
    if isinstance(value, date):  # "20 mar 2018" / "20 Mar 2018", as the pages show dates
        return format_date(value, "d MMM y", locale="en_GB" if en else "it_IT")
    if isinstance(value, UUID | int | str):
        return str(value)
    if isinstance(value, Goal):
        target = fmt(value.target_date, lang, reveal)
        return (
            f"{value.goal_id} {value.domain.label(lang)} → {target} "
            f"({fmt(value.description, lang, reveal)})"
        )
    if isinstance(value, dict):
        return "; ".join(f"{_key(k, lang)}: {fmt(v, lang, reveal)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(fmt(v, lang, reveal) for v in value) or "—"
    if hasattr(value, "__dataclass_fields__"):
        return ", ".join(
            f"{_field(k, lang)} {fmt(getattr(value, k), lang, reveal)}"
            for k in value.__dataclass_fields__
        )
    return str(value)


def _key(key: Any, lang: str) -> str:
    try:
        return AssessmentDomain(key).label(lang)
    except ValueError:
        return _field(str(key), lang)


def _field(name: str, lang: str) -> str:
    it, en = FIELDS.get(name, (name, name))
    return en if lang == "en" else it


def sentence(
    kind: str,
    fields: dict[str, Any],
    lang: str,
    reveal: bool,
    targets: dict[int, tuple[str, dict[str, Any]]] | None = None,
) -> str:
    """`Kind label — field: value; …` in one language; corrections name what they change."""
    label = kind_label(kind, lang)
    if kind == "Corrected":
        return label + " — " + _correction(fields, lang, reveal, targets or {})
    parts = [
        f"{_field(k, lang)}: {fmt(v, lang, reveal)}"
        for k, v in fields.items()
        if k not in _SKIP and v is not None and v != [] and v != {}
    ]
    return label + (" — " + "; ".join(parts) if parts else "")


def _correction(
    fields: dict[str, Any], lang: str, reveal: bool, targets: dict[int, tuple[str, dict[str, Any]]]
) -> str:
    en = lang == "en"
    version = int(fields["corrects_version"])
    kind, before = targets.get(version, ("?", {}))
    head = (
        f"of version {version} ({kind_label(kind, lang)})"
        if en
        else f"della versione {version} ({kind_label(kind, lang)})"
    )
    if fields.get("void"):
        body = MARKS["voided"][en]
    else:
        body = "; ".join(
            f"{_field(k, lang)}: {fmt(before.get(k), lang, reveal)} → {fmt(v, lang, reveal)}"
            for k, v in fields["changes"].items()
        )
    why = f"{MARKS['reason'][en]}: {fmt(fields.get('reason'), lang, reveal)}"
    return f"{head}: {body}; {why}"


PROGRAMME_FIELDS = frozenset({"programme", "successor_programme", "carried_from"})
"""Fields whose value is a programme code, shown by name when names are given."""


def render_history(
    events: Sequence[Any], *, reveal: bool = False, names: Mapping[str, str] | None = None
) -> list[HistoryEntry]:
    """Every event in order; each corrected entry lists the versions that correct it.
    `names`: programme code → name, so a reader sees "Les Femmes", not "LESFEMMES"."""
    targets: dict[int, tuple[str, dict[str, Any]]] = {}
    entries: dict[int, HistoryEntry] = {}
    names = names or {}
    for event in events:
        kind = type(event).__name__
        fields = {
            k: names.get(v, v) if k in PROGRAMME_FIELDS and isinstance(v, str) else v
            for k, v in vars(event).items()
            if k not in _SKIP
        }
        meta = getattr(event, "meta", None)
        version = int(event.originator_version)
        entry = HistoryEntry(
            version=version,
            kind=kind,
            occurred_on=str(getattr(event, "occurred_on", "")),
            recorded_at=event.timestamp.astimezone(UTC).isoformat(timespec="seconds"),
            actor_id=meta.actor_id if meta else "",
            role=meta.actor_role.code if meta else "",
            source=meta.source if meta else "",
            text_it=sentence(kind, fields, "it", reveal, targets),
            text_en=sentence(kind, fields, "en", reveal, targets),
        )
        if kind == "Corrected":
            entry.corrects = int(fields["corrects_version"])
            target = entries.get(entry.corrects)
            if target is not None and entry.corrects in targets:
                target.corrected_by.append(version)
                target.void = target.void or bool(fields.get("void"))
                targets[entry.corrects][1].update(fields.get("changes") or {})
        else:
            targets[version] = (kind, dict(fields))
        entries[version] = entry
    return [entries[v] for v in sorted(entries)]


def render_state(case: Any, lang: str = "it") -> list[tuple[str, str]]:
    """The state of a case (as of a version or date) as label/value pairs."""
    rows: list[tuple[str, Any]] = [
        ("programme", case.programme),
        ("status", case.status),
        ("version", case.version),
        ("referred_on", case.referred_on),
        ("referring_service", case.referring_service),
        ("reasons", case.reasons),
        ("consents", [s for s, given in case.consents.items() if given]),
        ("intake_on", case.intake_on),
        ("baseline", case.baseline),
        ("latest_scores", case.latest_scores),
        ("goals", len(case.goals)),
        ("activities", len(case.activities)),
        ("outcomes", [r.fields["kind"] for r in case.outcomes]),
        ("first_job_on", case.first_job_on),
        ("closed_on", case.closed_on),
        ("closure_reason", case.closure_reason),
        ("employment_at_exit", case.employment_at_exit),
        ("follow_ups", sorted(case.follow_ups)),
    ]
    return [(_field(name, lang), fmt(value, lang, False)) for name, value in rows]
