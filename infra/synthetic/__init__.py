"""The deterministic simulator of the 2006–2021 lineage (issue 3, DESIGN §8).

`seed(runtime, size="small", seed=7)` drives the application services; `personal_values(runtime)`
returns every personal value in the store, for the leak scans of the read models.
"""

from __future__ import annotations

from .inspect import history_digests, personal_values, stream_digest
from .seeding import SeedReport, seed

__all__ = ["SeedReport", "history_digests", "personal_values", "seed", "stream_digest"]
