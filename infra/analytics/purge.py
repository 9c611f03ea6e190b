"""Who must leave an as-of analytics file: women erased and cases whose analytics consent ended
withdrawn after a log position (ADR 0005, 0010). Read with the library's mapper: a few events."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.shared.case_vocabulary import ConsentScope
from services.app import Percorsi

from .topics import CONSENT_TOPICS, PURGING_TOPICS

PAGE = 10_000


def left_out_since(app: Percorsi, after: int) -> tuple[list[UUID], list[UUID]]:
    """(women erased, cases whose analytics consent ends withdrawn) after position `after`,
    each sorted, so the same log always deletes the same rows."""
    persons: set[str] = set()
    consent: dict[str, bool] = {}
    position = after
    to_domain = app.mapper.to_domain_event
    while True:
        page = app.recorder.select_notifications(
            position,
            PAGE,
            topics=sorted(PURGING_TOPICS | CONSENT_TOPICS),
            inclusive_of_start=False,
        )
        if not page:
            break
        for notification in page:
            event: Any = to_domain(notification)
            if notification.topic.endswith("Person.Erased"):
                persons.add(str(event.originator_id))
            elif getattr(event, "scope", None) is ConsentScope.ANALYTICS:
                consent[str(event.originator_id)] = notification.topic.endswith("Given")
        position = page[-1].id
    return (
        [UUID(p) for p in sorted(persons)],
        [UUID(c) for c, given in sorted(consent.items()) if not given],
    )
