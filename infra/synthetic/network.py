"""EMP's collective side: the stakeholder network growing each year, and the mothers' groups."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from domain.group import GroupKind
from domain.shared.roles import ActorRole
from domain.shared.values import Period
from domain.stakeholder import CollaborationKind, StakeholderKind

from . import distributions as d
from .paths import Window
from .plan import Ids, Step, Steps
from .profiles import weighted

CO, CW = ActorRole.COORDINATOR, ActorRole.CASEWORKER
_TOWNS = d.MUNICIPALITIES["EMP"]
_TEMPLATES: list[tuple[StakeholderKind, str, float]] = [
    (StakeholderKind.PUBLIC_SERVICE, "Centro per l'impiego di {town}", 3),
    (StakeholderKind.MUNICIPALITY, "Comune di {town}", 3),
    (StakeholderKind.HEALTH, "Consultorio familiare di {town}", 2),
    (StakeholderKind.SCHOOL, "Istituto comprensivo di {town}", 3),
    (StakeholderKind.ASSOCIATION, "Associazione Donne in Rete – {town}", 2),
    (StakeholderKind.MIGRANT_ASSOCIATION, "Associazione delle comunità migranti di {town}", 2),
    (StakeholderKind.COOPERATIVE, "Cooperativa sociale Il Ponte – {town}", 2),
    (StakeholderKind.EMPLOYER, "Impresa di servizi di {town}", 2),
    (StakeholderKind.TRADE_UNION, "Patronato di {town}", 1),
    (StakeholderKind.FAITH_COMMUNITY, "Centro d'ascolto parrocchiale di {town}", 1),
    (StakeholderKind.TRAINING_BODY, "Agenzia formativa di {town}", 2),
]
_COLLABORATIONS = [
    (CollaborationKind.REFERRALS, 4),
    (CollaborationKind.JOINT_ACTIVITY, 3),
    (CollaborationKind.PROTOCOL, 1),
    (CollaborationKind.NETWORK_TABLE, 2),
    (CollaborationKind.TRAINING, 1),
]


def network_steps(ids: Ids, size: str) -> list[Step]:
    """Organisations mapped year by year, each collaborating with EMP and some with each other."""
    rng, out = ids.rng("network"), Steps(-2, "network")
    scale = 1 if size == "small" else 2
    mapped: list[tuple[UUID, date]] = []
    names: set[str] = set()
    for year, count in d.STAKEHOLDERS_PER_YEAR.items():
        for _ in range(count * scale):
            kind, template = weighted(rng, [((k, t), w) for k, t, w in _TEMPLATES])
            town = rng.choice(_TOWNS)
            name = template.format(town=town)
            while name in names:
                name = f"{template.format(town=town)} (sede {len(names)})"
            names.add(name)
            sid = ids.uuid("stakeholder", len(mapped))
            day = date(year, rng.randint(1, 11), rng.randint(1, 28))
            out.add(
                day,
                "map_stakeholder",
                CO,
                occurred_on=day,
                stakeholder_id=sid,
                programme="EMP",
                name=name,
                kind=kind,
                territory=town,
            )
            start = day + timedelta(days=rng.randint(0, 45))
            collaboration = weighted(rng, _COLLABORATIONS)
            out.add(
                start,
                "start_collaboration",
                CO,
                sid,
                occurred_on=start,
                partner_id=None,
                kind=collaboration,
            )
            earlier = [other for other, since in mapped if since < start]
            if earlier and rng.random() < d.P_PARTNER_COLLABORATION:
                partner = earlier[rng.randrange(len(earlier))]
                out.add(
                    start,
                    "start_collaboration",
                    CO,
                    sid,
                    occurred_on=start,
                    partner_id=partner,
                    kind=CollaborationKind.JOINT_ACTIVITY,
                )
            if year < 2021 and (rng.random() < 0.2 or not mapped):  # some partnerships lapse
                stop = start + timedelta(days=rng.randint(120, 700))
                out.add(
                    min(stop, date(2021, 12, 31)),
                    "end_collaboration",
                    CO,
                    sid,
                    occurred_on=min(stop, date(2021, 12, 31)),
                    partner_id=None,
                    kind=collaboration,
                )
            mapped.append((sid, day))
    return out.finish()


def group_steps(ids: Ids, unit: int, windows: list[Window], period: Period) -> list[Step]:
    """A mothers' group per year for the EMP women of this unit whose children have needs.

    Sessions fall every few weeks; only cases open on the day (after intake, before closure,
    not suspended) attend, so every session is legal when it runs.
    """
    rng, out = ids.rng("groups", unit), Steps(-1, f"g{unit}")
    for year in range(period.start.year, (period.end or d.CUTOFF).year + 1):
        sessions: list[tuple[date, list[UUID]]] = []
        day = max(date(year, 1, 15), period.start + timedelta(days=14))
        while day <= min(date(year, 12, 20), period.end or d.CUTOFF):
            present = [
                w.case_id for w in windows if w.open_on(day) and rng.random() < d.P_GROUP_ATTENDANCE
            ]
            if len(present) >= 2:
                sessions.append((day, present))
            day += timedelta(days=d.GROUP_SESSION_EVERY_DAYS)
        if not sessions:
            continue
        group_id = ids.uuid("group", unit, year)
        formed = sessions[0][0] - timedelta(days=7)
        out.add(
            formed,
            "form_group",
            CO,
            occurred_on=formed,
            group_id=group_id,
            programme="EMP",
            kind=GroupKind.MOTHERS_SPECIAL_NEEDS,
            title=f"Gruppo madri di figli con bisogni speciali {year} ({unit + 1})",
        )
        for when, present in sessions:
            out.add(
                when,
                "hold_group_session",
                CW,
                group_id,
                occurred_on=when,
                attendees=present,
                hours=2.0,
            )
        out.add(sessions[-1][0], "end_group", CO, group_id, occurred_on=sessions[-1][0])
    return out.finish()
