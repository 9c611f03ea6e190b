"""Consent, withdrawal, erasure and profile changes as the analytic tables see them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from domain.person import Household, Profile
from domain.shared.case_vocabulary import ConsentScope
from domain.shared.profile_vocabulary import CEFRLevel, EducationLevel, HouseholdType, PermitKind
from domain.shared.roles import ActorRole
from infra.analytics.runner import project, rebuild
from infra.bootstrap import build
from infra.secrets import pseudonym_secret
from projections import schema
from projections.anonymise import Pseudonymiser
from tests.conftest import make_settings
from tests.helpers import meta

from .test_projection_data import build_history


def rows_of(path: Path, key: str) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            t: int(
                con.execute(f"SELECT count(*) FROM {t} WHERE case_key = ?", [key]).fetchall()[0][0]
            )
            for t in schema.CASE_TABLES
        }
    finally:
        con.close()


def test_withdrawal_removes_every_row_and_renewed_consent_restores_them(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, "sqlite")
    runtime = build(settings)
    history = build_history(runtime, women=12)
    keys = Pseudonymiser(pseudonym_secret(settings))
    case_id = next(
        c for c in sorted(history.consenting) if not runtime.app.case(c).status.is_over
    )  # consent can be given again
    key = keys.key("case", case_id)
    project(settings, progress=False)
    before = rows_of(settings.duckdb_path, key)
    assert before["case_facts"] == 1 and before["case_scores"] == 8
    assert before["activity_months"] > 0

    runtime.app.withdraw_consent(
        meta(), case_id, occurred_on=date(2021, 11, 2), scope=ConsentScope.ANALYTICS
    )
    project(settings, progress=False)
    assert rows_of(settings.duckdb_path, key) == dict.fromkeys(schema.CASE_TABLES, 0)

    case = runtime.app.case(case_id)
    if not case.status.is_over:
        runtime.app.give_consent(
            meta(), case_id, occurred_on=date(2021, 11, 3), scope=ConsentScope.ANALYTICS
        )
        project(settings, progress=False)
        assert rows_of(settings.duckdb_path, key) == before
    runtime.close()


def test_profile_changes_reach_every_case_and_erasure_removes_her_rows(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, "sqlite")
    runtime = build(settings)
    history = build_history(runtime, women=12)
    keys = Pseudonymiser(pseudonym_secret(settings))
    case_id = sorted(history.consenting)[1]
    person_id = history.persons[case_id]
    project(settings, progress=False)
    key = keys.key("case", case_id)

    runtime.app.change_household(
        meta(),
        person_id,
        occurred_on=date(2021, 5, 1),
        household=Household(HouseholdType.ALONE, []),
    )
    runtime.app.change_profile(
        meta(),
        person_id,
        occurred_on=date(2021, 5, 1),
        profile=Profile(
            1950,
            "PE",
            1990,
            "es",
            CEFRLevel.B2,
            EducationLevel.TERTIARY,
            PermitKind.LONG_TERM,
            "Empoli",
        ),
    )
    project(settings, progress=False)
    con = duckdb.connect(str(settings.duckdb_path), read_only=True)
    row = con.execute(
        "SELECT household_type, origin_region, zone, age_band FROM case_facts WHERE case_key = ?",
        [key],
    ).fetchall()
    scores = con.execute(
        "SELECT DISTINCT household_type FROM case_scores WHERE case_key = ?", [key]
    ).fetchall()
    con.close()
    assert row[0][:3] == ("alone", "latin_america", "empolese_valdelsa")
    assert row[0][3] in ("50-54", "55-59", "60-64", "65+")
    assert scores == [("alone",)]

    runtime.app.erase_person(meta(ActorRole.ADMIN), person_id, occurred_on=date(2021, 6, 1))
    project(settings, progress=False)
    assert set(rows_of(settings.duckdb_path, key).values()) == {0}
    # a rebuild from zero agrees: the erasure is part of the log, not of the worker's memory
    rebuild(settings, progress=False)
    assert set(rows_of(settings.duckdb_path, key).values()) == {0}
    runtime.close()


def test_a_catalogue_amendment_reaches_the_rows_of_its_programme(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, "sqlite")
    runtime = build(settings)
    build_history(runtime, women=12)
    project(settings, progress=False)
    runtime.app.amend_programme(meta(), "EMP", changes={"territory": "Empolese Valdelsa e oltre"})
    runtime.close()
    project(settings, progress=False)
    con = duckdb.connect(str(settings.duckdb_path), read_only=True)
    try:
        for table in [*schema.CASE_TABLES, "programmes"]:
            column = "code" if table == "programmes" else "programme"
            rows = con.execute(
                f"SELECT DISTINCT territory FROM {table} WHERE {column} = 'EMP'"
            ).fetchall()
            assert set(rows) <= {("Empolese Valdelsa e oltre",)}, table
            if table in ("case_facts", "case_scores", "programmes"):
                assert rows, table
    finally:
        con.close()
