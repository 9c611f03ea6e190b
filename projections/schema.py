"""The DuckDB schema of the analytic read models; bump SCHEMA_VERSION on any change.

A worker that finds another version in its file rebuilds into a new file by itself. Every table
that holds rows about a case carries `case_key` and the filter columns, so that removing a
woman's rows (consent withdrawn) is one DELETE per table and every query reads one table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

SCHEMA_VERSION = 4  # 2: erased women have no rows (ADR 0005); 3: exact as-of columns (ADR 0010)
# 4: impact columns (ADR 0016): not taken on, labour history, autonomy at intake and follow-ups,
#    job hours and exact job dates, scores at fixed horizons; foreign background for the
#    funders' indicators (ADR 0017)
FOLLOW_UP_MONTHS = (6, 12, 24)

FILTER_COLUMNS: dict[str, pl.DataType] = {
    "programme": pl.String(),
    "territory": pl.String(),
    "year": pl.Int32(),
    "age_band": pl.String(),
    "origin_region": pl.String(),
    "household_type": pl.String(),
}

CASE_TABLES: dict[str, dict[str, pl.DataType]] = {
    "case_facts": {
        "case_key": pl.String(),
        "person_key": pl.String(),
        **FILTER_COLUMNS,
        "generation": pl.Int32(),
        "zone": pl.String(),
        "referral_month": pl.Date(),
        "intake_month": pl.Date(),
        "arrival_band": pl.String(),
        "italian_level": pl.String(),
        "education": pl.String(),
        "permit": pl.String(),
        "children": pl.Int32(),
        "child_special_needs": pl.Boolean(),
        "referral_source": pl.String(),
        "status": pl.String(),
        "closure_reason": pl.String(),
        "closed_month": pl.Date(),
        "duration_days": pl.Int32(),
        "employment_intake": pl.String(),
        "employment_exit": pl.String(),
        "employment_6": pl.String(),
        "employment_12": pl.String(),
        "employment_24": pl.String(),
        "days_to_first_job": pl.Int32(),
        "carried_from": pl.String(),
        "carried_to": pl.String(),
        "activities": pl.Int32(),
        "hours": pl.Float64(),
        # Exact dates, for censoring and follow-up checkpoints only; never published (ADR 0010).
        "intake_date": pl.Date(),
        "closed_date": pl.Date(),
        # Kept by REFRESH_SQL against projection_status.business_date (the rows leave them NULL).
        "censor_days": pl.Int32(),
        **{f"due_{m}": pl.Boolean() for m in FOLLOW_UP_MONTHS},
        # ADR 0016: the comparison group (status 'not_taken_on', this reason) and labour history.
        "not_taken_on": pl.String(),
        "prior_work_months": pl.Int32(),
        "income_intake": pl.String(),
        "housing_intake": pl.String(),
        **{f"{what}_{m}": pl.String() for m in FOLLOW_UP_MONTHS for what in ("income", "housing")},
        # ESF participant characteristics (ADR 0017): born abroad or a third-country national.
        "foreign_background": pl.Boolean(),
    },
    "case_scores": {
        "case_key": pl.String(),
        **FILTER_COLUMNS,
        "domain": pl.String(),
        "baseline": pl.Int32(),
        "latest": pl.Int32(),
        "assessments": pl.Int32(),
        # The last score within 6 / 12 months of intake; NULL if not reassessed by then.
        "at_6": pl.Int32(),
        "at_12": pl.Int32(),
    },
    "activity_months": {
        "case_key": pl.String(),
        "person_key": pl.String(),
        **FILTER_COLUMNS,
        "month": pl.Date(),
        "kind": pl.String(),
        "group_key": pl.String(),
        "activities": pl.Int32(),
        "hours": pl.Float64(),
    },
    "outcomes": {
        "case_key": pl.String(),
        **FILTER_COLUMNS,
        "month": pl.Date(),
        "kind": pl.String(),
        "contract_kind": pl.String(),
        "weekly_hours": pl.Float64(),
        "day": pl.Date(),  # exact date, for time to event only; never published (ADR 0010)
    },
    "service_referrals": {
        "case_key": pl.String(),
        "person_key": pl.String(),
        **FILTER_COLUMNS,
        "month": pl.Date(),
        "service": pl.String(),
    },
}

OTHER_TABLES: dict[str, dict[str, pl.DataType]] = {
    "programmes": {
        "code": pl.String(),
        "name": pl.String(),
        "territory": pl.String(),
        "start": pl.Date(),
        "end": pl.Date(),
        "predecessor": pl.String(),
        "model": pl.String(),
        "generation": pl.Int32(),
    },
    "group_sessions": {
        "group_key": pl.String(),
        "programme": pl.String(),
        "territory": pl.String(),
        "group_kind": pl.String(),
        "session_no": pl.Int32(),
        "month": pl.Date(),
        "year": pl.Int32(),
        "hours": pl.Float64(),
    },
    "stakeholders": {
        "node_id": pl.String(),
        "label": pl.String(),
        "kind": pl.String(),
        "territory": pl.String(),
        "programme": pl.String(),
        "first_year": pl.Int32(),
    },
    "collaborations": {
        "node_id": pl.String(),
        "partner": pl.String(),
        "kind": pl.String(),
        "programme": pl.String(),
        "since_year": pl.Int32(),
        "until_year": pl.Int32(),
        "seq": pl.Int32(),
    },
}

STATUS_DDL = """CREATE TABLE IF NOT EXISTS projection_status (
    schema_version INTEGER, position BIGINT, head BIGINT, lag BIGINT, events BIGINT,
    business_date DATE, last_run TIMESTAMP, published_at TIMESTAMP)"""

_DUE = ", ".join(
    f"due_{m} = CASE WHEN status = 'closed' THEN (closed_date + INTERVAL {m} MONTH <= s.day "
    f"OR employment_{m} IS NOT NULL) END"
    for m in FOLLOW_UP_MONTHS
)
# Columns that depend on the data's last business date, recomputed in the same transaction as
# every batch (so a restart or a rebuild gives the same values):
# - censor_days: days from intake to the closure/transfer date, or to the last business date
#   while the case is open; NULL without an intake.
# - due_6/12/24: closed cases only (NULL otherwise): the checkpoint (closure date + m months,
#   clamped to the month's end) is on or before the last business date, or that follow-up has
#   been recorded all the same.
REFRESH_SQL = (
    "UPDATE case_facts SET censor_days = CASE WHEN intake_date IS NOT NULL THEN "
    "greatest(date_diff('day', intake_date, coalesce(closed_date, s.day)), 0) END, "
    f"{_DUE} FROM (SELECT business_date AS day FROM projection_status) AS s "
    # only rows whose values can still change (settled closed cases are left alone)
    "WHERE closed_date IS NULL OR censor_days IS NULL OR (status = 'closed' AND "
    "NOT coalesce(due_6 AND due_12 AND due_24, false))"
)

_DUCK = {
    pl.String(): "VARCHAR",
    pl.Int32(): "INTEGER",
    pl.Float64(): "DOUBLE",
    pl.Date(): "DATE",
    pl.Boolean(): "BOOLEAN",
}


def ddl() -> list[str]:
    """CREATE statements for every table (idempotent)."""
    out = [STATUS_DDL]
    for name, columns in {**CASE_TABLES, **OTHER_TABLES}.items():
        cols = ", ".join(f'"{c}" {_DUCK[t]}' for c, t in columns.items())
        out.append(f"CREATE TABLE IF NOT EXISTS {name} ({cols})")
    return out


def empty(table: str) -> pl.DataFrame:
    columns = CASE_TABLES.get(table) or OTHER_TABLES[table]
    return pl.DataFrame(schema=columns)


def frame(table: str, rows: Sequence[tuple[Any, ...]]) -> pl.DataFrame:
    """Rows (tuples in the table's column order) as a frame with the table's exact types."""
    columns = CASE_TABLES.get(table) or OTHER_TABLES[table]
    return pl.DataFrame(rows, schema=columns, orient="row")
