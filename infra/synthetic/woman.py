"""One woman's whole planned history: registration, her cases across generations, an erasure."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from uuid import UUID

from domain.shared.profile_vocabulary import IncomeSource
from domain.shared.roles import ActorRole
from domain.shared.values import Period

from . import distributions as d
from . import rates as r
from .comparison import draw_planted
from .her import Her, initial, starting_state
from .identities import identity
from .paths import Window, plan_case
from .plan import Context, Ids, Step, Steps
from .profiles import Arrival, draw_household, draw_profile


@dataclass
class Planned:
    person_id: UUID
    steps: list[Step]
    windows: list[Window]
    programme: str
    cases: int
    special_needs: bool
    erased: bool


def plan_woman(
    ids: Ids, periods: dict[str, Period], index: int, arrival: Arrival, erase: bool
) -> Planned:
    """Everything that happens to woman `index`, as dated steps in her own order."""
    rng = ids.rng("woman", index)
    ctx = Context(ids, periods, rng)
    person_id = ids.uuid("person", index)
    profile = draw_profile(rng, arrival)
    household = draw_household(rng, profile, arrival)
    personal = identity(
        rng, person_id, profile.country_of_birth, profile.birth_year, profile.municipality
    )
    employment, housing = initial(rng)
    assert personal.full_name is not None
    her = Her(
        index,
        person_id,
        personal.full_name.split()[0],
        profile,
        household,
        profile.italian_level,
        employment,
        income=IncomeSource.NONE,
        housing=housing,
        violence=rng.random() < r.P_VIOLENCE,
    )
    starting_state(rng, her, arrival.referred_on.year)
    her.planted = draw_planted(ids.rng("planted", index), her)
    special = her.special_needs
    out = Steps(index, f"w{index}")
    day = arrival.referred_on
    out.add(
        day,
        "register_person",
        ActorRole.CASEWORKER,
        occurred_on=day,
        person_id=person_id,
        personal=personal,
        profile=profile,
        household=household,
    )
    ended = plan_case(
        ctx,
        her,
        out,
        ids.uuid("case", index, arrival.programme),
        arrival.programme,
        day,
        carried=False,
    )
    if rng.random() < r.P_PERSONAL_DATA_CHANGE:
        day = arrival.referred_on + timedelta(days=rng.randint(30, 300))
        moved = identity(
            rng, person_id, profile.country_of_birth, profile.birth_year, profile.municipality
        )
        new = replace(personal, phone=moved.phone, address=moved.address)
        out.add(
            day,
            "change_personal_data",
            ActorRole.CASEWORKER,
            person_id,
            occurred_on=day,
            personal=new,
        )
    if erase:
        last = max(step.day for step in out.items)
        when = min(last + timedelta(days=rng.randint(30, 180)), max(d.CUTOFF, last))
        out.add(when, "erase_person", ActorRole.ADMIN, person_id, occurred_on=when, alone=True)
    return Planned(
        person_id, out.finish(), ended.windows, arrival.programme, ended.cases, special, erase
    )
