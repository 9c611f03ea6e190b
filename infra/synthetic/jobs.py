"""Her jobs during a case: arrivals at the planted rate until one she stays in.

Jobs arrive one after another at the same planted rate (effects.job_rate), each with a contract
kind and weekly hours drawn independently. A work placement, occasional work or a job of under
18 hours does not end her case: she stays at risk of the next job at the same rate. So the
hazard of a first job *meeting the default definition* is the planted rate times a constant,
and its hazard ratios are the planted ones (ADR 0016). Her case ends 1–4 months after a job
she stays in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random

from domain.shared.case_vocabulary import ContractKind

from . import effects as fx
from .profiles import weighted

STAY_CONTRACTS = frozenset(ContractKind) - {ContractKind.INTERNSHIP, ContractKind.OCCASIONAL}
STAY_MIN_HOURS = 18
"""The jobs she stays in: the analysis's default definition of employment."""
MONTH_DAYS = 30.4375


@dataclass(frozen=True)
class Job:
    day: date
    contract: ContractKind
    hours: float

    @property
    def stays(self) -> bool:
        return self.contract in STAY_CONTRACTS and self.hours >= STAY_MIN_HOURS


def job_sequence(rng: Random, rate: float, start: date, until: date) -> list[Job]:
    """Jobs from `start` at `rate` a month, up to the first she stays in or `until`."""
    jobs: list[Job] = []
    day = start
    while True:
        wait = -math.log(1.0 - rng.random()) / rate * MONTH_DAYS
        day = day + timedelta(days=max(1, round(wait)))
        if day > until:
            return jobs
        contract = weighted(rng, fx.CONTRACT_WEIGHTS)
        jobs.append(Job(day, contract, float(rng.choice(fx.WEEKLY_HOURS))))
        if jobs[-1].stays:
            return jobs
