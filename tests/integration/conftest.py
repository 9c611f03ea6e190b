"""Fixtures shared by the integration tests that only read analytics."""

from __future__ import annotations

import pytest

from infra.analytics.runner import rebuild
from infra.settings import Settings

from .test_projection_data import seed_small


@pytest.fixture(scope="session")
def small_analytics(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """`small` seeded and projected once per test process: the query-layer and microdata tests
    read it and never write to it."""
    settings = seed_small(tmp_path_factory.mktemp("small-analytics") / "var")
    rebuild(settings, progress=False)
    return settings
