"""The query layer: the only way the API, the dashboard and exports read analytics.

Every function takes an `AnalyticsReader` (the published read-only snapshot), `Filters` and
the suppression threshold `k` (pass Settings.suppression_k; default 10), and returns a
`QueryResult`: a Polars frame with a boolean `suppressed` column where cells count people,
the log position the figures reflect, and the k applied. The contract is docs/query-layer.md.
"""

from __future__ import annotations

from .activities import activity_mix, groups, listening_space, service_referrals
from .base import (
    AGE_BANDS,
    DEFAULT_K,
    FOLLOW_UP_CHECKPOINTS,
    AnalyticsUnavailable,
    Filters,
    InvalidFilter,
    ProjectionBehind,
    QueryError,
    QueryResult,
)
from .distance import distance_travelled
from .esf_catalogue import INDICATORS
from .export import microdata_export, microdata_release
from .impact_comparison import comparison_group
from .impact_cox import cox_employment
from .impact_definitions import DEFAULT_DEFINITION, EmploymentDefinition
from .impact_models import sustained_employment, sustained_employment_model
from .impact_outcomes import autonomy, distance_at_horizons, dose_response, job_quality
from .impact_survival import cumulative_incidence
from .indicators import esf_indicators
from .indicators_layout import funders_csv, funders_table, funders_xlsx
from .labels import label, with_labels
from .lineage import carry_over, generation_results, programmes
from .network import network_edges, network_growth, network_nodes
from .outcomes import closure_reasons, employment_follow_up, entry_exit_flows, time_to_first_job
from .overview import overview_totals, referrals_by_year
from .privacy import completeness, projection_status, suppression_report
from .protection import Protection
from .published import materialise
from .reader import AnalyticsReader, snapshot_path

QUERIES = {
    "overview_totals": overview_totals,
    "referrals_by_year": referrals_by_year,
    "carry_over": carry_over,
    "generation_results": generation_results,
    "employment_follow_up": employment_follow_up,
    "time_to_first_job": time_to_first_job,
    "entry_exit_flows": entry_exit_flows,
    "closure_reasons": closure_reasons,
    "distance_travelled": distance_travelled,
    "activity_mix": activity_mix,
    "service_referrals": service_referrals,
    "groups": groups,
    "listening_space": listening_space,
    # ADR 0016: the tabulated impact queries take every filter and publish protected counts.
    "cumulative_incidence": cumulative_incidence,
    "sustained_employment": sustained_employment,
    "dose_response": dose_response,
    "job_quality": job_quality,
    "autonomy": autonomy,
    "distance_at_horizons": distance_at_horizons,
}
"""The people-counting queries with signature (reader, filters, k): each applies suppression."""

PUBLISHED = QUERIES | {
    "completeness": completeness,
    "suppression_report": suppression_report,
    "microdata_release": microdata_release,
}
"""What the worker asks of each snapshot for the unfiltered view and stores in it at publish
time (published.py, ADR 0024): the questions every first page visit asks."""

IMPACT_QUERIES = {
    name: QUERIES[name]
    for name in (
        "cumulative_incidence",
        "sustained_employment",
        "dose_response",
        "job_quality",
        "autonomy",
        "distance_at_horizons",
    )
} | {
    "cox_employment": cox_employment,
    "sustained_employment_model": sustained_employment_model,
    "comparison_group": comparison_group,
}
"""Every impact query for the evaluation report (ADR 0016), signature (reader, filters, k) and an
optional EmploymentDefinition. The three model queries publish coefficients, not cells, and
refuse profile filters (they adjust for the profile), so they stay out of QUERIES, whose suites
(disclosure, differencing attacks) are written for tabulated cells."""

__all__ = [
    "AGE_BANDS",
    "DEFAULT_DEFINITION",
    "DEFAULT_K",
    "FOLLOW_UP_CHECKPOINTS",
    "IMPACT_QUERIES",
    "INDICATORS",
    "PUBLISHED",
    "QUERIES",
    "AnalyticsReader",
    "AnalyticsUnavailable",
    "EmploymentDefinition",
    "Filters",
    "InvalidFilter",
    "ProjectionBehind",
    "Protection",
    "QueryError",
    "QueryResult",
    "activity_mix",
    "autonomy",
    "carry_over",
    "closure_reasons",
    "comparison_group",
    "completeness",
    "cox_employment",
    "cumulative_incidence",
    "distance_at_horizons",
    "distance_travelled",
    "dose_response",
    "employment_follow_up",
    "entry_exit_flows",
    "esf_indicators",
    "funders_csv",
    "funders_table",
    "funders_xlsx",
    "generation_results",
    "groups",
    "job_quality",
    "label",
    "listening_space",
    "materialise",
    "microdata_export",
    "microdata_release",
    "network_edges",
    "network_growth",
    "network_nodes",
    "overview_totals",
    "programmes",
    "projection_status",
    "referrals_by_year",
    "service_referrals",
    "snapshot_path",
    "suppression_report",
    "sustained_employment",
    "sustained_employment_model",
    "time_to_first_job",
    "with_labels",
]
