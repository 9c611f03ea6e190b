"""A client generated from the served OpenAPI document alone (openapi-python-client) compiles,
imports and runs the caseworker's whole path against a real uvicorn server.

The client is generated into the test's tmp dir on every run and never committed: what is
tested is that the contract, as published, is enough to write a working client.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.e2e.conftest import BASELINE, PERSON, ApiServer, open_case

PACKAGE = "percorsi_generated_client"


@pytest.fixture(scope="module")
def generated(api: ApiServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    folder = tmp_path_factory.mktemp("client")
    document = folder / "openapi.json"
    document.write_bytes(api.client().get("/openapi.json").content)
    config = folder / "config.yaml"
    config.write_text("post_hooks: []\n")  # no formatter needed to use the code
    tool = Path(sys.executable).with_name("openapi-python-client")
    done = subprocess.run(
        [str(tool), "generate", "--path", str(document), "--meta", "none",
         "--output-path", str(folder / PACKAGE), "--config", str(config)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Unable to" not in done.stdout + done.stderr, done.stdout + done.stderr
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))
        for name in [m for m in sys.modules if m.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def _use(package: ModuleType, tag: str, operation: str) -> Any:
    return importlib.import_module(f"{PACKAGE}.api.{tag}.{operation}")


def test_the_caseworkers_whole_path_through_a_generated_client(
    api: ApiServer, generated: ModuleType
) -> None:
    m = importlib.import_module(f"{PACKAGE}.models")
    client_type = importlib.import_module(PACKAGE).AuthenticatedClient
    caseworker = client_type(base_url=api.url, token="tok-caseworker")
    coordinator = client_type(base_url=api.url, token="tok-coordinator")

    def run(tag: str, operation: str, who: Any = caseworker, **kwargs: Any) -> Any:
        answer = _use(generated, tag, operation).sync_detailed(
            client=who, idempotency_key=uuid.uuid4().hex, **kwargs
        )
        assert answer.status_code in (200, 201), (operation, answer.content[:300])
        return answer

    personal, profile = PERSON["personal"], PERSON["profile"]  # type: ignore[index]
    registered = run(
        "people",
        "register_person",
        body=m.RegisterIn(
            occurred_on=date(2018, 3, 1),
            personal=m.PersonalIn(
                full_name=personal["full_name"], fiscal_code=personal["fiscal_code"],
                birth_date=date(1985, 3, 1), email=personal["email"],
            ),
            profile=m.ProfileIn(
                birth_year=1985, country_of_birth="BF", first_language="fr",
                italian_level=m.CEFRLevel(profile["italian_level"]),
                education=m.EducationLevel(profile["education"]),
                permit=m.PermitKind(profile["permit"]), municipality="Empoli", arrival_year=2009,
            ),
            household=m.HouseholdIn(
                kind=m.HouseholdType("single_mother"), children=[m.ChildIn(birth_year=2010)]
            ),
        ),
    )  # fmt: skip
    assert registered.status_code == 201
    person_id = registered.parsed.id
    assert registered.headers["Location"] == f"/v1/people/{person_id}"

    referred = run(
        "case_commands",
        "refer_case",
        body=m.ReferIn(
            occurred_on=date(2018, 3, 2), person_id=person_id, programme="EMP",
            referring_service=m.ReferringService("social_empoli"),
            reasons=[m.ReferralReason("employment"), m.ReferralReason("language")],
        ),
    )  # fmt: skip
    case_id = referred.parsed.id
    baseline = m.IntakeInBaseline()
    for domain, score in BASELINE.items():
        baseline[domain] = score
    steps: list[tuple[str, Any, Any]] = [
        ("give_consent", m.ConsentIn(occurred_on=date(2018, 3, 2),
                                     scope=m.ConsentScope("processing")), caseworker),
        ("complete_intake", m.IntakeIn(
            occurred_on=date(2018, 3, 5), baseline=baseline,
            employment=m.EmploymentStatus("unemployed_seeking"),
            income_source=m.IncomeSource("benefits"), housing=m.HousingStatus("rented"),
            needs=[m.Need("job")], notes="Colloquio iniziale"), caseworker),
        ("agree_plan", m.PlanIn(occurred_on=date(2018, 3, 10), goals=[m.GoalIn(
            goal_id="g1", domain=m.AssessmentDomain("work"), target_date=date(2018, 12, 31),
            description="Lavoro part-time")]), caseworker),
        ("record_activity", m.ActivityIn(occurred_on=date(2018, 4, 1),
                                         kind=m.ActivityKind("orientation"), hours=2.0),
         caseworker),
        ("record_outcome", m.OutcomeIn(occurred_on=date(2018, 6, 1),
                                       kind=m.OutcomeKind("job_started"),
                                       contract_kind=m.ContractKind("fixed_term"),
                                       weekly_hours=20.0), caseworker),
        ("close_case", m.CloseIn(occurred_on=date(2018, 9, 1),
                                 reason=m.ClosureReason("goals_achieved"),
                                 employment_at_exit=m.EmploymentStatus("employed")), coordinator),
        ("record_follow_up", m.FollowUpIn(occurred_on=date(2019, 3, 5),
                                          months=m.FollowUpInMonths(6), reached=True,
                                          employment=m.EmploymentStatus("employed")), caseworker),
    ]  # fmt: skip
    version = referred.parsed.version
    for operation, body, who in steps:
        done = run("case_commands", operation, who, case_id=case_id, body=body,
                   if_match=f'"{version}"')  # fmt: skip
        assert done.parsed.version == version + 1 and done.headers["ETag"] == f'"{version + 1}"'
        version = done.parsed.version

    state = _use(generated, "cases", "case_state").sync(case_id=case_id, client=caseworker)
    assert isinstance(state, m.CaseOut), state
    assert (state.status, state.follow_ups, state.version) == ("closed", [6], version)
    assert state.first_job_on == date(2018, 6, 1)
    history = _use(generated, "cases", "case_history").sync(case_id=case_id, client=caseworker)
    assert isinstance(history, m.CaseHistoryOut), history
    assert history.total == 8 and [i.kind for i in history.items][-2:] == ["Closed", "FollowedUp"]
    assert history.items[-2].role == "coordinator"
    stale = _use(generated, "case_commands", "record_activity").sync(
        case_id=case_id, client=caseworker, idempotency_key=uuid.uuid4().hex,
        if_match='"1"', body=steps[3][1],
    )  # fmt: skip
    assert isinstance(stale, m.Problem) and stale.code == "concurrency_conflict"


def test_a_referral_not_taken_on_through_a_generated_client(
    api: ApiServer, generated: ModuleType
) -> None:
    """The comparison group's command (ADR 0016): its vocabulary and range are in the contract."""
    m = importlib.import_module(f"{PACKAGE}.models")
    caseworker = importlib.import_module(PACKAGE).AuthenticatedClient(
        base_url=api.url, token="tok-caseworker"
    )
    case_id = uuid.UUID(open_case(api, intake=False)["case_id"])
    consent = m.ConsentIn(occurred_on=date(2018, 3, 2), scope=m.ConsentScope("processing"))
    done = _use(generated, "case_commands", "give_consent").sync_detailed(
        client=caseworker, idempotency_key=uuid.uuid4().hex, case_id=case_id, body=consent
    )
    assert done.status_code == 200, done.content[:300]
    assert {r.value for r in m.NotTakenOnReason} == {"declined", "waiting_list", "not_eligible"}
    body = m.NotTakenOnIn(
        occurred_on=date(2018, 3, 20),
        reason=m.NotTakenOnReason("waiting_list"),
        employment=m.EmploymentStatus("informal"),
        months_worked_prior_24=7,
    )
    answer = _use(generated, "case_commands", "record_not_taken_on").sync_detailed(
        client=caseworker, idempotency_key=uuid.uuid4().hex, case_id=case_id, body=body,
        if_match=f'"{done.parsed.version}"',
    )  # fmt: skip
    assert answer.status_code == 200, answer.content[:300]
    assert answer.headers["ETag"] == f'"{done.parsed.version + 1}"'
    state = _use(generated, "cases", "case_state").sync(case_id=case_id, client=caseworker)
    assert isinstance(state, m.CaseOut) and state.closure_reason == "not_taken_on"
