"""A person and a case round-trip through each real store, encrypted."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from domain.shared.case_vocabulary import ReferralReason, ReferringService
from infra.bootstrap import Runtime
from tests.helpers import household, meta, personal, profile


def test_person_and_case_round_trip(runtime: Runtime) -> None:
    app = runtime.app
    pid, cid = uuid4(), uuid4()
    app.register_person(meta(), occurred_on=date(2007, 3, 1), person_id=pid,
                        personal=personal(pid), profile=profile(), household=household())
    app.refer_case(meta(), occurred_on=date(2007, 3, 2), case_id=cid, person_id=pid,
                   programme="BILLAN", referring_service=ReferringService.SIAST_Q1,
                   reasons=[ReferralReason.EMPLOYMENT])
    assert app.person(pid).personal.full_name == "Fatima Zahra Bennani"
    assert app.case(cid).programme == "BILLAN"
