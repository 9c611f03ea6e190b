"""How a case ends: closure (or withdrawal), a data-entry correction, and the follow-ups."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from domain.shared.case_vocabulary import ClosureReason, ConsentScope
from domain.shared.profile_vocabulary import EmploymentStatus
from domain.shared.roles import ActorRole
from domain.shared.values import add_months

from . import distributions as d
from . import rates as r
from .her import Her, clip
from .identities import note
from .plan import Context, Steps
from .profiles import weighted

CW, CO = ActorRole.CASEWORKER, ActorRole.COORDINATOR


def close(ctx: Context, her: Her, out: Steps, case_id: UUID, end: date, why: str) -> date:
    rng = ctx.rng
    if why == "withdraw":
        out.add(
            end, "withdraw_consent", CW, case_id, occurred_on=end, scope=ConsentScope.PROCESSING
        )
        reason = ClosureReason.CONSENT_WITHDRAWN
    elif why == "drop":
        reason = weighted(
            rng,
            [
                (ClosureReason.DROPPED_OUT, 6),
                (ClosureReason.LOST_CONTACT, 3),
                (ClosureReason.MOVED_AWAY, 1),
            ],
        )
    elif why == "programme_end":
        reason = ClosureReason.PROGRAMME_ENDED
    elif her.employed:
        reason = weighted(rng, [(ClosureReason.GOALS_ACHIEVED, 5), (ClosureReason.AUTONOMY, 4)])
    else:
        reason = weighted(
            rng,
            [
                (ClosureReason.REFERRED_ELSEWHERE, 4),
                (ClosureReason.GOALS_ACHIEVED, 3),
                (ClosureReason.AUTONOMY, 1),
                (ClosureReason.MOVED_AWAY, 1),
            ],
        )
    if not her.employed:
        her.employment = weighted(
            rng,
            [
                (EmploymentStatus.UNEMPLOYED_SEEKING, 6),
                (EmploymentStatus.IN_TRAINING, 2),
                (EmploymentStatus.INFORMAL, 2),
                (EmploymentStatus.INACTIVE, 1),
            ],
        )
    out.add(
        end,
        "close_case",
        CO,
        case_id,
        occurred_on=end,
        reason=reason,
        employment_at_exit=her.employment,
        tag=f"{case_id}:closed",
    )
    return end


def corrections(
    ctx: Context,
    her: Her,
    out: Steps,
    case_id: UUID,
    tags: list[tuple[str, date, str, object]],
    closed: date,
) -> None:
    """A data-entry correction on some cases: a wrong score, wrong hours, a duplicate entry."""
    rng = ctx.rng
    if not tags or rng.random() >= r.P_CORRECTION:
        return
    tag, day, kind, value = tags[rng.randrange(len(tags))]
    when = day + timedelta(days=rng.randint(3, 60))
    why = note(rng, her.first_name, "correzione di un errore di inserimento")
    if kind == "scores":
        assert isinstance(value, dict)
        domain = sorted(value, key=lambda k: k.value)[0]
        fixed = clip(value[domain] + rng.choice([-2, -1, 1, 2]))
        changes: dict[str, object] = {"scores": {domain.value: fixed}}
        out.add(
            when,
            "correct_event",
            CO,
            case_id,
            occurred_on=when,
            changes=changes,
            reason=why,
            ref=tag,
        )
    elif rng.random() < 0.5:
        out.add(
            when,
            "correct_event",
            CO,
            case_id,
            occurred_on=when,
            changes={},
            void=True,
            reason=why,
            ref=tag,
        )
    else:
        assert isinstance(value, float)
        hours = value + 1.0 if value < 11 else value - 1.0
        out.add(
            when,
            "correct_event",
            CO,
            case_id,
            occurred_on=when,
            changes={"hours": hours},
            reason=why,
            ref=tag,
        )


def follow_ups(ctx: Context, her: Her, out: Steps, case_id: UUID, closed: date, why: str) -> date:
    rng, last = ctx.rng, closed
    chances = r.FOLLOW_UP_REACHED[her.household.kind]
    for months, chance in zip((6, 12, 24), chances, strict=True):
        due = add_months(closed, months)
        if due > d.CUTOFF:
            break
        day = due + timedelta(days=rng.randint(0, 20))
        reached = rng.random() < (chance / 2 if why == "drop" else chance)
        if reached:
            if her.employed:
                keeps = rng.random() < r.P_KEEPS_JOB
                her.employment = her.employment if keeps else EmploymentStatus.UNEMPLOYED_SEEKING
            elif rng.random() < r.P_FINDS_JOB_AFTER:
                her.employment = EmploymentStatus.EMPLOYED
        add_follow_up(out, her, case_id, day, months, reached)
        last = day
    return last


def add_follow_up(
    out: Steps, her: Her, case_id: UUID, day: date, months: int, reached: bool
) -> None:
    """One follow-up: what she says when reached, nothing when not (shared with comparison.py)."""
    out.add(
        day,
        "record_follow_up",
        CW,
        case_id,
        occurred_on=day,
        months=months,
        reached=reached,
        employment=her.employment if reached else None,
        income_source=her.income if reached else None,
        housing=her.housing if reached else None,
    )
