"""Bilingual labels for the code columns that query results return (Italian first)."""

from __future__ import annotations

import polars as pl

from domain.group import GroupKind
from domain.shared.case_vocabulary import (
    ActivityKind,
    AssessmentDomain,
    ClosureReason,
    ServiceKind,
)
from domain.shared.geography import WorldRegion
from domain.shared.labels import LabelledEnum
from domain.shared.profile_vocabulary import EmploymentStatus, HouseholdType
from domain.stakeholder import CollaborationKind, StakeholderKind

VOCABULARY_OF_COLUMN: dict[str, type[LabelledEnum]] = {
    "kind": ActivityKind,
    "domain": AssessmentDomain,
    "reason": ClosureReason,
    "closure_reason": ClosureReason,
    "service": ServiceKind,
    "origin_region": WorldRegion,
    "household_type": HouseholdType,
    "entry": EmploymentStatus,
    "exit": EmploymentStatus,
    "employment_intake": EmploymentStatus,
    "employment_exit": EmploymentStatus,
    "group_kind": GroupKind,
    "node_kind": StakeholderKind,
    "edge_kind": CollaborationKind,
}
SPECIAL = {
    "lost": ("Persa al follow-up", "Lost to follow-up"),
    "not_due": ("Non ancora dovuto", "Not yet due"),
    "*": ("Tutte", "All"),
}


def label(column: str, code: str | None, lang: str = "it") -> str:
    """The label of one code in `lang`; the code itself when the column has no vocabulary."""
    if code is None:
        return "—"
    if code in SPECIAL:
        it, en = SPECIAL[code]
        return en if lang == "en" else it
    vocabulary = VOCABULARY_OF_COLUMN.get(column)
    if vocabulary is None:
        return str(code)
    try:
        return vocabulary.parse(code).label(lang)
    except ValueError:
        return str(code)


def with_labels(frame: pl.DataFrame, lang: str = "it") -> pl.DataFrame:
    """Add `<column>_label` beside every code column this module knows."""
    extra = []
    for column in frame.columns:
        if column in VOCABULARY_OF_COLUMN and frame.schema[column] == pl.String:
            codes = frame[column].unique().to_list()
            mapping = {code: label(column, code, lang) for code in codes if code is not None}
            extra.append(
                pl.col(column)
                .replace_strict(mapping, default="—", return_dtype=pl.String)
                .alias(f"{column}_label")
            )
    return frame.with_columns(extra) if extra else frame
