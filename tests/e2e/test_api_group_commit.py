"""Group commit on a real store: a conflicting group is re-saved command by command, so only
the command that lost the race is refused and the others are stored exactly once."""

from __future__ import annotations

from datetime import date

from domain.shared.case_vocabulary import ActivityKind
from domain.shared.errors import ConcurrencyConflict
from infra.api.group_commit import GroupCommit, _Pending
from infra.bootstrap import Runtime
from tests.casework import register_woman, take_in_charge
from tests.helpers import meta

DAY = date(2012, 6, 4)


def _decided(runtime: Runtime, case_id: object) -> _Pending:
    """A command decided on the case as it is now: loaded, checked, one new event."""
    app = runtime.app
    case = app.case(case_id)  # type: ignore[arg-type]
    case.record_activity(
        meta=meta(),
        occurred_on=DAY,
        period=app.period_of(case.programme),
        kind=ActivityKind.ORIENTATION,
        hours=1.0,
    )
    return _Pending(list(case.collect_events()))


def test_only_the_loser_of_a_group_is_refused(runtime: Runtime) -> None:
    app = runtime.app
    first = take_in_charge(app, register_woman(app, date(2012, 6, 1)), "BILLAN2", DAY)
    second = take_in_charge(app, register_woman(app, date(2012, 6, 1)), "BILLAN2", DAY)
    versions = {c: app.case(c).version for c in (first, second)}
    # Two commands decided on the same version of `first`, one on `second`, saved together.
    group = [_decided(runtime, first), _decided(runtime, first), _decided(runtime, second)]
    GroupCommit(app.save)._save(group)
    assert [p.done.is_set() for p in group] == [True, True, True]
    assert group[0].error is None and group[2].error is None
    assert isinstance(group[1].error, ConcurrencyConflict)
    assert app.case(first).version == versions[first] + 1
    assert app.case(second).version == versions[second] + 1


def test_a_plugged_committer_carries_the_commands_and_unplugging_restores(
    runtime: Runtime,
) -> None:
    app = runtime.app
    case_id = take_in_charge(app, register_woman(app, date(2012, 6, 1)), "BILLAN2", DAY)
    committer = GroupCommit(app.save).start()
    direct = app.use_committer(committer)
    try:
        assert app.committer is committer
        done = app.record_activity(
            meta(), case_id, occurred_on=DAY, kind=ActivityKind.ORIENTATION, hours=1.0
        )
        assert app.case(case_id).version == done.version
        assert committer.commands == 1 and committer.groups == 1
    finally:
        assert app.use_committer(direct) is committer
        committer.stop()
    assert app.committer is direct
    assert not committer._thread.is_alive()
