"""The funders' table reproduced from an independent recomputation from the event log.

The truth is computed by replaying the events through the application (`Percorsi.case_at`, the
person aggregate), never through the projector or DuckDB: each ESF indicator is re-derived
from the domain objects with its own reading of the catalogue's definitions (ADR 0017).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook

from domain.shared.case_vocabulary import ConsentScope, OutcomeKind
from domain.shared.values import add_months
from infra.bootstrap import build
from infra.settings import Settings
from projections.queries import (
    INDICATORS,
    AnalyticsReader,
    Filters,
    Protection,
    esf_indicators,
    funders_csv,
    funders_table,
    funders_xlsx,
)

CASE = "domain.case.aggregate:Case."
NOT_READ = {CASE + "PlanAgreed", CASE + "PlanReviewed"}
WORK = {"employed", "self_employed"}
Key = tuple[str, str, int]


def _code(value: Any) -> str | None:
    return None if value is None else str(value.value)


def _flags(case: Any, person: Any, last_day: date) -> tuple[set[str], set[str]]:
    """The indicators one case counts in, as participant and as leaver."""
    intake = case.intake
    profile, household = person.profile, person.household
    age = case.intake_on.year - profile.birth_year
    entry = _code(intake["employment"])
    housing = _code(intake["housing"])
    education = _code(profile.education)
    foreign = profile.country_of_birth != "IT" or _code(profile.permit) not in (
        "eu_citizen",
        "citizenship",
    )
    single = _code(household.kind) == "single_mother"
    disadvantaged = foreign or single or housing in ("shelter", "precarious")
    entered = {"TOT"}
    entered |= {"CO01"} if entry == "unemployed_seeking" else set()
    entered |= {"CO03"} if entry in ("inactive", "in_training") else set()
    entered |= {"CO04"} if entry == "inactive" else set()
    entered |= {"CO05"} if entry in ("employed", "self_employed", "informal") else set()
    entered |= {"CO06"} if age < 25 else {"CO07"} if age > 54 else {"AGE25_54"}
    entered |= {"CO08"} if age > 54 and entry in ("unemployed_seeking", "inactive") else set()
    entered |= {
        {"none": "ISCED0", "primary": "CO09", "lower_secondary": "CO09"}.get(
            education or "", "CO11" if education == "tertiary" else "CO10"
        )
    }
    entered |= {"CO14"} if single else set()
    entered |= {"CO15"} if foreign else set()
    entered |= {"CO18"} if housing in ("shelter", "precarious") else set()
    if case.status.code != "closed":
        return entered, set()
    left = {"LEFT"}
    exit_ = _code(case.employment_at_exit)
    qualified = any(
        r.fields["kind"] in (OutcomeKind.TRAINING_COMPLETED, OutcomeKind.LANGUAGE_CERTIFIED)
        for r in case.outcomes
    )
    six = [r for r in case.records.values() if r.kind == "FollowedUp" and not r.void]
    six = [r for r in six if r.fields["months"] == 6]
    reached = bool(six) and six[0].fields["reached"]
    at_six = _code(six[0].fields["employment"]) if reached else None
    left |= (
        {"CR01"}
        if entry in ("inactive", "in_training") and exit_ == "unemployed_seeking"
        else set()
    )
    left |= {"CR02"} if exit_ == "in_training" else set()
    left |= {"CR03"} if qualified else set()
    left |= {"CR04"} if exit_ in WORK else set()
    active = exit_ in ("unemployed_seeking", "in_training", *WORK) or qualified
    left |= {"CR05"} if disadvantaged and active else set()
    left |= {"DUE6"} if add_months(case.closed_on, 6) <= last_day or six else set()
    left |= {"REACHED6"} if reached else set()
    if at_six in WORK:
        left |= {"CR06"}
        left |= {"CR07"} if entry == "informal" else set()
        left |= {"CR08"} if age > 54 else set()
        left |= {"CR09"} if disadvantaged else set()
    return entered, left


def recomputed(settings: Settings) -> Counter[Key]:
    """(code, programme, year) → true count, from the event log through the application."""
    runtime = build(settings)
    try:
        app = runtime.app
        cases, last_day = [], date.min
        for n in _notifications(app):
            if n.topic == CASE + "Referred":
                cases.append(n.originator_id)
            if n.topic.startswith(CASE) and n.topic not in NOT_READ:
                last_day = max(last_day, app.mapper.to_domain_event(n).occurred_on)  # type: ignore[attr-defined]
        truth: Counter[Key] = Counter()
        for case_id in cases:
            case = app.case_at(case_id)
            person = app.repository.get(case.person_id)
            if not case.consents.get(ConsentScope.ANALYTICS) or person.erased:  # type: ignore[attr-defined]
                continue
            if case.intake_on is None:
                continue
            entered, left = _flags(case, person, last_day)
            truth.update((c, case.programme, case.intake_on.year) for c in entered)
            truth.update((c, case.programme, case.closed_on.year) for c in left)
        return truth
    finally:
        runtime.close()


def _notifications(app: Any) -> Iterator[Any]:
    start = 0
    while page := app.recorder.select_notifications(start, 5000, inclusive_of_start=False):
        yield from page
        start = page[-1].id


@pytest.fixture(scope="module")
def truth(small_analytics: Settings) -> Counter[Key]:
    return recomputed(small_analytics)


def test_unprotected_table_equals_the_recomputation(
    small_analytics: Settings, truth: Counter[Key]
) -> None:
    reader = AnalyticsReader.beside(small_analytics.duckdb_path, Protection(enabled=False))
    frame = esf_indicators(reader, Filters(), 2).frame
    published = {(c, p, y): (v, s) for c, p, y, v, s, r in frame.iter_rows() if r}
    assert sum(truth.values()) > 1000 and len(published) > 500
    assert set(truth) <= set(published)
    for key, (value, suppressed) in published.items():
        expected = truth.get(key, 0)
        assert (value, suppressed) == ((None, True) if expected == 1 else (expected, False)), key
    unrecorded = {i.code for i in INDICATORS if not i.recorded}
    assert unrecorded == {"CO02", "CO12", "CO13", "CO16", "CO17", "CO19"}
    blank = frame.filter(~frame["recorded"])
    assert set(blank["code"]) == unrecorded and blank["value"].null_count() == blank.height


def test_protected_table_is_within_noise_and_hides_small_cells(
    small_analytics: Settings, truth: Counter[Key]
) -> None:
    reader = AnalyticsReader.beside(small_analytics.duckdb_path)
    frame = esf_indicators(reader, Filters(), 10).frame.filter("recorded")
    errors = []
    for code, programme, year, value, suppressed, _ in frame.iter_rows():
        expected = truth.get((code, programme, year), 0)
        if suppressed:
            assert value is None
            assert expected < 30, (code, programme, year, expected)  # noise is ±2 per microcell
            continue
        assert value == 0 or value >= 10, (code, value)
        if expected == 0:
            assert value == 0  # no rows: the only exact figure (ADR 0012)
        else:
            errors.append(abs(value - expected))
    assert frame["suppressed"].sum() > 50
    assert errors and max(errors) <= 16 and sum(errors) / len(errors) < 4
    assert any(errors), "protection must perturb the figures"


def test_exports_follow_the_funders_layout(small_analytics: Settings) -> None:
    reader = AnalyticsReader.beside(small_analytics.duckdb_path)
    result = esf_indicators(reader, Filters(programmes=("LESFEMMES",)), 10)
    table = funders_table(result, "en")
    assert table.columns[:2] == ["Code", "Indicator"]
    assert all(c.startswith("LESFEMMES ") for c in table.columns[2:])
    assert table["Code"].to_list() == [i.code for i in INDICATORS]
    assert table.filter(table["Code"] == "CO16").row(0)[2] == "not recorded"
    csv = funders_csv(result, "it")
    assert csv.startswith("Codice,Indicatore,LESFEMMES ") and "non rilevato" in csv
    sheet = load_workbook(io.BytesIO(funders_xlsx(result, "it"))).active
    assert sheet is not None
    totals = [c.value for c in sheet[3]]
    assert totals[0] == "TOT" and any(isinstance(v, int) and v >= 10 for v in totals[2:])
    assert sheet["C1"].value == "LESFEMMES" and isinstance(sheet["C2"].value, int)
    assert all(
        not str(c.value).startswith("=") for row in sheet.iter_rows() for c in row if c.value
    )
