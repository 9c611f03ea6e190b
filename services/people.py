"""Use cases about the woman herself: registration, profile, household, personal data, erasure."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import LRUCache

from domain.person import Household, Person, Profile
from domain.shared.errors import AlreadyExists, IdempotencyKeyReused, PersonErased
from domain.shared.values import Meta, PersonalData

from .base import CommandResult, PercorsiApplication


class PeopleRegistry(PercorsiApplication):
    def register_person(
        self,
        meta: Meta,
        *,
        occurred_on: date,
        person_id: UUID,
        personal: PersonalData,
        profile: Profile,
        household: Household,
    ) -> CommandResult:
        def action() -> list[Any]:
            if self._exists(person_id):
                raise AlreadyExists("a person with this id exists", field="person_id")
            return [
                Person.register(
                    meta=meta,
                    occurred_on=occurred_on,
                    person_id=person_id,
                    personal=personal,
                    profile=profile,
                    household=household,
                )
            ]

        return self._execute("register_person", meta, occurred_on, action)

    def _on_person(
        self,
        command: str,
        meta: Meta,
        occurred_on: date,
        person_id: UUID,
        expected_version: int | None,
        change: Any,
    ) -> CommandResult:
        def action() -> list[Any]:
            person = self.person(person_id)
            self._check_version(person, expected_version)
            change(person)
            return [person]

        return self._execute(command, meta, occurred_on, action)

    def change_profile(
        self,
        meta: Meta,
        person_id: UUID,
        *,
        occurred_on: date,
        profile: Profile,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_person(
            "change_profile",
            meta,
            occurred_on,
            person_id,
            expected_version,
            lambda p: p.change_profile(meta=meta, occurred_on=occurred_on, profile=profile),
        )

    def change_household(
        self,
        meta: Meta,
        person_id: UUID,
        *,
        occurred_on: date,
        household: Household,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_person(
            "change_household",
            meta,
            occurred_on,
            person_id,
            expected_version,
            lambda p: p.change_household(meta=meta, occurred_on=occurred_on, household=household),
        )

    def change_personal_data(
        self,
        meta: Meta,
        person_id: UUID,
        *,
        occurred_on: date,
        personal: PersonalData,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_person(
            "change_personal_data",
            meta,
            occurred_on,
            person_id,
            expected_version,
            lambda p: p.change_personal(meta=meta, occurred_on=occurred_on, personal=personal),
        )

    def erase_person(
        self, meta: Meta, person_id: UUID, *, occurred_on: date, legal_basis: str = "GDPR Art. 17"
    ) -> CommandResult:
        """Record the erasure, then destroy her data key: her history replays, her data is gone.

        The event is saved first so an interrupted erasure is visible and can be re-run: the
        repeat destroys the key (destroying an absent key is harmless), under the same command
        id (replayed) or under a new one (refused as already erased, after destroying the key).
        """
        try:
            result = self._on_person(
                "erase_person",
                meta,
                occurred_on,
                person_id,
                None,
                lambda p: p.erase(meta=meta, occurred_on=occurred_on, legal_basis=legal_basis),
            )
        except PersonErased:
            self.sealer.destroy(person_id)
            raise
        if result.aggregate_id != person_id:  # a repeat of a command that erased someone else
            raise IdempotencyKeyReused(
                "this command id was already used to erase someone else", field="command_id"
            )
        self.sealer.destroy(person_id)
        cache = self.repository.cache  # a cached Person would still hold her plaintext
        if isinstance(cache, LRUCache):
            with cache.lock:  # LRUCache.clear() resets only its linked list, not the dict
                cache.clear()
                cache.cache.clear()
                cache.full = False
        elif cache is not None:
            cache.cache.clear()
        self.cache.clear()  # her cases' notes, unsealed when they were loaded
        return result

    def person(self, person_id: UUID, version: int | None = None) -> Person:
        if version is None:
            return self._load(person_id, Person, "person")
        found = self.aggregate_at(person_id, version)
        assert isinstance(found, Person)
        return found
