"""As of: an earlier position gets its own snapshot at exactly that position; a date is a
business date (what had happened by then), built at the live position (SQLite and PostgreSQL,
real DuckDB). ADR 0010."""

from __future__ import annotations

from datetime import date

from dashboard.ports import AsOf
from domain.shared.case_vocabulary import ConsentScope
from infra.analytics.runner import project
from infra.bootstrap import Runtime
from infra.dashboard_server import reader_port
from infra.settings import Settings
from projections.queries import Filters, programmes
from tests.casework import register_woman, take_in_charge
from tests.helpers import meta


def _cases(reader: object) -> int:
    frame, _ = reader.frame("SELECT count(*) AS n FROM case_facts")  # type: ignore[attr-defined]
    return int(frame["n"][0])


def test_as_of_dates_and_positions(settings: Settings, runtime: Runtime) -> None:
    app = runtime.app
    catalogue = app.recorder.max_notification_id() or 0
    assert catalogue > 2  # the programme catalogue alone writes several events
    on = date(2013, 1, 7)
    case_id = take_in_charge(app, register_woman(app, on), "BILLAN2", on)
    app.give_consent(meta(), case_id, occurred_on=on, scope=ConsentScope.ANALYTICS)
    head = app.recorder.max_notification_id() or 0
    project(settings, progress=False)
    reader, history = reader_port(runtime)
    try:
        live = reader(AsOf())
        assert live.position == head and _cases(live) == 1
        earlier = reader(AsOf(position=1))
        assert earlier.position == 1
        assert (
            programmes(earlier, Filters()).frame.height < programmes(live, Filters()).frame.height
        )
        at_catalogue = reader(AsOf(position=catalogue))
        assert at_catalogue.position == catalogue and _cases(at_catalogue) == 0
        assert reader(AsOf(position=head + 100)) is live  # the future is today

        # Business dates: the case was taken in charge on 2013-01-07, whenever it was recorded.
        before = reader(AsOf(day=date(2012, 12, 31)))
        assert before.position == head and _cases(before) == 0
        after = reader(AsOf(day=date(2013, 1, 7)))
        assert after.position == head and _cases(after) == 1
        assert reader(AsOf(day=date(2013, 1, 7))) is after  # built once, then reused
        assert reader(AsOf(position=catalogue, day=date(2013, 1, 7))).position == catalogue
        assert (settings.resolved_data_dir / "asof").is_dir()
    finally:
        history.close()
