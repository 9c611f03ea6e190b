"""The one module of the impact evaluation that reads person-level rows (ADR 0016).

Models (Cox, logistic, propensity and attrition weights) need one row per woman to be fitted at
all; tabulated counts cannot give them. So the impact queries fit on rows read here, inside the
query layer, and publish only what `impact_publish` lets out: coefficients with their
confidence intervals, rounded, for levels with at least k women, k events and k non-events,
from at least `min_model_n(k)` women, beside protected counts. The rows never leave the query
layer: nothing here is registered as a query, and tests/unit/test_publication_paths.py allows
this module, and no other impact module, to run SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar

import polars as pl

from .base import Filters, InvalidFilter
from .reader import AnalyticsReader
from .sql import where

MODEL_FILTERS = ("programme", "territory", "year")
"""The columns `person_rows` can restrict (the sustained_employment counts share the source)."""


def check_model_filters(filters: Filters) -> None:
    """Models are fitted on the whole lineage only (ADR 0016, "Models under differencing").

    Two exact fits on selections that differ by a few women (a year at the end of the range, a
    territory or programme left out) were solved for those women's counts exactly by the
    attack suite (tests/attacks/test_models.py); fitted figures now carry noise of two
    single-woman influences (ADR 0020), which covers one woman, not a group of several.
    Programmes and generations are compared inside the one model (its focus terms); only
    `as_of_position` may be given."""
    for name in (
        "programmes",
        "territories",
        "age_bands",
        "origin_regions",
        "household_types",
        "years",
    ):
        if getattr(filters, name):
            raise InvalidFilter(
                "impact models are fitted on the whole lineage only, so that no two fits "
                f"differ by a few women: no programme, territory, year or profile filter "
                f"({name} given)",
                field=name,
            )


def whole_lineage(filters: Filters) -> bool:
    """True when the filters select every woman (only an as-of position, if any)."""
    return not filters.restricted()


def person_rows(
    reader: AnalyticsReader, source: str, filters: Filters, extra: str = ""
) -> pl.DataFrame:
    """The rows of `source` (an impact_paths source) under the filters; for fitting only.

    Sorted on every column: SQL gives no row order, and a fit's tie handling and the
    proportional-hazards test's residual ranks depend on it, so without a fixed order the same
    snapshot gave different published figures (and a different signed report) on each run.
    """
    clause, params = where(filters, columns=MODEL_FILTERS, extra=extra)
    frame, _ = reader.frame(f"SELECT * FROM {source}{clause}", params)
    return frame.sort(frame.columns, nulls_last=True)


F = TypeVar("F", bound=Callable[..., Any])


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Model fits on one BLAS thread: on a busy machine OpenBLAS's spinning threads made a
    Cox fit 10–20 times slower than a single thread (measured on the 2-core CI box)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield


def fitted(func: F) -> F:
    """Run a model query on one BLAS thread (see one_blas_thread)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with one_blas_thread():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
