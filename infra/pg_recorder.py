"""The PostgreSQL event recorder the application uses: the library's, creating its tables one
process at a time.

The library's `create_table` ends with `CREATE OR REPLACE FUNCTION` (its insert function),
which PostgreSQL refuses with "tuple concurrently updated" when two sessions run it at once:
two API workers starting together, or the seeding workers building their runtimes beside the
parent, failed that way (seen once in a test of two seeding workers). Creating under a
session-level advisory lock makes the second process wait and then find everything there.
"""

from __future__ import annotations

from eventsourcing.postgres import PostgresApplicationRecorder

from .pg_ddl import DDL_LOCK


class PostgresRecorder(PostgresApplicationRecorder):
    """`PostgresApplicationRecorder` whose `create_table` holds `DDL_LOCK` throughout."""

    def create_table(self) -> None:
        # The lock is held by a connection of its own (the pool has 5 + 10), so the library's
        # own transactions below run unchanged on others; a session lock outlives them.
        with self.datastore.get_connection() as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", (DDL_LOCK,))
            try:
                super().create_table()
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (DDL_LOCK,))
                conn.commit()
