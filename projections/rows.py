"""Analytic rows of one case, from its folded state, her profile and the programme catalogue.

Pure and deterministic: the same folds give the same rows, whatever order batches came in —
which is what lets a crashed and restarted worker end with a clean rebuild's tables.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.shared.case_vocabulary import OutcomeKind
from domain.shared.values import add_months

from .anonymise import Pseudonymiser, arrival_band, band_at, month_of, origin_region, zone_of
from .fold import CaseFold, PersonFold, ProgrammeFold

Row = tuple[Any, ...]
_REFRESHED = (None, None, None, None)  # censor_days, due_6/12/24: see schema.REFRESH_SQL


@dataclass
class CaseRows:
    """Rows per table for one case; all empty without analytic consent or once she is erased."""

    case_key: str
    tables: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))


def _code(value: Any) -> str | None:
    """A vocabulary member's stable code (LabelledEnum values are their codes)."""
    return None if value is None else value.value


def _follow_up(follow_ups: list[Any], months: int) -> str | None:
    for rec in follow_ups:
        if rec.fields["months"] == months:
            if not rec.fields["reached"]:
                return "lost"
            return _code(rec.fields["employment"])
    return None


def _follow_up_field(follow_ups: list[Any], months: int, name: str) -> str | None:
    for rec in follow_ups:
        if rec.fields["months"] == months and rec.fields["reached"]:
            return _code(rec.fields.get(name))
    return None


def _impact(intake: Any, not_taken: Any, follow_ups: list[Any]) -> tuple[Any, ...]:
    """The ADR 0016 columns: comparison group, labour history, autonomy at intake and after."""
    screened = intake or not_taken
    prior = screened.fields.get("prior_work") if screened else None
    return (
        _code(not_taken.fields["reason"]) if not_taken else None,
        prior,
        _code(intake.fields.get("income_source")) if intake else None,
        _code(intake.fields.get("housing")) if intake else None,
        *(
            _follow_up_field(follow_ups, m, name)
            for m in (6, 12, 24)
            for name in ("income_source", "housing")
        ),
    )


def case_rows(
    case: CaseFold,
    person: PersonFold | None,
    programme: ProgrammeFold | None,
    carried_from: str | None,
    keys: Pseudonymiser,
) -> CaseRows:
    out = CaseRows(keys.key("case", case.case_id))
    if not case.analytics_consent or person is None or person.erased:
        return out
    person_key = keys.key("person", case.person_id)
    referral = case.referred
    intake = case.singleton("IntakeCompleted")
    start = intake.on if intake is not None else referral.on
    territory = programme.territory if programme else None
    filters = (
        case.programme,
        territory,
        referral.on.year,
        band_at(person.birth_year, start),
        origin_region(person.country),
        person.household,
    )
    closed = case.singleton("Closed")
    transferred = case.singleton("TransferredOut")
    not_taken = case.singleton("NotTakenOn")
    end = closed or transferred or not_taken
    live = case.live_by_kind()
    activities = live.get("ActivityRecorded", [])
    outcomes = live.get("OutcomeRecorded", [])
    follow_ups = live.get("FollowedUp", [])
    jobs = [r.on for r in outcomes if r.fields["kind"] is OutcomeKind.JOB_STARTED]
    first_job = min(jobs, default=None)
    out.tables["case_facts"].append(
        (
            out.case_key,
            person_key,
            *filters,
            programme.generation if programme else None,
            zone_of(person.municipality),
            month_of(referral.on),
            month_of(intake.on) if intake else None,
            arrival_band(person.arrival_year, start),
            person.italian_level,
            person.education,
            person.permit,
            person.children,
            person.special_needs,
            _code(referral.fields["referring_service"]),
            "not_taken_on" if not_taken else case.status.code,
            "transferred" if transferred else _code(closed.fields["reason"]) if closed else None,
            month_of(end.on) if end else None,
            (end.on - start).days if end and intake else None,
            _code(intake.fields["employment"])
            if intake
            else _code(not_taken.fields["employment"])
            if not_taken
            else None,
            _code(closed.fields["employment_at_exit"]) if closed else None,
            _follow_up(follow_ups, 6),
            _follow_up(follow_ups, 12),
            _follow_up(follow_ups, 24),
            (first_job - start).days if first_job and intake and first_job >= start else None,
            carried_from,
            transferred.fields["successor_programme"] if transferred else None,
            len(activities),
            float(sum(r.fields["hours"] for r in activities)),
            intake.on if intake else None,
            end.on if end else None,
            *_REFRESHED,
            *_impact(intake, not_taken, follow_ups),
            foreign_background(person.country, person.permit),
        )
    )
    _score_rows(case, intake, out, filters)
    _activity_rows(activities, out, person_key, filters, keys)
    for rec in outcomes:
        out.tables["outcomes"].append(
            (
                out.case_key,
                *_at(filters, rec.on),
                month_of(rec.on),
                _code(rec.fields["kind"]),
                _code(rec.fields["contract_kind"]),
                rec.fields["weekly_hours"],
                rec.on,
            )
        )
    for rec in live.get("ReferredToService", []):
        out.tables["service_referrals"].append(
            (
                out.case_key,
                person_key,
                *_at(filters, rec.on),
                month_of(rec.on),
                _code(rec.fields["service"]),
            )
        )
    return out


def foreign_background(country: str, permit: str) -> bool:
    """ESF CO15 (ADR 0017): born outside Italy, or a national of a country outside the EU
    (anyone holding an Italian residence permit, or waiting for one)."""
    return country != "IT" or permit not in ("eu_citizen", "citizenship")


def _at(filters: tuple[Any, ...], on: date) -> tuple[Any, ...]:
    """The filter columns with `year` set to the fact's own year."""
    return (filters[0], filters[1], on.year, *filters[3:])


def _score_rows(case: CaseFold, intake: Any, out: CaseRows, filters: tuple[Any, ...]) -> None:
    if intake is None or intake.void:
        return
    baseline: dict[str, int] = dict(intake.fields["baseline"])
    latest, counts = dict(baseline), dict.fromkeys(baseline, 0)
    at: dict[int, dict[str, int]] = {6: {}, 12: {}}
    horizons = {m: add_months(intake.on, m) for m in at}
    for rec in sorted(case.live("Assessed"), key=lambda r: r.on):
        for domain, score in rec.fields["scores"].items():
            latest[domain] = score
            counts[domain] = counts.get(domain, 0) + 1
            for m, until in horizons.items():
                if rec.on <= until:
                    at[m][domain] = score
    for domain in sorted(baseline):
        out.tables["case_scores"].append(
            (
                out.case_key,
                *filters,
                domain,
                baseline[domain],
                latest[domain],
                counts[domain],
                at[6].get(domain),
                at[12].get(domain),
            )
        )


def _activity_rows(
    activities: list[Any],
    out: CaseRows,
    person_key: str,
    filters: tuple[Any, ...],
    keys: Pseudonymiser,
) -> None:
    months: dict[tuple[date, str, Any], list[float]] = {}
    for rec in activities:
        slot = months.setdefault(
            (month_of(rec.on), _code(rec.fields["kind"]) or "", rec.fields["group_id"]), [0, 0.0]
        )
        slot[0] += 1
        slot[1] += rec.fields["hours"]
    for (month, kind, group_id), (count, hours) in sorted(
        months.items(), key=lambda item: (item[0][0], item[0][1], str(item[0][2]))
    ):
        group_key = None if group_id is None else keys.key("group", group_id)
        out.tables["activity_months"].append(
            (
                out.case_key,
                person_key,
                *_at(filters, month),
                month,
                kind,
                group_key,
                int(count),
                float(hours),
            )
        )
