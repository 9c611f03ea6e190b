"""A guard: every domain error raised by domain/ or services/ is exercised by a unit test.

A new rule added without a test fails here, naming the error that nobody provokes.
"""

from __future__ import annotations

import re
from pathlib import Path

from domain.shared import errors

ROOT = Path(__file__).resolve().parents[2]
RAISE = re.compile(r"raise ([A-Z][A-Za-z]+)\(")


def raised_in(*packages: str) -> set[str]:
    names: set[str] = set()
    for package in packages:
        for path in (ROOT / package).rglob("*.py"):
            names.update(RAISE.findall(path.read_text(encoding="utf-8")))
    return {n for n in names if isinstance(getattr(errors, n, None), type)}


def test_every_raised_domain_error_is_provoked_by_a_unit_test() -> None:
    here = Path(__file__)
    tests = "\n".join(
        p.read_text(encoding="utf-8") for p in here.parent.glob("test_*.py") if p != here
    )
    raised = raised_in("domain", "services")
    assert {"InvalidValue", "CaseClosed", "ConcurrencyConflict", "PermissionDenied"} <= raised
    untested = sorted(n for n in raised if not re.search(rf"\b{n}\b", tests))
    assert untested == []


def test_every_domain_error_has_its_own_code_and_an_http_status() -> None:
    found = [
        c
        for c in vars(errors).values()
        if isinstance(c, type) and issubclass(c, errors.DomainError)
    ]
    codes = [c.code for c in found]
    assert len(codes) == len(set(codes))
    assert all(c.status in (403, 404, 409, 422) for c in found)
