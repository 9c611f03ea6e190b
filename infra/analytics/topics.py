"""Which events the analytics read, and which of them say something about consent or erasure.

The worker asks the event store for the topics in `READ` only (`topic IN (...)` in SQL), so the
command records — half of the log — and the events no row reads are never turned into Python
objects at all. `READ` is built from the aggregates' own event classes, so a new event class is
read as soon as it exists; `wanted` is the same rule by prefix, for records already in hand.
"""

from __future__ import annotations

from eventsourcing.domain import CanMutateAggregate
from eventsourcing.utils import get_topic

from domain.case.aggregate import Case
from domain.group import Group
from domain.person import Person
from domain.programme import Programme
from domain.stakeholder import Stakeholder

READ_TOPICS = (
    "domain.case.aggregate:Case.",
    "domain.person:Person.",
    "domain.programme:Programme.",
    "domain.group:Group.",
    "domain.stakeholder:Stakeholder.",
)
# Events whose content no analytic row reads: never decoded (plans hold sealed goal texts).
SKIP_TOPICS = frozenset(
    {
        "domain.case.aggregate:Case.PlanAgreed",
        "domain.case.aggregate:Case.PlanReviewed",
        "domain.person:Person.PersonalDataChanged",
        "domain.group:Group.Ended",
    }
)
REFERRED_TOPIC = "domain.case.aggregate:Case.Referred"
# Whatever their business date, an as-of-date build applies these: the programme catalogue is
# reference data, and consent and erasure say whether her data may be used *now* (ADR 0010).
TIMELESS = (
    "Programme.",
    "Person.Registered",
    "Person.Erased",
    "Case.ConsentGiven",
    "Case.ConsentWithdrawn",
)
# Events after which rows are deleted that must not survive as bytes in the file (ADR 0005).
CONSENT_TOPICS = frozenset({"domain.case.aggregate:Case.ConsentGiven"})
PURGING_TOPICS = frozenset(
    {"domain.person:Person.Erased", "domain.case.aggregate:Case.ConsentWithdrawn"}
)
PURGING_NAMES = frozenset(topic.partition(":")[2] for topic in PURGING_TOPICS)


def wanted(topic: str) -> bool:
    """Whether analytics read events of this topic (bookkeeping and plans are skipped)."""
    return topic.startswith(READ_TOPICS) and topic not in SKIP_TOPICS


def _read_topics() -> list[str]:
    topics = {
        get_topic(cls)
        for aggregate in (Case, Person, Programme, Group, Stakeholder)
        for cls in vars(aggregate).values()
        if isinstance(cls, type) and issubclass(cls, CanMutateAggregate)
    }
    return sorted(t for t in topics if wanted(t))


# Every topic analytics read, for the event store's `topics=` filter (a list, as PostgreSQL's
# recorder requires). A class renamed with `register_topic` must add its old topic here.
READ = _read_topics()
