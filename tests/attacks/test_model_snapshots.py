"""The as-of attack on the fitted models (ADR 0020): two snapshots around one woman's 12-month
follow-up.

Models refuse every selection (ADR 0016), but the product answers "as of" any log position
(infra/dashboard_asof.py). The attacker knows one woman's follow-up date, so she asks every
model query just before and just after the event that records it. The two whole-lineage fits
differ by that woman alone. Two attackers:

* the solver (model_solver.py): solve each published risk difference and interval for the
  integers behind them and read the one woman's (size, employed) off the difference — an exact
  recovery if it equals the truth and does not depend on the salt (harness.py);
* the sign reader: adding a woman in work raises her arm's rate, so the sign of each fitted
  figure's change (risk differences by her arm, the weighted 12-month rate, the odds ratio of
  her programme and generation) is a vote on her outcome. Her guess must be right no more often
  than a coin flip allows (a one-sided binomial bound at three standard deviations).

Without protection (the baseline run below) the solver derives her outcome exactly and the
sign reader is always right; the protected release must give neither.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

from infra.analytics.runner import runtime_for_worker
from infra.dashboard_asof import AsOfSnapshots
from infra.settings import Settings
from projections.queries import AnalyticsReader, Filters, Protection, impact_noise
from projections.queries.impact_comparison import REACHED, comparison_source
from projections.queries.impact_definitions import DEFAULT_DEFINITION

from .harness import SALTS, K, Releases, Tally
from .model_solver import group, published, solutions

pytestmark = [pytest.mark.attacks, pytest.mark.timeout(1800)]
"""60 as-of snapshots are built once for the module; under load that alone can pass the suite's
600 s per-test limit, which pytest-timeout enforces by interrupting DuckDB mid-query."""
TARGETS = 30
SOURCE = comparison_source(DEFAULT_DEFINITION)
MODELS = ("comparison_group", "sustained_employment_model", "cox_employment")
READ = ("comparison_group", "sustained_employment_model")
"""The models whose change reads her 12-month outcome (with the IPW rates): her follow-up only
moves her censoring time in the Cox rows (a job after her case ended is not a Cox event), so
asking the Cox model at 60 positions adds minutes of fitting and no vote; it is asked in the
same-women test below."""
TOPIC = "domain.case.aggregate:Case.FollowedUp"


def follow_ups(settings: Settings) -> list[int]:
    """Log positions of every reached 12-month follow-up, in log order."""
    runtime = runtime_for_worker(settings)
    try:
        recorder = runtime.app.recorder
        head = recorder.max_notification_id() or 0
        found = []
        for note in recorder.select_notifications(1, head, topics=[TOPIC]):
            event = runtime.app.mapper.to_domain_event(note)
            if getattr(event, "months", None) == 12 and getattr(event, "reached", False):
                found.append(note.id)
        return found
    finally:
        runtime.close()


def fitted(path: Path) -> bool:
    """The comparison-group model has an estimate in this snapshot (exact, unprotected)."""
    import projections.queries as q

    reader = AnalyticsReader(path, Protection(enabled=False))
    try:
        return published(q.comparison_group(reader, Filters(), K).frame) is not None
    finally:
        reader.close()


def targets(asof: AsOfSnapshots, found: list[int]) -> list[int]:
    """Up to TARGETS + 10 follow-ups spread over those after the model first has an estimate.

    Early in the log the comparison group is too small to fit: a pair there moves no fitted
    figure and tests nothing, and how many follow-ups fell there varied between seeded stores
    (one CI run left the sign reader 8 votes in 30 pairs; locally 17 of 30 pairs fell there).
    More women only add rows, so the first fitted position is found by bisection."""
    low, high = 0, len(found)
    while low < high:
        middle = (low + high) // 2
        if fitted(Path(asof.reader(found[middle] - 1).path)):
            high = middle
        else:
            low = middle + 1
    after = found[low:]
    return after[:: max(1, len(after) // (TARGETS + 10))]


def reached(path: Path) -> pl.DataFrame:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.sql(
            f"SELECT person_key, arm, programme, employment_12 FROM {SOURCE} WHERE {REACHED}"
        ).pl()
    finally:
        con.close()


def newcomer(before: Path, after: Path) -> dict[str, Any] | None:
    """The one woman reached at 12 months in `after` and not in `before` (None: not one)."""
    new = reached(after).join(reached(before), on=list(reached(after).columns), how="anti")
    if new.height != 1:
        return None
    row = new.row(0, named=True)
    return {**row, "employed": int(row["employment_12"] in ("employed", "self_employed"))}


@pytest.fixture(scope="module")
def pairs(seeded: Settings) -> Iterator[list[tuple[Path, Path, dict[str, Any]]]]:
    """(before, after, her) for up to TARGETS follow-ups that change the model population by one
    woman; the snapshots are the product's own as-of snapshots."""
    asof = AsOfSnapshots(seeded, keep=4)
    found: list[tuple[Path, Path, dict[str, Any]]] = []
    try:
        for at in targets(asof, follow_ups(seeded)):
            if len(found) >= TARGETS:
                break
            before = Path(asof.reader(at - 1).path)
            after = Path(asof.reader(at).path)
            her = newcomer(before, after)
            if her is not None:
                found.append((before, after, her))
        yield found
    finally:
        asof.close()


def signs(
    a: dict[str, dict[str, Any]], b: dict[str, dict[str, Any]], her: dict[str, Any]
) -> list[int]:
    """The sign each figure's change gives: "employed" (+), "not" (−), or 0 (hidden/unmoved)."""
    found = []
    arm_sign = 1 if her["arm"] == "enrolled" else -1
    for key in (
        "comparison_group:risk_difference_unweighted:enrolled",
        "comparison_group:risk_difference_weighted:enrolled",
        "comparison_group:difference_in_differences_weighted:enrolled",
    ):
        found.append(arm_sign * _sign(a, b, key))
    if her["arm"] == "enrolled":
        found.append(_sign(a, b, "sustained_employment:ipw:12"))
        for key in (k for k in a if k.startswith("sustained_employment_model:")):
            name, _, level = key.partition(":")[2].partition(":")
            if "by_programme" in name and level.split(" vs ")[0] == her["programme"]:
                found.append(_sign(a, b, "sustained_employment_model:" + name + ":" + level))
    return found


def _sign(a: dict[str, dict[str, Any]], b: dict[str, dict[str, Any]], key: str) -> int:
    x, y = (a.get(key) or {}).get("estimate"), (b.get(key) or {}).get("estimate")
    if x is None or y is None or x == y:
        return 0
    return 1 if y > x else -1


def figures(reader: AnalyticsReader) -> dict[str, dict[str, Any]]:
    """Every published fitted figure of the model queries, by query:estimand:level."""
    import projections.queries as q

    out: dict[str, dict[str, Any]] = {}
    for name in READ:
        for row in getattr(q, name)(reader, Filters(), K).frame.iter_rows(named=True):
            out[f"{name}:{row['estimand']}:{row['level']}"] = row
    rates = q.sustained_employment(reader, Filters(), K).frame
    for row in rates.iter_rows(named=True):
        out[f"sustained_employment:ipw:{row['months']}"] = {"estimate": row["ipw_rate"]}
    return out


def coin_flip_bound(guesses: int) -> float:
    """The most a coin flip is right, at three standard deviations, out of `guesses`."""
    return 0.5 + 3 * math.sqrt(0.25 / guesses)


def run(pairs: list[tuple[Path, Path, dict[str, Any]]], enabled: bool, tally: Tally) -> int:
    """Both attackers on every pair; returns the sign reader's correct guesses."""
    right = guesses = shown = 0
    for before, after, her in pairs:
        sides = [Releases(p, K) for p in (before, after)]
        try:
            if enabled:

                def derive(salt: str, sides: list[Releases] = sides) -> float | None:
                    fits = [
                        published(s.result(salt, "comparison_group", Filters()).frame)
                        for s in sides
                    ]
                    if fits[0] is None or fits[1] is None:
                        return None
                    found = group(solutions(fits[1], K), solutions(fits[0], K), K)
                    return None if found is None else float(found[1])

                tally.record((after.name, "employed"), her["employed"], derive)
                readers = [s.reader(SALTS[0]) for s in sides]
            else:
                readers = [AnalyticsReader(p, Protection(enabled=False)) for p in (before, after)]

                def exact(salt: str, readers: list[AnalyticsReader] = readers) -> float | None:
                    import projections.queries as q

                    fits = [published(q.comparison_group(r, Filters(), K).frame) for r in readers]
                    if fits[0] is None or fits[1] is None:
                        return None
                    found = group(solutions(fits[1], K), solutions(fits[0], K), K)
                    return None if found is None else float(found[1])

                tally.record((after.name, "employed"), her["employed"], exact)
            seen = [figures(r) for r in readers]
            moved = signs(seen[0], seen[1], her)
            shown += int(any(moved))
            vote = sum(moved)
            if vote:
                guesses += 1
                right += int((vote > 0) == bool(her["employed"]))
            if not enabled:
                for r in readers:
                    r.close()
        finally:
            for s in sides:
                s.close()
    tally.extra.update(
        {
            "sign_guesses": guesses,
            "sign_right": right,
            "pairs_published": shown,
            "targets_pairs": len(pairs),
        }
    )
    return right


def test_as_of_pairs_do_not_reveal_her_12_month_outcome(
    pairs: list[tuple[Path, Path, dict[str, Any]]], tally: Tally
) -> None:
    assert len(pairs) >= TARGETS * 2 // 3, len(pairs)
    right = run(pairs, True, tally)
    guesses = tally.extra["sign_guesses"]
    assert not tally.exact, sorted(map(str, tally.exact))[:10]
    assert guesses == 0 or right / guesses <= coin_flip_bound(guesses), tally.extra


def test_the_noise_alone_hides_her(
    pairs: list[tuple[Path, Path, dict[str, Any]]], tally: Tally, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On `small` one woman dominates nearly every coefficient, so the attack above meets
    withheld rows. Here nothing is withheld: the noise of two influences must hold alone."""
    monkeypatch.setattr(impact_noise, "DOMINANCE", math.inf)
    right = run(pairs, True, tally)
    guesses = tally.extra["sign_guesses"]
    # the figures are published this time, and her arrival moves them
    assert tally.extra["pairs_published"] >= len(pairs) * 2 // 3, tally.extra
    assert guesses >= len(pairs) // 3, tally.extra
    assert not tally.exact, sorted(map(str, tally.exact))[:10]
    assert right / guesses <= coin_flip_bound(guesses), tally.extra


def test_without_protection_the_same_attack_reads_her(
    pairs: list[tuple[Path, Path, dict[str, Any]]], tally: Tally
) -> None:
    """The attack is real: on exact fits the solver reads her outcome and the sign reader is
    (nearly) always right."""
    right = run(pairs, False, tally)
    guesses = tally.extra["sign_guesses"]
    assert guesses >= len(pairs) // 2 and right >= 0.9 * guesses, tally.extra
    assert len(tally.exact) >= 5, tally.summary()


def frames(reader: AnalyticsReader) -> dict[str, pl.DataFrame]:
    import projections.queries as q

    return {name: getattr(q, name)(reader, Filters(), K).frame for name in MODELS}


def test_the_same_women_give_the_same_figures_at_two_positions(seeded: Settings) -> None:
    """Asking again, from another reader or at another position whose rows are the same,
    gives identical figures: there is nothing to average (ADR 0020)."""
    runtime = runtime_for_worker(seeded)
    try:
        recorder = runtime.app.recorder
        head = recorder.max_notification_id() or 0
        quiet = recorder.select_notifications(
            1, head, topics=["domain.stakeholder:Stakeholder.Mapped"]
        )[-1].id
    finally:
        runtime.close()
    asof = AsOfSnapshots(seeded, keep=4)
    try:
        before, after = asof.reader(quiet - 1), asof.reader(quiet)
        assert before.position != after.position
        again = AnalyticsReader(after.path)
        shown = frames(after)
        assert all(shown[n].equals(f) for n, f in frames(again).items())  # asked twice
        assert all(shown[n].equals(f) for n, f in frames(before).items())  # same women
        # Rows are there; how many estimates survive withholding on `small` depends on the
        # store's own noise (ADR 0020), so the comparisons above also cover withheld rows.
        assert pl.concat(shown.values()).height > 0
        again.close()
    finally:
        asof.close()
