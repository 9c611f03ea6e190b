"""Query results are remembered per published snapshot (see AnalyticsReader.remember)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from .reader import AnalyticsReader

F = TypeVar("F", bound=Callable[..., Any])


def memoised(func: F) -> F:
    """Wrap a query `f(reader, *args, **kwargs)`; arguments must be hashable (Filters is)."""

    @functools.wraps(func)
    def wrapper(reader: AnalyticsReader, *args: Any, **kwargs: Any) -> Any:
        key = (func.__module__, func.__name__, args, tuple(sorted(kwargs.items())))
        return reader.remember(key, lambda: func(reader, *args, **kwargs))

    return wrapper  # type: ignore[return-value]
