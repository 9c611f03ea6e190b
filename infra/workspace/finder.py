"""Find a registered woman by fiscal code, or by name and birth date, within one's programmes.

The blind index (infra/crypto/blind_index.py) follows the event log like the case index does:
registrations and changes of personal data are read (unsealed in this process only), turned into
tokens, and stored as tokens. A search answers only with women the caller may see: a case in one
of her programmes, or no case yet (the API's rule for reading a woman); anyone else is left out,
so a search never tells that a woman is known to another programme.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.person import Person
from domain.shared.values import PersonalData

from ..bootstrap import Runtime
from ..crypto.blind_index import BlindIndexStore, BlindKeys, index_key
from ..secrets import key_encryption_key

TOPICS = [get_topic(c) for c in (Person.Registered, Person.PersonalDataChanged, Person.Erased)]
_PAGE = 1000


class PeopleFinder:
    def __init__(self, runtime: Runtime) -> None:
        settings = runtime.settings
        self._app = runtime.app
        self._keys = BlindKeys(index_key(key_encryption_key(settings)))
        self.store = BlindIndexStore.open(
            sqlite_path=None if settings.is_postgres else settings.keystore_path,
            postgres=settings.database if settings.is_postgres else None,
        )
        self._lock = threading.Lock()

    def refresh(self) -> None:
        """Index what was registered since the last call (one cheap query when nothing was);
        an erasure removes her tokens (a lookup also skips anyone whose key is gone)."""
        head = self._app.recorder.max_notification_id() or 0
        with self._lock:
            position = self.store.position()
            while position < head:
                page = self._app.recorder.select_notifications(
                    start=position + 1, limit=_PAGE, stop=head, topics=TOPICS
                )
                entries: dict[UUID, set[str]] = {}
                for notification in page:
                    event: Any = self._app.mapper.to_domain_event(notification)
                    erased = isinstance(event, Person.Erased)
                    entries[event.originator_id] = set() if erased else self._tokens(event.personal)
                position = head if len(page) < _PAGE else page[-1].id
                self.store.replace(entries, position)

    def _tokens(self, personal: PersonalData) -> set[str]:
        return self._keys.tokens(
            fiscal_code=personal.fiscal_code,
            full_name=personal.full_name,
            birth_date=personal.birth_date,
        )

    def matches(
        self,
        *,
        fiscal_code: str | None = None,
        full_name: str | None = None,
        birth_date: date | None = None,
    ) -> set[UUID]:
        """Every woman matching (unscoped): callers must pass the result through `visible`."""
        self.refresh()
        tokens = self._keys.tokens(
            fiscal_code=fiscal_code, full_name=full_name, birth_date=birth_date
        )
        return self.store.lookup(tokens)

    def close(self) -> None:
        self.store.close()


def visible(found: set[UUID], programmes_of: Any, user: Any) -> list[UUID]:
    """Those of `found` the user may see: all for all-programme roles; else a case in one of
    her programmes, or no case at all yet."""
    if user.all_programmes:
        return sorted(found)
    out = []
    for person_id in sorted(found):
        theirs = programmes_of(person_id)
        if not theirs or theirs & user.programmes:
            out.append(person_id)
    return out


_CREATE = threading.Lock()


def finder_of(state: Any, runtime: Runtime) -> PeopleFinder:
    """The one finder of an app (made on first use; closed with the runtime's process)."""
    with _CREATE:
        finder = getattr(state, "people_finder", None)
        if finder is None:
            finder = state.people_finder = PeopleFinder(runtime)
        return finder
