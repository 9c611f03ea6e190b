"""A repeated command id returns the first result and appends nothing (API retries, re-imports).

The first result is kept in a CommandRecord saved in the same transaction as the command's own
events, so "the command happened" and "its record exists" are one fact, in any process.
"""

from __future__ import annotations

import threading
import time
from datetime import date
from uuid import uuid4

import pytest

from domain.shared.case_vocabulary import ActivityKind, ConsentScope
from domain.shared.errors import InvalidValue
from infra.bootstrap import Runtime, build
from services.app import Percorsi
from services.base import CommandResult
from tests.casework import register_woman, take_in_charge
from tests.helpers import household, meta, personal, profile

DAY = date(2012, 6, 4)


def test_a_repeated_command_returns_the_first_result_and_appends_nothing(
    runtime: Runtime,
) -> None:
    app = runtime.app
    case_id = take_in_charge(app, register_woman(app, date(2012, 6, 1)), "BILLAN2", DAY)
    command = meta(command_id=f"activity-{uuid4()}")

    def send(hours: float = 2.0) -> CommandResult:
        return app.record_activity(
            command, case_id, occurred_on=DAY, kind=ActivityKind.CV_WORKSHOP, hours=hours
        )

    first = send()
    assert not first.replayed
    head = app.recorder.max_notification_id()
    # The case moves on; a late retry still gets the first answer, and changes nothing.
    app.record_activity(meta(), case_id, occurred_on=DAY, kind=ActivityKind.TRAINING, hours=1)
    head = app.recorder.max_notification_id()
    for _ in range(3):
        again = send()
        assert again.replayed
        assert (again.aggregate_id, again.version) == (first.aggregate_id, first.version)
    # Even with a different payload (a client bug): the id decides, the payload is not re-run.
    assert send(hours=9.0).version == first.version
    assert app.recorder.max_notification_id() == head
    assert [r.fields["hours"] for r in app.case(case_id).activities] == [2.0, 1.0]


def test_another_process_sees_the_same_first_result(runtime: Runtime) -> None:
    app = runtime.app
    person_id = uuid4()
    command = meta(command_id=f"register-{uuid4()}")

    def register(on: Percorsi) -> CommandResult:
        return on.register_person(
            command,
            occurred_on=DAY,
            person_id=person_id,
            personal=personal(person_id),
            profile=profile(),
            household=household(),
        )

    first = register(app)
    other = build(runtime.settings)
    try:
        head = other.app.recorder.max_notification_id()
        again = register(other.app)
        assert again.replayed and again.version == first.version == 1
        assert other.app.recorder.max_notification_id() == head
    finally:
        other.close()


def test_a_repeated_transfer_opens_no_second_successor(runtime: Runtime) -> None:
    app = runtime.app
    case_id = take_in_charge(app, register_woman(app, DAY), "BILLAN2", DAY)
    command = meta(command_id=f"transfer-{uuid4()}")
    results = [
        app.transfer_case(
            command,
            case_id,
            occurred_on=date(2015, 1, 1),
            successor_programme="AZIONI1516",
            successor_case_id=uuid4(),  # a retry with a fresh id must not open another case
        )
        for _ in range(2)
    ]
    assert results[1].replayed and results[1].version == results[0].version
    successor = app.case(case_id).successor_case_id
    assert successor is not None and app.case(successor).carried_over_from == case_id


def test_the_same_id_for_another_command_is_refused_and_appends_nothing(
    runtime: Runtime,
) -> None:
    app = runtime.app
    case_id = take_in_charge(app, register_woman(app, DAY), "BILLAN2", DAY)
    command = meta(command_id=f"consent-{uuid4()}")
    app.give_consent(command, case_id, occurred_on=DAY, scope=ConsentScope.ANALYTICS)
    head, version = app.recorder.max_notification_id(), app.case(case_id).version
    with pytest.raises(InvalidValue) as caught:
        app.withdraw_consent(command, case_id, occurred_on=DAY, scope=ConsentScope.ANALYTICS)
    assert caught.value.field == "command_id"
    assert app.recorder.max_notification_id() == head and app.case(case_id).version == version


def test_a_repeat_inside_one_batch_is_recognised_before_the_batch_is_saved(
    runtime: Runtime,
) -> None:
    app = runtime.app
    case_id = take_in_charge(app, register_woman(app, DAY), "BILLAN2", DAY)
    command = meta(command_id=f"batched-{uuid4()}")
    with app.batch():
        first = app.record_activity(
            command, case_id, occurred_on=DAY, kind=ActivityKind.ORIENTATION, hours=1
        )
        again = app.record_activity(
            command, case_id, occurred_on=DAY, kind=ActivityKind.ORIENTATION, hours=1
        )
    assert again.replayed and again.version == first.version
    assert len(app.case(case_id).activities) == 1


def test_a_repeat_that_loses_the_race_answers_as_a_repeat(runtime: Runtime) -> None:
    """Two deliveries of one command run at once; the one that commits second gets the first
    one's answer (not a conflict) and the case holds the activity once."""
    case_id = take_in_charge(
        runtime.app, register_woman(runtime.app, date(2012, 6, 1)), "BILLAN2", DAY
    )
    command = meta(command_id=f"race-{uuid4()}")
    slow, fast = build(runtime.settings), build(runtime.settings)
    proceed, answers = threading.Event(), []
    save = slow.app.save

    def save_late(*args: object, **kwargs: object) -> object:
        proceed.wait(10)  # the slow delivery has decided; it commits only after the fast one
        return save(*args, **kwargs)

    slow.app.save = save_late  # type: ignore[method-assign]

    def send(app: Percorsi) -> CommandResult:
        return app.record_activity(
            command, case_id, occurred_on=DAY, kind=ActivityKind.CV_WORKSHOP, hours=2.0
        )

    try:
        late = threading.Thread(target=lambda: answers.append(send(slow.app)))
        late.start()
        time.sleep(0.5)
        first = send(fast.app)
        proceed.set()
        late.join(20)
        assert not first.replayed
        assert len(answers) == 1 and answers[0].replayed
        assert (answers[0].aggregate_id, answers[0].version) == (first.aggregate_id, first.version)
        assert [r.fields["kind"] for r in runtime.app.case(case_id).activities] == [
            ActivityKind.CV_WORKSHOP
        ]
    finally:
        slow.close()
        fast.close()
