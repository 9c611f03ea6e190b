"""Query results are remembered per published snapshot (see AnalyticsReader.remember).

On a miss, the unfiltered view is first looked up among the answers stored in the snapshot at
publish time (published.py, ADR 0024); anything else is computed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from .published import lookup, stored_key
from .reader import AnalyticsReader

F = TypeVar("F", bound=Callable[..., Any])


def memoised(func: F) -> F:
    """Wrap a query `f(reader, *args, **kwargs)`; arguments must be hashable (Filters is)."""

    @functools.wraps(func)
    def wrapper(reader: AnalyticsReader, *args: Any, **kwargs: Any) -> Any:
        key = (func.__module__, func.__name__, args, tuple(sorted(kwargs.items())))

        def compute() -> Any:
            k = stored_key(func, args, kwargs)
            found = lookup(reader, func.__name__, k) if k is not None else None
            return found if found is not None else func(reader, *args, **kwargs)

        return reader.remember(key, compute)

    return wrapper  # type: ignore[return-value]
