"""Creating Percorsi's PostgreSQL tables one process at a time.

Two sessions running `CREATE TABLE IF NOT EXISTS` for the same new table at once can both pass
the "not exists" check, and the second fails on a unique index of the catalogue (`pg_type`):
two API workers starting on a fresh database, or seeding workers beside their parent, died that
way. Every process therefore takes the same advisory lock around its DDL: the event store's
recorder for its whole `create_table` (a session lock, infra/pg_recorder.py), every other store
for its few statements (a transaction lock, taken by `serialised`).
"""

from __future__ import annotations

#: The advisory lock key every Percorsi process takes around its PostgreSQL DDL.
DDL_LOCK = 0x7065_7263_6F72_7369  # "percorsi"


def serialised(*statements: str) -> str:
    """The statements as one query string run after taking `DDL_LOCK` for its transaction.

    Sent without parameters, a string of several statements runs in one transaction (an
    implicit one on an autocommit connection), so the lock is held until the last one is done
    and released with it. The statements must take no parameters.
    """
    return "; ".join((f"SELECT pg_advisory_xact_lock({DDL_LOCK})", *statements))
