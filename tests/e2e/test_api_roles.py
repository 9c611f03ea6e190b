"""Every role × every endpoint, over HTTP: 401 without a token, 403 outside the role's rule.

The table below is the rule book. It must list exactly the routes the app serves: an endpoint
added without a row here fails `test_every_endpoint_has_a_rule`.
"""

from __future__ import annotations

import re
import uuid

import pytest

from infra.api.main import create_app
from tests.e2e.conftest import ApiServer

CW, CO, AU, EV, MA, AD = "caseworker", "coordinator", "auditor", "evaluator", "manager", "admin"
ROLES = (CW, CO, AU, EV, MA, AD)
PUBLIC: frozenset[str] = frozenset()
CASEWORK = frozenset({CW, CO})
COORDINATION = frozenset({CO})
READERS = frozenset({CW, CO, AU})
EVERYONE = frozenset(ROLES)
ANALYSTS = frozenset({EV, MA, CO})

RULES: dict[tuple[str, str], frozenset[str] | None] = {
    ("GET", "/health"): None,  # public
    ("GET", "/v1/me"): EVERYONE,
    ("GET", "/v1/programmes"): EVERYONE,
    ("GET", "/v1/programmes/{code}"): EVERYONE,
    ("POST", "/v1/programmes/{code}/extend"): COORDINATION,
    ("POST", "/v1/programmes/{code}/amend"): COORDINATION,
    ("POST", "/v1/people"): CASEWORK,
    ("POST", "/v1/people-search"): CASEWORK,
    ("GET", "/v1/people/{person_id}"): READERS,
    ("POST", "/v1/people/{person_id}/profile"): CASEWORK,
    ("POST", "/v1/people/{person_id}/household"): CASEWORK,
    ("POST", "/v1/people/{person_id}/personal-data"): CASEWORK,
    ("GET", "/v1/cases"): READERS,
    ("GET", "/v1/cases/{case_id}"): READERS,
    ("GET", "/v1/cases/{case_id}/history"): READERS,
    ("POST", "/v1/cases"): CASEWORK,
    ("POST", "/v1/cases/{case_id}/consents"): CASEWORK,
    ("POST", "/v1/cases/{case_id}/consents/withdraw"): frozenset({CW, CO, AD}),
    ("POST", "/v1/cases/{case_id}/intake"): CASEWORK,
    ("POST", "/v1/cases/{case_id}/not-taken-on"): CASEWORK,
    ("POST", "/v1/cases/{case_id}/plan"): CASEWORK,
    ("POST", "/v1/cases/{case_id}/plan/review"): CASEWORK,
    ("POST", "/v1/cases/{case_id}/activities"): CASEWORK,
    ("POST", "/v1/cases/{case_id}/service-referrals"): CASEWORK,
    ("POST", "/v1/cases/{case_id}/assessments"): CASEWORK,
    ("POST", "/v1/cases/{case_id}/outcomes"): CASEWORK,
    ("POST", "/v1/cases/{case_id}/suspend"): CASEWORK,
    ("POST", "/v1/cases/{case_id}/resume"): CASEWORK,
    ("POST", "/v1/cases/{case_id}/follow-ups"): CASEWORK,
    ("POST", "/v1/cases/{case_id}/close"): COORDINATION,
    ("POST", "/v1/cases/{case_id}/corrections"): COORDINATION,
    ("POST", "/v1/cases/{case_id}/transfer"): COORDINATION,
    ("POST", "/v1/groups"): COORDINATION,
    ("GET", "/v1/groups/{group_id}"): READERS,
    ("POST", "/v1/groups/{group_id}/sessions"): CASEWORK,
    ("POST", "/v1/groups/{group_id}/end"): COORDINATION,
    ("POST", "/v1/stakeholders"): COORDINATION,
    ("GET", "/v1/stakeholders/{stakeholder_id}"): EVERYONE,
    ("POST", "/v1/stakeholders/{stakeholder_id}/collaborations"): COORDINATION,
    ("POST", "/v1/stakeholders/{stakeholder_id}/collaborations/end"): COORDINATION,
    ("GET", "/v1/analytics/status"): ANALYSTS,
    ("GET", "/v1/analytics/{name}"): ANALYSTS,
    ("GET", "/v1/exports/aggregates/{name}"): ANALYSTS,
    ("GET", "/v1/exports/microdata"): frozenset({EV}),
    ("GET", "/v1/users"): frozenset({AD}),
    ("GET", "/v1/users/{user_id}"): frozenset({AD}),
    ("POST", "/v1/users"): frozenset({AD}),
    ("POST", "/v1/users/{user_id}/tokens"): frozenset({AD}),
    ("POST", "/v1/users/{user_id}/revoke"): frozenset({AD}),
    # issue 4 (engineer E): audit and GDPR
    ("GET", "/v1/audit/verify"): frozenset({AU, AD}),
    ("POST", "/v1/audit/verify"): frozenset({AU, AD}),
    ("POST", "/v1/audit/checkpoints"): frozenset({AU, AD}),
    ("GET", "/v1/audit/cases/{case_id}/history"): frozenset({AU, AD}),
    ("GET", "/v1/audit/people/{person_id}/history"): frozenset({AU, AD}),
    ("GET", "/v1/audit/access-log"): frozenset({AU, AD}),
    ("GET", "/v1/gdpr/people/{person_id}/export"): frozenset({AD}),
    ("POST", "/v1/gdpr/people/{person_id}/erasure"): frozenset({AD}),
    ("GET", "/v1/gdpr/people/{person_id}/erasure-proof"): frozenset({AU, AD}),
}
PATH_VALUES = {"code": "EMP", "name": "overview_totals", "user_id": "nobody"}


def served_routes() -> set[tuple[str, str]]:
    """Every (method, path) the app routes: FastAPI ≥ 0.16x nests included routers lazily, so
    read them from the OpenAPI document it builds from app.routes (every route is in it)."""
    paths = create_app().openapi()["paths"]
    return {(method.upper(), path) for path, item in paths.items() for method in item}


def test_every_endpoint_has_a_rule() -> None:
    served = served_routes()
    assert served - RULES.keys() == set(), "endpoints without a rule in RULES"
    assert RULES.keys() - served == set(), "rules for endpoints that do not exist"


def _url(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES.get(m.group(1), str(uuid.uuid4())), path)


@pytest.mark.parametrize("who", [*ROLES, "anonymous"])
def test_each_role_gets_exactly_its_endpoints(api: ApiServer, who: str) -> None:
    client = api.client(None if who == "anonymous" else who)
    wrong = []
    for (method, path), allowed in sorted(RULES.items()):
        kwargs = {"json": {}, "headers": {"Idempotency-Key": uuid.uuid4().hex}}
        response = client.request(method, _url(path), **(kwargs if method == "POST" else {}))
        if allowed is None:
            expected_ok = True
        elif who == "anonymous":
            expected_ok = False
            if response.status_code != 401:
                wrong.append((method, path, response.status_code, "expected 401"))
            continue
        else:
            expected_ok = who in allowed
        refused = response.status_code in (401, 403)
        if expected_ok == refused:
            wrong.append((method, path, response.status_code, response.text[:120]))
        if refused:
            assert response.headers["content-type"].startswith("application/problem+json")
    assert wrong == []
