"""Case commands keep programme periods in memory, yet never act on a stale one."""

from __future__ import annotations

from datetime import date

import pytest

from domain.shared.case_vocabulary import ActivityKind
from domain.shared.errors import OutsideProgrammePeriod
from infra.bootstrap import Runtime, build
from tests.casework import register_woman, take_in_charge
from tests.helpers import meta


def test_an_extension_by_another_process_is_seen_at_once(runtime: Runtime) -> None:
    app = runtime.app
    case_id = take_in_charge(app, register_woman(app, date(2010, 3, 1)), "BILLAN", date(2010, 3, 2))
    after_the_end = date(2011, 3, 1)
    with pytest.raises(OutsideProgrammePeriod):  # Billan ends on 2010-12-31: period now known
        app.record_activity(
            meta(), case_id, occurred_on=after_the_end, kind=ActivityKind.ORIENTATION, hours=1
        )
    other = build(runtime.settings, load_catalogue=False)
    try:
        other.app.extend_programme(
            meta(), "BILLAN", occurred_on=date(2010, 12, 1), new_end=date(2011, 6, 30)
        )
    finally:
        other.close()
    done = app.record_activity(
        meta(), case_id, occurred_on=after_the_end, kind=ActivityKind.ORIENTATION, hours=1
    )
    assert not done.replayed
    assert app.period_of("BILLAN").end == date(2011, 6, 30)
