"""A small deterministic history for analytics tests, built through the application services.

Covers every table: six programmes, consent given/never/withdrawn, intake, activities with
sealed notes, group sessions, assessments, jobs, closures, follow-ups, a carry-over, corrections,
an erasure and a stakeholder network. `build_history(runtime, women=...)` returns a summary.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID, uuid5

from domain.group import GroupKind
from domain.person import Child, Household, Profile
from domain.shared.case_vocabulary import (
    ActivityKind,
    AssessmentDomain,
    ClosureReason,
    ConsentScope,
    ContractKind,
    Need,
    OutcomeKind,
    ReferralReason,
    ReferringService,
    ServiceKind,
)
from domain.shared.profile_vocabulary import (
    CEFRLevel,
    EducationLevel,
    EmploymentStatus,
    HouseholdType,
    HousingStatus,
    IncomeSource,
    PermitKind,
)
from domain.shared.roles import ActorRole
from domain.shared.values import Meta, PersonalData
from domain.stakeholder import CollaborationKind, StakeholderKind
from infra.bootstrap import Runtime, build
from infra.settings import Settings

NS = UUID("6f1d7f44-4b58-4a8e-9a55-5d0c4ad3a001")
PERIODS = {
    "BILLAN": (date(2006, 2, 1), date(2010, 6, 30)),
    "BILLAN2": (date(2011, 2, 1), date(2014, 6, 30)),
    "AZIONI1516": (date(2015, 2, 1), date(2016, 2, 28)),
    "LESFEMMES": (date(2016, 8, 1), date(2021, 3, 31)),
    "EMP": (date(2017, 2, 1), date(2021, 3, 31)),
    "SOSTENGO": (date(2018, 2, 1), date(2021, 3, 31)),
}
MUNICIPALITY = {"EMP": "Empoli", "SOSTENGO": "Sesto Fiorentino"}
COUNTRIES = ["MA", "AL", "RO", "PE", "NG", "CN", "PH", "UA", "SN", "LK"]
_count = [0]


def m() -> Meta:
    _count[0] += 1
    return Meta("tester", ActorRole.SYSTEM, f"hist-{_count[0]}-{random.random()}", "synthetic")


@dataclass
class History:
    cases: list[UUID] = field(default_factory=list)
    consenting: set[UUID] = field(default_factory=set)
    persons: dict[UUID, UUID] = field(default_factory=dict)  # case → person
    groups: list[UUID] = field(default_factory=list)
    stakeholders: list[UUID] = field(default_factory=list)


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max((end - start).days, 1)))


def _person(runtime: Runtime, rng: random.Random, i: int, programme: str, on: date) -> UUID:
    pid = uuid5(NS, f"person-{i}")
    birth = rng.randrange(1955, on.year - 18)
    kind = rng.choice(list(HouseholdType))
    children = (
        [Child(min(birth + 22, on.year))]
        if kind in (HouseholdType.SINGLE_MOTHER, HouseholdType.COUPLE_WITH_CHILDREN)
        else []
    )
    runtime.app.register_person(
        m(),
        occurred_on=on,
        person_id=pid,
        personal=PersonalData(
            pid,
            f"Zainab Quercioli{i:03d}",
            f"QRCZNB{i:02d}A41Z330X"[:16],
            date(birth, 3, 1 + i % 27),
            f"+39 347 555{i:04d}",
            f"zq{i:03d}@posta.example",
            f"Via Palazzuolo {i + 3}",
        ),
        profile=Profile(
            birth,
            rng.choice(COUNTRIES),
            min(birth + 20, on.year),
            "ar",
            rng.choice(list(CEFRLevel)),
            rng.choice(list(EducationLevel)),
            PermitKind.FAMILY,
            MUNICIPALITY.get(programme, "Firenze"),
        ),
        household=Household(kind, children),
    )
    return pid


def _case(
    runtime: Runtime,
    rng: random.Random,
    i: int,
    programme: str,
    history: History,
    groups: dict[str, UUID],
) -> None:
    app = runtime.app
    start, end = PERIODS[programme]
    on = _day(rng, start, start + (end - start) / 2)
    pid = _person(runtime, rng, i, programme, on)
    cid = uuid5(NS, f"case-{i}")
    app.refer_case(
        m(),
        occurred_on=on,
        case_id=cid,
        person_id=pid,
        programme=programme,
        referring_service=rng.choice(list(ReferringService)),
        reasons=[ReferralReason.EMPLOYMENT],
    )
    history.cases.append(cid)
    history.persons[cid] = pid
    app.give_consent(m(), cid, occurred_on=on, scope=ConsentScope.PROCESSING)
    if i % 9 != 4:
        app.give_consent(m(), cid, occurred_on=on, scope=ConsentScope.ANALYTICS)
        history.consenting.add(cid)
    on += timedelta(days=7)
    app.complete_intake(
        m(),
        cid,
        occurred_on=on,
        baseline={d: rng.randint(1, 6) for d in AssessmentDomain},
        employment=rng.choice([EmploymentStatus.UNEMPLOYED_SEEKING, EmploymentStatus.INACTIVE]),
        income_source=IncomeSource.NONE,
        housing=HousingStatus.SHARED,
        needs=[Need.JOB],
        notes=f"Colloquio riservato con Zainab{i:03d}",
    )
    for _ in range(rng.randint(2, 5)):
        on += timedelta(days=rng.randint(5, 40))
        app.record_activity(
            m(),
            cid,
            occurred_on=on,
            kind=rng.choice(
                [
                    ActivityKind.LISTENING_INTERVIEW,
                    ActivityKind.ORIENTATION,
                    ActivityKind.CV_WORKSHOP,
                    ActivityKind.ITALIAN_COURSE,
                ]
            ),
            hours=float(rng.randint(1, 3)),
            notes=f"Nota su Zainab{i:03d}: situazione delicata",
        )
    if programme in groups and i % 2 == 0:
        on += timedelta(days=3)
        app.hold_group_session(m(), groups[programme], occurred_on=on, attendees=[cid], hours=2.0)
    on += timedelta(days=20)
    app.refer_to_service(m(), cid, occurred_on=on, service=rng.choice(list(ServiceKind)))
    app.assess(
        m(),
        cid,
        occurred_on=on + timedelta(days=30),
        scores={d: rng.randint(3, 10) for d in AssessmentDomain},
    )
    on += timedelta(days=45)
    employed = rng.random() < 0.5
    if employed:
        app.record_outcome(
            m(),
            cid,
            occurred_on=on,
            kind=OutcomeKind.JOB_STARTED,
            contract_kind=ContractKind.FIXED_TERM,
            weekly_hours=20.0,
        )
    if i % 5 == 3:
        return  # still open
    on += timedelta(days=20)
    if programme == "BILLAN" and i % 4 == 0:
        successor = uuid5(NS, f"case-{i}-successor")
        app.transfer_case(
            m(),
            cid,
            occurred_on=date(2011, 2, 1),
            successor_programme="BILLAN2",
            successor_case_id=successor,
        )
        history.cases.append(successor)
        history.persons[successor] = pid
        day = date(2011, 2, 2)
        for scope in (ConsentScope.PROCESSING, ConsentScope.ANALYTICS):
            app.give_consent(m(), successor, occurred_on=day, scope=scope)
        history.consenting.add(successor)
        app.complete_intake(
            m(),
            successor,
            occurred_on=day,
            baseline={d: 5 for d in AssessmentDomain},
            employment=EmploymentStatus.UNEMPLOYED_SEEKING,
            income_source=IncomeSource.NONE,
            housing=HousingStatus.SHARED,
            needs=[Need.JOB],
        )
        return
    app.close_case(
        m(),
        cid,
        occurred_on=on,
        reason=rng.choice(
            [ClosureReason.GOALS_ACHIEVED, ClosureReason.DROPPED_OUT, ClosureReason.MOVED_AWAY]
        ),
        employment_at_exit=EmploymentStatus.EMPLOYED
        if employed
        else EmploymentStatus.UNEMPLOYED_SEEKING,
    )
    for months, reached in ((6, i % 3 != 0), (12, i % 4 != 0)):
        app.record_follow_up(
            m(),
            cid,
            occurred_on=on + timedelta(days=31 * months),
            months=months,
            reached=reached,
            employment=rng.choice([EmploymentStatus.EMPLOYED, EmploymentStatus.INACTIVE])
            if reached
            else None,
        )


def _network(runtime: Runtime, history: History) -> dict[str, UUID]:
    app = runtime.app
    groups = {}
    for programme in ("EMP", "SOSTENGO"):
        gid = uuid5(NS, f"group-{programme}")
        app.form_group(
            m(),
            occurred_on=PERIODS[programme][0],
            group_id=gid,
            programme=programme,
            kind=GroupKind.MOTHERS_SPECIAL_NEEDS,
            title="Madri insieme",
        )
        groups[programme] = gid
        history.groups.append(gid)
    previous = None
    for j in range(6):
        sid = uuid5(NS, f"org-{j}")
        app.map_stakeholder(
            m(),
            occurred_on=date(2017 + j % 3, 3, 1),
            stakeholder_id=sid,
            programme="EMP",
            name=f"Associazione Ponte {j}",
            kind=StakeholderKind.ASSOCIATION,
            territory="Empoli",
        )
        app.start_collaboration(
            m(),
            sid,
            occurred_on=date(2018 + j % 3, 4, 1),
            partner_id=None,
            kind=CollaborationKind.NETWORK_TABLE,
        )
        if previous is not None:
            app.start_collaboration(
                m(),
                sid,
                occurred_on=date(2019 + j % 2, 5, 1),
                partner_id=previous,
                kind=CollaborationKind.REFERRALS,
            )
        previous = sid
        history.stakeholders.append(sid)
    return groups


def build_history(runtime: Runtime, women: int = 60, seed: int = 11) -> History:
    """Women spread over the six programmes; corrections and an erasure at the end."""
    rng = random.Random(seed)
    history = History()
    with runtime.app.batch():
        groups = _network(runtime, history)
        for i in range(women):
            programme = list(PERIODS)[i % len(PERIODS)]
            _case(runtime, rng, i, programme, history, groups)
    app = runtime.app
    first = history.cases[0]
    app.correct_event(
        Meta("c", ActorRole.COORDINATOR, f"fix-{seed}", "api"),
        first,
        occurred_on=date(2021, 6, 1),
        corrects_version=6,
        changes={},
        void=True,
        reason="inserita per errore",
    )
    return history


# -- shared helpers of the analytics tests ------------------------------------------------


def seed_small(data_dir: Path, database_url: str | None = None) -> Settings:
    """The simulator's `small` lineage (issue 3) in a fresh store; returns its settings."""
    from infra.synthetic import seed

    settings = Settings(data_dir=data_dir, database_url=database_url)
    runtime = build(settings)
    try:
        seed(runtime, size="small")
    finally:
        runtime.close()
    return settings


def cli(settings: Settings, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `percorsi <args>` in a real subprocess against these settings."""
    return subprocess.run(
        [sys.executable, "-c", CLI_MAIN, *args],
        env=cli_env(settings),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


CLI_MAIN = "from infra.cli import main; main()"


def cli_env(settings: Settings) -> dict[str, str]:
    env = {**os.environ, "PERCORSI_DATA_DIR": str(settings.data_dir)}
    if settings.database_url:
        env["PERCORSI_DATABASE_URL"] = settings.database_url
    else:
        env.pop("PERCORSI_DATABASE_URL", None)
    return env


def table_hashes(path: Path) -> dict[str, str]:
    """Content hashes of every analytic table in a DuckDB file (opened read-only)."""
    import duckdb

    from projections import schema

    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for name in [*schema.CASE_TABLES, *schema.OTHER_TABLES]:
            rows = con.execute(
                f"SELECT count(*), coalesce(sum(hash(t)::HUGEINT), 0) FROM {name} AS t"
            ).fetchall()
            out[name] = f"{rows[0][0]}:{rows[0][1]}"
        return out
    finally:
        con.close()
