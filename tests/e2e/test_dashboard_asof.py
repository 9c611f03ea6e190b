"""As of: a date maps to the log position recorded by then; an earlier position gets its own
snapshot whose figures reflect only the log up to it (SQLite and PostgreSQL, real DuckDB)."""

from __future__ import annotations

from datetime import date, timedelta

from dashboard.ports import AsOf
from infra.analytics.runner import project
from infra.bootstrap import Runtime
from infra.dashboard_asof import AsOfSnapshots
from infra.dashboard_server import reader_port
from infra.settings import Settings
from projections.queries import Filters, programmes


def test_as_of_dates_and_positions(settings: Settings, runtime: Runtime) -> None:
    head = runtime.app.recorder.max_notification_id() or 0
    assert head > 2  # the programme catalogue alone writes several events
    history = AsOfSnapshots(settings)
    try:
        assert history.position_at_end_of(date.today() + timedelta(days=1)) == head
        assert history.position_at_end_of(date(2000, 1, 1)) == 0
        project(settings, progress=False)
        reader, _ = reader_port(runtime)
        live = reader(AsOf())
        assert live.position == head
        earlier = reader(AsOf(position=1))
        assert earlier.position == 1
        assert (
            programmes(earlier, Filters()).frame.height < programmes(live, Filters()).frame.height
        )
        assert reader(AsOf(position=head + 100)) is live  # the future is today
        assert reader(AsOf(day=date.today() + timedelta(days=1))) is live
        assert (settings.resolved_data_dir / "asof").is_dir()
    finally:
        history.close()
