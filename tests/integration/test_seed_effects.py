"""The distributions leave effects an evaluator can find (planned histories of 3,000 women).

Planning only (no store): the same functions the seeding runs, read back from their steps.
"""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from domain.shared.case_vocabulary import OutcomeKind
from domain.shared.profile_vocabulary import CEFRLevel, HouseholdType
from domain.shared.values import Period
from infra.api import case_index_file
from infra.api.case_index import case_index_path
from infra.bootstrap import build
from infra.settings import Settings
from infra.synthetic import distributions as d
from infra.synthetic.plan import Ids
from infra.synthetic.profiles import draw_arrival, intake_waves
from infra.synthetic.woman import plan_woman

WOMEN = 3_000
PERIODS = {
    "BILLAN": Period(date(2006, 1, 1), date(2010, 12, 31)),
    "BILLAN2": Period(date(2011, 1, 1), date(2014, 12, 31)),
    "AZIONI1516": Period(date(2015, 1, 1), date(2016, 6, 30)),
    "LESFEMMES": Period(date(2016, 7, 1), date(2021, 12, 31)),
    "EMP": Period(date(2017, 1, 1), date(2021, 12, 31)),
    "SOSTENGO": Period(date(2018, 1, 1), date(2021, 12, 31)),
}


@pytest.fixture(scope="module")
def cases() -> list[dict[str, Any]]:
    """One row per case: programme, her Italian at registration, household, job, follow-ups."""
    ids, waves = Ids(11, "effects"), intake_waves()
    rows: list[dict[str, Any]] = []
    for index in range(WOMEN):
        arrival = draw_arrival(ids.rng("arrival", index), waves, PERIODS)
        planned = plan_woman(ids, PERIODS, index, arrival, erase=False)
        register = planned.steps[0].kwargs
        by_case: dict[Any, dict[str, Any]] = defaultdict(dict)
        for step in planned.steps:
            if step.command == "refer_case":
                by_case[step.kwargs["case_id"]]["programme"] = step.kwargs["programme"]
            elif step.command == "transfer_case":
                by_case[step.kwargs["successor_case_id"]]["programme"] = step.kwargs[
                    "successor_programme"
                ]
                by_case[step.args[0]]["end"] = step.day
            elif step.command == "close_case":
                by_case[step.args[0]]["end"] = step.day
            elif step.command == "complete_intake":
                by_case[step.args[0]]["intake"] = step.day
            elif (
                step.command == "record_outcome" and step.kwargs["kind"] is OutcomeKind.JOB_STARTED
            ):
                by_case[step.args[0]].setdefault("job", step.day)
            elif step.command == "record_follow_up":
                by_case[step.args[0]].setdefault("follow_ups", []).append(step.kwargs["reached"])
        for case in by_case.values():
            if "intake" not in case:  # referred, not taken on: the comparison group
                continue
            rows.append(
                {
                    **case,
                    "italian": register["profile"].italian_level,
                    "household": register["household"].kind,
                }
            )
    return rows


def job_within_a_year(rows: list[dict[str, Any]]) -> float:
    hits = [1 if "job" in r and (r["job"] - r["intake"]).days <= 365 else 0 for r in rows]
    return sum(hits) / len(hits)


def jobs_per_month(rows: list[dict[str, Any]]) -> float:
    """First jobs per month at risk (intake to job or case end): fair to short programmes."""
    months = sum(((r.get("job") or r["end"]) - r["intake"]).days / 30.4 for r in rows)
    return sum("job" in r for r in rows) / months


def test_later_generations_reach_a_job_sooner(cases: list[dict[str, Any]]) -> None:
    by_generation = defaultdict(list)
    for row in cases:
        by_generation[d.GENERATION[row["programme"]]].append(row)
    rates = {g: jobs_per_month(rows) for g, rows in by_generation.items()}
    assert rates[1] < rates[2] < rates[4] and rates[1] < rates[3]
    assert rates[4] > 1.5 * rates[1]
    assert job_within_a_year(by_generation[4]) > job_within_a_year(by_generation[1]) + 0.1


def test_italian_at_intake_matters(cases: list[dict[str, Any]]) -> None:
    low = [r for r in cases if r["italian"] in (CEFRLevel.PRE_A1, CEFRLevel.A1)]
    high = [r for r in cases if r["italian"].rank >= CEFRLevel.B1.rank]
    assert len(low) > 200 and len(high) > 200
    assert job_within_a_year(high) > job_within_a_year(low) + 0.12


def test_follow_up_attrition_differs_by_household(cases: list[dict[str, Any]]) -> None:
    def reached(kind: HouseholdType) -> float:
        answers = [a for r in cases if r["household"] is kind for a in r.get("follow_ups", [])]
        return sum(answers) / len(answers)

    assert reached(HouseholdType.SINGLE_MOTHER) > reached(HouseholdType.ALONE) + 0.2


def test_cli_seed_reports_and_a_rerun_appends_nothing(tmp_path: Path) -> None:
    env = {"PERCORSI_DATA_DIR": str(tmp_path / "var"), "PATH": "/usr/bin:/bin"}
    percorsi = str(Path(sys.executable).parent / "percorsi")
    command = [percorsi, "seed", "--size", "small", "--seed", "3"]
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    assert "200 donne / women" in first.stdout and "eventi/s" in first.stdout
    # The store is left ready to serve: its case index file is at the log's head, so the
    # first server started on it folds nothing (ADR 0024).
    settings = Settings(data_dir=tmp_path / "var")
    saved = case_index_file.load(case_index_path(settings))
    runtime = build(settings, load_catalogue=False)
    try:
        assert saved is not None and len(saved.rows) > 100
        assert saved.position == runtime.app.recorder.max_notification_id()
    finally:
        runtime.close()
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0 and "nothing appended" in again.stdout
    bad = subprocess.run(
        [percorsi, "seed", "--size", "huge"], env=env, capture_output=True, text=True, timeout=600
    )
    assert bad.returncode == 2 and "unknown size" in bad.stderr
