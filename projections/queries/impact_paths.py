"""SQL sources of the impact evaluation: one row per woman's path, and one per case at risk.

Sources only (strings for `tabulate` and for `impact_data`); nothing here runs a query. Both
derive from the same CTEs, so a published count and a model's n describe the same women.
Filter columns (programme, territory, year, age band, origin region, household) are those of
the path's first case: a filter selects whole paths, never half of one.
"""

from __future__ import annotations

from .impact_definitions import (
    COMPETING_REASONS,
    EMPLOYED_STATUSES,
    SUSTAINED_MONTHS,
    EmploymentDefinition,
)

EMPLOYED = "(" + ", ".join(f"'{s}'" for s in EMPLOYED_STATUSES) + ")"
COMPETING = "(" + ", ".join(f"'{s}'" for s in COMPETING_REASONS) + ")"
FIRST = (
    "programme",
    "territory",
    "year",
    "age_band",
    "origin_region",
    "household_type",
    "generation",
    "italian_level",
    "education",
    "permit",
    "prior_work_months",
    "employment_intake",
    "income_intake",
    "housing_intake",
)
LAST = (
    "status",
    "closure_reason",
    "closed_date",
    *(f"{what}_{m}" for m in SUSTAINED_MONTHS for what in ("employment", "income", "housing")),
    *(f"due_{m}" for m in SUSTAINED_MONTHS),
)
SUPPORT_KINDS = (
    "job_accompaniment",
    "orientation",
    "cv_workshop",
    "training",
    "italian_course",
    "cultural_mediation",
    "listening_interview",
)


def _ctes(definition: EmploymentDefinition) -> str:
    """c: enrolled cases numbered into paths; j: first qualifying job per case; a: support."""
    kinds = ", ".join(
        f"sum(activities) FILTER (WHERE kind = '{k}') AS n_{k}" for k in SUPPORT_KINDS
    )
    return (
        "c AS (SELECT f.*, sum(CASE WHEN carried_from IS NULL THEN 1 ELSE 0 END) OVER ("
        "PARTITION BY person_key ORDER BY referral_month, intake_date, case_key "
        "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS path_no "
        "FROM case_facts f WHERE status <> 'not_taken_on' AND intake_date IS NOT NULL), "
        f"j AS (SELECT case_key, min(day) AS job_day, arg_min(contract_kind, day) AS contract, "
        f"arg_min(weekly_hours, day) AS job_hours FROM outcomes o WHERE {definition.job_sql()} "
        "GROUP BY case_key), "
        f"a AS (SELECT case_key, sum(hours) AS support_hours, {kinds} "
        "FROM activity_months GROUP BY case_key), "
        "p AS (SELECT person_key || ':' || path_no AS path_key, person_key, path_no, "
        + ", ".join(f"arg_min_null({c}, intake_date) AS {c}" for c in FIRST)
        + ", "
        + ", ".join(f"arg_max_null({c}, intake_date) AS last_{c}" for c in LAST)
        + ", min(intake_date) AS start_date, "
        "arg_max_null(intake_date + censor_days, intake_date) AS end_date, "
        "min(job_day) AS job_day, arg_min(contract, job_day) AS contract, "
        "arg_min(job_hours, job_day) AS job_hours, count(*) AS cases, "
        "coalesce(sum(support_hours), 0) AS support_hours, "
        + ", ".join(f"coalesce(sum(n_{k}), 0) AS n_{k}" for k in SUPPORT_KINDS)
        + " FROM c LEFT JOIN j USING (case_key) LEFT JOIN a USING (case_key) "
        "GROUP BY person_key, path_no)"
    )


def _follow_up_job() -> str:
    """The date a follow-up after the path's closure first finds her in work (or NULL)."""
    whens = " ".join(
        f"WHEN last_employment_{m} IN {EMPLOYED} "
        f"THEN CAST(last_closed_date + INTERVAL {m} MONTH AS DATE)"
        for m in SUSTAINED_MONTHS
    )
    return f"CASE WHEN last_status = 'closed' THEN CASE {whens} END END"


def _last_contact() -> str:
    """The path's end, or its latest reached follow-up."""
    reached = ", ".join(
        f"CASE WHEN last_employment_{m} IS NOT NULL AND last_employment_{m} <> 'lost' "
        f"THEN CAST(last_closed_date + INTERVAL {m} MONTH AS DATE) END"
        for m in SUSTAINED_MONTHS
    )
    return f"greatest(end_date, {reached})"


def paths_source(definition: EmploymentDefinition) -> str:
    """One row per path: first-case covariates, support received, first qualifying job,
    follow-ups of its last case, and `event` (employment | competing | censored, NULL when
    she was in work at intake) at `days` from the first intake."""
    event = (
        f"CASE WHEN employment_intake IN {EMPLOYED} THEN NULL "
        "WHEN job_day IS NOT NULL THEN 'employment' "
        f"WHEN last_status = 'closed' AND last_closure_reason IN {COMPETING} THEN 'competing' "
        "WHEN fu_job IS NOT NULL THEN 'employment' ELSE 'censored' END"
    )
    day = (
        "CASE WHEN job_day IS NOT NULL THEN job_day "
        f"WHEN last_status = 'closed' AND last_closure_reason IN {COMPETING} "
        "THEN last_closed_date WHEN fu_job IS NOT NULL THEN fu_job ELSE last_contact END"
    )
    months = "greatest(date_diff('day', start_date, coalesce(end_date, start_date)), 1) / 30.4375"
    return (
        f"(WITH {_ctes(definition)}, "
        f"q AS (SELECT *, {_follow_up_job()} AS fu_job, {_last_contact()} AS last_contact FROM p) "
        f"SELECT *, {event} AS event, date_diff('day', start_date, {day}) AS days, "
        f"n_job_accompaniment / ({months}) AS sessions_per_month, "
        f"{months} AS months_in_programme FROM q) AS paths"
    )


def case_intervals_source(definition: EmploymentDefinition) -> str:
    """One row per case of a path at risk of a first job, on the path's clock (entry at the
    case's intake, exit at the path's first job or the case's end): the counting-process form
    that lets the generation change at a carry-over without restarting her clock."""
    return (
        f"(WITH {_ctes(definition)}, "
        "s AS (SELECT *, " + _sessions() + " FROM p) "
        "SELECT s.path_key, s.person_key, "
        + ", ".join(f"s.{col}" for col in FIRST if col != "generation")
        + ", s.sessions_per_month, c.generation, "
        "date_diff('day', s.start_date, c.intake_date) AS entry_days, "
        "date_diff('day', s.start_date, least(coalesce(s.job_day, c.intake_date + c.censor_days),"
        " c.intake_date + c.censor_days)) AS stop_days, "
        "coalesce(s.job_day BETWEEN c.intake_date AND c.intake_date + c.censor_days, false) "
        "AS event "
        "FROM c JOIN s USING (person_key, path_no) "
        f"WHERE coalesce(s.employment_intake, '') NOT IN {EMPLOYED} "
        "AND (s.job_day IS NULL OR c.intake_date <= s.job_day)) AS intervals"
    )


def _sessions() -> str:
    months = "greatest(date_diff('day', start_date, coalesce(end_date, start_date)), 1) / 30.4375"
    return f"n_job_accompaniment / ({months}) AS sessions_per_month"


NOT_ENROLLED_SOURCE = (
    "(SELECT *, 'not_enrolled' AS arm FROM case_facts WHERE status = 'not_taken_on') AS ne"
)
