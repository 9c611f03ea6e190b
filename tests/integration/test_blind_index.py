"""The keyed blind index behind duplicate search: found by fiscal code or name + birth date,
never outside one's programmes, never after erasure, and no plaintext in the database."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import psycopg

from domain.shared.case_vocabulary import ReferralReason, ReferringService
from domain.shared.roles import ActorRole
from infra.api.case_index import CaseIndex
from infra.bootstrap import Runtime
from infra.crypto.blind_index import BlindKeys, index_key, normal_name
from infra.secrets import key_encryption_key
from infra.workspace.finder import PeopleFinder, visible
from tests.helpers import household, meta, personal, profile


@dataclass(frozen=True)
class Caller:
    programmes: frozenset[str]

    @property
    def all_programmes(self) -> bool:
        return "*" in self.programmes


def register(runtime: Runtime, name: str, fiscal: str, born: date, programme: str | None) -> UUID:
    app, pid = runtime.app, uuid4()
    data = personal(pid, name)
    data = type(data)(pid, name, fiscal, born, None, None, None)
    app.register_person(
        meta(),
        occurred_on=date(2018, 1, 5),
        person_id=pid,
        personal=data,
        profile=profile(),
        household=household(),
    )
    if programme:
        app.refer_case(
            meta(),
            occurred_on=date(2018, 3, 1),
            case_id=uuid4(),
            person_id=pid,
            programme=programme,
            referring_service=ReferringService.HEALTH,
            reasons=[ReferralReason.EMPLOYMENT],
        )
    return pid


def test_names_normalise_accents_case_punctuation_and_order() -> None:
    assert normal_name("Maria Rossi") == normal_name("ROSSI, maria") == "maria rossi"
    assert normal_name("Élodie Dupré") == normal_name("elodie dupre")


def test_duplicates_are_caught_only_within_ones_programmes(runtime: Runtime) -> None:
    emp = register(runtime, "Fatima Zahra Bennani", "BNNFMZ80A41Z330X", date(1980, 1, 1), "EMP")
    sost = register(runtime, "Nadia Amrani", "MRNNDA82B41Z330K", date(1982, 2, 1), "SOSTENGO")
    unreferred = register(runtime, "Lina Haddad", "HDDLNI90C41Z330Q", date(1990, 3, 1), None)
    finder, index = PeopleFinder(runtime), CaseIndex(runtime.app)
    try:
        assert finder.matches(fiscal_code="bnnfmz80a41z330x ") == {emp}
        assert finder.matches(full_name="bennani, FATIMA zahra", birth_date=date(1980, 1, 1)) == {
            emp
        }
        assert (
            finder.matches(full_name="Fatima Zahra Bennani", birth_date=date(1980, 1, 2)) == set()
        )
        assert finder.matches(full_name="Fatima Bennani", birth_date=date(1980, 1, 1)) == set()
        emp_worker = Caller(frozenset({"EMP"}))
        sost_worker = Caller(frozenset({"SOSTENGO"}))
        found = finder.matches(fiscal_code="MRNNDA82B41Z330K")
        assert visible(found, index.programmes_of, sost_worker) == [sost]
        assert visible(found, index.programmes_of, emp_worker) == []  # nothing revealed
        assert visible(
            finder.matches(fiscal_code="HDDLNI90C41Z330Q"), index.programmes_of, emp_worker
        ) == [unreferred]  # no case yet: the API's rule
        assert visible(found, index.programmes_of, Caller(frozenset({"*"}))) == [sost]
        # A change of her personal data replaces her tokens.
        changed = type(personal(emp))(emp, "Fatima Bennani", "BNNFMZ80A41Z331X", date(1980, 1, 1))
        runtime.app.change_personal_data(
            meta(), emp, occurred_on=date(2018, 5, 1), personal=changed
        )
        assert finder.matches(fiscal_code="BNNFMZ80A41Z330X") == set()
        assert finder.matches(fiscal_code="BNNFMZ80A41Z331X") == {emp}
        # Erased: never found again, and her rows go.
        runtime.app.erase_person(meta(ActorRole.ADMIN), sost, occurred_on=date(2019, 1, 1))
        finder.refresh()
        assert _rows_of(runtime, finder, sost) == 0  # her tokens go with her erasure
        assert finder.matches(fiscal_code="MRNNDA82B41Z330K") == set()
    finally:
        finder.close()


def _rows_of(runtime: Runtime, finder: PeopleFinder, person_id: UUID) -> int:
    db: Any = finder.store._db
    mark = db.mark
    return len(db.run(f"SELECT 1 FROM {db.table} WHERE person_id = {mark}", (person_id.hex,)))


def test_the_index_holds_no_plaintext(runtime: Runtime) -> None:
    register(runtime, "Fatima Zahra Bennani", "BNNFMZ80A41Z330X", date(1980, 1, 1), "EMP")
    finder = PeopleFinder(runtime)
    try:
        finder.refresh()
        db: Any = finder.store._db
        rows = db.run(f"SELECT token, person_id FROM {db.table}")
        assert len(rows) == 2  # fiscal code; name with birth date
        text = repr(rows).lower()
        for plain in ("bnnfmz80a41z330x", "fatima", "bennani", "1980-01-01"):
            assert plain not in text
        if runtime.settings.is_postgres:
            with psycopg.connect(runtime.settings.database) as conn:
                dumped = str(conn.execute("SELECT * FROM percorsi_blind_index").fetchall())
            assert "BNNFMZ80A41Z330X" not in dumped
        else:
            raw = runtime.settings.keystore_path.read_bytes()
            for plain in (b"BNNFMZ80A41Z330X", b"Bennani", b"bennani"):
                assert plain not in raw
    finally:
        finder.close()


def test_tokens_depend_on_the_stores_key(runtime: Runtime) -> None:
    """The same data under another key-encryption key gives other tokens: a copy of the index
    without this store's secret cannot be matched against a list of fiscal codes."""
    register(runtime, "Fatima Zahra Bennani", "BNNFMZ80A41Z330X", date(1980, 1, 1), "EMP")
    finder = PeopleFinder(runtime)
    try:
        finder.refresh()
        db: Any = finder.store._db
        stored = {r[0] for r in db.run(f"SELECT token FROM {db.table}")}
        given = {
            "fiscal_code": "BNNFMZ80A41Z330X",
            "full_name": "Fatima Zahra Bennani",
            "birth_date": date(1980, 1, 1),
        }
        ours = BlindKeys(index_key(key_encryption_key(runtime.settings))).tokens(**given)
        theirs = BlindKeys(index_key(os.urandom(32))).tokens(**given)
        assert ours == stored and not theirs & stored
    finally:
        finder.close()
